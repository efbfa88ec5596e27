import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { TDbOrTx } from '../client.js';
import { communities, opportunities } from '../schema/index.js';

export type TOrganizationHistory = {
  similarEvents: number;
  typicalAudience: number | null;
  lastActiveAt: string | null;
};

/**
 * Public history of each candidate organization for an event of this type and category: the public events it is
 * listed on (event partner panels), never its deals or amounts, so matching shows nothing an organization keeps
 * private. Only listings anyone can see count: a public, published event, on the public panel (a community-only entry or a
 * private event would leak when it happened through the recency reason). `lastActiveAt`: its last profile change or
 * public listing.
 */
export async function organizationHistories(
  db: TDbOrTx,
  ids: string[],
  event: { type: string; category: string },
): Promise<Map<string, TOrganizationHistory>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.execute<{
    id: string;
    similar: number;
    typical: number | null;
    last_active: Date | string | null;
  }>(sql`
    select o.id,
           count(distinct e.id) filter (where e.type = ${event.type} or e.category = ${event.category})::int as similar,
           percentile_cont(0.5) within group (order by e.expected_participants) as typical,
           greatest(o.updated_at, max(l.created_at) filter (where e.id is not null)) as last_active
    from organizations o
    left join event_partner_links l on l.organization_id = o.id and l.visibility = 'public'
    left join events e on e.id = l.event_id and e.is_public and e.status = 'published'
    where o.id = any(${sql.param(ids)}::uuid[])
    group by o.id`);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        similarEvents: Number(r.similar),
        typicalAudience: r.typical === null ? null : Number(r.typical),
        lastActiveAt: r.last_active === null ? null : new Date(r.last_active).toISOString(),
      },
    ]),
  );
}

/** The public events one organization is listed on: type, category, expected participants. */
export async function organizationListedEvents(db: TDbOrTx, organizationId: string) {
  const { rows } = await db.execute<{ type: string; category: string; participants: number | null }>(sql`
    select distinct e.id, e.type, e.category, e.expected_participants as participants
    from event_partner_links l join events e on e.id = l.event_id and e.is_public and e.status = 'published'
    where l.organization_id = ${organizationId} and l.visibility = 'public'`);
  return rows;
}

/**
 * Open opportunities an organization may apply to (open, deadline ahead, the community eligible for outreach),
 * soonest deadline first, capped: matching scores these in memory.
 */
export async function openOpportunitiesForMatching(db: TDbOrTx, limit: number) {
  return db
    .select({ opportunity: opportunities, communityName: communities.name })
    .from(opportunities)
    .innerJoin(communities, eq(communities.id, opportunities.communityId))
    .where(
      and(
        eq(opportunities.status, 'Open'),
        gt(opportunities.decisionDeadline, sql`now()`),
        sql`${communities.status} in ('approved', 'active')`,
      ),
    )
    .orderBy(asc(opportunities.decisionDeadline), asc(opportunities.id))
    .limit(limit);
}
