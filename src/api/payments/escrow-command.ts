import { WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/client';
import type { TPaymentRow } from '../../db/repositories/payments-repository.js';
import type { TEscrowActor } from '../../domain/escrow.js';
import { AppError, STEP_FAILURE, type AppErrorCode } from '../../errors.js';
import {
  escrowCommandUpdate,
  escrowStateQuery,
  escrowWorkflowId,
  type TEscrowUserAction,
} from '../../workflows/escrow/escrow.contract.js';
import { updateRefusal, workflowClosed } from '../workflow-update.js';
import { startEscrow, temporalUnavailable, type TEscrowDeps } from './start-escrow.js';

const ESCROW_RULES: Record<string, AppErrorCode> = {
  FORBIDDEN: 'FORBIDDEN',
  WRONG_STATE: 'CONFLICT',
  NOT_FOUND: 'NOT_FOUND',
  BUSINESS_RULE: 'BUSINESS_RULE',
  [STEP_FAILURE.INVALID_DATA]: 'VALIDATION',
  [STEP_FAILURE.CONSTRAINT_VIOLATION]: 'CONFLICT',
  [STEP_FAILURE.UNAVAILABLE]: 'UNAVAILABLE',
};

/**
 * Sends one person's action to `escrow:<paymentId>` as an Update; the workflow's refusals become 403/404/409/422/503.
 * An escrow that has ended is started again first (a payment may still owe an action).
 */
export async function sendEscrowCommand(
  deps: TEscrowDeps,
  input: {
    row: TPaymentRow;
    actor: TEscrowActor;
    action: TEscrowUserAction;
    /** The caller's Idempotency-Key header, if any. */
    idempotencyKey: string | undefined;
    callerUserId: string;
    requestId: string | null;
  },
) {
  const { row, actor, action, idempotencyKey: key } = input;
  // With the caller's Idempotency-Key the Update id is stable, so Temporal answers a repeat with the first outcome;
  // scoped to the person, the action and its target so one key cannot answer for another action.
  const target =
    'milestoneId' in action ? action.milestoneId : 'disputeId' in action ? action.disputeId : row.id;
  const update = () =>
    deps.temporal.workflow.getHandle(escrowWorkflowId(row.id)).executeUpdate(escrowCommandUpdate, {
      args: [{ actor, action, requestId: input.requestId }],
      ...(key ? { updateId: `http:${input.callerUserId}:${action.type}:${target}:${key}` } : {}),
    });
  const ended = (err: unknown) =>
    err instanceof WorkflowNotFoundError || (err instanceof Error && /already completed/i.test(err.message));
  try {
    try {
      await update();
    } catch (err) {
      if (!ended(err)) throw err;
      // The escrow ended (7 days after it settled or failed) but the payment may still owe an action (an admin's
      // refund of released money): a new run reads the payment's state from Postgres and judges the command.
      await startEscrow(
        deps,
        { paymentId: row.id, contractId: row.contractId, dealId: row.dealId },
        WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      );
      // Its handlers are registered once it has read the payment (its first step): an Update before that would be
      // refused, so the command waits until the new run answers its state query (within the step's time).
      const handle = deps.temporal.workflow.getHandle(escrowWorkflowId(row.id));
      for (let tries = 0; ; tries++) {
        try {
          await handle.query(escrowStateQuery);
          break;
        } catch (queryErr) {
          if (tries >= 50) throw queryErr;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      await update();
    }
  } catch (err) {
    const refused = updateRefusal(err, ESCROW_RULES);
    if (refused) throw refused;
    if (workflowClosed(err))
      throw new AppError(
        'CONFLICT',
        `This payment's escrow is closed (${row.status}): it takes no more actions`,
      );
    throw temporalUnavailable(err);
  }
}
