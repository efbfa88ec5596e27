// Two parts of the "required" stack alone, each the no-op floor plus one thing (BENCH_REFERENCE in
// bench/negotiation.bench.ts), to read what each costs the engine by itself in the same run as the floor:
//  - local-activity: every Update awaits a local activity that does nothing, the way ours records each step
//    (a Postgres transaction in a local activity, whose result is a second activation of the workflow);
//  - contract: the acceptance starts the contract's workflow, which waits for signatures until its deadline,
//    the way every accepted negotiation does.
import {
  allHandlersFinished,
  condition,
  defineUpdate,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';

/** Their own task queue, so neither our worker nor the other floors' see these workflows. */
export const PARTS_TASK_QUEUE = 'bench-parts';

export type TPartsView = { status: 'Pending' | 'Negotiation' | 'Accepted'; currentRevision: number };
export const partsCounterUpdate = defineUpdate<TPartsView, [unknown]>('counter');
export const partsAcceptUpdate = defineUpdate<TPartsView, [unknown]>('accept');

export type TPartsActivities = { step(body: unknown): Promise<null> };
const { step } = proxyLocalActivities<TPartsActivities>({ startToCloseTimeout: '5 seconds' });

/** The floor's negotiation; with `localActivity`, each Update awaits a no-op local activity first. */
export async function benchPartsNegotiationWorkflow(input: { localActivity: boolean }): Promise<TPartsView> {
  const view: TPartsView = { status: 'Pending', currentRevision: 1 };
  setHandler(partsCounterUpdate, async (body) => {
    if (input.localActivity) await step(body);
    view.status = 'Negotiation';
    view.currentRevision += 1;
    return { ...view };
  });
  setHandler(partsAcceptUpdate, async (body) => {
    if (input.localActivity) await step(body);
    view.status = 'Accepted';
    return { ...view };
  });
  await condition(() => view.status === 'Accepted');
  await condition(allHandlersFinished);
  return view;
}

/** The contract an acceptance starts: required's own (a Draft waiting on both signers until its deadline). */
export { benchRequiredContractWorkflow } from './required.workflow.js';
