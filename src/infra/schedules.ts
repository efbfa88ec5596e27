import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { TConfig } from '../config.js';
import {
  WEBHOOK_SWEEP_WORKFLOW,
  webhookSweepScheduleId,
  type TWebhookSweepInput,
} from '../workflows/webhook-sweep/webhook-sweep.contract.js';

/** Recurring jobs are Temporal Schedules with stable ids, created idempotently when a worker starts. */
export async function ensureSchedules(client: Client, config: TConfig): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: webhookSweepScheduleId(config.TEMPORAL_TASK_QUEUE),
      spec: { intervals: [{ every: config.WEBHOOK_SWEEP_INTERVAL }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      action: {
        type: 'startWorkflow',
        workflowType: WEBHOOK_SWEEP_WORKFLOW,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [
          {
            stalledAfterMs: config.WEBHOOK_STALLED_AFTER,
            retryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
          } satisfies TWebhookSweepInput,
        ],
      },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
