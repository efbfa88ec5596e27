import {
  condition,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { formatMoney, payoutWaitDetails } from '../../domain/ops-view.js';
import { payoutOpen, type TPayoutStatus } from '../../domain/payouts.js';
import { SA_ALERT, SA_STATUS, SA_WAITING_ON, SA_WAITING_SINCE } from '../../domain/search-attributes.js';
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
  const alertAt = input.createdAtMs + input.stuckAfterMs;
  setCurrentDetails(payoutWaitDetails(input, input.ops, alertAt));
  // "Payout po_123 (EUR 1,250.00 to Acme Meetup)" in the later details, when the start gave the names.
  const payout = input.ops
    ? `Payout ${input.stripePayoutId} (${formatMoney(input.ops.amountMinor, input.ops.currency.toUpperCase())} to ${input.ops.community})`
    : `Payout ${input.stripePayoutId}`;
  // Date.now() is the workflow's deterministic clock; a payout first seen late may already be past its deadline.
  const wait = alertAt - Date.now();
  if (wait > 0) await condition(() => settled !== null, wait);
  const check: TPayoutCheck =
    settled !== null
      ? { status: settled, stuck: false }
      : await checkStuckPayout({ stripePayoutId: input.stripePayoutId, stuckAfterMs: input.stuckAfterMs });
  if (!check.stuck) {
    upsertSearchAttributes([
      { key: SA_STATUS, value: check.status },
      { key: SA_WAITING_ON, value: 'nobody' },
    ]);
    setCurrentDetails(`${payout} ${check.status}`);
    return check;
  }
  // Stuck: a platform admin must look (the ops task), since the alert.
  upsertSearchAttributes([
    { key: SA_STATUS, value: check.status },
    { key: SA_ALERT, value: 'payout_stuck' },
    { key: SA_WAITING_ON, value: 'platform_admin' },
    { key: SA_WAITING_SINCE, value: new Date(Date.now()) },
  ]);
  setCurrentDetails(
    `${payout} still ${check.status} past the stuck-money delay: waiting on a platform admin (ops task payout_stuck); ` +
      'the alert clears when Stripe reports it paid, failed or canceled',
  );
  await condition(() => settled !== null);
  upsertSearchAttributes([
    { key: SA_STATUS, value: settled! },
    { key: SA_ALERT, value: null },
    { key: SA_WAITING_ON, value: 'nobody' },
  ]);
  setCurrentDetails(`${payout} ${settled!} after being stuck`);
  return { status: settled!, stuck: true };
}
