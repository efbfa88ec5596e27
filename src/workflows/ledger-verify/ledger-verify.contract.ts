export const LEDGER_VERIFY_WORKFLOW = 'ledgerVerifyWorkflow';

/**
 * The nightly ledger check's Temporal Schedule: `ledger-verify` for the deployment's default task queue, suffixed
 * with any other queue (each test stack runs its own queue against one dev server, and must not retarget another's).
 */
export const ledgerVerifyScheduleId = (taskQueue: string) =>
  taskQueue === 'commdesk-marketplace' ? 'ledger-verify' : `ledger-verify:${taskQueue}`;

export type TLedgerVerifyResult = {
  ok: boolean;
  breaches: number;
  /** Breached invariants by name, for the workflow's result in the Temporal UI. */
  invariants: string[];
  /** Platform admins an alert was queued for (0 when all holds). */
  alerted: number;
};

export type TLedgerVerifyActivities = {
  /**
   * Runs every ledger invariant; on a breach queues one email per platform admin, keyed by `alertKey` so a retry
   * queues nothing twice.
   */
  verifyLedgerAndAlert(input: { alertKey: string }): Promise<TLedgerVerifyResult>;
};
