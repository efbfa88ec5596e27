import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { TConfig } from '../config.js';
import {
  LEDGER_VERIFY_WORKFLOW,
  ledgerVerifyScheduleId,
} from '../workflows/ledger-verify/ledger-verify.contract.js';

/**
 * The nightly ledger check as a Temporal Schedule with a stable id (`ledger-verify`): created at start-up, or set to
 * this worker's cron when it exists, so every worker may call it. Overlaps are skipped; a night missed while the
 * server was down is caught up within an hour, later ones are not (the next night checks everything anyway).
 */
export async function ensureLedgerVerifySchedule(client: Client, config: TConfig): Promise<string> {
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const scheduleId = ledgerVerifyScheduleId(taskQueue);
  const action = {
    type: 'startWorkflow' as const,
    workflowType: LEDGER_VERIFY_WORKFLOW,
    workflowId: `ledger-verify-run:${taskQueue}`,
    taskQueue,
    args: [] as [],
    staticSummary:
      'Nightly ledger check: every invariant of the double-entry ledger; alerts platform admins on a breach',
  };
  const spec = { cronExpressions: [config.LEDGER_VERIFY_CRON] };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
      memo: { purpose: 'Verify the ledger every night (issue 10); the same check as npm run ledger:verify' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
  return scheduleId;
}
