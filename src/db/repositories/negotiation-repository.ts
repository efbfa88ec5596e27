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
import { executeNamed, prepared } from '../prepared.js';
import { reputationChangesCtes } from './reputation-changes-repository.js';
import { webhookEventCtes } from './webhooks-repository.js';
import {
  communities,
  organizations,
  requestMessages,
  requestRevisions,
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
  await executeNamed(db, 'side_emails', sideEmailsInsert(requestId, emails));
}

/**
 * The insert of queueSideEmails, to run as a CTE of a step's own statement. Emails must not be empty. `onlyIf`: a
 * condition on the statement's other CTEs (say, that its update moved a row), without which nothing is queued.
 */
export function sideEmailsInsert(requestId: string, emails: TSideEmail[], onlyIf?: SQL): SQL {
  const rows = sql.join(
    emails.map((e) => sql`(${e.side}, ${e.keyPrefix}, ${e.subject}, ${e.body})`),
    sql`, `,
  );
  return sql`
    insert into email_outbox (idempotency_key, "to", subject, body)
    select msg.key_prefix || ':' || r.email, r.email, msg.subject, msg.body
    from (values ${rows}) as msg(side, key_prefix, subject, body)
    cross join lateral (${negotiatorEmails(requestId, sql`msg.side`)}) r
    ${onlyIf ? sql`where ${onlyIf}` : sql``}
    on conflict do nothing`;
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
  /** The sides whose reputation inputs this counter changes (announced only when it is recorded). */
  reputationSides: TSide[];
  /** The first counter (revision 2) publishes request_negotiation_started with it. */
  publishNegotiationStarted: boolean;
};

/**
 * A counter-offer as one statement: the timeline step (the idempotency claim), the revision, the request's new
 * state, the audit row (before = the row as this statement found it), the counterparty's email and, when the step
 * asks for them, its reputation changes (with their NOTIFY) and the request_negotiation_started event with its
 * deliveries (the first counter): no counter needs a transaction of several statements. Every write
 * reads from the claimed step, so a retried call whose step exists writes nothing. One round trip instead of ten:
 * this is the hot path of every negotiation. Both parties' rows are share-locked and the step is claimed only when
 * both are in good standing. Returns the request's parties, their standing and whether this call recorded it.
 */
export async function recordCounterStep(db: TDbOrTx, step: TCounterStep) {
  const recipients = otherSide(step.by);
  const { rows } = await executeNamed<{
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
    /** The webhook deliveries of request_negotiation_started (none unless this call published it). */
    delivery_ids: string[];
  }>(
    db,
    'counter_step',
    sql`
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
    )${
      step.reputationSides.length > 0
        ? sql`, ${reputationChangesCtes(sql`
            select s.side, case s.side when 'community' then req.community_id else req.organization_id end
            from claimed join req on req.id = claimed.request_id
              cross join unnest(${sql.param(step.reputationSides)}::text[]) as s(side)`)}`
        : sql``
    }${
      step.publishNegotiationStarted
        ? sql`, ${webhookEventCtes({
            type: 'request_negotiation_started',
            communityId: sql`req.community_id`,
            payload: sql`jsonb_build_object('requestId', req.id, 'organizationId', req.organization_id,
              'eventId', req.event_id, 'revision', ${step.revision}::int)`,
            from: sql`claimed join req on req.id = claimed.request_id`,
          })}`
        : sql``
    }
    select community_id, organization_id, event_id, exists (select 1 from claimed) as fresh,
      exists (select 1 from recorded_before) as recorded_before, community_name, community_status,
      organization_name, organization_status,
      ${step.reputationSides.length > 0 ? sql`(select count(*) from rep_notified)` : sql`0`} as notified,
      ${step.publishNegotiationStarted ? sql`array(select id from wh_deliveries)` : sql`'{}'::uuid[]`} as delivery_ids
    from req`,
  );
  return rows[0];
}

/** What opening a request needs to check, read by id in one statement (each part null when there is no such row). */
export async function findOpeningTargets(
  db: TDbOrTx,
  ids: { communityId: string; organizationId: string; eventId: string | null; opportunityId: string | null },
) {
  const { rows } = await executeNamed<{
    community: { id: string; name: string; status: CommunityStatus } | null;
    organization: { id: string; displayName: string; status: OrganizationStatus } | null;
    opportunity: { communityId: string; eventId: string | null; decisionDeadline: string } | null;
    event: { id: string; communityId: string } | null;
  }>(
    db,
    'opening_targets',
    sql`
    select
      (select json_build_object('id', id, 'name', name, 'status', status) from communities
        where id = ${ids.communityId}) as community,
      (select json_build_object('id', id, 'displayName', display_name, 'status', status) from organizations
        where id = ${ids.organizationId}) as organization,
      (select json_build_object('communityId', community_id, 'eventId', event_id, 'decisionDeadline', decision_deadline)
        from opportunities where id = ${ids.opportunityId}::uuid) as opportunity,
      -- The event named, or else the opportunity's.
      (select json_build_object('id', id, 'communityId', community_id) from events
        where id = coalesce(${ids.eventId}::uuid, (select event_id from opportunities where id = ${ids.opportunityId}::uuid))) as event`,
  );
  const row = rows[0]!;
  return {
    community: row.community,
    organization: row.organization,
    opportunity: row.opportunity && {
      ...row.opportunity,
      decisionDeadline: new Date(row.opportunity.decisionDeadline),
    },
    event: row.event,
  };
}

