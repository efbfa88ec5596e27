import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureSchedules } from '../../src/infra/schedules.js';
import {
  MAIL_DISPATCH_WORKFLOW,
  mailDispatchScheduleId,
} from '../../src/workflows/mail-dispatch/mail-dispatch.contract.js';
import {
  WEBHOOK_SWEEP_WORKFLOW,
  webhookSweepScheduleId,
} from '../../src/workflows/webhook-sweep/webhook-sweep.contract.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

it('creates the recurring-job schedules idempotently, one per task queue', async () => {
  await ensureSchedules(stack.deps.temporal, stack.config);
  await ensureSchedules(stack.deps.temporal, stack.config);
  const queue = stack.config.TEMPORAL_TASK_QUEUE;
  for (const [scheduleId, workflowType, every] of [
    [webhookSweepScheduleId(queue), WEBHOOK_SWEEP_WORKFLOW, stack.config.WEBHOOK_SWEEP_INTERVAL],
    [mailDispatchScheduleId(queue), MAIL_DISPATCH_WORKFLOW, stack.config.MAIL_DISPATCH_INTERVAL],
  ] as const) {
    const handle = stack.deps.temporal.schedule.getHandle(scheduleId);
    const description = await handle.describe();
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType, taskQueue: queue });
    expect(description.spec.intervals).toMatchObject([{ every }]);
    await handle.delete();
  }
});
