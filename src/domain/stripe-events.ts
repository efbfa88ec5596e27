/**
 * What became of a Stripe event we stored (the webhook log's `delivery`): the API answers with it and the table stores
 * it, so the list lives here, below both.
 */
export const STRIPE_EVENT_DELIVERIES = [
  /** Stored; not delivered yet (or the last attempt failed: a redelivery by Stripe tries again). */
  'pending',
  /** Signalled to `escrow:<paymentId>`. */
  'signalled',
  /** `escrow:<paymentId>` does not exist (never started, or already closed). */
  'no_workflow',
  /** account.updated applied to the community's payout account. */
  'applied',
  /** Nothing to deliver it to: a type we do not handle, or no paymentId/communityId in its metadata. */
  'ignored',
] as const;
export type TStripeEventDelivery = (typeof STRIPE_EVENT_DELIVERIES)[number];
