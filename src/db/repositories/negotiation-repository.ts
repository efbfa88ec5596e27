import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { TProposal, TProposalDiff, TSide } from '../../domain/negotiation.js';
import type { TDbOrTx } from '../client.js';
import { prepared } from '../prepared.js';
import { requestRevisions, sponsorshipRequests } from '../schema/index.js';

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
 * this is the hot path of every negotiation. Returns the request's parties and whether this call recorded it.
 */
export async function recordCounterStep(db: TDbOrTx, step: TCounterStep) {
  const recipients = otherSide(step.by);
  const { rows } = await db.execute<{
    community_id: string;
    organization_id: string;
    event_id: string | null;
    fresh: boolean;
  }>(sql`
    with req as (
      select id, community_id, organization_id, event_id, status, current_revision
      from sponsorship_requests where id = ${step.requestId} for update
    ), claimed as (
      insert into request_timeline (request_id, seq, type, actor_user_id, actor_side, from_status, to_status, revision)
      select id, ${step.seq}::int, 'counter', ${step.actorUserId}::uuid, ${step.by}, status, 'Negotiation', ${step.revision}::int
      from req
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
    select community_id, organization_id, event_id, exists (select 1 from claimed) as fresh from req`);
  return rows[0];
}
