import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  COMMUNITY_FULFILLMENT_MANAGERS,
  completion,
  countByStatus,
  proofView,
  type TFulfillmentItem,
  type TSponsorReport,
} from '../../domain/fulfillment.js';
import type { TDbOrTx } from '../client.js';
import {
  communities,
  communityMembers,
  deals,
  emailOutbox,
  events,
  fulfillmentEvents,
  fulfillmentItems,
  fulfillments,
  organizations,
  users,
} from '../schema/index.js';

export type TFulfillmentRow = typeof fulfillments.$inferSelect;
export type TFulfillmentItemRow = typeof fulfillmentItems.$inferSelect;

export async function findFulfillment(db: TDbOrTx, dealId: string, forUpdate = false) {
  const query = db.select().from(fulfillments).where(eq(fulfillments.dealId, dealId)).limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function listFulfillmentItems(db: TDbOrTx, dealId: string) {
  return db
    .select()
    .from(fulfillmentItems)
    .where(eq(fulfillmentItems.dealId, dealId))
    .orderBy(asc(fulfillmentItems.position));
}

export async function findFulfillmentItem(db: TDbOrTx, dealId: string, itemId: string, forUpdate = false) {
  const query = db
    .select()
    .from(fulfillmentItems)
    .where(and(eq(fulfillmentItems.dealId, dealId), eq(fulfillmentItems.id, itemId)))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Records a deal's fulfillment and its items; what a previous attempt recorded is left as it is. */
export async function insertFulfillmentIfAbsent(
  tx: TDbOrTx,
  fulfillment: typeof fulfillments.$inferInsert,
  items: (typeof fulfillmentItems.$inferInsert)[],
) {
  await tx.insert(fulfillments).values(fulfillment).onConflictDoNothing();
  if (items.length > 0) await tx.insert(fulfillmentItems).values(items).onConflictDoNothing();
}

/** Writes an item's changed fields (the caller sets updatedAt and the step's times). */
export async function updateFulfillmentItem(
  tx: TDbOrTx,
  itemId: string,
  values: Partial<typeof fulfillmentItems.$inferInsert>,
) {
  await tx.update(fulfillmentItems).set(values).where(eq(fulfillmentItems.id, itemId));
}

/**
 * Records a once-only step of a deal's fulfillment (the alarm check, the report, the completion) unless its
 * column is already set; the row as it is now, or undefined when an earlier attempt recorded it.
 */
export async function markFulfillmentOnce(
  tx: TDbOrTx,
  dealId: string,
  once: 'alarmCheckedAt' | 'reportProducedAt' | 'completedAt',
  values: Partial<typeof fulfillments.$inferInsert>,
): Promise<TFulfillmentRow | undefined> {
  const [row] = await tx
    .update(fulfillments)
    .set(values)
    .where(and(eq(fulfillments.dealId, dealId), isNull(fulfillments[once])))
    .returning();
  return row;
}

/** When the deal's fulfillment completed (undefined when it has none). */
export async function fulfillmentCompletedAt(db: TDbOrTx, dealId: string) {
  const [row] = await db
    .select({ completedAt: fulfillments.completedAt })
    .from(fulfillments)
    .where(eq(fulfillments.dealId, dealId));
  return row;
}

/** An item row as the rules see it (times in epoch ms). */
export const itemState = (row: TFulfillmentItemRow): TFulfillmentItem => ({
  id: row.id,
  status: row.status,
  ownerUserId: row.ownerUserId,
  dueAt: row.dueAt.getTime(),
  proof: row.proof ?? null,
  disputeReason: row.disputeReason,
  waivedBy: row.waivedBy,
});

/** One timeline row; false when its idempotency key was recorded before (a retried step). */
export async function insertFulfillmentEvent(
  tx: TDbOrTx,
  values: typeof fulfillmentEvents.$inferInsert,
): Promise<boolean> {
  const inserted = await tx
    .insert(fulfillmentEvents)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: fulfillmentEvents.id });
  return inserted.length > 0;
}

export async function listFulfillmentEvents(db: TDbOrTx, dealId: string) {
  return db
    .select()
    .from(fulfillmentEvents)
    .where(eq(fulfillmentEvents.dealId, dealId))
    .orderBy(asc(fulfillmentEvents.id));
}

