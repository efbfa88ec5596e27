import { and, eq, exists, isNull, lte, or, sql } from 'drizzle-orm';
import type { TDbOrTx } from '../client.js';
import { paymentMilestones, payments } from '../schema/payments.js';
import { payoutAccounts, stripeEvents, type TStripeEventDelivery } from '../schema/stripe.js';

export type TStripeEventRow = typeof stripeEvents.$inferSelect;

/** Stores a verified event once by its id; false when it was stored before (a redelivery or a replay). */
export async function insertStripeEvent(
  tx: TDbOrTx,
  event: Omit<typeof stripeEvents.$inferInsert, 'delivery' | 'deliveredAt' | 'receivedAt'>,
): Promise<boolean> {
  const inserted = await tx
    .insert(stripeEvents)
    .values(event)
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id });
  return inserted.length > 0;
}

export async function findStripeEvent(db: TDbOrTx, eventId: string): Promise<TStripeEventRow | null> {
  const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, eventId));
  return row ?? null;
}

/** What became of an event; `pending` stays for an attempt that failed (the next delivery by Stripe retries). */
export async function recordStripeEventDelivery(
  db: TDbOrTx,
  eventId: string,
  delivery: Exclude<TStripeEventDelivery, 'pending'>,
  note: string | null,
): Promise<void> {
  await db
    .update(stripeEvents)
    .set({ delivery, deliveryNote: note, deliveredAt: new Date() })
    .where(eq(stripeEvents.id, eventId));
}

export type TPayoutAccount = {
  id: string;
  communityId: string;
  stripeAccountId: string;
  payoutsEnabled: boolean;
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
  requirements: Record<string, unknown>;
  country: string | null;
  defaultCurrency: string | null;
  stateAsOf: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

const toPayoutAccount = (row: typeof payoutAccounts.$inferSelect): TPayoutAccount => ({
  id: row.id,
  communityId: row.communityId,
  stripeAccountId: row.stripeAccountId,
  payoutsEnabled: row.payoutsEnabled,
  chargesEnabled: row.chargesEnabled,
  detailsSubmitted: row.detailsSubmitted,
  requirements: row.requirements,
  country: row.country,
  defaultCurrency: row.defaultCurrency,
  stateAsOf: row.stateAsOf,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** The community's connected account, or null when it has none yet (a release then waits: AwaitingPayoutAccount). */
export async function findPayoutAccount(db: TDbOrTx, communityId: string): Promise<TPayoutAccount | null> {
  const [row] = await db.select().from(payoutAccounts).where(eq(payoutAccounts.communityId, communityId));
  return row ? toPayoutAccount(row) : null;
}

export type TPayoutAccountState = {
  payoutsEnabled: boolean;
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
  requirements: Record<string, unknown>;
  country: string | null;
  defaultCurrency: string | null;
};

/**
 * Records the account Stripe created for the community, or returns the one recorded first: two concurrent
 * creations (a retried request) keep one row, and Stripe's idempotency key gave both the same account.
 */
export async function insertPayoutAccount(
  tx: TDbOrTx,
  input: {
    communityId: string;
    stripeAccountId: string;
    createdBy: string | null;
    state: TPayoutAccountState;
  },
): Promise<{ account: TPayoutAccount; created: boolean }> {
  const [inserted] = await tx
    .insert(payoutAccounts)
    .values({
      communityId: input.communityId,
      stripeAccountId: input.stripeAccountId,
      createdBy: input.createdBy,
      ...input.state,
    })
    .onConflictDoNothing({ target: payoutAccounts.communityId })
    .returning();
  if (inserted) return { account: toPayoutAccount(inserted), created: true };
  const existing = await findPayoutAccount(tx, input.communityId);
  return { account: existing!, created: false };
}

/**
 * Applies the state an account.updated event carries, unless a newer event already set a state (Stripe does not
 * deliver in order). Returns the account before and after, or why nothing changed.
 */
export async function applyPayoutAccountState(
  tx: TDbOrTx,
  input: { communityId: string; stripeAccountId: string; state: TPayoutAccountState; asOf: Date },
): Promise<
  | { outcome: 'applied'; before: TPayoutAccount; after: TPayoutAccount }
  | { outcome: 'stale' | 'unknown_account'; before: TPayoutAccount | null }
> {
  const [locked] = await tx
    .select()
    .from(payoutAccounts)
    .where(eq(payoutAccounts.communityId, input.communityId))
    .for('update');
  if (!locked || locked.stripeAccountId !== input.stripeAccountId)
    return { outcome: 'unknown_account', before: locked ? toPayoutAccount(locked) : null };
  const before = toPayoutAccount(locked);
  const [updated] = await tx
    .update(payoutAccounts)
    .set({ ...input.state, stateAsOf: input.asOf, updatedAt: new Date() })
    .where(
      and(
        eq(payoutAccounts.id, locked.id),
        or(isNull(payoutAccounts.stateAsOf), lte(payoutAccounts.stateAsOf, input.asOf)),
      ),
    )
    .returning();
  if (!updated) return { outcome: 'stale', before };
  return { outcome: 'applied', before, after: toPayoutAccount(updated) };
}

/**
 * The escrows of a community whose money waits for a payout account: the payment, or one of its milestones, is
 * AwaitingPayoutAccount. account.updated signals each of them.
 */
export async function escrowsAwaitingPayout(db: TDbOrTx, communityId: string): Promise<string[]> {
  const rows = await db
    .select({ id: payments.id })
    .from(payments)
    .where(
      and(
        eq(payments.communityId, communityId),
        or(
          eq(payments.status, 'AwaitingPayoutAccount'),
          exists(
            db
              .select({ one: sql`1` })
              .from(paymentMilestones)
              .where(
                and(
                  eq(paymentMilestones.paymentId, payments.id),
                  eq(paymentMilestones.status, 'AwaitingPayoutAccount'),
                ),
              ),
          ),
        ),
      ),
    )
    .orderBy(payments.id);
  return rows.map((r) => r.id);
}

/**
 * Our payment for a Stripe object that does not carry metadata.paymentId (a dispute carries only its charge and
 * PaymentIntent): the one payment with that PaymentIntent or charge. None or several (stripe-mock's fixture ids are
 * shared by every payment): null, and the event is recorded as not routed.
 */
export async function paymentIdForStripeObject(
  db: TDbOrTx,
  ids: { paymentIntentId: string | null; chargeId: string | null },
): Promise<string | null> {
  const conditions = [
    ...(ids.paymentIntentId ? [eq(payments.stripePaymentIntentId, ids.paymentIntentId)] : []),
    ...(ids.chargeId ? [eq(payments.stripeChargeId, ids.chargeId)] : []),
  ];
  if (conditions.length === 0) return null;
  const rows = await db
    .select({ id: payments.id })
    .from(payments)
    .where(or(...conditions))
    .limit(2);
  return rows.length === 1 ? rows[0]!.id : null;
}
