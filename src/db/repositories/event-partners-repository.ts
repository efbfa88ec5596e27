import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { PartnerKind } from '../../domain/commdesk-facts.js';
import type { TDbOrTx } from '../client.js';
import { prepared } from '../prepared.js';
import { eventPartnerLinks, organizations } from '../schema/index.js';

export type TLinkRow = typeof eventPartnerLinks.$inferSelect;

export type TPanelQuery = {
  page: number;
  limit: number;
  search?: string;
  category?: string;
  kind?: PartnerKind;
  publicOnly: boolean;
};

const p = (name: string) => sql.placeholder(name);

/**
 * The panel is the hottest read (every event page): one parameterised statement for every filter
 * combination, prepared once per connection, so a request only binds values. Optional filters are
 * null-tolerant; the (event_id, band, display_order) index does the work either way.
 */
function panelWhere() {
  return and(
    eq(eventPartnerLinks.eventId, p('eventId')),
    sql`(${p('publicOnly')}::boolean = false or ${eventPartnerLinks.visibility} = 'public')`,
    sql`(${p('kind')}::text is null or ${eventPartnerLinks.kind} = ${p('kind')})`,
    sql`(${p('category')}::text is null or ${eventPartnerLinks.displayCategory} = ${p('category')})`,
    sql`(${p('pattern')}::text is null or ${eventPartnerLinks.nameSnapshot} ilike ${p('pattern')} or ${eventPartnerLinks.websiteSnapshot} ilike ${p('pattern')})`,
  );
}

function buildPanelStatements(db: TDbOrTx) {
  return {
    list: db
      .select()
      .from(eventPartnerLinks)
      .where(panelWhere())
      .orderBy(
        asc(eventPartnerLinks.band),
        asc(eventPartnerLinks.displayOrder),
        asc(eventPartnerLinks.nameSnapshot),
      )
      .limit(p('limit'))
      .offset(p('offset'))
      .prepare('event_partner_panel_list'),
    count: db
      .select({ value: count() })
      .from(eventPartnerLinks)
      .where(panelWhere())
      .prepare('event_partner_panel_count'),
  };
}

/** The benchmark's bare baseline runs exactly these statements. */
export const panelStatementsFor = buildPanelStatements;

export function panelParams(eventId: string, q: TPanelQuery) {
  return {
    eventId,
    publicOnly: q.publicOnly,
    kind: q.kind ?? null,
    category: q.category ?? null,
    pattern: q.search ? `%${q.search.replace(/[\\%_]/g, '\\$&')}%` : null,
    limit: q.limit,
    offset: (q.page - 1) * q.limit,
  };
}

export async function listPanel(db: TDbOrTx, eventId: string, q: TPanelQuery) {
  const statements = prepared(db, 'event_partner_panel', buildPanelStatements);
  const params = panelParams(eventId, q);
  const [rows, [total]] = await Promise.all([
    statements.list.execute(params),
    statements.count.execute(params),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function findLink(db: TDbOrTx, eventId: string, linkId: string, forUpdate = false) {
  const query = db
    .select()
    .from(eventPartnerLinks)
    .where(and(eq(eventPartnerLinks.id, linkId), eq(eventPartnerLinks.eventId, eventId)))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findLinkByOrganization(db: TDbOrTx, eventId: string, organizationId: string) {
  const [row] = await db
    .select({ id: eventPartnerLinks.id })
    .from(eventPartnerLinks)
    .where(and(eq(eventPartnerLinks.eventId, eventId), eq(eventPartnerLinks.organizationId, organizationId)))
    .limit(1);
  return row;
}

/** Null when the organization is already on this event (the unique index decides, so races are safe). */
export async function insertLink(
  tx: TDbOrTx,
  values: typeof eventPartnerLinks.$inferInsert,
): Promise<TLinkRow | null> {
  const [row] = await tx.insert(eventPartnerLinks).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function nextDisplayOrder(tx: TDbOrTx, eventId: string): Promise<number> {
  const [row] = await tx
    .select({ next: sql<number>`coalesce(max(${eventPartnerLinks.displayOrder}) + 1, 0)::int` })
    .from(eventPartnerLinks)
    .where(eq(eventPartnerLinks.eventId, eventId));
  return row?.next ?? 0;
}

export async function updateLink(
  tx: TDbOrTx,
  linkId: string,
  values: Partial<typeof eventPartnerLinks.$inferInsert>,
) {
  const [row] = await tx
    .update(eventPartnerLinks)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(eventPartnerLinks.id, linkId))
    .returning();
  return row!;
}

export async function deleteLink(tx: TDbOrTx, linkId: string): Promise<void> {
  await tx.delete(eventPartnerLinks).where(eq(eventPartnerLinks.id, linkId));
}

export async function findOrganization(db: TDbOrTx, organizationId: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  return row;
}

/**
 * The organization for a domain, created as "Community Added" when none exists. Concurrent adds of the
 * same domain converge on one row through the unique index.
 */
export async function findOrCreateCommunityAddedOrganization(
  tx: TDbOrTx,
  values: {
    normalizedDomain: string;
    displayName: string;
    website: string;
    logoUrl: string | null;
    kind: PartnerKind;
    communityId: string;
  },
): Promise<{ organization: typeof organizations.$inferSelect; created: boolean }> {
  const [created] = await tx
    .insert(organizations)
    .values({
      kind: values.kind,
      displayName: values.displayName,
      normalizedDomain: values.normalizedDomain,
      website: values.website,
      logoUrl: values.logoUrl,
      status: 'Community Added',
      addedByCommunityId: values.communityId,
    })
    .onConflictDoNothing({ target: organizations.normalizedDomain })
    .returning();
  if (created) return { organization: created, created: true };
  const [existing] = await tx
    .select()
    .from(organizations)
    .where(eq(organizations.normalizedDomain, values.normalizedDomain))
    .limit(1);
  return { organization: existing!, created: false };
}
