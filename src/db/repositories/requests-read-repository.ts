import { and, asc, desc, eq, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { CommunityStatus, EVENT_TYPES, OrganizationStatus } from '../../domain/commdesk-facts.js';
import type { TRequestStatus, TSide } from '../../domain/negotiation.js';
import type { TDbOrTx } from '../client.js';
import { prepared } from '../prepared.js';
import {
  communities,
  events,
  organizations,
  requestMessages,
  requestReads,
  requestRevisions,
  requestTimeline,
  sponsorshipRequests,
} from '../schema/index.js';

export type TInboxFilters = {
  status?: TRequestStatus;
  direction?: 'incoming' | 'outgoing';
  eventType?: (typeof EVENT_TYPES)[number];
  region?: string;
  budgetCurrency?: string;
  budgetMin?: number;
  budgetMax?: number;
};

/**
 * A negotiator's inbox: the requests of their communities and organizations with the current revision's terms,
 * whether they changed since the caller last read them, and the totals of the whole list (window functions).
 */
export async function listInbox(
  db: TDbOrTx,
  opts: {
    userId: string;
    communityIds: string[];
    organizationIds: string[];
    callerSide: TSide;
    filters: TInboxFilters;
    limit: number;
    offset: number;
  },
) {
  const { communityIds, organizationIds, callerSide, filters: q } = opts;
  const mine = or(
    communityIds.length ? inArray(sponsorshipRequests.communityId, communityIds) : undefined,
    organizationIds.length ? inArray(sponsorshipRequests.organizationId, organizationIds) : undefined,
  )!;
  const filters: (SQL | undefined)[] = [
    mine,
    q.status ? eq(sponsorshipRequests.status, q.status) : undefined,
    q.direction
      ? q.direction === 'incoming'
        ? sql`${sponsorshipRequests.initiator} <> ${callerSide}`
        : eq(sponsorshipRequests.initiator, callerSide)
      : undefined,
    q.eventType ? eq(events.type, q.eventType) : undefined,
    q.region ? eq(events.region, q.region) : undefined,
    q.budgetCurrency ? eq(requestRevisions.currency, q.budgetCurrency) : undefined,
    q.budgetMin !== undefined ? gte(requestRevisions.amountMinor, q.budgetMin) : undefined,
    q.budgetMax !== undefined ? lte(requestRevisions.amountMinor, q.budgetMax) : undefined,
  ];
  const unreadExpr = sql<boolean>`${sponsorshipRequests.lastActivityAt} > coalesce(${requestReads.lastReadAt}, 'epoch'::timestamptz)`;
  return db
    .select({
      request: sponsorshipRequests,
      communityName: communities.name,
      organizationName: organizations.displayName,
      eventTitle: events.title,
      eventType: events.type,
      region: events.region,
      amountMinor: requestRevisions.amountMinor,
      currency: requestRevisions.currency,
      category: requestRevisions.category,
      unread: unreadExpr,
      total: sql<number>`count(*) over ()`.mapWith(Number),
      unreadTotal: sql<number>`count(*) filter (where ${unreadExpr}) over ()`.mapWith(Number),
    })
    .from(sponsorshipRequests)
    .innerJoin(communities, eq(communities.id, sponsorshipRequests.communityId))
    .innerJoin(organizations, eq(organizations.id, sponsorshipRequests.organizationId))
    .leftJoin(events, eq(events.id, sponsorshipRequests.eventId))
    .innerJoin(
      requestRevisions,
      and(
        eq(requestRevisions.requestId, sponsorshipRequests.id),
        eq(requestRevisions.number, sponsorshipRequests.currentRevision),
      ),
    )
    .leftJoin(
      requestReads,
      and(eq(requestReads.requestId, sponsorshipRequests.id), eq(requestReads.userId, opts.userId)),
    )
    .where(and(...filters))
    .orderBy(desc(sponsorshipRequests.lastActivityAt), asc(sponsorshipRequests.id))
    .limit(opts.limit)
    .offset(opts.offset);
}

/** Everything a request went through: its revisions, messages and timeline, oldest first. */
export async function requestHistory(db: TDbOrTx, requestId: string) {
  const [revisions, messages, timeline] = await Promise.all([
    db
      .select()
      .from(requestRevisions)
      .where(eq(requestRevisions.requestId, requestId))
      .orderBy(asc(requestRevisions.number)),
    db
      .select()
      .from(requestMessages)
      .where(eq(requestMessages.requestId, requestId))
      .orderBy(asc(requestMessages.createdAt)),
    db
      .select()
      .from(requestTimeline)
      .where(eq(requestTimeline.requestId, requestId))
      .orderBy(asc(requestTimeline.seq)),
  ]);
  return { revisions, messages, timeline };
}

/** The inbox's unread marker: the caller has seen the request as it is now. */
export async function markRequestRead(db: TDbOrTx, requestId: string, userId: string): Promise<void> {
  await db
    .insert(requestReads)
    .values({ requestId, userId, lastReadAt: new Date() })
    .onConflictDoUpdate({
      target: [requestReads.requestId, requestReads.userId],
      set: { lastReadAt: new Date() },
    });
}

/** The rows a request opening names (eventId and opportunityId null when it names none). */
export type TOpeningIds = {
  communityId: string;
  organizationId: string;
  eventId: string | null;
  opportunityId: string | null;
};

/** What opening a request checks, each part null when there is no such row. */
export type TOpeningTargets = {
  community: { id: string; name: string; status: CommunityStatus } | null;
  organization: { id: string; displayName: string; status: OrganizationStatus } | null;
  opportunity: { communityId: string; eventId: string | null; decisionDeadline: Date } | null;
  event: { id: string; communityId: string } | null;
};

type TOpeningTargetsJson = Omit<TOpeningTargets, 'opportunity'> & {
  opportunity: { communityId: string; eventId: string | null; decisionDeadline: string } | null;
};

/**
 * The opening's targets by id as one json value, for a statement with the placeholders communityId, organizationId,
 * eventId and opportunityId (the last two may be null): the session middleware reads it with the session
 * (findLiveActorWithOpeningTargets), findOpeningTargets alone.
 */
export const openingTargetsColumn = sql<TOpeningTargetsJson>`json_build_object(
  'community', (select json_build_object('id', id, 'name', name, 'status', status) from communities
    where id = ${sql.placeholder('communityId')}::uuid),
  'organization', (select json_build_object('id', id, 'displayName', display_name, 'status', status)
    from organizations where id = ${sql.placeholder('organizationId')}::uuid),
  'opportunity', (select json_build_object('communityId', community_id, 'eventId', event_id,
    'decisionDeadline', decision_deadline) from opportunities where id = ${sql.placeholder('opportunityId')}::uuid),
  -- The event named, or else the opportunity's.
  'event', (select json_build_object('id', id, 'communityId', community_id) from events
    where id = coalesce(${sql.placeholder('eventId')}::uuid,
      (select event_id from opportunities where id = ${sql.placeholder('opportunityId')}::uuid))))`;

/** openingTargetsColumn's value with the opportunity's deadline as a Date. */
export const openingTargetsOf = (json: TOpeningTargetsJson): TOpeningTargets => ({
  ...json,
  opportunity: json.opportunity && {
    ...json.opportunity,
    decisionDeadline: new Date(json.opportunity.decisionDeadline),
  },
});

/** What opening a request needs to check, read by id in one statement. */
export async function findOpeningTargets(db: TDbOrTx, ids: TOpeningIds): Promise<TOpeningTargets> {
  const [row] = await prepared(db, 'opening_targets', (d) =>
    d
      .select({ targets: openingTargetsColumn })
      .from(sql`(values (1)) as one`)
      .prepare('opening_targets'),
  ).execute(ids);
  return openingTargetsOf(row!.targets);
}
