// The floor with the work a negotiation cannot do without, and nothing else (bench/negotiation.bench.ts's "required"
// stack): the no-op floor's start and Updates, plus what issue 14 item 4 asks of every business workflow (search
// attributes and current details kept up to date at each step), the deadline a request expires at, and the contract an
// acceptance becomes, a workflow of its own that waits for signatures until its own deadline. The Postgres writes
// each step must commit before it is answered are the API's (bench/floor/required-api-server.ts).
import {
  allHandlersFinished,
  condition,
  defineSignal,
  defineUpdate,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  SA_AMOUNT_MINOR,
  SA_CURRENCY,
  SA_DEAL_ID,
  SA_STATUS,
  SA_WAITING_ON,
  SA_WAITING_SINCE,
} from '../../src/domain/search-attributes.js';

/** Its own task queue, so neither our worker nor the no-op floor's sees these workflows. */
export const REQUIRED_TASK_QUEUE = 'bench-required';

type TSide = 'community' | 'organization';
export type TRequiredView = { status: 'Pending' | 'Negotiation' | 'Accepted'; currentRevision: number };
/** A step the API has committed: the revision it recorded and who wrote it. */
export type TRequiredStep = { revision: number; author: TSide; amountMinor: number; currency: string };

export const requiredCounterUpdate = defineUpdate<TRequiredView, [TRequiredStep]>('counter');
export const requiredAcceptUpdate = defineUpdate<TRequiredView, [{ dealId: string }]>('accept');
export const requiredSignedSignal = defineSignal('signed');

const other = (side: TSide): TSide => (side === 'community' ? 'organization' : 'community');

export async function benchRequiredNegotiationWorkflow(input: {
  initiator: TSide;
  deadlineAt: number;
}): Promise<TRequiredView> {
  const view: TRequiredView = { status: 'Pending', currentRevision: 1 };
  let waitingOn: TSide | 'nobody' = other(input.initiator);
  const details = () =>
    setCurrentDetails(
      `${view.status}, revision ${view.currentRevision}: waiting on ${waitingOn} until ${new Date(input.deadlineAt).toISOString()}`,
    );
  const publish = (step: TRequiredStep | null, dealId: string | null) => {
    details();
    upsertSearchAttributes([
      { key: SA_STATUS, value: view.status },
      { key: SA_WAITING_ON, value: waitingOn },
      { key: SA_WAITING_SINCE, value: new Date() },
      ...(step
        ? [
            { key: SA_AMOUNT_MINOR, value: step.amountMinor },
            { key: SA_CURRENCY, value: step.currency },
          ]
        : []),
      ...(dealId ? [{ key: SA_DEAL_ID, value: dealId }] : []),
    ]);
  };
  details();
  setHandler(requiredCounterUpdate, (step) => {
    view.status = 'Negotiation';
    view.currentRevision = step.revision;
    waitingOn = other(step.author);
    publish(step, null);
    return { ...view };
  });
  setHandler(requiredAcceptUpdate, ({ dealId }) => {
    view.status = 'Accepted';
    waitingOn = 'nobody';
    publish(null, dealId);
    return { ...view };
  });
  // The request's expiry. Like the negotiation's, the timer is left running when the request closes first: the run
  // completes right after and the server drops it (no TimerCanceled event).
  let expired = false;
  void sleep(Math.max(1, input.deadlineAt - Date.now())).then(() => (expired = true));
  await condition(() => view.status === 'Accepted' || expired);
  await condition(allHandlersFinished);
  return view;
}

/** The contract of an accepted deal: a Draft waiting for both signatures until its deadline. */
export async function benchRequiredContractWorkflow(input: { deadlineAt: number }): Promise<void> {
  let signed = false;
  setHandler(requiredSignedSignal, () => void (signed = true));
  setCurrentDetails(`Draft: waiting on both signers until ${new Date(input.deadlineAt).toISOString()}`);
  let expired = false;
  void sleep(Math.max(1, input.deadlineAt - Date.now())).then(() => (expired = true));
  await condition(() => signed || expired);
}
