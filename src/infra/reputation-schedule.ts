import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  WorkflowExecutionAlreadyStartedError,
  type Client,
} from '@temporalio/client';
import type { TConfig } from '../config.js';
import {
  REPUTATION_NIGHTLY_WORKFLOW,
  REPUTATION_REFRESHER_WORKFLOW,
  reputationRefresherWorkflowId,
  type TReputationRefresherInput,
  reputationScheduleId,
  type TReputationNightlyInput,
} from '../workflows/reputation/reputation.contract.js';

/**
 * The nightly reputation recomputation as a Temporal Schedule with a stable id per task queue: created at start-up,
 * or updated to this worker's cron when it exists (idempotent, so every worker calls it). One firing a day: a
 * Schedule's per-firing executions are fine at this rate (unlike the housekeeping loop's seconds).
 */
export async function ensureReputationSchedule(client: Client, config: TConfig): Promise<void> {
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const scheduleId = reputationScheduleId(taskQueue);
  const input: TReputationNightlyInput = { pageSize: 200 };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: REPUTATION_NIGHTLY_WORKFLOW,
    workflowId: `reputation-nightly-run:${taskQueue}`,
    taskQueue,
    args: [input],
  };
  const spec = { cronExpressions: [config.REPUTATION_NIGHTLY_CRON] };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
      memo: { purpose: 'Recompute every organization and community reputation (issue 12, item 4)' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
}

/**
 * Starts the task queue's reputation refresher unless it runs (every worker calls it at start-up; a second start is
 * refused by Temporal and ignored). Changes announced while none ran wait in `reputation_changes` for its first drain.
 */
export async function ensureReputationRefresher(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.workflow.start(REPUTATION_REFRESHER_WORKFLOW, {
      workflowId: reputationRefresherWorkflowId(taskQueue),
      taskQueue,
      args: [{} satisfies TReputationRefresherInput],
      staticSummary: `Reputation refresher of ${taskQueue}: recomputes the reputations negotiation steps announce`,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
