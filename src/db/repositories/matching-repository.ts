import { and, asc, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { TOpportunityColumn, TOpportunityPrescore } from '../../domain/opportunity-prescore.js';
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
 * capped: matching scores these in memory. With a pre-score (opportunityPrescoreQuery), the best `limit` by it, then
 * soonest deadline; without, soonest deadline first. `prescore` is 0 without one.
 */
export async function openOpportunitiesForMatching(
  db: TDbOrTx,
  limit: number,
  prescore: TOpportunityPrescore | null = null,
) {
  const points = prescore ? prescoreSql(prescore) : sql<number>`0::float8`;
  const order = [asc(opportunities.decisionDeadline), asc(opportunities.id)];
  return db
    .select({ opportunity: opportunities, communityName: communities.name, prescore: points })
    .from(opportunities)
    .innerJoin(communities, eq(communities.id, opportunities.communityId))
    .where(
      and(
        eq(opportunities.status, 'Open'),
        gt(opportunities.decisionDeadline, sql`now()`),
        sql`${communities.status} in ('approved', 'active')`,
      ),
    )
    .orderBy(...(prescore ? [desc(points), ...order] : order))
    .limit(limit);
}

const OPPORTUNITY_COLUMNS: Record<TOpportunityColumn, SQL> = {
  eventType: sql`(${opportunities.eventSnapshot} ->> 'type')`,
  desiredCategory: sql`${opportunities.desiredCategory}`,
  region: sql`(${opportunities.eventSnapshot} ->> 'region')`,
};

/** The pre-score as one SQL expression, mirroring opportunityPrescoreQuery's definition. */
function prescoreSql(query: TOpportunityPrescore): SQL<number> {
  const terms: SQL[] = query.signals.map((signal) => {
    const column = OPPORTUNITY_COLUMNS[signal.column];
    const tiers = signal.tiers
      .filter((t) => t.values.length > 0)
      .map((t) => sql`when ${column} = any(${sql.param(t.values)}::text[]) then ${t.points}::float8`);
    return sql`(case when ${column} is null then ${signal.nullPoints}::float8 ${sql.join(tiers, sql` `)} else ${signal.otherwise}::float8 end)`;
  });
  const b = query.budget;
  if (b) {
    const lo = sql`greatest(${opportunities.budgetMinMinor}, ${b.minMinor}::bigint)`;
    const hi = sql`least(${opportunities.budgetMaxMinor}, ${b.maxMinor}::bigint)`;
    const span = sql`(${opportunities.budgetMaxMinor} - ${opportunities.budgetMinMinor})`;
    terms.push(sql`(case when ${opportunities.currency} <> ${b.currency} or ${hi} < ${lo} then 0::float8
      when ${span} = 0 then ${b.points}::float8
      else ${b.points}::float8 * (${hi} - ${lo})::float8 / ${span}::float8 end)`);
  }
  return terms.length ? sql<number>`(${sql.join(terms, sql` + `)})` : sql<number>`0::float8`;
}
