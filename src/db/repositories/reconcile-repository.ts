import { desc, eq, sql } from 'drizzle-orm';
import type { TNegotiationPosition } from '../../domain/reconcile.js';
import type { TDbOrTx } from '../client.js';
import { organizationVerifications, requestTimeline, sponsorshipRequests } from '../schema/index.js';
import { writeAudit } from './audit-repository.js';

/** The request's position as Postgres has it: its last timeline step and the state that step left. */
export async function negotiationPosition(
  db: TDbOrTx,
  requestId: string,
): Promise<TNegotiationPosition | null> {
  const [row] = await db
    .select({
      status: sponsorshipRequests.status,
      currentRevision: sponsorshipRequests.currentRevision,
      currentAuthor: sponsorshipRequests.currentAuthor,
      dealId: sponsorshipRequests.dealId,
      // Column references in a subquery render unqualified: name the tables outright.
      step: sql<number>`coalesce((select max(t.seq) from request_timeline t
        where t.request_id = sponsorship_requests.id), 1)`.mapWith(Number),
    })
    .from(sponsorshipRequests)
    .where(eq(sponsorshipRequests.id, requestId));
  return row ?? null;
}

/**
 * The timeline entry (and audit row) of a repair: what differed, what was done, and whether a person must look.
 * Keyed by the workflow's step like every other entry, so a retried activity writes it once.
 */
export async function recordReconciliation(
  db: TDbOrTx,
  entry: { requestId: string; seq: number; outcome: string; detail: string; needsAttention: boolean },
): Promise<void> {
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(requestTimeline)
      .values({
        requestId: entry.requestId,
        seq: entry.seq,
        type: entry.needsAttention ? 'needs_attention' : 'reconciled',
        detail: { outcome: entry.outcome, detail: entry.detail },
      })
      .onConflictDoNothing()
      .returning({ id: requestTimeline.id });
    if (inserted.length === 0) return;
    await writeAudit(tx, {
      actorUserId: null,
      action: entry.needsAttention ? 'request.needs_attention' : 'request.reconciled',
      entityType: 'sponsorship_request',
      entityId: entry.requestId,
      after: { outcome: entry.outcome },
      reason: entry.detail,
    });
  });
}

/** The latest verification run's status of an organization, or null when there is none. */
export async function latestVerificationStatus(db: TDbOrTx, organizationId: string): Promise<string | null> {
  const [row] = await db
    .select({ status: organizationVerifications.status })
    .from(organizationVerifications)
    .where(eq(organizationVerifications.organizationId, organizationId))
    .orderBy(desc(organizationVerifications.run))
    .limit(1);
  return row?.status ?? null;
}

/** Open requests (Pending, Negotiation): each must have a running negotiation workflow. */
export async function openRequestIds(db: TDbOrTx): Promise<string[]> {
  const rows = await db
    .select({ id: sponsorshipRequests.id })
    .from(sponsorshipRequests)
    .where(sql`${sponsorshipRequests.status} in ('Pending', 'Negotiation')`);
  return rows.map((r) => r.id);
}

/**
 * Open requests of Disabled organizations: disabling withdraws them right away, and the housekeeping sweep catches
 * any that a stopped API process left open.
 */
export async function openRequestsOfDisabledOrganizations(db: TDbOrTx, limit: number): Promise<string[]> {
  const { rows } = await db.execute<{ id: string }>(sql`
    select r.id from sponsorship_requests r join organizations o on o.id = r.organization_id
    where r.status in ('Pending', 'Negotiation') and o.status = 'Disabled'
    order by r.last_activity_at limit ${limit}`);
  return rows.map((r) => r.id);
}
