import { and, asc, eq, gt, sql } from 'drizzle-orm';
import {
  computeReputation,
  dealSuccessSignal,
  disputeFrequencySignal,
  DEFAULT_PRIORS,
  fulfillmentQualitySignal,
  paymentReliabilitySignal,
  platformPrior,
  responseSpeedSignal,
  reviewsSignal,
  type TReputation,
  type TReputationSignal,
  type TReputationSubject,
  type TSignalInput,
} from '../../domain/reputation.js';
import type { TDbOrTx } from '../client.js';
import { communities, organizations, reputationSnapshots } from '../schema/index.js';

/** Bumped whenever src/domain/reputation.ts changes what a score means; the nightly run recomputes everything. */
export const REPUTATION_FORMULA_VERSION = 2;

type TCounts = Record<string, number | string | null>;
/** A paid payment whose charge the sponsor's bank took back or is contesting (a Stripe chargeback, open or lost). */
const CHARGED_BACK = sql.raw(
  `(p.paid_at is not null and coalesce(p.state->>'chargeback', '') in ('open', 'lost'))`,
);
const num = (v: unknown) => Number(v ?? 0);

/** The signals' inputs for one organization or community, counted from the system of record. */
export async function reputationInputs(db: TDbOrTx, subject: TReputationSubject): Promise<TSignalInput[]> {
  const side = subject.type;
  const column = side === 'community' ? sql.raw('community_id') : sql.raw('organization_id');
  // One statement, one round trip: each input is a subquery read as JSON (counts as numbers, which `num` reads as it
  // read their text; `hours` keeps its numeric digits, so Number() gives the same double).
  const { rows } = await db.execute<{
    outcomes: TCounts | null;
    responses: { hours: number | null; counted: boolean }[];
    reviews: { rating: number }[];
    fulfillment: TCounts | null;
    disputes: TCounts | null;
  }>(sql`
    select
      (select row_to_json(x) from (
        select count(*) filter (where status = 'Accepted') as accepted,
               count(*) filter (where status = 'Rejected') as rejected,
               count(*) filter (where status = 'Expired') as expired
        from sponsorship_requests where ${column} = ${subject.id}) x) as outcomes,
      -- Requests the other side opened: hours to this side's first step (timeline) or message, or null.
      (select coalesce(json_agg(x), '[]'::json) from (
        select extract(epoch from (least(
                 (select min(t.created_at) from request_timeline t
                   where t.request_id = r.id and t.actor_side = ${side} and t.seq > 1),
                 (select min(m.created_at) from request_messages m
                   where m.request_id = r.id and m.author_side = ${side})
               ) - r.created_at)) / 3600.0 as hours,
               r.status not in ('Pending', 'Negotiation', 'Withdrawn') as counted
        from sponsorship_requests r
        where r.${column} = ${subject.id} and r.initiator <> ${side}
        order by r.created_at desc limit 500) x) as responses,
      (select coalesce(json_agg(x), '[]'::json) from (
        select rating from deal_reviews where subject_type = ${side} and subject_id = ${subject.id}) x) as reviews,
      ${
        side === 'community'
          ? sql`(select row_to_json(x) from (
              select count(*) filter (where i.status = 'Verified') as verified,
                     count(*) filter (where i.status = 'Missed') as missed,
                     count(*) filter (where i.status = 'Disputed') as disputed,
                     count(*) filter (where i.status in ('Planned', 'InProgress') and i.due_at < now()) as overdue
              from fulfillment_items i join deals d on d.id = i.deal_id
              where d.community_id = ${subject.id}) x)`
          : // An organization's side: its payments that came due (paid, or failed unpaid), on time and without a chargeback.
            sql`(select row_to_json(x) from (
              select count(*) filter (where ${CHARGED_BACK}) as charged_back,
                     count(*) filter (where not ${CHARGED_BACK} and p.paid_at is not null
                                      and (p.payment_deadline is null or p.paid_at <= p.payment_deadline)) as on_time,
                     count(*) filter (where not ${CHARGED_BACK} and p.paid_at > p.payment_deadline) as late,
                     count(*) filter (where p.paid_at is null and p.phase = 'Failed') as unpaid
              from payments p where p.organization_id = ${subject.id}) x)`
      } as fulfillment,
      -- Escrowed deals of this side (the sponsor paid: money a dispute could be about; an unpaid invoice is not one),
      -- and those with a dispute the other side filed (payment_disputes, issue 10).
      (select row_to_json(x) from (
        select count(distinct p.id) as deals,
               count(distinct d.payment_id) filter (where d.filed_by <> ${side}) as disputed
        from payments p left join payment_disputes d on d.payment_id = p.id
        where p.${column} = ${subject.id} and p.paid_at is not null) x) as disputes`);
  const row = rows[0]!;
  const outcomes = { rows: row.outcomes ? [row.outcomes] : [] };
  const responses = { rows: row.responses };
  const reviews = { rows: row.reviews };
  const fulfillment = { rows: row.fulfillment ? [row.fulfillment] : [] };
  const disputes = { rows: row.disputes ? [row.disputes] : [] };
  const d = disputes.rows[0] ?? {};
  const o = outcomes.rows[0] ?? {};
  const answered = responses.rows.filter((r) => r.hours !== null).map((r) => Number(r.hours));
  // Unanswered counts only once closed: an open request's time is still running, and a withdrawn one was taken back.
  const unanswered = responses.rows.filter((r) => r.hours === null && r.counted).length;
  const f = fulfillment.rows[0] ?? {};
  return [
    dealSuccessSignal({ accepted: num(o.accepted), rejected: num(o.rejected), expired: num(o.expired) }),
    responseSpeedSignal(answered, unanswered),
    side === 'community'
      ? fulfillmentQualitySignal({
          verified: num(f.verified),
          missed: num(f.missed),
          disputed: num(f.disputed),
          overdue: num(f.overdue),
        })
      : paymentReliabilitySignal({
          onTime: num(f.on_time),
          late: num(f.late),
          unpaid: num(f.unpaid),
          chargedBack: num(f.charged_back),
        }),
    reviewsSignal(reviews.rows.map((r) => Number(r.rating))),
    disputeFrequencySignal(num(d.deals), num(d.disputed)),
  ];
}

