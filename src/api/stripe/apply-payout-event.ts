/**
 * payout.* events of a community's connected account (Stripe moving the community's balance to its bank): the payout's
 * row follows the newest event, a failure opens an ops task and tells the community, and `payout:<id>` watches an
 * open payout for the stuck-money rule. Stripe delivers at least once and in any order: an older event changes
 * nothing, and every task and email is keyed by the payout.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import { findCommunity } from '../../db/repositories/communities-repository.js';
import {
  applyPayoutState,
  openPayoutOpsTask,
  payoutAccountsByStripeId,
} from '../../db/repositories/payouts-repository.js';
import { payoutStaticDetails, payoutSummary } from '../../domain/ops-view.js';
import { payoutOpen, payoutStatusOf } from '../../domain/payouts.js';
import {
  SA_AMOUNT_MINOR,
  SA_COMMUNITY_ID,
  SA_CURRENCY,
  SA_STATUS,
  SA_WAITING_ON,
  SA_WAITING_SINCE,
} from '../../domain/search-attributes.js';
import {
  PAYOUT_WORKFLOW,
  payoutSettledSignal,
  payoutWorkflowId,
  type TPayoutWatchInput,
} from '../../workflows/payout/payout.contract.js';
import type { TApiDeps } from '../context.js';
import type { TStripeEventBody } from './stripe.types.js';

type TObject = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const seconds = (v: unknown): Date | null => (int(v) === null ? null : new Date(int(v)! * 1000));

export async function applyPayoutEvent(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'config'>,
  event: TStripeEventBody,
  requestId: string | null,
): Promise<{ delivery: 'applied' | 'ignored'; note: string | null }> {
  const object = event.data.object as TObject;
  const accountId = str(event.account);
  // A payout of the platform's own balance is not a community's money.
  if (!accountId)
    return { delivery: 'ignored', note: 'a payout of the platform account, not a connected one' };
  const accounts = await payoutAccountsByStripeId(deps.db, accountId);
  if (accounts.length !== 1)
    return {
      delivery: 'ignored',
      note:
        accounts.length === 0
          ? `no community has the connected account ${accountId}`
          : `${accounts.length} communities have the connected account ${accountId}; not attributed`,
    };
  const account = accounts[0]!;
  const payoutId = str(object.id);
  const status = payoutStatusOf(event.type, object.status);
  const amountMinor = int(object.amount);
  const currency = str(object.currency);
  if (!payoutId || !status || amountMinor === null || !currency)
    return { delivery: 'ignored', note: 'the payout carries no id, known status, amount or currency' };
  const stripeCreatedAt = seconds(object.created) ?? new Date(event.created * 1000);

  const result = await deps.db.transaction(async (tx) => {
    const applied = await applyPayoutState(tx, {
      stripePayoutId: payoutId,
      payoutAccountId: account.id,
      communityId: account.communityId,
      amountMinor,
      currency: currency.toLowerCase(),
      status,
      arrivalDate: seconds(object.arrival_date),
      failureCode: str(object.failure_code),
      failureMessage: str(object.failure_message),
      stripeCreatedAt,
      eventCreatedAt: new Date(event.created * 1000),
    });
    if (applied.outcome !== 'stale')
      await writeAudit(tx, {
        actorUserId: null,
        action: applied.outcome === 'inserted' ? 'payout.recorded' : 'payout.updated',
        entityType: 'connected_payout',
        entityId: applied.after.id,
        before: applied.before ? { status: applied.before.status } : null,
        after: { status: applied.after.status, amountMinor, currency: applied.after.currency },
        reason: `Stripe ${event.type} ${event.id}`,
        requestId,
      });
    const payout = applied.after;
    if (payout.status === 'failed') {
      const why = [payout.failureCode, payout.failureMessage].filter(Boolean).join(': ') || 'no reason given';
      const money = `${payout.amountMinor} ${payout.currency.toUpperCase()} (minor units)`;
      await openPayoutOpsTask(tx, {
        payout,
        key: `payout_failed:${payout.stripePayoutId}`,
        kind: 'payout_failed',
        detail: `Payout ${payout.stripePayoutId} of ${money} to community ${payout.communityId} failed: ${why}.`,
        community: {
          subject: 'A payout to your bank account failed',
          body:
            `Stripe could not pay out ${money} to your bank account (${why}). The money is back in your Stripe ` +
            'balance; please check your bank details in the Stripe onboarding. Our team has been told.',
        },
      });
    }
    return applied;
  });

  const payout = result.after;
  if (payoutOpen(payout.status)) {
    // Started on every event of an open payout, not only the first: a first delivery whose start failed (Temporal
    // down, answered 503, redelivered by Stripe) must still start it. The id is the business key: a second start is
    // rejected, whatever state the first run is in.
    // The community by name and the amount for the Temporal UI (workflow code cannot read them).
    const community = await findCommunity(deps.db, payout.communityId);
    const ops = {
      community: community?.name ?? `community ${payout.communityId}`,
      amountMinor: payout.amountMinor,
      currency: payout.currency,
    };
    const input: TPayoutWatchInput = {
      stripePayoutId: payout.stripePayoutId,
      communityId: payout.communityId,
      createdAtMs: payout.stripeCreatedAt.getTime(),
      stuckAfterMs: deps.config.ESCROW_STUCK_AFTER,
      ops,
    };
    try {
      await deps.temporal.workflow.start(PAYOUT_WORKFLOW, {
        workflowId: payoutWorkflowId(payout.stripePayoutId),
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: SA_COMMUNITY_ID, value: payout.communityId },
          { key: SA_STATUS, value: payout.status },
          { key: SA_AMOUNT_MINOR, value: payout.amountMinor },
          { key: SA_CURRENCY, value: payout.currency.toUpperCase() },
          // Stripe and the bank move an open payout: no party of ours, until the watch raises the stuck alert.
          { key: SA_WAITING_ON, value: 'nobody' },
          { key: SA_WAITING_SINCE, value: payout.stripeCreatedAt },
        ],
        staticSummary: payoutSummary(payout.stripePayoutId, ops),
        staticDetails: payoutStaticDetails({
          stripePayoutId: payout.stripePayoutId,
          communityId: payout.communityId,
          stripeAccountId: accountId,
        }),
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  } else {
    // Settled: its watch (if any is still running) ends, clearing a stuck alert. Told on every such event, so a
    // redelivery after a failed signal still tells it; a watch that ended already, or never started, needs nothing.
    try {
      await deps.temporal.workflow
        .getHandle(payoutWorkflowId(payout.stripePayoutId))
        .signal(payoutSettledSignal, { status: payout.status });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  const stale = result.outcome === 'stale' ? '; older than the state already recorded, nothing changed' : '';
  return { delivery: 'applied', note: `payout ${payout.stripePayoutId} ${payout.status}${stale}` };
}
