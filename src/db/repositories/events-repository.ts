import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../domain/access.js';
import type { TDbOrTx } from '../client.js';
import { prepared } from '../prepared.js';
import { communities, events } from '../schema/index.js';

export type TEventListQuery = {
  page: number;
  limit: number;
  search?: string;
  status?: (typeof events.$inferSelect)['status'];
  type?: (typeof events.$inferSelect)['type'];
  category?: (typeof events.$inferSelect)['category'];
  communityId?: string;
  phase?: 'Upcoming' | 'Live' | 'Completed';
  from?: Date;
  to?: Date;
  sort: 'startsAt' | '-startsAt' | 'title';
};

/** Public published events for everyone; every event of a community for its active members; all for admins. */
function visibleTo(actor: Actor | null): SQL | undefined {
  if (actor?.isPlatformAdmin) return undefined;
  const publicEvents = and(eq(events.isPublic, true), eq(events.status, 'published'))!;
  const memberOf = actor?.communities.filter((m) => m.status === 'Active').map((m) => m.communityId) ?? [];
  return memberOf.length ? or(publicEvents, inArray(events.communityId, memberOf)) : publicEvents;
}

export async function listEvents(db: TDbOrTx, actor: Actor | null, q: TEventListQuery) {
  const now = new Date();
  const filters: (SQL | undefined)[] = [
    visibleTo(actor),
    q.search ? ilike(events.title, `%${q.search.replace(/[\\%_]/g, '\\$&')}%`) : undefined,
    q.status ? eq(events.status, q.status) : undefined,
    q.type ? eq(events.type, q.type) : undefined,
    q.category ? eq(events.category, q.category) : undefined,
    q.communityId ? eq(events.communityId, q.communityId) : undefined,
    q.from ? gte(events.endsAt, q.from) : undefined,
    q.to ? lte(events.startsAt, q.to) : undefined,
    q.phase === 'Upcoming' ? sql`${events.startsAt} > ${now}` : undefined,
    q.phase === 'Live' ? and(lte(events.startsAt, now), gte(events.endsAt, now)) : undefined,
    q.phase === 'Completed' ? sql`${events.endsAt} < ${now}` : undefined,
  ];
  const where = and(...filters);
  const order =
    q.sort === 'title'
      ? asc(events.title)
      : q.sort === '-startsAt'
        ? desc(events.startsAt)
        : asc(events.startsAt);
  const [rows, [total]] = await Promise.all([
    db
      .select({ event: events, communityName: communities.name })
      .from(events)
      .innerJoin(communities, eq(communities.id, events.communityId))
      .where(where)
      .orderBy(order, asc(events.id))
      .limit(q.limit)
      .offset((q.page - 1) * q.limit),
    db.select({ value: count() }).from(events).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

const buildEventWithCommunity = (db: TDbOrTx) =>
  db
    .select({ event: events, community: communities })
    .from(events)
    .innerJoin(communities, eq(communities.id, events.communityId))
    .where(eq(events.id, sql.placeholder('eventId')))
    .limit(1)
    .prepare('event_with_community');

export async function findEventWithCommunity(db: TDbOrTx, eventId: string) {
  const [row] = await prepared(db, 'event_with_community', buildEventWithCommunity).execute({ eventId });
  return row;
}

/** The community an event belongs to, or undefined for an unknown event. */
export async function findEventCommunityId(db: TDbOrTx, eventId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ communityId: events.communityId })
    .from(events)
    .where(eq(events.id, eventId));
  return row?.communityId;
}

/** The benchmark's bare baseline runs exactly this statement. */
export const eventWithCommunityQuery = buildEventWithCommunity;

export function eventPhase(
  event: { startsAt: Date; endsAt: Date },
  now = new Date(),
): 'Upcoming' | 'Live' | 'Completed' {
  if (event.startsAt > now) return 'Upcoming';
  return event.endsAt < now ? 'Completed' : 'Live';
}
