import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import type { TConfig } from '../config.js';
import {
  MAIL_DISPATCH_WORKFLOW,
  mailDispatchScheduleId,
} from '../workflows/mail-dispatch/mail-dispatch.contract.js';
import {
  WEBHOOK_SWEEP_WORKFLOW,
  webhookSweepScheduleId,
  type TWebhookSweepInput,
} from '../workflows/webhook-sweep/webhook-sweep.contract.js';

/** Recurring jobs are Temporal Schedules with stable ids, created idempotently when a worker starts. */
export async function ensureSchedules(client: Client, config: TConfig): Promise<void> {
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  await createOnce(client, {
    scheduleId: webhookSweepScheduleId(taskQueue),
    spec: { intervals: [{ every: config.WEBHOOK_SWEEP_INTERVAL }] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP },
    action: {
      type: 'startWorkflow',
      workflowType: WEBHOOK_SWEEP_WORKFLOW,
      taskQueue,
      args: [
        {
          stalledAfterMs: config.WEBHOOK_STALLED_AFTER,
          retryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
        } satisfies TWebhookSweepInput,
      ],
    },
  });
  await createOnce(client, {
    scheduleId: mailDispatchScheduleId(taskQueue),
    spec: { intervals: [{ every: config.MAIL_DISPATCH_INTERVAL }] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP },
    action: { type: 'startWorkflow', workflowType: MAIL_DISPATCH_WORKFLOW, taskQueue, args: [] },
  });
}

async function createOnce(client: Client, options: ScheduleOptions): Promise<void> {
  try {
    await client.schedule.create(options);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
