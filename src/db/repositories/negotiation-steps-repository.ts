import { eq, sql, type SQL } from 'drizzle-orm';
import type { CommunityStatus, OrganizationStatus } from '../../domain/commdesk-facts.js';
import type { TRequestStatus, TSide } from '../../domain/negotiation.js';
import type { TReputationSubject } from '../../domain/reputation.js';
import type { TOutcome } from '../../workflows/negotiation/negotiation.contract.js';
import type { TDbOrTx } from '../client.js';
import { executeNamed } from '../prepared.js';
import { requestMessages, type deals } from '../schema/index.js';
import { isoOf, sideEmailsInsert, touch, type TSideEmail } from './negotiation-repository.js';
import { reputationChangesCtes, reputationSubjects } from './reputation-changes-repository.js';
import { webhookEventCtes, webhookPayload } from './webhooks-repository.js';

/** The negotiation workflow's writes: its steps' timeline rows, the request's outcome, the deal, messages. */

/** Records a message once per idempotency key; undefined when a retried step recorded it before. */
export async function insertMessageIfNew(tx: TDbOrTx, values: typeof requestMessages.$inferInsert) {
  const [row] = await tx.insert(requestMessages).values(values).onConflictDoNothing().returning();
  return row;
}

/** The id of the message recorded under an idempotency key. */
export async function messageIdByKey(tx: TDbOrTx, idempotencyKey: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: requestMessages.id })
    .from(requestMessages)
    .where(eq(requestMessages.idempotencyKey, idempotencyKey));
  return row?.id;
}

/** The request had activity now (a message): its last_activity_at orders the inboxes. */
export async function touchRequest(tx: TDbOrTx, requestId: string) {
  await tx.execute(touch(requestId));
}

export type TOutcomeClaim = {
  requestId: string;
  seq: number;
  outcome: TOutcome;
  by: TSide | null;
  actorUserId: string | null;
  revision: number;
  detail: Record<string, string> | null;
};

/**
 * The first statement of an outcome step: locks the request, claims its timeline row (the idempotency key:
 * `fresh` is false when a retried step finds it) and returns the request. For an acceptance it also share-locks both
 * parties (their standing is checked before anything else is written) and locks the request's opportunity, and
 * returns the accepted revision and the opportunity's status and slots. The opportunity's deals are counted by the
 * next statement, which sees every deal committed before this one got the opportunity's lock.
 */
export async function claimOutcomeStep(tx: TDbOrTx, c: TOutcomeClaim) {
  const accepting = c.outcome === 'Accepted';
  const { rows } = await executeNamed<{
    id: string;
    community_id: string;
    organization_id: string;
    event_id: string | null;
    opportunity_id: string | null;
    status: TRequestStatus;
    deal_id: string | null;
    fresh: boolean;
    community_name: string | null;
    community_status: CommunityStatus | null;
    organization_name: string | null;
    organization_status: OrganizationStatus | null;
    opportunity_status: string | null;
    opportunity_slots: number | null;
    revision: {
      number: number;
      amount_minor: number;
      currency: string;
      category: string;
      tier_keyword: string;
      benefits: unknown;
      terms: string;
    } | null;
  }>(
    tx,
    'claim_outcome',
    sql`
    with req as (
      select r.id, r.community_id, r.organization_id, r.event_id, r.opportunity_id, r.status, r.deal_id${
        accepting
          ? sql`, c.name as community_name, c.status as community_status,
        o.display_name as organization_name, o.status as organization_status
      from sponsorship_requests r
        join communities c on c.id = r.community_id
        join organizations o on o.id = r.organization_id
      where r.id = ${c.requestId}
      for update of r for share of c, o`
          : sql`, null as community_name, null as community_status, null as organization_name,
        null as organization_status
      from sponsorship_requests r
      where r.id = ${c.requestId}
      for update of r`
      }
    ), claimed as (
      insert into request_timeline (request_id, seq, type, actor_user_id, actor_side, from_status, to_status,
        revision, detail)
      select id, ${c.seq}::int, ${c.outcome.toLowerCase()}, ${c.actorUserId}::uuid, ${c.by}::text, status,
        ${c.outcome}, ${c.revision}::int, ${c.detail === null ? null : JSON.stringify(c.detail)}::jsonb
      from req
      on conflict do nothing
      returning request_id
    )${
      accepting
        ? sql`, opportunity as (
      select id, status, slots from opportunities where id = (select opportunity_id from req) for update
    )`
        : sql``
    }
    select req.*, exists (select 1 from claimed) as fresh, ${
      accepting
        ? sql`(select status from opportunity) as opportunity_status, (select slots from opportunity) as opportunity_slots,
      (select json_build_object('number', v.number, 'amount_minor', v.amount_minor, 'currency', v.currency,
          'category', v.category, 'tier_keyword', v.tier_keyword, 'benefits', v.benefits, 'terms', v.terms)
        from request_revisions v where v.request_id = req.id and v.number = ${c.revision}::int) as revision`
        : sql`null as opportunity_status, null as opportunity_slots, null as revision`
    }
    from req`,
  );
  return rows[0];
}

export type TDealInsert = typeof deals.$inferInsert;