/**
 * The platform priors: pooled deal success, verified share and mean rating over everyone (defaults until each has
 * enough data points, see platformPrior); response speed keeps its default (a pooled median costs a full scan).
 */
export async function platformPriors(db: TDbOrTx): Promise<Record<TReputationSignal, number>> {
  const { rows } = await db.execute<TCounts>(sql`
    select (select count(*) filter (where status = 'Accepted') from sponsorship_requests) as accepted,
           (select count(*) filter (where status in ('Accepted', 'Rejected', 'Expired')) from sponsorship_requests) as decided,
           (select count(*) filter (where status = 'Verified') from fulfillment_items) as verified,
           (select count(*) filter (where status in ('Verified', 'Missed', 'Disputed')
                                   or (status in ('Planned', 'InProgress') and due_at < now())) from fulfillment_items) as due,
           (select avg(rating) from deal_reviews) as mean_rating,
           (select count(*) from deal_reviews) as reviews`);
  const r = rows[0] ?? {};
  const ratio = (a: unknown, b: unknown) => (num(b) > 0 ? num(a) / num(b) : null);
  return {
    ...DEFAULT_PRIORS,
    deal_success: platformPrior('deal_success', ratio(r.accepted, r.decided), num(r.decided)),
    fulfillment_quality: platformPrior('fulfillment_quality', ratio(r.verified, r.due), num(r.due)),
    reviews: platformPrior(
      'reviews',
      r.mean_rating === null || r.mean_rating === undefined ? null : (num(r.mean_rating) - 1) / 4,
      num(r.reviews),
    ),
  };
}

export async function computeReputationOf(
  db: TDbOrTx,
  subject: TReputationSubject,
  priors?: Record<TReputationSignal, number>,
): Promise<TReputation> {
  // One after another: `db` may be a transaction's single connection.
  const inputs = await reputationInputs(db, subject);
  const p = priors ?? (await platformPriors(db));
  // The pooled fulfillment prior is the communities' (benefit items); an organization's payments keep the default.
  return computeReputation(
    inputs,
    subject.type === 'organization' ? { ...p, fulfillment_quality: DEFAULT_PRIORS.fulfillment_quality } : p,
  );
}

/**
 * Recomputes and stores one subject's snapshot; for an organization also its integer `reputation_score` (the
 * directory sorts on it). Returns whether that integer changed, so the caller re-indexes only then. Idempotent.
 */
