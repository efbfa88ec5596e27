import {
  condition,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { payoutOpen, type TPayoutStatus } from '../../domain/payouts.js';
import { SA_ALERT, SA_STATUS } from '../../domain/search-attributes.js';
import {
  payoutSettledSignal,
  type TPayoutActivities,
  type TPayoutCheck,
  type TPayoutWatchInput,
} from './payout.contract.js';

const { checkStuckPayout } = proxyActivities<TPayoutActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/**
 * `payout:<stripePayoutId>`: watches one payout of a community's connected account for the stuck-money rule. It waits
 * until the payout's creation + ESCROW_STUCK_AFTER, ending early when the webhook reports it paid, failed or canceled
 * (a failure has its own task, opened by the webhook). Still open then, the activity checks the row the webhooks keep
 * and raises the alert (ops task + admin email); here `CommDeskAlert = 'payout_stuck'` marks it for the saved view
 * ops open in the Temporal UI, until the payout settles and the alert clears.
 */
export async function payoutWorkflow(input: TPayoutWatchInput): Promise<TPayoutCheck> {
  let settled: TPayoutStatus | null = null;
  setHandler(payoutSettledSignal, ({ status }) => {
    if (!payoutOpen(status)) settled = status;
  });
  setCurrentDetails(`Waiting for payout ${input.stripePayoutId} of community ${input.communityId} to arrive`);
  // Date.now() is the workflow's deterministic clock; a payout first seen late may already be past its deadline.
  const wait = input.createdAtMs + input.stuckAfterMs - Date.now();
  if (wait > 0) await condition(() => settled !== null, wait);
  const check: TPayoutCheck =
    settled !== null
      ? { status: settled, stuck: false }
      : await checkStuckPayout({ stripePayoutId: input.stripePayoutId, stuckAfterMs: input.stuckAfterMs });
  if (!check.stuck) {
    upsertSearchAttributes([{ key: SA_STATUS, value: check.status }]);
    setCurrentDetails(`Payout ${input.stripePayoutId} ${check.status}`);
    return check;
  }
  upsertSearchAttributes([
    { key: SA_STATUS, value: check.status },
    { key: SA_ALERT, value: 'payout_stuck' },
  ]);
  setCurrentDetails(
    `Payout ${input.stripePayoutId} still ${check.status} past the stuck-money delay: ops task payout_stuck opened; ` +
      'the alert clears when Stripe reports it paid, failed or canceled',
  );
  await condition(() => settled !== null);
  upsertSearchAttributes([
    { key: SA_STATUS, value: settled! },
    { key: SA_ALERT, value: null },
  ]);
  setCurrentDetails(`Payout ${input.stripePayoutId} ${settled!} after being stuck`);
  return { status: settled!, stuck: true };
}
