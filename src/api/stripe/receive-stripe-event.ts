/**
 * An incoming Stripe event, verified by the route: stored once by its id, then delivered. Stripe delivers at least
 * once and in any order, so:
 * - a stored event is never stored or applied twice; a redelivery of one whose delivery failed (Temporal down)
 *   delivers it again, and the escrow workflow ignores an event id it has seen;
 * - payment_intent.*, charge.* and refund.* go to `escrow:<metadata.paymentId>` as a signal (no such workflow:
 *   recorded on the event row, answered 200, since Stripe retrying would not make it appear);
 * - account.updated updates the community's payout account unless a newer event already did (`stateAsOf`), then
 *   tells each escrow of that community that waits for a payout account;
 * - payout.* on a connected account we know updates that community's payout (apply-payout-event.ts).
 */
import { WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  applyPayoutAccountState,
  escrowsAwaitingPayout,
  findStripeEvent,
  insertStripeEvent,
  paymentIdForStripeObject,
  recordStripeEventDelivery,
  type TPayoutAccountState,
} from '../../db/repositories/stripe-repository.js';
import { dealOps } from '../../db/repositories/negotiation-repository.js';
import { findPayment } from '../../db/repositories/payments-repository.js';
import type { TStripeEventDelivery } from '../../domain/stripe-events.js';
import { AppError } from '../../errors.js';
import {
  ESCROW_WORKFLOW,
  escrowWorkflowId,
  payoutAccountChangedSignal,
  stripeEventSignal,
  type TEscrowInput,
  type TStripeEventSignal,
} from '../../workflows/escrow/escrow.contract.js';
import { dealSummary, escrowStaticDetails } from '../../domain/ops-view.js';
import { isPayoutEventType } from '../../domain/payouts.js';
import type { TApiDeps } from '../context.js';
import { applyPayoutEvent } from './apply-payout-event.js';
import type { TStripeEventBody } from './stripe.types.js';

const isUuid = (value: unknown): value is string => z.uuid().safeParse(value).success;

type TObject = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** An expandable field: the id, or the expanded object's id. */
const idOf = (v: unknown): string | null => str(v) ?? str((v as TObject | null)?.id);

/** Events the escrow workflow is told about. */
export const escrowEventType = (type: string) =>
  type.startsWith('payment_intent.') || type.startsWith('charge.') || type.startsWith('refund.');

/** The few fields of the event's object the workflow needs (see TStripeEventSignal). */
export function signalOf(event: TStripeEventBody): TStripeEventSignal {
  const object = event.data.object as TObject;
  const fields: TStripeEventSignal['fields'] = { objectType: str(object.object) };
  const kind = str(object.object);
  if (kind === 'payment_intent') {
    fields.amountMinor = num(object.amount_received) || num(object.amount);
    fields.currency = str(object.currency);
    fields.status = str(object.status);
    fields.chargeId = idOf(object.latest_charge);
    fields.failureMessage = str((object.last_payment_error as TObject | null)?.message);
    // Only when the charge and its balance transaction were expanded (Stripe's webhooks do not expand them).
    const balance = (object.latest_charge as TObject | null)?.balance_transaction as
      TObject | null | undefined;
    if (balance && typeof balance === 'object') fields.processorFeeMinor = num(balance.fee);
  } else if (kind === 'charge') {
    fields.amountMinor = num(object.amount);
    fields.amountRefundedMinor = num(object.amount_refunded);
    fields.currency = str(object.currency);
    fields.status = str(object.status);
    fields.chargeId = str(object.id);
    fields.paymentIntentId = idOf(object.payment_intent);
    fields.failureMessage = str(object.failure_message);
    const balance = object.balance_transaction as TObject | null;
    if (balance && typeof balance === 'object') fields.processorFeeMinor = num(balance.fee);
  } else if (kind === 'dispute') {
    fields.amountMinor = num(object.amount);
    fields.currency = str(object.currency);
    fields.chargeId = idOf(object.charge);
    fields.paymentIntentId = idOf(object.payment_intent);
    fields.disputeStatus = str(object.status);
    fields.disputeReason = str(object.reason);
    // Stripe's deadline (seconds) for the platform's evidence: ops get it on their task.
    fields.evidenceDueBy = num((object.evidence_details as TObject | null | undefined)?.due_by);
  } else if (kind === 'refund') {
    // refund.updated / charge.refund.updated: our refund by the key we put in its metadata when creating it.
    fields.amountMinor = num(object.amount);
    fields.currency = str(object.currency);
    fields.chargeId = idOf(object.charge);
    fields.paymentIntentId = idOf(object.payment_intent);
    fields.refundStatus = str(object.status);
    fields.failureReason = str(object.failure_reason);
    fields.refundKey = str((object.metadata as TObject | null)?.refundKey);
  }
  return {
    eventId: event.id,
    type: event.type,
    created: event.created,
    objectId: str(object.id) ?? '',
    fields,
  };
}

