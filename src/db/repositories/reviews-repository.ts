import { and, asc, eq, sql } from 'drizzle-orm';
import type { TDbOrTx } from '../client.js';
import { contractEvents, contracts, dealReviews, deals, events, fulfillments } from '../schema/index.js';

/**
 * A deal with what reviewing it depends on: its status and when its event ended (the benefit manager's clock first).
 * A deal with neither an event end nor a fulfillment end date (no event, and no benefit manager opened, as deals
 * signed before it) ends when its contract completed: `endedAt` falls back to that, so such a deal can be reviewed.
 */
export async function findDealForReview(db: TDbOrTx, dealId: string) {
  const [row] = await db
    .select({
      id: deals.id,
      communityId: deals.communityId,
      organizationId: deals.organizationId,
      status: deals.status,
      fulfillmentEndAt: fulfillments.endAt,
      eventEndsAt: events.endsAt,
      contractCompletedAt: sql<Date | null>`(
        select max(e.created_at) from ${contractEvents} e join ${contracts} c on c.id = e.contract_id
        where c.deal_id = ${deals.id} and e.type = 'completed')`.mapWith((v: string | Date | null) =>
        v === null ? null : new Date(v),
      ),
    })
    .from(deals)
    .leftJoin(fulfillments, eq(fulfillments.dealId, deals.id))
    .leftJoin(events, eq(events.id, deals.eventId))
    .where(eq(deals.id, dealId));
  if (!row) return undefined;
  const { fulfillmentEndAt, eventEndsAt, contractCompletedAt, ...deal } = row;
  return { ...deal, endedAt: fulfillmentEndAt ?? eventEndsAt ?? contractCompletedAt ?? null };
}

export type TReviewInsert = typeof dealReviews.$inferInsert;
export type TReviewRow = typeof dealReviews.$inferSelect;

/** Inserts unless this side already reviewed the deal; returns the new row, or the existing one with `created: false`. */
export async function insertReview(tx: TDbOrTx, values: TReviewInsert) {
  const [row] = await tx.insert(dealReviews).values(values).onConflictDoNothing().returning();
  if (row) return { review: row, created: true as const };
  const [existing] = await tx
    .select()
    .from(dealReviews)
    .where(and(eq(dealReviews.dealId, values.dealId), eq(dealReviews.reviewerSide, values.reviewerSide)));
  return { review: existing!, created: false as const };
}

export async function listDealReviews(db: TDbOrTx, dealId: string) {
  return db
    .select()
    .from(dealReviews)
    .where(eq(dealReviews.dealId, dealId))
    .orderBy(asc(dealReviews.createdAt));
}
