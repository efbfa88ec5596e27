import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import { dealOps } from '../../db/repositories/negotiation-repository.js';
import { dealSummary, escrowStaticDetails } from '../../domain/ops-view.js';
import { AppError } from '../../errors.js';
import {
  ESCROW_WORKFLOW,
  escrowWorkflowId,
  type TEscrowInput,
} from '../../workflows/escrow/escrow.contract.js';
import type { TApiDeps } from '../context.js';
import { STEP_RETRY_AFTER_SECONDS } from '../requests/negotiation-service.js';

export type TEscrowDeps = Pick<TApiDeps, 'db' | 'config' | 'temporal'>;

/** Temporal not answering (down, unreachable): a 503 with Retry-After, never a 500; nothing was recorded by us. */
export function temporalUnavailable(err: unknown): AppError {
  return new AppError(
    'UNAVAILABLE',
    'The workflow service is unavailable; nothing was done, retry shortly',
    { cause: err instanceof Error ? err.message : String(err) },
    { 'Retry-After': String(STEP_RETRY_AFTER_SECONDS) },
  );
}

/**
 * Starts `escrow:<paymentId>` with its summary for the Temporal UI; one already running is the payment's (not an
 * error), Temporal unreachable is a 503.
 */
export async function startEscrow(
  deps: TEscrowDeps,
  input: TEscrowInput,
  reuse: WorkflowIdReusePolicy = WorkflowIdReusePolicy.REJECT_DUPLICATE,
) {
  // Who, what and how much by name for the Temporal UI (the workflow cannot read them before it starts).
  const deal = await dealOps(deps.db, input.dealId);
  try {
    await deps.temporal.workflow.start(ESCROW_WORKFLOW, {
      workflowId: escrowWorkflowId(input.paymentId),
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [input],
      staticSummary: deal
        ? dealSummary('Escrow', deal)
        : `Escrow of deal ${input.dealId} (contract ${input.contractId})`,
      staticDetails: escrowStaticDetails(input),
      workflowIdReusePolicy: reuse,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw temporalUnavailable(err);
  }
}