/** The PaymentIntent and charge an escrow event's object names (itself, or the ones it points to). */
function stripeIdsOf(event: TStripeEventBody): { paymentIntentId: string | null; chargeId: string | null } {
  const object = event.data.object as TObject;
  const kind = str(object.object);
  if (kind === 'payment_intent')
    return { paymentIntentId: str(object.id), chargeId: idOf(object.latest_charge) };
  if (kind === 'charge') return { paymentIntentId: idOf(object.payment_intent), chargeId: str(object.id) };
  return { paymentIntentId: idOf(object.payment_intent), chargeId: idOf(object.charge) };
}

function payoutStateOf(account: TObject): TPayoutAccountState {
  return {
    payoutsEnabled: account.payouts_enabled === true,
    chargesEnabled: account.charges_enabled === true,
    detailsSubmitted: account.details_submitted === true,
    requirements: (account.requirements as Record<string, unknown> | null) ?? {},
    country: str(account.country),
    defaultCurrency: str(account.default_currency),
  };
}

export type TStripeWebhookResult = {
  eventId: string;
  duplicate: boolean;
  delivery: Exclude<TStripeEventDelivery, 'pending'>;
  note: string | null;
};

export async function receiveStripeEvent(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'logger' | 'config'>,
  event: TStripeEventBody,
  requestId: string | null,
): Promise<TStripeWebhookResult> {
  const { db } = deps;
  const object = event.data.object as TObject;
  const metadata = event.data.object.metadata ?? {};
  // Our id from the metadata we set; an object without it (a dispute) by its PaymentIntent or charge.
  const paymentId = isUuid(metadata.paymentId)
    ? metadata.paymentId
    : escrowEventType(event.type)
      ? await paymentIdForStripeObject(db, stripeIdsOf(event))
      : null;
  const communityId = isUuid(metadata.communityId) ? metadata.communityId : null;

  const stored = await db.transaction(async (tx) => {
    const inserted = await insertStripeEvent(tx, {
      id: event.id,
      type: event.type,
      livemode: event.livemode,
      stripeCreatedAt: new Date(event.created * 1000),
      objectId: str(object.id),
      account: event.account ?? (event.type.startsWith('account.') ? str(object.id) : null),
      paymentId,
      communityId,
      payload: event,
    });
    if (inserted)
      await writeAudit(tx, {
        actorUserId: null,
        action: 'stripe_event.received',
        entityType: 'stripe_event',
        entityId: event.id,
        after: { type: event.type, created: event.created, objectId: str(object.id), paymentId, communityId },
        requestId,
      });
    return inserted;
  });
  if (!stored) {
    const previous = (await findStripeEvent(db, event.id))!;
    // Delivered (or found undeliverable) before: the same event changes nothing again.
    if (previous.delivery !== 'pending')
      return { eventId: event.id, duplicate: true, delivery: previous.delivery, note: previous.deliveryNote };
  }

  const { delivery, note } = await deliver(deps, event, { paymentId, communityId }, requestId);
  await recordStripeEventDelivery(db, event.id, delivery, note);
  return { eventId: event.id, duplicate: !stored, delivery, note };
}