/** Whether the user is an Active member of the community (an item's owner must be one). */
export async function isActiveCommunityMember(db: TDbOrTx, communityId: string, userId: string) {
  const [row] = await db
    .select({ id: communityMembers.id })
    .from(communityMembers)
    .where(
      and(
        eq(communityMembers.communityId, communityId),
        eq(communityMembers.userId, userId),
        eq(communityMembers.status, 'Active'),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** The community's first Active fulfillment manager: the owner of items when the contract names no community signer. */
export async function firstCommunityManager(db: TDbOrTx, communityId: string) {
  const [row] = await db
    .select({ userId: communityMembers.userId })
    .from(communityMembers)
    .where(
      and(
        eq(communityMembers.communityId, communityId),
        eq(communityMembers.status, 'Active'),
        inArray(communityMembers.role, [...COMMUNITY_FULFILLMENT_MANAGERS]),
      ),
    )
    .orderBy(asc(communityMembers.createdAt))
    .limit(1);
  return row?.userId ?? null;
}

export async function userNames(db: TDbOrTx, ids: string[]) {
  if (ids.length === 0) return new Map<string, { name: string; email: string }>();
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}

/** Queues one email to one user, keyed so that a retried step queues nothing twice. */
export async function queueUserEmail(
  tx: TDbOrTx,
  userId: string,
  email: { key: string; subject: string; body: string },
) {
  const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) return;
  await tx
    .insert(emailOutbox)
    .values({
      idempotencyKey: `${email.key}:${user.email}`,
      to: user.email,
      subject: email.subject,
      body: email.body,
    })
    .onConflictDoNothing();
}

/** The deal's parties and event by name, for the report and the ops summary. */
export async function dealParties(
  db: TDbOrTx,
  deal: { communityId: string; organizationId: string; eventId: string | null },
) {
  const [community] = await db
    .select({ id: communities.id, name: communities.name })
    .from(communities)
    .where(eq(communities.id, deal.communityId));
  const [organization] = await db
    .select({ id: organizations.id, name: organizations.displayName })
    .from(organizations)
    .where(eq(organizations.id, deal.organizationId));
  const [event] = deal.eventId
    ? await db
        .select({ id: events.id, title: events.title, startsAt: events.startsAt, endsAt: events.endsAt })
        .from(events)
        .where(eq(events.id, deal.eventId))
    : [];
  return { community: community ?? null, organization: organization ?? null, event: event ?? null };
}

export async function findDealRow(db: TDbOrTx, dealId: string) {
  const [row] = await db.select().from(deals).where(eq(deals.id, dealId)).limit(1);
  return row;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * The sponsor report as it stands: every item with owner, due date, status and proof, and the totals. `final` is
 * what the workflow stores after the event; `preview` is what a party reads before that.
 */
export async function loadSponsorReport(
  db: TDbOrTx,
  dealId: string,
  kind: TSponsorReport['kind'],
): Promise<TSponsorReport | null> {
  const fulfillment = await findFulfillment(db, dealId);
  const deal = await findDealRow(db, dealId);
  if (!fulfillment || !deal) return null;
  const [parties, items] = await Promise.all([dealParties(db, deal), listFulfillmentItems(db, dealId)]);
  const names = await userNames(
    db,
    items.map((i) => i.ownerUserId),
  );
  const states = items.map(itemState);
  return {
    dealId,
    contractId: fulfillment.contractId,
    kind,
    generatedAt: new Date().toISOString(),
    community: { id: deal.communityId, name: parties.community?.name ?? '' },
    organization: { id: deal.organizationId, name: parties.organization?.name ?? '' },
    event: parties.event
      ? {
          id: parties.event.id,
          title: parties.event.title,
          startsAt: parties.event.startsAt.toISOString(),
          endsAt: parties.event.endsAt.toISOString(),
        }
      : null,
    amountMinor: deal.amountMinor,
    currency: deal.currency,
    category: deal.category,
    summary: { ...completion(states), byStatus: countByStatus(states) },
    items: items.map((i) => ({
      id: i.id,
      benefitKey: i.benefitKey,
      title: i.title,
      detail: i.detail,
      owner: { id: i.ownerUserId, name: names.get(i.ownerUserId)?.name ?? '' },
      dueAt: i.dueAt.toISOString(),
      status: i.status,
      proof: proofView(i.proof ?? null),
      disputeReason: i.disputeReason,
      deliveredAt: iso(i.deliveredAt),
      verifiedAt: iso(i.verifiedAt),
      missedAt: iso(i.missedAt),
      waivedAt: iso(i.waivedAt),
      late: i.missedAt !== null && i.deliveredAt !== null && i.deliveredAt > i.missedAt,
    })),
  };
}
