import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { TRenewalStatus } from '../../domain/programs.js';
import type { TDbOrTx } from '../client.js';
import {
  communities,
  communityMembers,
  deals,
  emailOutbox,
  events,
  fulfillmentItems,
  ledgerEntries,
  organizationMembers,
  organizations,
  payments,
  programCycles,
  programParticipants,
  programRenewals,
  programs,
  sponsorshipRequests,
  users,
} from '../schema/index.js';

export type TProgramRow = typeof programs.$inferSelect;
export type TCycleRow = typeof programCycles.$inferSelect;
export type TRenewalRow = typeof programRenewals.$inferSelect;

/** The platform fee override of the program a deal came from (its request's program), or null. */
export async function programFeeBpsOfDeal(db: TDbOrTx, dealId: string): Promise<number | null> {
  const found = await db.execute<{ platform_fee_bps: number | null }>(
    sql`select p.platform_fee_bps from deals d join sponsorship_requests r on r.id = d.request_id join programs p on p.id = r.program_id where d.id = ${dealId}`,
  );
  return found.rows[0]?.platform_fee_bps ?? null;
}

export async function findProgram(db: TDbOrTx, programId: string, forUpdate = false) {
  const query = db.select().from(programs).where(eq(programs.id, programId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function programWithOrganization(db: TDbOrTx, programId: string) {
  const [row] = await db
    .select({ program: programs, organizationName: organizations.displayName })
    .from(programs)
    .innerJoin(organizations, eq(organizations.id, programs.organizationId))
    .where(eq(programs.id, programId));
  return row;
}

/** Programs of the given organizations (newest first), with their organization's name. */
export async function listOrganizationPrograms(db: TDbOrTx, organizationIds: string[]) {
  if (organizationIds.length === 0) return [];
  return db
    .select({ program: programs, organizationName: organizations.displayName })
    .from(programs)
    .innerJoin(organizations, eq(organizations.id, programs.organizationId))
    .where(inArray(programs.organizationId, organizationIds))
    .orderBy(desc(programs.createdAt), asc(programs.id));
}

/** Programs that invited any of the given communities, with the community's participation. */
export async function listCommunityPrograms(db: TDbOrTx, communityIds: string[]) {
  if (communityIds.length === 0) return [];
  return db
    .select({
      program: programs,
      organizationName: organizations.displayName,
      participant: programParticipants,
    })
    .from(programParticipants)
    .innerJoin(programs, eq(programs.id, programParticipants.programId))
    .innerJoin(organizations, eq(organizations.id, programs.organizationId))
    .where(inArray(programParticipants.communityId, communityIds))
    .orderBy(desc(programs.createdAt), asc(programs.id));
}

/**
 * One page of the programs a person sees (newest first): its organizations' and those inviting its communities,
 * each once, and the total for the page meta.
 */
export async function pageVisiblePrograms(
  db: TDbOrTx,
  organizationIds: string[],
  communityIds: string[],
  page: { page: number; limit: number },
): Promise<{ programIds: string[]; total: number }> {
  if (organizationIds.length === 0 && communityIds.length === 0) return { programIds: [], total: 0 };
  const own = organizationIds.length > 0 ? inArray(programs.organizationId, organizationIds) : sql`false`;
  const invited =
    communityIds.length > 0
      ? sql`exists (select 1 from ${programParticipants} where ${programParticipants.programId} = ${programs.id} and ${inArray(programParticipants.communityId, communityIds)})`
      : sql`false`;
  const rows = await db
    .select({
      programId: programs.id,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(programs)
    .where(sql`(${own}) or (${invited})`)
    .orderBy(desc(programs.createdAt), asc(programs.id))
    .limit(page.limit)
    .offset((page.page - 1) * page.limit);
  const total =
    rows[0]?.total ??
    (page.page > 1
      ? ((
          await db
            .select({ n: sql<number>`count(*)`.mapWith(Number) })
            .from(programs)
            .where(sql`(${own}) or (${invited})`)
        )[0]?.n ?? 0)
      : 0);
  return { programIds: rows.map((r) => r.programId), total };
}

export async function listParticipants(db: TDbOrTx, programId: string) {
  return db
    .select({ participant: programParticipants, communityName: communities.name })
    .from(programParticipants)
    .innerJoin(communities, eq(communities.id, programParticipants.communityId))
    .where(eq(programParticipants.programId, programId))
    .orderBy(asc(communities.name), asc(programParticipants.communityId));
}

export async function insertProgram(db: TDbOrTx, values: typeof programs.$inferInsert): Promise<TProgramRow> {
  const [row] = await db.insert(programs).values(values).returning();
  return row!;
}

/** Writes a program's changed fields (the caller bumps `revision`); the row as it is now. */
export async function updateProgramRow(
  db: TDbOrTx,
  programId: string,
  values: Partial<typeof programs.$inferInsert>,
): Promise<TProgramRow> {
  const [row] = await db.update(programs).set(values).where(eq(programs.id, programId)).returning();
  return row!;
}

/** A community's invitation to a program (`forUpdate` locks it for a decision). */
export async function findParticipant(
  db: TDbOrTx,
  programId: string,
  communityId: string,
  forUpdate = false,
) {
  const query = db
    .select()
    .from(programParticipants)
    .where(
      and(eq(programParticipants.programId, programId), eq(programParticipants.communityId, communityId)),
    );
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function setParticipation(
  db: TDbOrTx,
  programId: string,
  communityId: string,
  values: { status: 'Accepted' | 'Declined'; decidedBy: string; decidedAt: Date },
) {
  const [row] = await db
    .update(programParticipants)
    .set({ ...values, updatedAt: new Date() })
    .where(
      and(eq(programParticipants.programId, programId), eq(programParticipants.communityId, communityId)),
    )
    .returning();
  return row!;
}

/** Invites communities (already invited ones are left as they are). */
export async function inviteCommunities(db: TDbOrTx, programId: string, communityIds: string[]) {
  if (communityIds.length === 0) return;
  await db
    .insert(programParticipants)
    .values(communityIds.map((communityId) => ({ programId, communityId })))
    .onConflictDoNothing();
}

export async function existingCommunityIds(db: TDbOrTx, communityIds: string[]) {
  if (communityIds.length === 0) return [];
  const rows = await db
    .select({ id: communities.id })
    .from(communities)
    .where(inArray(communities.id, communityIds));
  return rows.map((r) => r.id);
}

export async function listCycles(db: TDbOrTx, programId: string) {
  return db
    .select()
    .from(programCycles)
    .where(eq(programCycles.programId, programId))
    .orderBy(desc(programCycles.periodStartAt));
}

export async function findCycle(db: TDbOrTx, cycleId: string) {
  const [row] = await db.select().from(programCycles).where(eq(programCycles.id, cycleId));
  return row;
}

export async function findCycleByPeriod(db: TDbOrTx, programId: string, period: string) {
  const [row] = await db
    .select()
    .from(programCycles)
    .where(and(eq(programCycles.programId, programId), eq(programCycles.period, period)));
  return row;
}

/** The renewals of cycles (optionally of one community), with the community's name. */
export async function listRenewals(db: TDbOrTx, cycleIds: string[], communityIds?: string[]) {
  if (cycleIds.length === 0) return [];
  return db
    .select({ renewal: programRenewals, communityName: communities.name })
    .from(programRenewals)
    .innerJoin(communities, eq(communities.id, programRenewals.communityId))
    .where(
      and(
        inArray(programRenewals.cycleId, cycleIds),
        communityIds ? inArray(programRenewals.communityId, communityIds) : undefined,
      ),
    )
    .orderBy(asc(communities.name), asc(programRenewals.communityId));
}

/** What the latest closed cycle before `period` carries over (0 when none). */
export async function carryInFor(db: TDbOrTx, programId: string, period: string): Promise<number> {
  const [row] = await db
    .select({ report: programCycles.report })
    .from(programCycles)
    .where(
      and(
        eq(programCycles.programId, programId),
        sql`${programCycles.period} < ${period}`,
        eq(programCycles.status, 'Completed'),
      ),
    )
    .orderBy(desc(programCycles.period))
    .limit(1);
  return row?.report?.carryOutMinor ?? 0;
}

/**
 * Each community's past fulfillment with this organization: the share of benefit items of their deals that ended
 * Verified or Waived among those that ended at all (Missed counts against). Null when there is no record yet.
 */
export async function fulfillmentRates(db: TDbOrTx, organizationId: string, communityIds: string[]) {
  if (communityIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({
      communityId: deals.communityId,
      done: sql<number>`count(*) filter (where ${fulfillmentItems.status} in ('Verified', 'Waived'))`.mapWith(
        Number,
      ),
      ended:
        sql<number>`count(*) filter (where ${fulfillmentItems.status} in ('Verified', 'Waived', 'Missed'))`.mapWith(
          Number,
        ),
    })
    .from(fulfillmentItems)
    .innerJoin(deals, eq(deals.id, fulfillmentItems.dealId))
    .where(and(eq(deals.organizationId, organizationId), inArray(deals.communityId, communityIds)))
    .groupBy(deals.communityId);
  return new Map(rows.filter((r) => r.ended > 0).map((r) => [r.communityId, r.done / r.ended]));
}

/** The community's first published event in the period that matches the program's event types and regions. */
export async function eventForRenewal(
  db: TDbOrTx,
  opts: { communityId: string; fromAt: Date; toAt: Date; eventTypes: string[]; regions: string[] },
) {
  const [row] = await db
    .select({ id: events.id })
    .from(events)
    .where(
      and(
        eq(events.communityId, opts.communityId),
        eq(events.status, 'published'),
        sql`${events.startsAt} >= ${opts.fromAt.toISOString()} and ${events.startsAt} < ${opts.toAt.toISOString()}`,
        opts.eventTypes.length ? inArray(events.type, opts.eventTypes as never[]) : undefined,
        opts.regions.length ? inArray(events.region, opts.regions) : undefined,
      ),
    )
    .orderBy(asc(events.startsAt))
    .limit(1);
  return row?.id ?? null;
}

/** The renewal request a program opened for a community in a period (there is at most one). */
export async function renewalRequestOf(db: TDbOrTx, programId: string, period: string, communityId: string) {
  const [row] = await db
    .select({ id: sponsorshipRequests.id })
    .from(sponsorshipRequests)
    .where(
      and(
        eq(sponsorshipRequests.programId, programId),
        eq(sponsorshipRequests.programPeriod, period),
        eq(sponsorshipRequests.communityId, communityId),
      ),
    );
  return row?.id ?? null;
}

/** Each renewal with its request's status and the deal's amount. */
export async function renewalsWithRequests(db: TDbOrTx, cycleId: string) {
  return db
    .select({
      renewal: programRenewals,
      requestStatus: sponsorshipRequests.status,
      dealId: sponsorshipRequests.dealId,
      dealAmountMinor: deals.amountMinor,
      // What the cycle waits for, by name and until when (its details in the Temporal UI).
      communityName: communities.name,
      requestDeadline: sponsorshipRequests.deadline,
      requestAuthor: sponsorshipRequests.currentAuthor,
    })
    .from(programRenewals)
    .leftJoin(sponsorshipRequests, eq(sponsorshipRequests.id, programRenewals.requestId))
    .leftJoin(deals, eq(deals.id, sponsorshipRequests.dealId))
    .leftJoin(communities, eq(communities.id, programRenewals.communityId))
    .where(eq(programRenewals.cycleId, cycleId))
    .orderBy(asc(programRenewals.communityId));
}

export async function setRenewal(
  db: TDbOrTx,
  renewalId: string,
  values: Partial<{
    status: TRenewalStatus;
    requestId: string | null;
    dealId: string | null;
    acceptedMinor: number | null;
    reason: string | null;
  }>,
) {
  await db
    .update(programRenewals)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(programRenewals.id, renewalId));
}

/** Records a period's cycle; a cycle already recorded for the period is left as it is (a retried plan). */
export async function insertCycleIfAbsent(db: TDbOrTx, values: typeof programCycles.$inferInsert) {
  await db.insert(programCycles).values(values).onConflictDoNothing();
}

/** A re-plan (after the notice period) may change the amounts of a cycle still Noticed, never of a later one. */
export async function replanNoticedCycle(
  db: TDbOrTx,
  cycleId: string,
  values: { budgetMinor: number; carryInMinor: number },
) {
  await db
    .update(programCycles)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(programCycles.id, cycleId), eq(programCycles.status, 'Noticed')));
}

/** Plans a community's renewal in a cycle; a planned one takes the new amount, a sent one keeps its own. */
export async function planRenewal(
  db: TDbOrTx,
  values: {
    cycleId: string;
    programId: string;
    communityId: string;
    allocatedMinor: number;
    status: TRenewalStatus;
    reason: string | null;
  },
) {
  const { allocatedMinor, status, reason } = values;
  await db
    .insert(programRenewals)
    .values(values)
    .onConflictDoUpdate({
      target: [programRenewals.cycleId, programRenewals.communityId],
      set: { allocatedMinor, status, reason, updatedAt: new Date() },
      setWhere: eq(programRenewals.status, 'Planned'),
    });
}

/** A community's renewal in a cycle. */
export async function findRenewal(db: TDbOrTx, cycleId: string, communityId: string) {
  const [row] = await db
    .select()
    .from(programRenewals)
    .where(and(eq(programRenewals.cycleId, cycleId), eq(programRenewals.communityId, communityId)));
  return row;
}

/** Sets a cycle's status (and its note, when one is given). */
export async function setCycleStatus(
  db: TDbOrTx,
  cycleId: string,
  status: TCycleRow['status'],
  note?: string | null,
) {
  await db
    .update(programCycles)
    .set({ status, ...(note ? { note } : {}), updatedAt: new Date() })
    .where(eq(programCycles.id, cycleId));
}

/** Closes a cycle not closed yet with its report; false when it was already closed (a retried close). */
export async function closeOpenCycle(
  db: TDbOrTx,
  cycleId: string,
  values: { status: TCycleRow['status']; report: TCycleRow['report']; note: string | null },
): Promise<boolean> {
  const closed = await db
    .update(programCycles)
    .set({ ...values, closedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(programCycles.id, cycleId), isNull(programCycles.closedAt)))
    .returning({ id: programCycles.id });
  return closed.length > 0;
}

/** Skips a cycle's renewals still Planned (never sent), with the reason. */
export async function skipPlannedRenewals(db: TDbOrTx, cycleId: string, reason: string) {
  await db
    .update(programRenewals)
    .set({ status: 'Skipped', reason, updatedAt: new Date() })
    .where(and(eq(programRenewals.cycleId, cycleId), eq(programRenewals.status, 'Planned')));
}

/** Emails the organization's admins (Sponsor/Partner Admin), once per key and address. */
export async function queueOrganizationAdminEmail(
  db: TDbOrTx,
  organizationId: string,
  email: { keyPrefix: string; subject: string; body: string },
) {
  const admins = await db
    .select({ email: users.email })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(
      and(
        eq(organizationMembers.organizationId, organizationId),
        eq(organizationMembers.status, 'active'),
        inArray(organizationMembers.role, ['Sponsor Admin', 'Partner Admin']),
      ),
    );
  if (admins.length === 0) return;
  await db
    .insert(emailOutbox)
    .values(
      admins.map((a) => ({
        idempotencyKey: `${email.keyPrefix}:${a.email}`,
        to: a.email,
        subject: email.subject,
        body: email.body,
      })),
    )
    .onConflictDoNothing();
}

/**
 * The report's rows: per cycle, the deals its renewals produced, their events' expected participants (the event
 * system's figures in our mirror) and their benefit items' fulfillment.
 */
export async function reportRows(db: TDbOrTx, programId: string) {
  const cycles = await listCycles(db, programId);
  const perCycle = await db
    .select({
      cycleId: programRenewals.cycleId,
      deals: sql<number>`count(${deals.id})`.mapWith(Number),
      events: sql<number>`count(distinct ${deals.eventId})`.mapWith(Number),
      participants: sql<number>`coalesce(sum(${events.expectedParticipants}), 0)`.mapWith(Number),
    })
    .from(programRenewals)
    .innerJoin(deals, eq(deals.id, programRenewals.dealId))
    .leftJoin(events, eq(events.id, deals.eventId))
    .where(eq(programRenewals.programId, programId))
    .groupBy(programRenewals.cycleId);
  const items = await db
    .select({
      cycleId: programRenewals.cycleId,
      total: sql<number>`count(${fulfillmentItems.id})`.mapWith(Number),
      done: sql<number>`count(${fulfillmentItems.id}) filter (where ${fulfillmentItems.status} in ('Verified', 'Waived'))`.mapWith(
        Number,
      ),
    })
    .from(programRenewals)
    .innerJoin(fulfillmentItems, eq(fulfillmentItems.dealId, programRenewals.dealId))
    .where(eq(programRenewals.programId, programId))
    .groupBy(programRenewals.cycleId);
  // Spend is money, not deal amounts: per cycle, what its deals' sponsors paid into escrow less what was refunded
  // (the ledger's -sponsor_funding - refunds), and of that what escrow still holds. An unpaid deal has no entries.
  const money = await db
    .select({
      cycleId: programRenewals.cycleId,
      spendMinor:
        sql<number>`coalesce(sum(-${ledgerEntries.amountMinor}) filter (where ${ledgerEntries.account} in ('sponsor_funding', 'refunds')), 0)`.mapWith(
          Number,
        ),
      heldMinor:
        sql<number>`coalesce(sum(${ledgerEntries.amountMinor}) filter (where ${ledgerEntries.account} = 'escrow'), 0)`.mapWith(
          Number,
        ),
    })
    .from(programRenewals)
    .innerJoin(programCycles, eq(programCycles.id, programRenewals.cycleId))
    .innerJoin(payments, eq(payments.dealId, programRenewals.dealId))
    .innerJoin(
      ledgerEntries,
      and(eq(ledgerEntries.paymentId, payments.id), eq(ledgerEntries.currency, programCycles.currency)),
    )
    .where(eq(programRenewals.programId, programId))
    .groupBy(programRenewals.cycleId);
  return { cycles, perCycle, items, money };
}

/** Next renewal dates for the dashboard: the organizations' programs that still run. */
export async function runningPrograms(db: TDbOrTx, organizationIds: string[]) {
  if (organizationIds.length === 0) return [];
  return db
    .select()
    .from(programs)
    .where(
      and(inArray(programs.organizationId, organizationIds), inArray(programs.status, ['Active', 'Paused'])),
    )
    .orderBy(asc(programs.name));
}

/** Emails each invited community's Organizer and Partnerships Lead (who answer), once per program and address. */
export async function queueInvitationEmails(
  db: TDbOrTx,
  programId: string,
  communityIds: string[],
  email: { subject: string; body: string },
) {
  if (communityIds.length === 0) return;
  const people = await db
    .select({ communityId: communityMembers.communityId, email: users.email })
    .from(communityMembers)
    .innerJoin(users, eq(users.id, communityMembers.userId))
    .where(
      and(
        inArray(communityMembers.communityId, communityIds),
        eq(communityMembers.status, 'Active'),
        inArray(communityMembers.role, ['Organizer', 'Partnerships Lead']),
      ),
    );
  if (people.length === 0) return;
  await db
    .insert(emailOutbox)
    .values(
      people.map((p) => ({
        idempotencyKey: `program-invite:${programId}:${p.communityId}:${p.email}`,
        to: p.email,
        subject: email.subject,
        body: email.body,
      })),
    )
    .onConflictDoNothing();
}
