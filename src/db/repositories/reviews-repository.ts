import { and, asc, eq } from 'drizzle-orm';
import type { TDbOrTx } from '../client.js';
import { dealReviews, deals, events, fulfillments } from '../schema/index.js';

/** A deal with what reviewing it depends on: its status and when its event ended (the benefit manager's clock first). */
export async function findDealForReview(db: TDbOrTx, dealId: string) {
  const [row] = await db
    .select({
      id: deals.id,
      communityId: deals.communityId,
      organizationId: deals.organizationId,
      status: deals.status,
      fulfillmentEndAt: fulfillments.endAt,
      eventEndsAt: events.endsAt,
    })
    .from(deals)
    .leftJoin(fulfillments, eq(fulfillments.dealId, deals.id))
    .leftJoin(events, eq(events.id, deals.eventId))
    .where(eq(deals.id, dealId));
  if (!row) return undefined;
  const { fulfillmentEndAt, eventEndsAt, ...deal } = row;
  return { ...deal, endedAt: fulfillmentEndAt ?? eventEndsAt ?? null };
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
