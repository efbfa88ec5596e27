import { defineSignal } from '@temporalio/workflow';

export const ESCROW_WORKFLOW = 'escrowWorkflow';
/** One escrow per payment; the payment id is derived from the contract, so a signed contract starts one escrow. */
export const escrowWorkflowId = (paymentId: string) => `escrow:${paymentId}`;

/** Ids only: amounts, milestones and parties are read from Postgres by the first activity. */
export type TEscrowInput = { paymentId: string; contractId: string; dealId: string };

/**
 * A verified Stripe event, already stored once by its id (stripe_events). The webhook route signals it to
 * `escrow:<metadata.paymentId>`; duplicates and any order must be harmless to the workflow.
 */
export type TStripeEventSignal = {
  /** Stripe's event id (evt_...), the dedupe key inside the workflow too. */
  eventId: string;
  /** e.g. payment_intent.succeeded, payment_intent.payment_failed, charge.dispute.created, charge.dispute.closed. */
  type: string;
  /** Stripe's `created` (seconds), so the workflow can ignore an older event that arrives after a newer one. */
  created: number;
  /** The event's data.object id (pi_..., ch_..., dp_...) and the few fields the workflow needs. */
  objectId: string;
  /** e.g. { amountMinor, currency, processorFeeMinor, chargeId, failureMessage, disputeStatus } */
  fields: Record<string, string | number | boolean | null>;
};
export const stripeEventSignal = defineSignal<[TStripeEventSignal]>('stripeEvent');

/** The community's connected account changed (account.updated); an escrow waiting for payouts re-checks it. */
export const payoutAccountChangedSignal = defineSignal<[{ communityId: string; payoutsEnabled: boolean }]>(
  'payoutAccountChanged',
);
