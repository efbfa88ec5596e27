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
import { executeNamed } from '../prepared.js';
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
  return (await inputsAndPriors(db, subject, false)).inputs;
}

type TPriors = Record<TReputationSignal, number>;

/**
 * A subject's inputs and, when `withPriors`, the platform priors in the same statement (the refresher's first subject
 * of a batch, and a recomputation without given priors, save a round trip and a transaction).
 */
async function inputsAndPriors(
  db: TDbOrTx,
  subject: TReputationSubject,
  withPriors: boolean,
  /** Another subject's recomputation to store in the same statement (recomputeReputationsInTurn). */
  store?: TStore,
): Promise<{ inputs: TSignalInput[]; priors: TPriors | null; changed: boolean }> {
  const side = subject.type;
  const column = side === 'community' ? sql.raw('community_id') : sql.raw('organization_id');
  // One statement, one round trip: each input is a subquery read as JSON (counts as numbers, which `num` reads as it
  // read their text; `hours` keeps its numeric digits, so Number() gives the same double).
  const { rows } = await executeNamed<{
    outcomes: TCounts | null;
    responses: { hours: number | null; counted: boolean }[];
    reviews: { rating: number }[];
    fulfillment: TCounts | null;
    disputes: TCounts | null;
    priors: TCounts | null;
    changed: boolean | null;
  }>(
    db,
    store ? 'store_and_read_reputation' : 'reputation_inputs',
    sql`${store ? sql`with ${storeCtes(store)}` : sql``}
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
        where p.${column} = ${subject.id} and p.paid_at is not null) x) as disputes,
      ${withPriors ? sql`(select row_to_json(x) from (${PRIORS_SELECT}) x)` : sql`null::json`} as priors,
      ${store ? sql`exists (select 1 from scored)` : sql`null::boolean`} as changed`,
  );
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
  const inputs = [
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
  return { inputs, priors: row.priors ? priorsOf(row.priors) : null, changed: row.changed === true };
}

/** The platform's pooled numbers platformPriors reads (one row; counts, and the mean rating as numeric). */
const PRIORS_SELECT = sql`
    select (select count(*) filter (where status = 'Accepted') from sponsorship_requests) as accepted,
           (select count(*) filter (where status in ('Accepted', 'Rejected', 'Expired')) from sponsorship_requests) as decided,
           (select count(*) filter (where status = 'Verified') from fulfillment_items) as verified,
           (select count(*) filter (where status in ('Verified', 'Missed', 'Disputed')
                                   or (status in ('Planned', 'InProgress') and due_at < now())) from fulfillment_items) as due,
           (select avg(rating) from deal_reviews) as mean_rating,
           (select count(*) from deal_reviews) as reviews`;

function priorsOf(r: TCounts): TPriors {
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

/**
 * The platform priors: pooled deal success, verified share and mean rating over everyone (defaults until each has
 * enough data points, see platformPrior); response speed keeps its default (a pooled median costs a full scan).
 */
export async function platformPriors(db: TDbOrTx): Promise<Record<TReputationSignal, number>> {
  const { rows } = await executeNamed<TCounts>(db, 'platform_priors', PRIORS_SELECT);
  return priorsOf(rows[0] ?? {});
}

export async function computeReputationOf(
  db: TDbOrTx,
  subject: TReputationSubject,
  priors?: Record<TReputationSignal, number>,
): Promise<TReputation> {
  return (await computeWithPriors(db, subject, priors)).reputation;
}

/** computeReputationOf, also returning the priors it used (read with the inputs when none were given). */
async function computeWithPriors(db: TDbOrTx, subject: TReputationSubject, priors?: TPriors) {
  const read = await inputsAndPriors(db, subject, priors === undefined);
  const p = priors ?? read.priors!;
  return { reputation: reputationFrom(subject, read.inputs, p), priors: p };
}

function reputationFrom(subject: TReputationSubject, inputs: TSignalInput[], p: TPriors): TReputation {
  // The pooled fulfillment prior is the communities' (benefit items); an organization's payments keep the default.
  return computeReputation(
    inputs,
    subject.type === 'organization' ? { ...p, fulfillment_quality: DEFAULT_PRIORS.fulfillment_quality } : p,
  );
}

type TStore = { subject: TReputationSubject; reputation: TReputation };

/** The integer an organization's reputation is in the directory (organizations.reputation_score). */
export const directoryScoreOf = (reputation: TReputation) => Math.round(reputation.score);

/**
 * The writes of one recomputation as CTEs: the snapshot, and for an organization its integer `reputation_score` (the
 * directory sorts on it) when it changed: `scored` has a row then. Nothing else in the statement may read these tables.
 */
const storeCtes = ({ subject, reputation }: TStore) => {
  const rounded = directoryScoreOf(reputation);
  return sql`snapshot as (
      insert into reputation_snapshots (subject_type, subject_id, score, confidence, signals, formula_version,
        computed_at)
      values (${subject.type}, ${subject.id}::uuid, ${reputation.score}::float8, ${reputation.confidence}::float8,
        ${JSON.stringify(reputation.signals)}::jsonb, ${REPUTATION_FORMULA_VERSION}::int, now())
      on conflict (subject_type, subject_id) do update set score = excluded.score,
        confidence = excluded.confidence, signals = excluded.signals, formula_version = excluded.formula_version,
        computed_at = excluded.computed_at
    ), scored as (
      update organizations set reputation_score = ${rounded}::int
      where ${subject.type} = 'organization' and id = ${subject.id}::uuid and reputation_score <> ${rounded}::int
      returning id
    )`;
};

/** Stores one recomputation; whether the organization's directory score changed. */
async function storeReputation(db: TDbOrTx, store: TStore): Promise<boolean> {
  const { rows } = await executeNamed<{ changed: boolean }>(
    db,
    'store_reputation',
    sql`with ${storeCtes(store)} select exists (select 1 from scored) as changed`,
  );
  return store.subject.type === 'organization' && rows[0]!.changed;
}

/**
 * Recomputes and stores several subjects in turn (the refresher's batch) in one statement more than their number
 * instead of two each: each statement stores one subject and reads the next one's inputs (which never read what it
 * stores), the first also reads the platform priors when none are given. `stored` runs once each subject's store has
 * committed, with whether its directory score changed (the refresher sets it in the directory then) and that score, before the next
 * store.
 */
export async function recomputeReputationsInTurn(
  db: TDbOrTx,
  subjects: TReputationSubject[],
  stored: (
    subject: TReputationSubject,
    directoryScoreChanged: boolean,
    directoryScore: number,
  ) => Promise<void>,
  priors?: TPriors,
): Promise<void> {
  let pending: TStore | undefined;
  let p = priors;
  for (const subject of subjects) {
    const read = await inputsAndPriors(db, subject, p === undefined, pending);
    if (pending)
      await stored(
        pending.subject,
        pending.subject.type === 'organization' && read.changed,
        directoryScoreOf(pending.reputation),
      );
    p ??= read.priors!;
    pending = { subject, reputation: reputationFrom(subject, read.inputs, p) };
  }
  if (pending)
    await stored(pending.subject, await storeReputation(db, pending), directoryScoreOf(pending.reputation));
}

/**
 * Recomputes and stores one subject's snapshot; for an organization also its integer `reputation_score` (the
 * directory sorts on it), in the same statement. Returns whether that integer changed, so the caller re-indexes only
 * then, and the priors it used (read with the inputs when none were given), so a batch reads them once. Idempotent.
 */
export async function recomputeReputation(
  db: TDbOrTx,
  subject: TReputationSubject,
  priors?: Record<TReputationSignal, number>,
): Promise<{ reputation: TReputation; directoryScoreChanged: boolean; priors: TPriors }> {
  const computed = await computeWithPriors(db, subject, priors);
  // One statement for both writes (two before): a snapshot and the directory's integer are one recomputation.
  const directoryScoreChanged = await storeReputation(db, { subject, reputation: computed.reputation });
  return { reputation: computed.reputation, directoryScoreChanged, priors: computed.priors };
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
