import { and, desc, eq, inArray } from 'drizzle-orm';
import { payoutEventIsNewer, type TPayoutStatus } from '../../domain/payouts.js';
import type { TPaymentOpsTaskKind } from '../../domain/ops-tasks.js';
import type { TDbOrTx } from '../client.js';
import { communityMembers, emailOutbox, paymentOpsTasks, users } from '../schema/index.js';
import { connectedPayouts } from '../schema/payouts.js';
import { payoutAccounts } from '../schema/stripe.js';
import { COMMUNITY_NEGOTIATORS } from './negotiation-repository.js';

export type TConnectedPayout = typeof connectedPayouts.$inferSelect;

/** The payout accounts with that Stripe account id (more than one only where stripe-mock reuses its fixture id). */
export async function payoutAccountsByStripeId(db: TDbOrTx, stripeAccountId: string) {
  return db
    .select({ id: payoutAccounts.id, communityId: payoutAccounts.communityId })
    .from(payoutAccounts)
    .where(eq(payoutAccounts.stripeAccountId, stripeAccountId));
}

export type TPayoutState = {
  stripePayoutId: string;
  payoutAccountId: string;
  communityId: string;
  amountMinor: number;
  currency: string;
  status: TPayoutStatus;
  arrivalDate: Date | null;
  failureCode: string | null;
  failureMessage: string | null;
  stripeCreatedAt: Date;
  eventCreatedAt: Date;
};

/**
 * Records what an event says of a payout: a payout seen first is inserted; a known one takes the event's state only
 * when the event is newer than the one that set the row (payoutEventIsNewer), under a row lock so two deliveries at
 * once apply in order. The payout stays with the account that first reported it.
 */
export async function applyPayoutState(
  tx: TDbOrTx,
  state: TPayoutState,
): Promise<{
  outcome: 'inserted' | 'applied' | 'stale';
  before: TConnectedPayout | null;
  after: TConnectedPayout;
}> {
  const [inserted] = await tx
    .insert(connectedPayouts)
    .values(state)
    .onConflictDoNothing({ target: connectedPayouts.stripePayoutId })
    .returning();
  if (inserted) return { outcome: 'inserted', before: null, after: inserted };
  const [before] = await tx
    .select()
    .from(connectedPayouts)
    .where(eq(connectedPayouts.stripePayoutId, state.stripePayoutId))
    .for('update');
  if (!payoutEventIsNewer(before!, state)) return { outcome: 'stale', before: before!, after: before! };
  const [after] = await tx
    .update(connectedPayouts)
    .set({
      amountMinor: state.amountMinor,
      currency: state.currency,
      status: state.status,
      arrivalDate: state.arrivalDate,
      failureCode: state.failureCode,
      failureMessage: state.failureMessage,
      eventCreatedAt: state.eventCreatedAt,
      updatedAt: new Date(),
    })
    .where(eq(connectedPayouts.id, before!.id))
    .returning();
  return { outcome: 'applied', before: before!, after: after! };
}

export async function findPayoutByStripeId(db: TDbOrTx, stripePayoutId: string) {
  const [row] = await db
    .select()
    .from(connectedPayouts)
    .where(eq(connectedPayouts.stripePayoutId, stripePayoutId));
  return row ?? null;
}

/** A community's latest payouts, newest first (by Stripe's creation time). */
export async function latestCommunityPayouts(db: TDbOrTx, communityId: string, limit = 20) {
  return db
    .select()
    .from(connectedPayouts)
    .where(eq(connectedPayouts.communityId, communityId))
    .orderBy(desc(connectedPayouts.stripeCreatedAt), desc(connectedPayouts.id))
    .limit(limit);
}

/**
 * Ops hear of a payout that needs a person: an open task and an email to every active platform admin, and (when
 * `community`) an email to the community's active negotiators. Keyed by `key`, so a retry or a redelivered event
 * opens and sends nothing twice (false: opened before). Call inside the step's transaction.
 */
export async function openPayoutOpsTask(
  tx: TDbOrTx,
  input: {
    payout: TConnectedPayout;
    key: string;
    kind: TPaymentOpsTaskKind;
    detail: string;
    community?: { subject: string; body: string };
  },
): Promise<boolean> {
  const { payout, key, kind, detail } = input;
  const opened = await tx
    .insert(paymentOpsTasks)
    .values({ paymentId: null, payoutId: payout.id, idempotencyKey: key, kind, detail })
    .onConflictDoNothing()
    .returning({ id: paymentOpsTasks.id });
  // Opened before (a retry, a redelivered event): its emails were queued with it.
  if (opened.length === 0) return false;
  const admins = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.isPlatformAdmin, true), eq(users.status, 'active')));
  const open = `Open: GET /api/v1/communities/${payout.communityId}/payout-account`;
  const mails = admins.map((a) => ({
    idempotencyKey: `${key}:ops:${a.email}`,
    to: a.email,
    subject: `Payout ${payout.stripePayoutId} needs ops: ${kind.replaceAll('_', ' ')}`,
    body: `${detail}\n\n${open}`,
  }));
  if (input.community) {
    const members = await tx
      .select({ email: users.email })
      .from(communityMembers)
      .innerJoin(users, eq(users.id, communityMembers.userId))
      .where(
        and(
          eq(communityMembers.communityId, payout.communityId),
          eq(communityMembers.status, 'Active'),
          inArray(communityMembers.role, [...COMMUNITY_NEGOTIATORS]),
        ),
      );
    for (const m of members)
      mails.push({
        idempotencyKey: `${key}:community:${m.email}`,
        to: m.email,
        subject: input.community.subject,
        body: `${input.community.body}\n\n${open}`,
      });
  }
  if (mails.length) await tx.insert(emailOutbox).values(mails).onConflictDoNothing();
  return true;
}
