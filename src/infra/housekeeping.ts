import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import type { TConfig } from '../config.js';
import {
  HOUSEKEEPING_WORKFLOW,
  housekeepingWorkflowId,
  reconfigureSignal,
  type THousekeepingInput,
} from '../workflows/housekeeping/housekeeping.contract.js';
import { mailDispatchScheduleId } from '../workflows/mail-dispatch/mail-dispatch.contract.js';
import { ensureReputationSchedule } from './reputation-schedule.js';
import { ensureLedgerVerifySchedule } from './ledger-verify-schedule.js';
import { webhookSweepScheduleId } from '../workflows/webhook-sweep/webhook-sweep.contract.js';

/**
 * Starts the deployment's housekeeping workflow, or hands a running one this worker's intervals: signal-with-start
 * is idempotent, so every worker calls it at start-up. Removes the per-firing Schedules earlier versions created.
 */
export async function ensureHousekeeping(client: Client, config: TConfig): Promise<void> {
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  for (const legacy of [mailDispatchScheduleId(taskQueue), webhookSweepScheduleId(taskQueue)]) {
    await client.schedule
      .getHandle(legacy)
      .delete()
      .catch((err: unknown) => {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      });
  }
  const input: THousekeepingInput = {
    mailEveryMs: config.MAIL_DISPATCH_INTERVAL,
    sweepEveryMs: config.WEBHOOK_SWEEP_INTERVAL,
    sweep: { stalledAfterMs: config.WEBHOOK_STALLED_AFTER, retryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE },
  };
  await client.workflow.signalWithStart(HOUSEKEEPING_WORKFLOW, {
    workflowId: housekeepingWorkflowId(taskQueue),
    taskQueue,
    args: [input],
    signal: reconfigureSignal,
    signalArgs: [input],
    staticSummary: `Housekeeping of ${taskQueue}: email outbox every ${input.mailEveryMs / 1000} s, webhook sweep every ${input.sweepEveryMs / 1000} s`,
  });
  // The daily jobs of the deployment, set up at the same moment by every worker.
  await ensureReputationSchedule(client, config);
  await ensureLedgerVerifySchedule(client, config);
}
