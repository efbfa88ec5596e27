import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { CommunityStatus, OrganizationStatus } from '../../domain/commdesk-facts.js';
import {
  MARKETPLACE_ORGANIZATION_STATUSES,
  OPEN_REQUEST_STATUSES,
  type TPartyStanding,
  type TProposal,
  type TProposalDiff,
  type TSide,
} from '../../domain/negotiation.js';
import { OUTREACH_COMMUNITY_STATUSES } from '../../domain/commdesk-facts.js';
import type { TDealOps } from '../../domain/ops-view.js';
import type { TDbOrTx } from '../client.js';
import { prepared } from '../prepared.js';
import {
  communities,
  organizations,
  requestMessages,
  requestRevisions,
  requestTimeline,
  sponsorshipRequests,
} from '../schema/index.js';

export const COMMUNITY_NEGOTIATORS = [
  'Organizer',
  'Co-Organizer',
  'Partnerships Lead',
  'Sponsorship Lead',
  'Industry Relations Lead',
] as const;
export const ORGANIZATION_NEGOTIATORS = [
  'Sponsor Admin',
  'Sponsor Manager',
  'Partner Admin',
  'Partnership Manager',
] as const;

export async function findRequest(db: TDbOrTx, requestId: string, forUpdate = false) {
  const statement = forUpdate
    ? prepared(db, 'request_for_update', (d) => requestById(d).for('update').prepare('request_for_update'))
    : prepared(db, 'request', (d) => requestById(d).prepare('request'));
  const [row] = await statement.execute({ requestId });
  return row;
}

const requestById = (db: TDbOrTx) =>
  db
    .select()
    .from(sponsorshipRequests)
    .where(eq(sponsorshipRequests.id, sql.placeholder('requestId')))
    .limit(1);

/** A request with both parties' names and statuses, in one prepared query (the API's step routes). */
export async function findRequestWithStanding(db: TDbOrTx, requestId: string) {
  const [row] = await prepared(db, 'request_with_standing', (d) =>
    d
      .select({
        request: sponsorshipRequests,
        communityName: communities.name,
        communityStatus: communities.status,
        organizationName: organizations.displayName,
        organizationStatus: organizations.status,
      })
      .from(sponsorshipRequests)
      .innerJoin(communities, eq(communities.id, sponsorshipRequests.communityId))
      .innerJoin(organizations, eq(organizations.id, sponsorshipRequests.organizationId))
      .where(eq(sponsorshipRequests.id, sql.placeholder('requestId')))
      .limit(1)
      .prepare('request_with_standing'),
  ).execute({ requestId });
  if (!row) return undefined;
  const standing: TPartyStanding = {
    community: { name: row.communityName, status: row.communityStatus },
    organization: { name: row.organizationName, status: row.organizationStatus },
  };
  return { request: row.request, standing };
}

/**
 * Both parties' standing at write time, with their rows share-locked until the step's transaction ends: a disable
 * committed first is seen here, and one that comes later waits for the step (so no step lands after it).
 */
export async function lockPartyStanding(db: TDbOrTx, requestId: string): Promise<TPartyStanding> {
  const { rows } = await db.execute<{
    community_name: string;
    community_status: CommunityStatus;
    organization_name: string;
    organization_status: OrganizationStatus;
  }>(sql`
    select c.name as community_name, c.status as community_status,
           o.display_name as organization_name, o.status as organization_status
    from sponsorship_requests r
      join communities c on c.id = r.community_id
      join organizations o on o.id = r.organization_id
    where r.id = ${requestId}
    for share of c, o`);
  const row = rows[0]!;
  return {
    community: { name: row.community_name, status: row.community_status },
    organization: { name: row.organization_name, status: row.organization_status },
  };
}

