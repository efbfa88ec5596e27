import { and, count, eq } from 'drizzle-orm';
import type { TDbOrTx } from '../client.js';
import { deals, requestMessages, requestTimeline, sponsorshipRequests } from '../schema/index.js';
import type { TDealRow } from './contract-repository.js';
import { touch } from './negotiation-repository.js';

/** The negotiation workflow's writes: its steps' timeline rows, the request's outcome, the deal, messages. */

/** One timeline row per workflow step; false when a retried activity finds its row (it then does nothing twice). */
export async function claimTimelineStep(
  tx: TDbOrTx,
  values: typeof requestTimeline.$inferInsert,
): Promise<boolean> {
  const inserted = await tx
    .insert(requestTimeline)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: requestTimeline.id });
  return inserted.length > 0;
}

/** The deal an accepted revision makes. */
export async function insertDeal(tx: TDbOrTx, values: typeof deals.$inferInsert): Promise<TDealRow> {
  const [row] = await tx.insert(deals).values(values).returning();
  return row!;
}

/** How many deals the requests made for an opportunity (its filled slots). */
export async function countDealsOfOpportunity(tx: TDbOrTx, opportunityId: string): Promise<number> {
  const [won] = await tx
    .select({ value: count() })
    .from(deals)
    .innerJoin(sponsorshipRequests, eq(sponsorshipRequests.id, deals.requestId))
    .where(and(eq(sponsorshipRequests.opportunityId, opportunityId)));
  return won?.value ?? 0;
}

/** A request's outcome (Accepted with its deal, Rejected, Withdrawn, Expired). */
export async function setRequestOutcome(
  tx: TDbOrTx,
  requestId: string,
  outcome: { status: (typeof sponsorshipRequests.$inferSelect)['status']; dealId: string | null },
) {
  await tx
    .update(sponsorshipRequests)
    .set({
      status: outcome.status,
      dealId: outcome.dealId,
      lastActivityAt: new Date(),
      updatedAt: new Date(),
    })
    .where(eq(sponsorshipRequests.id, requestId));
}

/** Records a message once per idempotency key; undefined when a retried step recorded it before. */
export async function insertMessageIfNew(tx: TDbOrTx, values: typeof requestMessages.$inferInsert) {
  const [row] = await tx.insert(requestMessages).values(values).onConflictDoNothing().returning();
  return row;
}

/** The id of the message recorded under an idempotency key. */
export async function messageIdByKey(tx: TDbOrTx, idempotencyKey: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: requestMessages.id })
    .from(requestMessages)
    .where(eq(requestMessages.idempotencyKey, idempotencyKey));
  return row?.id;
}

/** The request had activity now (a message): its last_activity_at orders the inboxes. */
export async function touchRequest(tx: TDbOrTx, requestId: string) {
  await tx.execute(touch(requestId));
}