/** The JavaScript ISO form (UTC, milliseconds, Z) of a timestamp, as a row read through drizzle serializes in JSON. */
export const isoOf = (column: SQL) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export type TOpening = {
  id: string;
  communityId: string;
  organizationId: string;
  eventId: string | null;
  opportunityId: string | null;
  initiator: TSide;
  actorUserId: string;
  deadline: Date;
  programId: string | null;
  programPeriod: string | null;
  /** The opening revision's terms (without its message). */
  terms: { amountMinor: number; currency: string; category: string; benefits: unknown; terms: string };
  tierKeyword: string;
  message: string | null;
  /** The email to the other side's negotiators (the key gets ':' and the address appended). */
  email: { keyPrefix: string; subject: string; body: string };
};

/**
 * Opens a request as one statement: the request row, its first revision, its `opened` timeline entry, the audit row
 * (after = the row with the proposal) and one email per active negotiator of the other side; with the parties' and
 * the event's names (the workflow's summary). Undefined when the community and organization already have an open
 * request (for the same event, or both without one) or the program its renewal: a unique index refuses the insert,
 * and nothing else is written. One round trip instead of six inside the opening transaction.
 */
export async function insertOpening(db: TDbOrTx, o: TOpening) {
  const recipients = otherSide(o.initiator);
  const { rows } = await executeNamed<{
    id: string;
    status: (typeof sponsorshipRequests.$inferSelect)['status'];
    current_revision: number;
    created_at: string | Date;
    community: string | null;
    organization: string | null;
    event: string | null;
  }>(
    db,
    'open_request',
    sql`
    with req as (
      insert into sponsorship_requests (id, community_id, organization_id, event_id, opportunity_id, initiator,
        current_author, deadline, created_by, program_id, program_period)
      values (${o.id}::uuid, ${o.communityId}::uuid, ${o.organizationId}::uuid, ${o.eventId}::uuid, ${o.opportunityId}::uuid,
        ${o.initiator}, ${o.initiator}, ${o.deadline.toISOString()}::timestamptz, ${o.actorUserId}::uuid,
        ${o.programId}::uuid, ${o.programPeriod})
      on conflict do nothing
      returning *
    ), revision as (
      insert into request_revisions (request_id, number, author_side, author_user_id, amount_minor, currency,
        category, tier_keyword, benefits, terms, message)
      select id, 1, ${o.initiator}, ${o.actorUserId}::uuid, ${o.terms.amountMinor}::bigint, ${o.terms.currency},
        ${o.terms.category}, ${o.tierKeyword}, ${JSON.stringify(o.terms.benefits)}::jsonb, ${o.terms.terms}, ${o.message}
      from req
    ), opened as (
      insert into request_timeline (request_id, seq, type, actor_user_id, actor_side, to_status, revision)
      select id, 1, 'opened', ${o.actorUserId}::uuid, ${o.initiator}, 'Pending', 1 from req
    ), audited as (
      insert into audit_log (actor_user_id, actor_type, action, entity_type, entity_id, after)
      select ${o.actorUserId}::uuid, 'user', 'request.opened', 'sponsorship_request', req.id::text,
        jsonb_build_object('id', req.id, 'communityId', req.community_id, 'organizationId', req.organization_id,
          'eventId', req.event_id, 'opportunityId', req.opportunity_id, 'initiator', req.initiator,
          'status', req.status, 'currentRevision', req.current_revision, 'currentAuthor', req.current_author,
          'deadline', ${isoOf(sql`req.deadline`)}, 'dealId', req.deal_id, 'programId', req.program_id,
          'programPeriod', req.program_period, 'createdBy', req.created_by,
          'lastActivityAt', ${isoOf(sql`req.last_activity_at`)}, 'createdAt', ${isoOf(sql`req.created_at`)},
          'updatedAt', ${isoOf(sql`req.updated_at`)}, 'proposal', ${JSON.stringify(o.terms)}::jsonb)
      from req
    ), mailed as (
      insert into email_outbox (idempotency_key, "to", subject, body)
      select ${o.email.keyPrefix} || ':' || r.email, r.email, ${o.email.subject}, ${o.email.body}
      from req cross join lateral (${partyNegotiatorEmails(recipients, o)}) r
      on conflict do nothing
    )
    select req.id, req.status, req.current_revision, req.created_at,
      (select name from communities where id = ${o.communityId}) as community,
      (select display_name from organizations where id = ${o.organizationId}) as organization,
      (select title from events where id = ${o.eventId}::uuid) as event
    from req`,
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    request: {
      id: row.id,
      status: row.status,
      currentRevision: row.current_revision,
      deadline: o.deadline,
      createdAt: new Date(row.created_at),
    },
    parties: {
      community: row.community ?? o.communityId,
      organization: row.organization ?? o.organizationId,
      event: row.event,
    },
  };
}

/** The active negotiators' addresses of one side of a request not yet visible (its parties given by id). */
const partyNegotiatorEmails = (side: TSide, ids: { communityId: string; organizationId: string }) =>
  side === 'community'
    ? sql`select u.email from community_members m join users u on u.id = m.user_id
        where m.community_id = ${ids.communityId} and m.status = 'Active' and m.role in ${[...COMMUNITY_NEGOTIATORS]}`
    : sql`select u.email from organization_members m join users u on u.id = m.user_id
        where m.organization_id = ${ids.organizationId} and m.status = 'active'
          and m.role in ${[...ORGANIZATION_NEGOTIATORS]}`;

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
