// The engine's floor for the lifecycle benchmark: per deal, the same Temporal work as ours without our code — three
// workflows (negotiation, contract, escrow) receiving the same Updates and signal, each started by the previous one
// as ours are, with no activity, validator, database or search attribute. What a deal costs above this is ours.
import {
  allHandlersFinished,
  condition,
  defineSignal,
  defineUpdate,
  ParentClosePolicy,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';

export const LIFECYCLE_FLOOR_TASK_QUEUE = 'bench-lifecycle-floor';

export const floorStepUpdate = defineUpdate<number, [string]>('step');
export const floorPaidSignal = defineSignal('paid');

/** Waits for `updates` Updates (and the payment signal when `paid`), then starts `next` (if any) and ends. */
export async function lifecycleFloorWorkflow(input: {
  updates: number;
  paid: boolean;
  next: { updates: number; paid: boolean; id: string; next: unknown } | null;
}): Promise<number> {
  let received = 0;
  let paid = !input.paid;
  setHandler(floorStepUpdate, () => ++received);
  setHandler(floorPaidSignal, () => void (paid = true));
  await condition(() => received >= input.updates && paid);
  if (input.next)
    await startChild(lifecycleFloorWorkflow, {
      workflowId: input.next.id,
      args: [input.next as Parameters<typeof lifecycleFloorWorkflow>[0]],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      taskQueue: workflowInfo().taskQueue,
    });
  await condition(allHandlersFinished);
  return received;
}
