import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  cancellationDetails,
  cancellationRepeat,
  cancellationTransition,
  cancellationViolation,
  type TCancellationAction,
  type TCancellationState,
} from '../../domain/contract.js';
import { SA_DEAL_ID, SA_STATUS, SA_WAITING_ON } from '../../domain/search-attributes.js';
import { toStepFailure } from '../step-failure.js';
import { fulfillmentWorkflowId } from '../fulfillment/fulfillment.contract.js';
import {
  cancellationAnswerUpdate,
  cancellationStateQuery,
  type TCancellationActivities,
  type TCancellationAnswer,
  type TCancellationInput,
  type TCancellationView,
} from './contract-cancellation.contract.js';

// An answer runs while its caller waits: bounded retries, then UNAVAILABLE (503).
const steps = proxyActivities<TCancellationActivities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '2 seconds', maximumAttempts: 6 },
});
// The proposal's record and its lapse must happen: retried until they do.
const background = proxyActivities<TCancellationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const otherSide = (side: 'community' | 'organization') =>
  side === 'community' ? 'organization' : 'community';

/**
 * One proposal to cancel a signed contract: recorded, then the other side's signer confirms or declines (Updates
 * whose validator applies the rules, so the caller gets 403/409 before anything is written), the proposer may
 * withdraw, and at the deadline it lapses. Confirmed cancels the contract, waives its open benefit items and stops the
 * benefit manager; the escrow reads the contract's status when the sponsor asks for a refund.
 */
export async function contractCancellationWorkflow(input: TCancellationInput): Promise<TCancellationView> {
  const proposalId = workflowInfo().runId;
  let state: TCancellationState = {
    status: 'Proposed',
    proposedBy: input.proposer.side,
    reason: input.reason,
    deadlineAt: Date.now() + input.windowMs,
    closedBy: null,
  };
  const view = (): TCancellationView => ({ ...state, contractId: input.contractId, proposalId });
  function publish() {
    setCurrentDetails(cancellationDetails(state));
    upsertSearchAttributes([
      { key: SA_STATUS, value: state.status },
      { key: SA_WAITING_ON, value: state.status === 'Proposed' ? otherSide(state.proposedBy) : 'nobody' },
      { key: SA_DEAL_ID, value: input.dealId },
    ]);
  }

  let chain: Promise<unknown> = Promise.resolve();
  function locked<T>(work: () => Promise<T>): Promise<T> {
    const run = chain.then(work);
    chain = run.catch(() => undefined);
    return run;
  }
  const actionOf = (answer: TCancellationAnswer): TCancellationAction => ({
    type: answer.action,
    side: answer.side,
  });
  function check(action: TCancellationAction) {
    if (cancellationRepeat(state, action)) return;
    const problem = cancellationViolation(state, action);
    if (problem) throw ApplicationFailure.nonRetryable(problem.message, problem.code);
  }

  setHandler(cancellationStateQuery, view);
  setHandler(
    cancellationAnswerUpdate,
    (answer) =>
      locked(async () => {
        const action = actionOf(answer);
        // The same answer repeated (a retry whose response was lost) gets the proposal as it is.
        if (cancellationRepeat(state, action)) return view();
        check(action);
        try {
          if (answer.action === 'confirm')
            await steps.recordCancelledByAgreement({
              contractId: input.contractId,
              proposalId,
              proposer: input.proposer,
              confirmer: answer,
              reason: input.reason,
            });
          else
            await steps.recordCancellationClosed({
              contractId: input.contractId,
              proposalId,
              outcome: answer.action === 'decline' ? 'Declined' : 'Withdrawn',
              proposedBy: input.proposer.side,
              actor: answer,
              reason: input.reason,
            });
        } catch (err) {
          throw toStepFailure(
            err,
            'the database did not answer in time: this answer is not confirmed; check the contract before repeating it',
          );
        }
        state = cancellationTransition(state, action);
        publish();
        return view();
      }),
    { validator: (answer) => check(actionOf(answer)) },
  );

  await locked(() =>
    background.recordCancellationProposed({
      contractId: input.contractId,
      proposalId,
      proposer: input.proposer,
      reason: input.reason,
      deadlineAt: state.deadlineAt,
    }),
  );
  publish();

  const answered = await condition(
    () => state.status !== 'Proposed',
    Math.max(state.deadlineAt - Date.now(), 1),
  );
  if (!answered) {
    // Under the lock, so an answer that landed just before the deadline wins.
    await locked(async () => {
      if (cancellationViolation(state, { type: 'lapse' })) return;
      await background.recordCancellationClosed({
        contractId: input.contractId,
        proposalId,
        outcome: 'Lapsed',
        proposedBy: input.proposer.side,
        actor: null,
        reason: input.reason,
      });
      state = cancellationTransition(state, { type: 'lapse' });
      publish();
    });
  }
  await condition(allHandlersFinished);
  if (state.status === 'Confirmed') {
    // The benefit manager stops (its open items were waived with the cancellation); none ran for an old deal.
    try {
      await getExternalWorkflowHandle(fulfillmentWorkflowId(input.dealId)).cancel();
    } catch {
      // Not running (never started, or already ended): nothing to stop.
    }
  }
  return view();
}