export async function recomputeReputation(
  db: TDbOrTx,
  subject: TReputationSubject,
  priors?: Record<TReputationSignal, number>,
): Promise<{ reputation: TReputation; directoryScoreChanged: boolean }> {
  const reputation = await computeReputationOf(db, subject, priors);
  const values = {
    score: reputation.score,
    confidence: reputation.confidence,
    signals: reputation.signals,
    formulaVersion: REPUTATION_FORMULA_VERSION,
    computedAt: new Date(),
  };
  await db
    .insert(reputationSnapshots)
    .values({ subjectType: subject.type, subjectId: subject.id, ...values })
    .onConflictDoUpdate({
      target: [reputationSnapshots.subjectType, reputationSnapshots.subjectId],
      set: values,
    });
  if (subject.type !== 'organization') return { reputation, directoryScoreChanged: false };
  const rounded = Math.round(reputation.score);
  const changed = await db
    .update(organizations)
    .set({ reputationScore: rounded })
    .where(and(eq(organizations.id, subject.id), sql`${organizations.reputationScore} <> ${rounded}`))
    .returning({ id: organizations.id });
  return { reputation, directoryScoreChanged: changed.length > 0 };
}

/** The stored snapshot, or (before the first recomputation) the live computation, not stored. */
export async function reputationOf(db: TDbOrTx, subject: TReputationSubject): Promise<TReputation> {
  const [row] = await db
    .select()
    .from(reputationSnapshots)
    .where(
      and(eq(reputationSnapshots.subjectType, subject.type), eq(reputationSnapshots.subjectId, subject.id)),
    );
  if (row && row.formulaVersion === REPUTATION_FORMULA_VERSION)
    return { score: row.score, confidence: row.confidence, signals: row.signals };
  return computeReputationOf(db, subject);
}

/** Stored scores of many subjects of one type (matching reads them in one query); missing ids are absent. */
export async function storedReputations(
  db: TDbOrTx,
  type: TReputationSubject['type'],
  ids: string[],
): Promise<Map<string, { score: number; confidence: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: reputationSnapshots.subjectId,
      score: reputationSnapshots.score,
      confidence: reputationSnapshots.confidence,
    })
    .from(reputationSnapshots)
    .where(
      and(
        eq(reputationSnapshots.subjectType, type),
        sql`${reputationSnapshots.subjectId} = any(${sql.param(ids)}::uuid[])`,
      ),
    );
  return new Map(rows.map((r) => [r.id, { score: r.score, confidence: r.confidence }]));
}

/**
 * The two parties (community and organization) of a request, deal or payment: whose reputation a workflow's step
 * changed. Null when the row is gone.
 */
export async function reputationPartiesOf(
  db: TDbOrTx,
  ref: { requestId: string } | { dealId: string } | { paymentId: string },
): Promise<{ communityId: string; organizationId: string } | null> {
  const table =
    'requestId' in ref
      ? sql`sponsorship_requests where id = ${ref.requestId}`
      : 'dealId' in ref
        ? sql`deals where id = ${ref.dealId}`
        : sql`payments where id = ${ref.paymentId}`;
  const { rows } = await db.execute<{ community_id: string; organization_id: string }>(
    sql`select community_id, organization_id from ${table}`,
  );
  const row = rows[0];
  return row ? { communityId: row.community_id, organizationId: row.organization_id } : null;
}

/** One page of every organization and community, in a stable order, for the nightly recomputation. */
export async function reputationSubjectsPage(
  db: TDbOrTx,
  after: TReputationSubject | null,
  limit: number,
): Promise<TReputationSubject[]> {
  const out: TReputationSubject[] = [];
  if (!after || after.type === 'organization') {
    const rows = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(after ? gt(organizations.id, after.id) : undefined)
      .orderBy(asc(organizations.id))
      .limit(limit);
    out.push(...rows.map((r) => ({ type: 'organization' as const, id: r.id })));
  }
  if (out.length < limit) {
    const afterCommunity = after?.type === 'community' ? after.id : null;
    const rows = await db
      .select({ id: communities.id })
      .from(communities)
      .where(afterCommunity ? gt(communities.id, afterCommunity) : undefined)
      .orderBy(asc(communities.id))
      .limit(limit - out.length);
    out.push(...rows.map((r) => ({ type: 'community' as const, id: r.id })));
  }
  return out;
}
