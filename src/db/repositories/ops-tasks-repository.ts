import { and, asc, count, desc, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { TPaymentOpsTaskKind, TPaymentOpsTaskStatus } from '../../domain/ops-tasks.js';
import type { TDbOrTx } from '../client.js';
import { paymentDisputes, paymentMilestones, paymentOpsTasks, payments } from '../schema/index.js';

export type TOpsTaskRow = typeof paymentOpsTasks.$inferSelect;

/**
 * Kinds whose cause no later escrow step settles (the money has to be recovered or corrected by hand): while one is
 * open the payment's alert stays, whatever the escrow's state says.
 */
export const MANUAL_OPS_TASK_KINDS: readonly TPaymentOpsTaskKind[] = [
  'reversal_failed',
  'chargeback_lost',
  'payment_mismatch',
  'refund_failed',
];

/** The ops queue, oldest first (what waited longest comes first), filtered by status and kind. */
export async function listOpsTasks(
  db: TDbOrTx,
  filter: { status?: TPaymentOpsTaskStatus; kind?: TPaymentOpsTaskKind; page: number; limit: number },
) {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(paymentOpsTasks.status, filter.status));
  if (filter.kind) where.push(eq(paymentOpsTasks.kind, filter.kind));
  const condition = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(paymentOpsTasks)
      .where(condition)
      .orderBy(asc(paymentOpsTasks.createdAt), asc(paymentOpsTasks.id))
      .limit(filter.limit)
      .offset((filter.page - 1) * filter.limit),
    db.select({ n: count() }).from(paymentOpsTasks).where(condition),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function findOpsTask(db: TDbOrTx, taskId: string, forUpdate = false) {
  const query = db.select().from(paymentOpsTasks).where(eq(paymentOpsTasks.id, taskId)).limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Marks a task done with its resolution (the caller holds the row lock and writes the audit row). */
export async function markOpsTaskDone(
  db: TDbOrTx,
  taskId: string,
  closure: { resolution: string; closedBy: string | null; at: Date },
) {
  const [row] = await db
    .update(paymentOpsTasks)
    .set({
      status: 'done',
      resolution: closure.resolution,
      closedBy: closure.closedBy,
      closedAt: closure.at,
      updatedAt: closure.at,
    })
    .where(and(eq(paymentOpsTasks.id, taskId), eq(paymentOpsTasks.status, 'open')))
    .returning();
  return row;
}

/** Open tasks of a payment whose cause only a person settles (see MANUAL_OPS_TASK_KINDS). */
export async function openManualOpsTasks(db: TDbOrTx, paymentId: string) {
  return db
    .select({ id: paymentOpsTasks.id, kind: paymentOpsTasks.kind })
    .from(paymentOpsTasks)
    .where(
      and(
        eq(paymentOpsTasks.paymentId, paymentId),
        eq(paymentOpsTasks.status, 'open'),
        inArray(paymentOpsTasks.kind, [...MANUAL_OPS_TASK_KINDS]),
      ),
    );
}

/** Clears a payment's alert (nothing left for ops to look at). */
export async function clearPaymentAlert(db: TDbOrTx, paymentId: string) {
  await db.update(payments).set({ alert: null, updatedAt: new Date() }).where(eq(payments.id, paymentId));
}

/**
 * Disputes for the platform admins' queue, those waiting longest for a resolution first: `open` = not resolved
 * (`resolved` = resolved, newest first). With the payment's currency and the milestone's label and amount.
 */
export async function listDisputes(
  db: TDbOrTx,
  filter: { status?: 'open' | 'resolved'; page: number; limit: number },
) {
  const where =
    filter.status === 'open'
      ? isNull(paymentDisputes.outcome)
      : filter.status === 'resolved'
        ? isNotNull(paymentDisputes.outcome)
        : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        dispute: paymentDisputes,
        currency: payments.currency,
        paymentStatus: payments.status,
        communityId: payments.communityId,
        organizationId: payments.organizationId,
        milestoneLabel: paymentMilestones.label,
        milestoneAmountMinor: paymentMilestones.amountMinor,
      })
      .from(paymentDisputes)
      .innerJoin(payments, eq(payments.id, paymentDisputes.paymentId))
      .innerJoin(paymentMilestones, eq(paymentMilestones.id, paymentDisputes.milestoneId))
      .where(where)
      .orderBy(
        filter.status === 'resolved' ? desc(paymentDisputes.resolvedAt) : asc(paymentDisputes.resolveBy),
        asc(paymentDisputes.id),
      )
      .limit(filter.limit)
      .offset((filter.page - 1) * filter.limit),
    db.select({ n: count() }).from(paymentDisputes).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}
