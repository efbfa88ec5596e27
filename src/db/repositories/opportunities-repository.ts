import { and, asc, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../client.js';
import { opportunities } from '../schema/index.js';
import type { TOrganizationRow } from './organizations-repository.js';

export type TOpportunityRow = typeof opportunities.$inferSelect;

export async function findOpportunity(db: TDbOrTx, id: string, forUpdate = false) {
  const query = db.select().from(opportunities).where(eq(opportunities.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function insertOpportunity(db: TDbOrTx, values: typeof opportunities.$inferInsert) {
  const [row] = await db.insert(opportunities).values(values).returning();
  return row!;
}

export async function updateOpportunity(
  db: TDbOrTx,
  id: string,
  values: Partial<typeof opportunities.$inferInsert>,
) {
  const [row] = await db
    .update(opportunities)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(opportunities.id, id))
    .returning();
  return row!;
}

export type TOpportunityQuery = {
  page: number;
  limit: number;
  search?: string;
  eventType?: string;
  category?: TOpportunityRow['desiredCategory'];
  region?: string;
  communityId?: string;
  budgetCurrency?: string;
  budgetMin?: number;
  budgetMax?: number;
  from?: string;
  to?: string;
  status?: TOpportunityRow['status'];
  sort: 'deadline' | 'fit';
};

/**
 * A page of opportunities the caller may see (Open ones for everyone allowed to browse; drafts and closed ones only
 * for the owning community's members and platform admins), filtered, each with its fit for `fitOrganization` (its
 * preferred event types, regions and budget currency, a point each), and the total count.
 */
export async function listOpportunities(
  db: TDbOrTx,
  q: TOpportunityQuery,
  viewer: {
    communityIds: string[];
    isPlatformAdmin: boolean;
    fitOrganization: TOrganizationRow | undefined;
  },
) {
  const snapshot = (key: string) => sql`${opportunities.eventSnapshot} ->> ${key}`;
  const visibility = or(
    eq(opportunities.status, 'Open'),
    viewer.communityIds.length ? inArray(opportunities.communityId, viewer.communityIds) : undefined,
    viewer.isPlatformAdmin ? sql`true` : undefined,
  );
  const filters: (SQL | undefined)[] = [
    visibility,
    q.status ? eq(opportunities.status, q.status) : undefined,
    q.search ? ilike(opportunities.title, `%${q.search.replace(/[\\%_]/g, '\\$&')}%`) : undefined,
    q.eventType ? sql`${snapshot('type')} = ${q.eventType}` : undefined,
    q.category ? eq(opportunities.desiredCategory, q.category) : undefined,
    q.region ? sql`${snapshot('region')} = ${q.region}` : undefined,
    q.communityId ? eq(opportunities.communityId, q.communityId) : undefined,
    q.budgetCurrency ? eq(opportunities.currency, q.budgetCurrency) : undefined,
    q.budgetMin !== undefined ? gte(opportunities.budgetMaxMinor, q.budgetMin) : undefined,
    q.budgetMax !== undefined ? lte(opportunities.budgetMinMinor, q.budgetMax) : undefined,
    q.from ? sql`(${snapshot('startsAt')})::timestamptz >= ${new Date(q.from)}` : undefined,
    q.to ? sql`(${snapshot('startsAt')})::timestamptz <= ${new Date(q.to)}` : undefined,
  ];
  const org = viewer.fitOrganization;
  const fit = org
    ? sql<number>`((${snapshot('type')} = any(${sql.param(org.preferredEventTypes)}::text[]))::int + (${snapshot('region')} = any(${sql.param(org.supportedRegions)}::text[]))::int + (${opportunities.currency} = ${org.budgetCurrency ?? ''})::int)`
    : sql<number>`0`;
  const rows = await db
    .select({
      row: opportunities,
      fit: fit.mapWith(Number),
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(opportunities)
    .where(and(...filters))
    .orderBy(
      // Without an organization the fit is the constant 0, and `ORDER BY 0` would name a column position (500).
      ...(q.sort === 'fit' && org
        ? [desc(fit), asc(opportunities.decisionDeadline)]
        : [asc(opportunities.decisionDeadline)]),
      asc(opportunities.id),
    )
    .limit(q.limit)
    .offset((q.page - 1) * q.limit);
  return { rows, total: rows[0]?.total ?? 0 };
}
