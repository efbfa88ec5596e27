import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { TDbOrTx } from '../client.js';
import {
  events,
  paymentDisputes,
  paymentEvents,
  paymentMilestones,
  paymentMovements,
  paymentOpsTasks,
  paymentReleaseApprovals,
  paymentReleaseRequests,
  payments,
} from '../schema/index.js';
import type { TPaymentRow } from './payments-repository.js';

/** The escrow activities' writes: the payment's read model, its timeline, milestones, movements and disputes. */

export type TPaymentValues = Partial<typeof payments.$inferInsert>;
export type TMovementRow = typeof paymentMovements.$inferSelect;

/** A payment's row (`forUpdate` locks it for the step that changes it). */
export async function findPaymentRow(
  db: TDbOrTx,
  paymentId: string,
  forUpdate = false,
): Promise<TPaymentRow | undefined> {
  const query = db.select().from(payments).where(eq(payments.id, paymentId)).limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** The request a deal was negotiated in (its negotiators are the ones emailed about the payment). */
export async function requestIdOfDeal(db: TDbOrTx, dealId: string): Promise<string> {
  const found = await db.execute<{ request_id: string }>(
    sql`select request_id from deals where id = ${dealId}`,
  );
  return found.rows[0]!.request_id;
}

/** When the deal's event ends, if it has one. */
export async function eventEndsAtOf(db: TDbOrTx, eventId: string): Promise<Date | undefined> {
  const [event] = await db.select({ endsAt: events.endsAt }).from(events).where(eq(events.id, eventId));
  return event?.endsAt;
}

/** Records a payment; undefined when its id (or its deal) has one already (another start won). */
export async function insertPaymentIfNew(
  tx: TDbOrTx,
  values: typeof payments.$inferInsert,
): Promise<TPaymentRow | undefined> {
  const [row] = await tx.insert(payments).values(values).onConflictDoNothing().returning();
  return row;
}

export async function insertMilestones(tx: TDbOrTx, rows: (typeof paymentMilestones.$inferInsert)[]) {
  await tx.insert(paymentMilestones).values(rows);
}

/** Writes the payment row's fields (the caller sets updatedAt). */
export async function updatePaymentRow(tx: TDbOrTx, paymentId: string, values: TPaymentValues) {
  await tx.update(payments).set(values).where(eq(payments.id, paymentId));
}

/** Writes a milestone row's fields (the caller sets updatedAt). */
export async function updateMilestoneRow(
  tx: TDbOrTx,
  milestoneId: string,
  values: Partial<typeof paymentMilestones.$inferInsert>,
) {
  await tx.update(paymentMilestones).set(values).where(eq(paymentMilestones.id, milestoneId));
}

/** One timeline row of a payment (its key unique: a second insert of the same step fails). */
export async function insertPaymentEvent(tx: TDbOrTx, values: typeof paymentEvents.$inferInsert) {
  await tx.insert(paymentEvents).values(values);
}

/** One timeline row of a payment; undefined when its key was recorded before (a retried or concurrent step). */
export async function insertPaymentEventIfNew(tx: TDbOrTx, values: typeof paymentEvents.$inferInsert) {
  const [row] = await tx.insert(paymentEvents).values(values).onConflictDoNothing().returning();
  return row;
}

/** Whether a step's timeline row (by its idempotency key) is recorded. */
export async function paymentEventRecorded(db: TDbOrTx, idempotencyKey: string): Promise<boolean> {
  const [done] = await db
    .select({ id: paymentEvents.id })
    .from(paymentEvents)
    .where(eq(paymentEvents.idempotencyKey, idempotencyKey));
  return Boolean(done);
}

/** Records a money movement at Stripe once per idempotency key. */
export async function insertMovementIfNew(db: TDbOrTx, values: typeof paymentMovements.$inferInsert) {
  await db.insert(paymentMovements).values(values).onConflictDoNothing();
}

/** Settles the movement recorded under a key (a refund Stripe confirmed or refused). */
export async function settleMovement(
  tx: TDbOrTx,
  idempotencyKey: string,
  values: Partial<typeof paymentMovements.$inferInsert>,
) {
  await tx.update(paymentMovements).set(values).where(eq(paymentMovements.idempotencyKey, idempotencyKey));
}

/** A milestone's succeeded transfers to the community, oldest first. */
export async function succeededTransfersOf(db: TDbOrTx, milestoneId: string): Promise<TMovementRow[]> {
  return db
    .select()
    .from(paymentMovements)
    .where(
      and(
        eq(paymentMovements.milestoneId, milestoneId),
        eq(paymentMovements.kind, 'transfer'),
        eq(paymentMovements.status, 'succeeded'),
      ),
    )
    .orderBy(asc(paymentMovements.createdAt), asc(paymentMovements.id));
}

/** Opens an ops task once per idempotency key. */
export async function insertOpsTaskIfNew(tx: TDbOrTx, values: typeof paymentOpsTasks.$inferInsert) {
  await tx.insert(paymentOpsTasks).values(values).onConflictDoNothing();
}

/** The open release request of a milestone (the latest without an outcome). */
export async function openReleaseRequest(tx: TDbOrTx, milestoneId: string) {
  const [row] = await tx
    .select()
    .from(paymentReleaseRequests)
    .where(and(eq(paymentReleaseRequests.milestoneId, milestoneId), isNull(paymentReleaseRequests.outcome)))
    .orderBy(desc(paymentReleaseRequests.createdAt))
    .limit(1);
  return row;
}

export async function decideReleaseRequest(
  tx: TDbOrTx,
  requestId: string,
  outcome: 'approved' | 'auto_released' | 'disputed' | 'refunded',
) {
  await tx
    .update(paymentReleaseRequests)
    .set({ outcome, decidedAt: new Date() })
    .where(eq(paymentReleaseRequests.id, requestId));
}

/** A refund ends every release request of the payment still open. */
export async function refundOpenReleaseRequests(tx: TDbOrTx, paymentId: string) {
  await tx
    .update(paymentReleaseRequests)
    .set({ outcome: 'refunded', decidedAt: new Date() })
    .where(and(eq(paymentReleaseRequests.paymentId, paymentId), isNull(paymentReleaseRequests.outcome)));
}

export async function insertReleaseRequest(tx: TDbOrTx, values: typeof paymentReleaseRequests.$inferInsert) {
  await tx.insert(paymentReleaseRequests).values(values);
}

/** A reviewer's approval of a release request, once per person. */
export async function insertReleaseApprovalIfNew(
  tx: TDbOrTx,
  values: typeof paymentReleaseApprovals.$inferInsert,
) {
  await tx.insert(paymentReleaseApprovals).values(values).onConflictDoNothing();
}

export async function insertDispute(tx: TDbOrTx, values: typeof paymentDisputes.$inferInsert) {
  await tx.insert(paymentDisputes).values(values);
}

/** Writes a dispute's fields (the caller sets updatedAt). */
export async function updateDispute(
  tx: TDbOrTx,
  disputeId: string,
  values: Partial<typeof paymentDisputes.$inferInsert>,
) {
  await tx.update(paymentDisputes).set(values).where(eq(paymentDisputes.id, disputeId));
}