/** The organization's requests still in negotiation (Pending or Negotiation). */
export async function openRequestIdsOfOrganization(db: TDbOrTx, organizationId: string): Promise<string[]> {
  const rows = await db
    .select({ id: sponsorshipRequests.id })
    .from(sponsorshipRequests)
    .where(
      and(
        eq(sponsorshipRequests.organizationId, organizationId),
        inArray(sponsorshipRequests.status, [...OPEN_REQUEST_STATUSES]),
      ),
    );
  return rows.map((r) => r.id);
}

export async function findRevision(db: TDbOrTx, requestId: string, number: number) {
  const [row] = await prepared(db, 'revision', buildRevisionQuery).execute({ requestId, number });
  return row;
}

const buildRevisionQuery = (db: TDbOrTx) =>
  db
    .select()
    .from(requestRevisions)
    .where(
      and(
        eq(requestRevisions.requestId, sql.placeholder('requestId')),
        eq(requestRevisions.number, sql.placeholder('number')),
      ),
    )
    .limit(1)
    .prepare('revision');

/** The request a message belongs to, or undefined for an unknown message. */
export async function findMessageRequestId(db: TDbOrTx, messageId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ requestId: requestMessages.requestId })
    .from(requestMessages)
    .where(eq(requestMessages.id, messageId));
  return row?.requestId;
}

export type TSideEmail = { side: TSide; keyPrefix: string; subject: string; body: string };

/** The active negotiators' addresses of one side of a request; `side` may be a value or a column. */
const negotiatorEmails = (requestId: string, side: SQL | TSide) => sql`
  select u.email from sponsorship_requests req
    join community_members m on m.community_id = req.community_id
    join users u on u.id = m.user_id
  where req.id = ${requestId} and ${side} = 'community' and m.status = 'Active'
    and m.role in ${[...COMMUNITY_NEGOTIATORS]}
  union
  select u.email from sponsorship_requests req
    join organization_members m on m.organization_id = req.organization_id
    join users u on u.id = m.user_id
  where req.id = ${requestId} and ${side} = 'organization' and m.status = 'active'
    and m.role in ${[...ORGANIZATION_NEGOTIATORS]}`;

/**
 * Queues one email per active negotiator of each side in one statement; the key (prefix + address) makes a
 * retried step queue nothing twice. Call inside the step's transaction.
 */
export async function queueSideEmails(db: TDbOrTx, requestId: string, emails: TSideEmail[]): Promise<void> {
  if (emails.length === 0) return;
  const rows = sql.join(
    emails.map((e) => sql`(${e.side}, ${e.keyPrefix}, ${e.subject}, ${e.body})`),
    sql`, `,
  );
  await db.execute(sql`
    insert into email_outbox (idempotency_key, "to", subject, body)
    select msg.key_prefix || ':' || r.email, r.email, msg.subject, msg.body
    from (values ${rows}) as msg(side, key_prefix, subject, body)
    cross join lateral (${negotiatorEmails(requestId, sql`msg.side`)}) r
    on conflict do nothing`);
}

export const otherSide = (side: TSide): TSide => (side === 'community' ? 'organization' : 'community');

export const touch = (requestId: string) =>
  sql`update sponsorship_requests set last_activity_at = now() where id = ${requestId}`;

export type TCounterStep = {
  requestId: string;
  seq: number;
  revision: number;
  by: TSide;
  actorUserId: string;
  proposal: TProposal;
  tierKeyword: string;
  message: string | null;
  diff: TProposalDiff;
  audit: { after: Record<string, unknown> };
  email: { keyPrefix: string; subject: string; body: string };
};

/**
 * A counter-offer as one statement: the timeline step (the idempotency claim), the revision, the request's new
 * state, the audit row (before = the row as this statement found it) and the counterparty's email. Every write
 * reads from the claimed step, so a retried call whose step exists writes nothing. One round trip instead of ten:
 * this is the hot path of every negotiation. Both parties' rows are share-locked and the step is claimed only when
 * both are in good standing. Returns the request's parties, their standing and whether this call recorded it.
 */
