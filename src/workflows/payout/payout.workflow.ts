import { proxyActivities, setCurrentDetails, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { SA_ALERT, SA_STATUS } from '../../domain/search-attributes.js';
import type { TPayoutActivities, TPayoutCheck, TPayoutWatchInput } from './payout.contract.js';

const { checkStuckPayout } = proxyActivities<TPayoutActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/**
 * `payout:<stripePayoutId>`: watches one payout of a community's connected account for the stuck-money rule. It sleeps
 * until the payout's creation + ESCROW_STUCK_AFTER, then checks the row the webhooks keep: still pending or in
 * transit raises the alert (ops task + admin email by the activity; `CommDeskAlert = 'payout_stuck'` here, the saved
 * view ops open in the Temporal UI). A paid, failed or canceled payout ends it quietly (a failure has its own task,
 * opened by the webhook that reported it).
 */
export async function payoutWorkflow(input: TPayoutWatchInput): Promise<TPayoutCheck> {
  setCurrentDetails(`Waiting for payout ${input.stripePayoutId} of community ${input.communityId} to arrive`);
  // Date.now() is the workflow's deterministic clock; a payout first seen late may already be past its deadline.
  await sleep(Math.max(0, input.createdAtMs + input.stuckAfterMs - Date.now()));
  const check = await checkStuckPayout({
    stripePayoutId: input.stripePayoutId,
    stuckAfterMs: input.stuckAfterMs,
  });
  upsertSearchAttributes([
    { key: SA_STATUS, value: check.status },
    { key: SA_ALERT, value: check.stuck ? 'payout_stuck' : null },
  ]);
  setCurrentDetails(
    check.stuck
      ? `Payout ${input.stripePayoutId} still ${check.status} past the stuck-money delay: ops task payout_stuck opened`
      : `Payout ${input.stripePayoutId} ${check.status}`,
  );
  return check;
}
