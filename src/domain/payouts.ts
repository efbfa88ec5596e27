/**
 * Payouts of a community's connected account (Stripe moving its balance to the community's bank), as Stripe reports
 * them with payout.* events on the connected account. Pure rules; the webhook applies them.
 */
export const PAYOUT_STATUSES = ['pending', 'in_transit', 'paid', 'failed', 'canceled'] as const;
export type TPayoutStatus = (typeof PAYOUT_STATUSES)[number];

/** The payout events we track (all of Stripe's payout.* except reconciliation_completed). */
export const PAYOUT_EVENT_TYPES = [
  'payout.created',
  'payout.updated',
  'payout.paid',
  'payout.failed',
  'payout.canceled',
] as const;
export const isPayoutEventType = (type: string): type is (typeof PAYOUT_EVENT_TYPES)[number] =>
  (PAYOUT_EVENT_TYPES as readonly string[]).includes(type);

/** Still on its way: money a community is waiting for, stuck when it stays so past ESCROW_STUCK_AFTER. */
export const payoutOpen = (status: TPayoutStatus) => status === 'pending' || status === 'in_transit';

/**
 * The status an event reports: the object's own status when Stripe gave a known one, else the event type's
 * (payout.paid is paid even if a test sender left the object's status out).
 */
export function payoutStatusOf(eventType: string, objectStatus: unknown): TPayoutStatus | null {
  if (typeof objectStatus === 'string' && (PAYOUT_STATUSES as readonly string[]).includes(objectStatus))
    return objectStatus as TPayoutStatus;
  if (eventType === 'payout.paid') return 'paid';
  if (eventType === 'payout.failed') return 'failed';
  if (eventType === 'payout.canceled') return 'canceled';
  if (eventType === 'payout.created') return 'pending';
  return null;
}

/**
 * Whether an event's state replaces the stored one. Stripe delivers in any order: the later `created` wins; at the
 * same second a final status (paid, failed, canceled) wins over an open one, so a payout.paid sent in the same
 * second as its payout.updated is never undone by it.
 */
export function payoutEventIsNewer(
  stored: { status: TPayoutStatus; eventCreatedAt: Date },
  incoming: { status: TPayoutStatus; eventCreatedAt: Date },
): boolean {
  const a = stored.eventCreatedAt.getTime();
  const b = incoming.eventCreatedAt.getTime();
  if (b !== a) return b > a;
  return payoutOpen(stored.status) && !payoutOpen(incoming.status);
}
