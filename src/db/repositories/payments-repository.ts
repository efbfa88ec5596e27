import { asc, eq } from 'drizzle-orm';
import type { TDbOrTx } from '../client.js';
import { contracts, paymentEvents, paymentDisputes, payments } from '../schema/index.js';

/** A payment row as stored (its escrow state read model included). */
export type TPaymentRow = typeof payments.$inferSelect;

export async function findPayment(db: TDbOrTx, paymentId: string) {
  const [row] = await db.select().from(payments).where(eq(payments.id, paymentId)).limit(1);
  return row;
}

export async function findPaymentOfDeal(db: TDbOrTx, dealId: string) {
  const [row] = await db.select().from(payments).where(eq(payments.dealId, dealId)).limit(1);
  return row;
}

/** The payment a dispute belongs to (disputes are addressed by their own id). */
export async function findDispute(db: TDbOrTx, disputeId: string) {
  const [row] = await db.select().from(paymentDisputes).where(eq(paymentDisputes.id, disputeId)).limit(1);
  return row;
}

export async function listPaymentEvents(db: TDbOrTx, paymentId: string) {
  return db
    .select()
    .from(paymentEvents)
    .where(eq(paymentEvents.paymentId, paymentId))
    .orderBy(asc(paymentEvents.id));
}

export async function contractStatusOf(db: TDbOrTx, contractId: string) {
  const [row] = await db
    .select({ status: contracts.status })
    .from(contracts)
    .where(eq(contracts.id, contractId))
    .limit(1);
  return row?.status ?? null;
}
