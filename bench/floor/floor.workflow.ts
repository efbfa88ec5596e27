// The engine's floor for the negotiation benchmark: the same Updates as a negotiation (3 counters, accept)
// with no business logic at all: no validator, no activity, no database, no search attributes. What a
// negotiation costs above this is what our code costs.
import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** The floor's own task queue, so our worker never sees its workflows. */
export const FLOOR_TASK_QUEUE = 'bench-floor';

export type TFloorView = { status: 'Pending' | 'Negotiation' | 'Accepted'; currentRevision: number };

export const floorCounterUpdate = defineUpdate<TFloorView, [unknown]>('counter');
export const floorAcceptUpdate = defineUpdate<TFloorView, [unknown]>('accept');

export async function benchFloorWorkflow(): Promise<TFloorView> {
  const view: TFloorView = { status: 'Pending', currentRevision: 1 };
  setHandler(floorCounterUpdate, () => {
    view.status = 'Negotiation';
    view.currentRevision += 1;
    return { ...view };
  });
  setHandler(floorAcceptUpdate, () => {
    view.status = 'Accepted';
    return { ...view };
  });
  // Like the negotiation: done at acceptance, after its handler has answered.
  await condition(() => view.status === 'Accepted');
  await condition(allHandlersFinished);
  return view;
}
