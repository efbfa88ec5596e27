import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { cancellationRepeat, contractViolation, type TContractStatus } from '../../domain/contract.js';
import type { TSide } from '../../domain/negotiation.js';
import { contractStaticDetails, dealSummary } from '../../domain/ops-view.js';
import { dealOps } from '../../db/repositories/negotiation-repository.js';
import { AppError, STEP_FAILURE, type AppErrorCode } from '../../errors.js';
import {
  cancellationAnswerUpdate,
  cancellationStateQuery,
  CONTRACT_CANCELLATION_WORKFLOW,
  contractCancellationWorkflowId,
  type TCancellationActor,
  type TCancellationAnswer,
  type TCancellationView,
} from '../../workflows/contract-cancellation/contract-cancellation.contract.js';
import type { TApiDeps } from '../context.js';
import { updateRefusal, workflowClosed } from '../workflow-update.js';

type TContractRef = { id: string; dealId: string; status: TContractStatus };

const ANSWER_RULES: Record<string, AppErrorCode> = {
  WRONG_SIDE: 'FORBIDDEN',
  WRONG_STATE: 'CONFLICT',
  [STEP_FAILURE.INVALID_DATA]: 'VALIDATION',
  [STEP_FAILURE.CONSTRAINT_VIOLATION]: 'CONFLICT',
  [STEP_FAILURE.UNAVAILABLE]: 'UNAVAILABLE',
};

/** The proposal as the API returns it: the workflow's view and the contract's status in Postgres. */
export const cancellationBody = (view: TCancellationView, contractStatus: TContractStatus) => ({
  contractId: view.contractId,
  proposalId: view.proposalId,
  status: view.status,
  proposedBy: view.proposedBy,
  reason: view.reason,
  deadline: new Date(view.deadlineAt).toISOString(),
  closedBy: view.closedBy,
  contractStatus,
});

/** The latest proposal of a contract (open or closed), or null when none was ever made. */
export async function latestCancellation(
  deps: TApiDeps,
  contractId: string,
): Promise<{ view: TCancellationView; open: boolean } | null> {
  const handle = deps.temporal.workflow.getHandle(contractCancellationWorkflowId(contractId));
  try {
    const described = await handle.describe();
    if (described.status.name !== 'RUNNING' && described.status.name !== 'COMPLETED') return null;
    // A closed run is queried from its history (the worker replays it): the same view it returned.
    return { view: await handle.query(cancellationStateQuery), open: described.status.name === 'RUNNING' };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

/**
 * Proposes to cancel a signed contract: starts `contract-cancellation:<contractId>`. The same side repeating its
 * proposal (a retry) gets the open one (created false); the other side's open proposal is a 409 (answer it instead).
 */
export async function proposeCancellation(
  deps: TApiDeps,
  contract: TContractRef,
  proposer: TCancellationActor,
  reason: string,
): Promise<{ view: TCancellationView; created: boolean }> {
  const latest = await latestCancellation(deps, contract.id);
  if (latest && (latest.open || (contract.status === 'Cancelled' && latest.view.status === 'Confirmed'))) {
    if (latest.view.proposedBy === proposer.side) return { view: latest.view, created: false };
    if (latest.open)
      throw new AppError(
        'CONFLICT',
        `the ${latest.view.proposedBy} already proposed to cancel this contract; confirm or decline that proposal`,
        { proposalId: latest.view.proposalId },
      );
  }
  const problem = contractViolation(
    { status: contract.status, documentSha256: null, sequential: false, order: [], signedBy: [] },
    { type: 'cancelByAgreement' },
  );
  if (problem) throw new AppError('CONFLICT', problem.message, { rule: problem.code });
  // Who, what and how much by name for the Temporal UI (the workflow cannot read them before it starts).
  const deal = await dealOps(deps.db, contract.dealId);
  try {
    const handle = await deps.temporal.workflow.start(CONTRACT_CANCELLATION_WORKFLOW, {
      workflowId: contractCancellationWorkflowId(contract.id),
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [
        {
          contractId: contract.id,
          dealId: contract.dealId,
          proposer,
          reason,
          windowMs: deps.config.CONTRACT_CANCELLATION_WINDOW,
        },
      ],
      staticSummary: deal
        ? `${dealSummary('Cancellation of the signed contract', deal)}; proposed by the ${proposer.side} (${deal[proposer.side]})`
        : `Cancellation of signed contract ${contract.id} (deal ${contract.dealId}) proposed by the ${proposer.side}`,
      staticDetails: `Cancellation of ${contractStaticDetails({ contractId: contract.id, dealId: contract.dealId })}/cancellation`,
      // A new proposal after a declined, withdrawn or lapsed one is a new run; an open one refuses the start.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    return { view: await handle.query(cancellationStateQuery), created: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    // Two proposals raced: the one that started is answered as above.
    return proposeCancellation(deps, contract, proposer, reason);
  }
}

/**
 * The other side's confirmation or refusal, or the proposer's withdrawal: an Update of the open proposal (403 wrong
 * side, 409 closed). The same answer repeated after the proposal closed (a retry whose response was lost) gets the
 * closed proposal again.
 */
export async function answerCancellation(
  deps: TApiDeps,
  contractId: string,
  answer: TCancellationAnswer,
): Promise<TCancellationView> {
  const handle = deps.temporal.workflow.getHandle(contractCancellationWorkflowId(contractId));
  try {
    return await handle.executeUpdate(cancellationAnswerUpdate, { args: [answer] });
  } catch (err) {
    const refused = updateRefusal(err, ANSWER_RULES);
    if (refused) throw refused;
    if (!workflowClosed(err)) throw err;
  }
  const latest = await latestCancellation(deps, contractId);
  if (!latest) throw new AppError('CONFLICT', 'no cancellation of this contract was proposed');
  const side: TSide = answer.side;
  if (cancellationRepeat(latest.view, { type: answer.action, side })) return latest.view;
  throw new AppError(
    'CONFLICT',
    `the cancellation proposal is ${latest.view.status}; propose a new one to cancel the contract`,
  );
}