export async function recordCounterStep(db: TDbOrTx, step: TCounterStep) {
  const recipients = otherSide(step.by);
  const { rows } = await db.execute<{
    community_id: string;
    organization_id: string;
    event_id: string | null;
    fresh: boolean;
    /** The step existed before this call (a retry): nothing was written and nothing is refused. */
    recorded_before: boolean;
    community_name: string;
    community_status: CommunityStatus;
    organization_name: string;
    organization_status: OrganizationStatus;
  }>(sql`
    with req as (
      select r.id, r.community_id, r.organization_id, r.event_id, r.status, r.current_revision,
        c.name as community_name, c.status as community_status,
        o.display_name as organization_name, o.status as organization_status,
        (o.status in ${[...MARKETPLACE_ORGANIZATION_STATUSES]} and c.status in ${[...OUTREACH_COMMUNITY_STATUSES]}) as eligible
      from sponsorship_requests r
        join communities c on c.id = r.community_id
        join organizations o on o.id = r.organization_id
      where r.id = ${step.requestId}
      for update of r for share of c, o
    ), recorded_before as (
      select 1 from request_timeline where request_id = ${step.requestId} and seq = ${step.seq}::int
    ), claimed as (
      insert into request_timeline (request_id, seq, type, actor_user_id, actor_side, from_status, to_status, revision)
      select id, ${step.seq}::int, 'counter', ${step.actorUserId}::uuid, ${step.by}, status, 'Negotiation', ${step.revision}::int
      from req where req.eligible
      on conflict do nothing
      returning request_id
    ), revision as (
      insert into request_revisions (request_id, number, author_side, author_user_id, amount_minor, currency,
        category, tier_keyword, benefits, terms, message, diff)
      select request_id, ${step.revision}::int, ${step.by}, ${step.actorUserId}::uuid, ${step.proposal.amountMinor}::bigint,
        ${step.proposal.currency}, ${step.proposal.category}, ${step.tierKeyword},
        ${JSON.stringify(step.proposal.benefits)}::jsonb, ${step.proposal.terms}, ${step.message},
        ${JSON.stringify(step.diff)}::jsonb
      from claimed
    ), moved as (
      update sponsorship_requests r set status = 'Negotiation', current_revision = ${step.revision}::int,
        current_author = ${step.by}, last_activity_at = now(), updated_at = now()
      from claimed where r.id = claimed.request_id
    ), audited as (
      insert into audit_log (actor_user_id, actor_type, action, entity_type, entity_id, before, after)
      select ${step.actorUserId}::uuid, 'user', 'request.countered', 'sponsorship_request', req.id::text,
        json_build_object('status', req.status, 'currentRevision', req.current_revision),
        ${JSON.stringify(step.audit.after)}::jsonb
      from claimed join req on req.id = claimed.request_id
    ), recipients as (${negotiatorEmails(step.requestId, recipients)}
    ), mailed as (
      insert into email_outbox (idempotency_key, "to", subject, body)
      select ${step.email.keyPrefix} || ':' || recipients.email, recipients.email, ${step.email.subject},
        ${step.email.body}
      from claimed, recipients
      on conflict do nothing
    )
    select community_id, organization_id, event_id, exists (select 1 from claimed) as fresh,
      exists (select 1 from recorded_before) as recorded_before, community_name, community_status,
      organization_name, organization_status
    from req`);
  return rows[0];
}

/**
 * Inserts a request; undefined when the community and organization already have an open one (for the same event,
 * or both without an event): the unique index on open requests refuses the second.
 */
export async function insertRequestIfNoneOpen(db: TDbOrTx, values: typeof sponsorshipRequests.$inferInsert) {
  const [row] = await db.insert(sponsorshipRequests).values(values).onConflictDoNothing().returning();
  return row;
}