async function deliver(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'logger' | 'config'>,
  event: TStripeEventBody,
  ids: { paymentId: string | null; communityId: string | null },
  requestId: string | null,
): Promise<{ delivery: Exclude<TStripeEventDelivery, 'pending'>; note: string | null }> {
  if (event.type === 'account.updated') return applyAccountUpdated(deps, event, ids.communityId, requestId);
  if (isPayoutEventType(event.type)) return applyPayoutEvent(deps, event, requestId);
  if (!escrowEventType(event.type))
    return { delivery: 'ignored', note: `${event.type} events are not used by the marketplace` };
  if (!ids.paymentId)
    return {
      delivery: 'ignored',
      note: 'the object carries no metadata.paymentId, and no single payment has its PaymentIntent or charge',
    };
  const workflowId = escrowWorkflowId(ids.paymentId);
  const payment = await findPayment(deps.db, ids.paymentId);
  try {
    if (payment) {
      // A known payment's escrow may have ended (7 days after it settled or failed): a late chargeback or payment
      // must still reach it, so it is signalled with start. A new run reads the payment's state from Postgres (the
      // events it saw included) and handles the event as the old run would have.
      const input: TEscrowInput = {
        paymentId: payment.id,
        contractId: payment.contractId,
        dealId: payment.dealId,
      };
      // Who, what and how much by name, as at the escrow's first start: a restarted run is read in the UI the same way.
      const deal = await dealOps(deps.db, input.dealId);
      await withTemporal(() =>
        deps.temporal.workflow.signalWithStart(ESCROW_WORKFLOW, {
          workflowId,
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          args: [input],
          signal: stripeEventSignal,
          signalArgs: [signalOf(event)],
          staticSummary: deal
            ? dealSummary('Escrow', deal)
            : `Escrow of deal ${input.dealId} (contract ${input.contractId})`,
          staticDetails: escrowStaticDetails(input),
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        }),
      );
      return { delivery: 'signalled', note: null };
    }
    await withTemporal(() =>
      deps.temporal.workflow.getHandle(workflowId).signal(stripeEventSignal, signalOf(event)),
    );
    return { delivery: 'signalled', note: null };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      return { delivery: 'no_workflow', note: `no running workflow ${workflowId}` };
    throw err;
  }
}

async function applyAccountUpdated(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'logger'>,
  event: TStripeEventBody,
  communityId: string | null,
  requestId: string | null,
): Promise<{ delivery: 'applied' | 'ignored'; note: string | null }> {
  const account = event.data.object as TObject;
  const accountId = str(account.id);
  // Our id from the account's metadata (set at creation), not Stripe's account id: stripe-mock gives every account
  // the same id, and an account id alone would not say which community's row to trust.
  if (!communityId || !accountId)
    return { delivery: 'ignored', note: 'the account carries no metadata.communityId' };
  const result = await deps.db.transaction(async (tx) => {
    const applied = await applyPayoutAccountState(tx, {
      communityId,
      stripeAccountId: accountId,
      state: payoutStateOf(account),
      asOf: new Date(event.created * 1000),
    });
    if (applied.outcome === 'applied')
      await writeAudit(tx, {
        actorUserId: null,
        action: 'payout_account.updated',
        entityType: 'payout_account',
        entityId: applied.after.id,
        before: applied.before,
        after: applied.after,
        reason: `Stripe ${event.type} ${event.id}`,
        requestId,
      });
    return applied;
  });
  if (result.outcome === 'unknown_account')
    return {
      delivery: 'ignored',
      note: `community ${communityId} has no payout account ${accountId}`,
    };
  // Stale or not, the account's current state is what the waiting escrows should see; a signal they already acted
  // on is harmless (the workflow re-checks the account through an activity).
  const current = result.outcome === 'applied' ? result.after : result.before!;
  const waiting = await escrowsAwaitingPayout(deps.db, communityId);
  for (const paymentId of waiting) {
    try {
      await withTemporal(() =>
        deps.temporal.workflow
          .getHandle(escrowWorkflowId(paymentId))
          .signal(payoutAccountChangedSignal, { communityId, payoutsEnabled: current.payoutsEnabled }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      deps.logger.warn({ paymentId }, 'a payment awaiting a payout account has no running escrow workflow');
    }
  }
  const told = waiting.length > 0 ? `; told ${waiting.length} waiting escrow(s)` : '';
  return result.outcome === 'applied'
    ? { delivery: 'applied', note: `payoutsEnabled=${current.payoutsEnabled}${told}` }
    : { delivery: 'applied', note: `older than the state already recorded; nothing changed${told}` };
}

/** Temporal not answering: a 503, so Stripe delivers again (the event stays pending and is delivered then). */
async function withTemporal<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw err;
    throw new AppError(
      'UNAVAILABLE',
      'The workflow service is unavailable; Stripe will deliver the event again',
      {
        cause: err instanceof Error ? err.message : String(err),
      },
      { 'Retry-After': '5' },
    );
  }
}