export type TOutcomeWrite = {
  request: {
    id: string;
    communityId: string;
    organizationId: string;
    eventId: string | null;
    status: TRequestStatus;
  };
  outcome: TOutcome;
  actorUserId: string | null;
  reason: string | null;
  /** For an acceptance: the deal (its id chosen by the caller, so every row naming it is known beforehand). */
  deal: (TDealInsert & { id: string }) | null;
  /** For an acceptance of an opportunity's request that was still Open: it becomes Filled with its last slot. */
  fillOpportunity: { id: string; slots: number } | null;
  /** The deal_accepted event's payload (for an acceptance). */
  webhookPayload: unknown;
  reputation: TReputationSubject[];
  emails: TSideEmail[];
};

/**
 * The rest of an outcome step that `claimOutcomeStep` claimed fresh, as one statement: the deal, the opportunity
 * Filled, the deal_accepted event and its deliveries, the request's outcome, the audit rows (deal.created,
 * opportunity.filled, request.<outcome>, in that order), the reputation changes with their NOTIFY and the emails.
 * The opportunity's filled slots count the deals committed before this statement plus the one it inserts
 * (a statement's parts do not see each other's rows). Returns the deliveries of deal_accepted.
 */
export async function writeOutcome(tx: TDbOrTx, w: TOutcomeWrite): Promise<string[]> {
  const d = w.deal;
  const dealId = d?.id ?? null;
  const actorType = w.actorUserId ? 'user' : 'system';
  const parts: SQL[] = [
    sql`moved as (
      update sponsorship_requests set status = ${w.outcome}, deal_id = ${dealId}::uuid, last_activity_at = now(),
        updated_at = now()
      where id = ${w.request.id}
    )`,
  ];
  if (d) {
    parts.push(sql`deal as (
      insert into deals (id, request_id, community_id, organization_id, event_id, accepted_revision, amount_minor,
        currency, category, tier_keyword, benefits, terms)
      values (${d.id}::uuid, ${d.requestId}::uuid, ${d.communityId}::uuid, ${d.organizationId}::uuid,
        ${d.eventId ?? null}::uuid, ${d.acceptedRevision}::int, ${d.amountMinor}::bigint, ${d.currency}, ${d.category},
        ${d.tierKeyword}, ${JSON.stringify(d.benefits)}::jsonb, ${d.terms})
      returning *
    )`);
    parts.push(
      webhookEventCtes({
        type: 'deal_accepted',
        communityId: sql`${w.request.communityId}::uuid`,
        payload: webhookPayload(w.webhookPayload),
        from: sql`(select 1) as one`,
      }),
    );
  }
  if (w.fillOpportunity) {
    parts.push(sql`filled as (
      update opportunities set status = 'Filled', updated_at = now()
      where id = ${w.fillOpportunity.id} and status = 'Open' and ${w.fillOpportunity.slots}::int <= 1 + (
        select count(*) from deals dl join sponsorship_requests sr on sr.id = dl.request_id
        where sr.opportunity_id = ${w.fillOpportunity.id})
      returning id
    )`);
  }
  // The audit rows as the drizzle writer stored them: the deal's `after` is the row in its JavaScript form.
  const audits: SQL[] = [];
  if (d)
    audits.push(sql`select 1 as ord, ${w.actorUserId}::uuid as actor_user_id, ${actorType} as actor_type,
        'deal.created' as action, 'deal' as entity_type, deal.id::text as entity_id, null::jsonb as before,
        jsonb_build_object('id', deal.id, 'requestId', deal.request_id, 'communityId', deal.community_id,
          'organizationId', deal.organization_id, 'eventId', deal.event_id,
          'acceptedRevision', deal.accepted_revision, 'amountMinor', deal.amount_minor, 'currency', deal.currency,
          'category', deal.category, 'tierKeyword', deal.tier_keyword, 'benefits', deal.benefits,
          'terms', deal.terms, 'status', deal.status, 'createdAt', ${isoOf(sql`deal.created_at`)},
          'updatedAt', ${isoOf(sql`deal.updated_at`)}) as after, null as reason
      from deal`);
  if (w.fillOpportunity)
    audits.push(sql`select 2, null::uuid, 'system', 'opportunity.filled', 'opportunity', filled.id::text,
        '{"status":"Open"}'::jsonb, '{"status":"Filled"}'::jsonb, null from filled`);
  audits.push(sql`select 3, ${w.actorUserId}::uuid, ${actorType}, ${`request.${w.outcome.toLowerCase()}`},
      'sponsorship_request', ${w.request.id}::text, ${JSON.stringify({ status: w.request.status })}::jsonb,
      ${JSON.stringify({ status: w.outcome, dealId })}::jsonb, ${w.reason}::text`);
  parts.push(sql`audited as (
      insert into audit_log (actor_user_id, actor_type, action, entity_type, entity_id, before, after, reason)
      select actor_user_id, actor_type, action, entity_type, entity_id, before, after, reason
      from (${sql.join(audits, sql` union all `)})
        as a(ord, actor_user_id, actor_type, action, entity_type, entity_id, before, after, reason)
      order by ord
    )`);
  if (w.reputation.length > 0) parts.push(reputationChangesCtes(reputationSubjects(w.reputation)));
  if (w.emails.length > 0) parts.push(sql`mailed as (${sideEmailsInsert(w.request.id, w.emails)})`);
  const { rows } = await executeNamed<{ delivery_ids: string[] }>(
    tx,
    'write_outcome',
    sql`
    with ${sql.join(parts, sql`, `)}
    select ${d ? sql`array(select id from wh_deliveries)` : sql`'{}'::uuid[]`} as delivery_ids,
      ${w.reputation.length > 0 ? sql`(select count(*) from rep_notified)` : sql`0`} as notified`,
  );
  return rows[0]!.delivery_ids;
}