/** The open request between a community and an organization (for the event, or without one), if any. */
export async function findOpenRequestId(
  db: TDbOrTx,
  between: { communityId: string; organizationId: string; eventId: string | null },
): Promise<string | undefined> {
  const [row] = await db
    .select({ id: sponsorshipRequests.id })
    .from(sponsorshipRequests)
    .where(
      and(
        eq(sponsorshipRequests.communityId, between.communityId),
        eq(sponsorshipRequests.organizationId, between.organizationId),
        between.eventId
          ? eq(sponsorshipRequests.eventId, between.eventId)
          : sql`${sponsorshipRequests.eventId} is null`,
        inArray(sponsorshipRequests.status, ['Pending', 'Negotiation']),
      ),
    );
  return row?.id;
}

/** A new request's first revision (the opening proposal) and its `opened` timeline entry. */
export async function insertOpeningRevision(
  db: TDbOrTx,
  opening: Omit<typeof requestRevisions.$inferInsert, 'number'> & { authorSide: TSide; authorUserId: string },
) {
  await db.insert(requestRevisions).values({ ...opening, number: 1 });
  await db.insert(requestTimeline).values({
    requestId: opening.requestId,
    seq: 1,
    type: 'opened',
    actorUserId: opening.authorUserId,
    actorSide: opening.authorSide,
    toStatus: 'Pending',
    revision: 1,
  });
}

/** The names ops read in the Temporal UI for a negotiation: community, organization and event. */
export async function negotiationParties(
  db: TDbOrTx,
  ids: { communityId: string; organizationId: string; eventId: string | null },
): Promise<{ community: string; organization: string; event: string | null }> {
  const { rows } = await db.execute<{ community: string; organization: string; event: string | null }>(sql`
    select (select name from communities where id = ${ids.communityId}) as community,
           (select display_name from organizations where id = ${ids.organizationId}) as organization,
           (select title from events where id = ${ids.eventId}::uuid) as event`);
  const row = rows[0]!;
  return {
    community: row.community ?? ids.communityId,
    organization: row.organization ?? ids.organizationId,
    event: row.event,
  };
}

type TOpsRow = {
  community: string | null;
  organization: string | null;
  event: string | null;
  community_id: string;
  organization_id: string;
  amount_minor: string | number;
  currency: string;
  category: string;
};
const opsOf = (row: TOpsRow): TDealOps & { communityId: string; organizationId: string } => ({
  community: row.community ?? row.community_id,
  organization: row.organization ?? row.organization_id,
  event: row.event,
  amountMinor: Number(row.amount_minor),
  currency: row.currency,
  category: row.category,
  communityId: row.community_id,
  organizationId: row.organization_id,
});

/**
 * A deal's parties and event by name with its amount and category: the static summary of the workflows a route
 * starts for it (contract, escrow, fulfillment), since workflow code cannot read them. Null when there is no such deal.
 */
export async function dealOps(
  db: TDbOrTx,
  dealId: string,
): Promise<(TDealOps & { communityId: string; organizationId: string }) | null> {
  const { rows } = await db.execute<TOpsRow>(sql`
    select c.name as community, o.display_name as organization, e.title as event, d.community_id,
           d.organization_id, d.amount_minor, d.currency, d.category
    from deals d
    left join communities c on c.id = d.community_id
    left join organizations o on o.id = d.organization_id
    left join events e on e.id = d.event_id
    where d.id = ${dealId}`);
  return rows[0] ? opsOf(rows[0]) : null;
}

/** The same for a request: its parties by name and its current revision's offer (a negotiation started again). */
export async function requestOps(
  db: TDbOrTx,
  requestId: string,
): Promise<(TDealOps & { communityId: string; organizationId: string }) | null> {
  const { rows } = await db.execute<TOpsRow>(sql`
    select c.name as community, o.display_name as organization, e.title as event, r.community_id,
           r.organization_id, v.amount_minor, v.currency, v.category
    from sponsorship_requests r
    join request_revisions v on v.request_id = r.id and v.number = r.current_revision
    left join communities c on c.id = r.community_id
    left join organizations o on o.id = r.organization_id
    left join events e on e.id = r.event_id
    where r.id = ${requestId}`);
  return rows[0] ? opsOf(rows[0]) : null;
}
