import { and, asc, eq, sql } from 'drizzle-orm';
import { formatDocumentNumber } from '../../domain/invoice.js';
import type { TDbOrTx } from '../client.js';
import { communities, deals, events, organizations } from '../schema/index.js';
import { documentCounters, invoices, receipts } from '../schema/invoices.js';
import { paymentMilestones, payments } from '../schema/payments.js';

export type TInvoiceRow = typeof invoices.$inferSelect;
export type TReceiptRow = typeof receipts.$inferSelect;

/**
 * Locks the series' counter for this transaction (creating it at 0 the first time). Every issuer of the series
 * waits here for the previous one to commit or roll back, so the number it then takes is the next one, without a
 * gap. Returns the last number used.
 */
export async function lockDocumentCounter(tx: TDbOrTx, series: string, year: number): Promise<number> {
  await tx.insert(documentCounters).values({ series, year, lastNumber: 0 }).onConflictDoNothing();
  const [row] = await tx
    .select({ lastNumber: documentCounters.lastNumber })
    .from(documentCounters)
    .where(and(eq(documentCounters.series, series), eq(documentCounters.year, year)))
    .for('update');
  return row!.lastNumber;
}

/** Takes the next number of a series whose counter this transaction holds (lockDocumentCounter first). */
export async function takeDocumentNumber(tx: TDbOrTx, series: string, year: number): Promise<string> {
  const [row] = await tx
    .update(documentCounters)
    .set({ lastNumber: sql`${documentCounters.lastNumber} + 1` })
    .where(and(eq(documentCounters.series, series), eq(documentCounters.year, year)))
    .returning({ lastNumber: documentCounters.lastNumber });
  return formatDocumentNumber(series, year, row!.lastNumber);
}

export async function findInvoiceByPayment(db: TDbOrTx, paymentId: string): Promise<TInvoiceRow | undefined> {
  const [row] = await db.select().from(invoices).where(eq(invoices.paymentId, paymentId)).limit(1);
  return row;
}

export async function findReceiptByPayment(db: TDbOrTx, paymentId: string): Promise<TReceiptRow | undefined> {
  const [row] = await db.select().from(receipts).where(eq(receipts.paymentId, paymentId)).limit(1);
  return row;
}

export async function insertInvoice(tx: TDbOrTx, values: typeof invoices.$inferInsert): Promise<TInvoiceRow> {
  const [row] = await tx.insert(invoices).values(values).returning();
  return row!;
}

export async function insertReceipt(tx: TDbOrTx, values: typeof receipts.$inferInsert): Promise<TReceiptRow> {
  const [row] = await tx.insert(receipts).values(values).returning();
  return row!;
}

/** Who sells (the community), who buys (the organization) and the event, for a deal's invoice. */
export async function invoicePartiesOfDeal(db: TDbOrTx, dealId: string) {
  const [row] = await db
    .select({
      deal: {
        id: deals.id,
        communityId: deals.communityId,
        organizationId: deals.organizationId,
        amountMinor: deals.amountMinor,
        currency: deals.currency,
      },
      community: { id: communities.id, name: communities.name },
      organization: {
        id: organizations.id,
        legalName: organizations.legalName,
        displayName: organizations.displayName,
        website: organizations.website,
      },
      event: { title: events.title, startsAt: events.startsAt, endsAt: events.endsAt },
    })
    .from(deals)
    .innerJoin(communities, eq(communities.id, deals.communityId))
    .innerJoin(organizations, eq(organizations.id, deals.organizationId))
    .leftJoin(events, eq(events.id, deals.eventId))
    .where(eq(deals.id, dealId))
    .limit(1);
  return row;
}

/** What a payment's invoice and receipt need from the escrow's rows: the payment and its milestones in order. */
export async function paymentForInvoice(db: TDbOrTx, paymentId: string) {
  const [payment] = await db
    .select({
      id: payments.id,
      dealId: payments.dealId,
      contractId: payments.contractId,
      currency: payments.currency,
      grossMinor: payments.grossMinor,
      feeBps: payments.feeBps,
      processorFeeMinor: payments.processorFeeMinor,
      stripePaymentIntentId: payments.stripePaymentIntentId,
      stripeChargeId: payments.stripeChargeId,
      paidAt: payments.paidAt,
    })
    .from(payments)
    .where(eq(payments.id, paymentId))
    .limit(1);
  if (!payment) return undefined;
  const milestones = await db
    .select({
      id: paymentMilestones.id,
      label: paymentMilestones.label,
      amountMinor: paymentMilestones.amountMinor,
    })
    .from(paymentMilestones)
    .where(eq(paymentMilestones.paymentId, paymentId))
    .orderBy(asc(paymentMilestones.position));
  return { payment, milestones };
}

/** The two parties of a payment (for who may read its invoice): from its payment row, else from a deal. */
export async function partiesOfPayment(
  db: TDbOrTx,
  paymentId: string,
  dealId: string | null,
): Promise<{ communityId: string; organizationId: string } | undefined> {
  const [payment] = await db
    .select({ communityId: payments.communityId, organizationId: payments.organizationId })
    .from(payments)
    .where(eq(payments.id, paymentId))
    .limit(1);
  if (payment || !dealId) return payment;
  const [deal] = await db
    .select({ communityId: deals.communityId, organizationId: deals.organizationId })
    .from(deals)
    .where(eq(deals.id, dealId))
    .limit(1);
  return deal;
}
