import { proxyActivities, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import type { TLedgerVerifyActivities, TLedgerVerifyResult } from './ledger-verify.contract.js';

const { verifyLedgerAndAlert } = proxyActivities<TLedgerVerifyActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 10 },
});

/**
 * One firing of the nightly `ledger-verify` Schedule: checks the ledger and alerts platform admins on a breach. The
 * firing's workflow id (the Schedule's id plus the scheduled time) keys the alert, so each night alerts once.
 */
export async function ledgerVerifyWorkflow(): Promise<TLedgerVerifyResult> {
  const result = await verifyLedgerAndAlert({ alertKey: `ledger-verify:${workflowInfo().workflowId}` });
  setCurrentDetails(
    result.ok
      ? 'Every ledger invariant holds'
      : `${result.breaches} breach(es): ${result.invariants.join(', ')}; ${result.alerted} platform admin(s) alerted`,
  );
  return result;
}
