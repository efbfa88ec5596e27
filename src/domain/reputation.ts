/**
 * Reputation (spec 15), the same formula for organizations and communities. Pure: the inputs are counted by
 * src/db/repositories/reputation-repository.ts; this module turns them into a score with its breakdown. The formula
 * is published in docs/reputation-and-matching.md; change both together.
 *
 *   each signal s has an observed value v_s in [0, 1] from n_s data points, a prior p_s (the platform's pooled
 *   value) and a prior strength k_s (pseudo-observations):
 *     shrunk_s     = (n_s * v_s + k_s * p_s) / (n_s + k_s)          (v_s unused when n_s = 0: shrunk_s = p_s)
 *   signals that cannot be measured for a subject (unavailable, with a reason) are left out and the weights of the
 *   others renormalised to sum to 1 (an organization's fulfillment quality is its payments, see
 *   paymentReliabilitySignal, so today every signal is available for both sides):
 *     w'_s         = w_s / sum(w of available signals)
 *     score        = 100 * sum_s w'_s * shrunk_s                      (0..100)
 *     confidence   = sum_s w'_s * n_s / (n_s + k_s)                   (0..1: 0 with no data, 1/2 at k_s points each)
 */

export const REPUTATION_SUBJECT_TYPES = ['organization', 'community'] as const;
export type TReputationSubjectType = (typeof REPUTATION_SUBJECT_TYPES)[number];
export type TReputationSubject = { type: TReputationSubjectType; id: string };

export const REPUTATION_SIGNALS = [
  'deal_success',
  'response_speed',
  'fulfillment_quality',
  'reviews',
  'dispute_frequency',
] as const;
export type TReputationSignal = (typeof REPUTATION_SIGNALS)[number];

/** Relative importance before renormalisation (sums to 1 when every signal is available). */
export const REPUTATION_WEIGHTS: Record<TReputationSignal, number> = {
  deal_success: 0.3,
  response_speed: 0.15,
  fulfillment_quality: 0.25,
  reviews: 0.2,
  dispute_frequency: 0.1,
};

/** Pseudo-observations of the prior: how many data points it takes for a subject's own record to weigh as much. */
export const PRIOR_STRENGTH: Record<TReputationSignal, number> = {
  deal_success: 5,
  response_speed: 5,
  fulfillment_quality: 10,
  reviews: 3,
  dispute_frequency: 5,
};

/**
 * Priors used while the platform has too little data of its own (fewer than MIN_PLATFORM_POINTS for a signal):
 * an even chance of a deal, an answer in half the response window, most benefits verified, 4 stars.
 */
export const DEFAULT_PRIORS: Record<TReputationSignal, number> = {
  deal_success: 0.5,
  response_speed: 0.5,
  fulfillment_quality: 0.8,
  reviews: 0.75,
  dispute_frequency: 0.9,
};
export const MIN_PLATFORM_POINTS = 30;

/** A first answer after this many hours (the default negotiation response window, 7 days) is worth 0. */
export const RESPONSE_TARGET_HOURS = 168;

export type TSignalInput =
  | { signal: TReputationSignal; available: true; value: number | null; dataPoints: number; detail: string }
  | { signal: TReputationSignal; available: false; reason: string };

export type TReputationSignalView = {
  signal: TReputationSignal;
  available: boolean;
  /** The subject's own observed value (0..1), null without data or when the signal is not available. */
  value: number | null;
  /** Renormalised weight (0 when not available); the available weights sum to 1. */
  weight: number;
  dataPoints: number;
  prior: number | null;
  /** The value after shrinkage toward the prior: what the score uses. */
  shrunkValue: number | null;
  /** Points of the score (0..100) this signal gives: 100 * weight * shrunkValue. */
  contribution: number;
  detail: string;
};

export type TReputation = { score: number; confidence: number; signals: TReputationSignalView[] };

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Shrinks an observed value toward the prior by the prior's strength (a Beta/Bayesian average). */
export function shrink(value: number | null, dataPoints: number, prior: number, strength: number): number {
  if (dataPoints <= 0 || value === null) return prior;
  return (dataPoints * clamp01(value) + strength * prior) / (dataPoints + strength);
}

/** The score, its confidence and its breakdown (see the module comment for the formula). */
export function computeReputation(
  inputs: readonly TSignalInput[],
  priors: Record<TReputationSignal, number> = DEFAULT_PRIORS,
): TReputation {
  const available = inputs.filter((s): s is Extract<TSignalInput, { available: true }> => s.available);
  const totalWeight = available.reduce((sum, s) => sum + REPUTATION_WEIGHTS[s.signal], 0);
  let score = 0;
  let confidence = 0;
  const signals: TReputationSignalView[] = inputs.map((input) => {
    if (!input.available) {
      return {
        signal: input.signal,
        available: false,
        value: null,
        weight: 0,
        dataPoints: 0,
        prior: null,
        shrunkValue: null,
        contribution: 0,
        detail: input.reason,
      };
    }
    const weight = totalWeight > 0 ? REPUTATION_WEIGHTS[input.signal] / totalWeight : 0;
    const k = PRIOR_STRENGTH[input.signal];
    const n = Math.max(0, input.dataPoints);
    const shrunk = shrink(input.value, n, priors[input.signal], k);
    score += 100 * weight * shrunk;
    confidence += (weight * n) / (n + k);
    return {
      signal: input.signal,
      available: true,
      value: input.value === null || n === 0 ? null : round(clamp01(input.value), 4),
      weight: round(weight, 4),
      dataPoints: n,
      prior: round(priors[input.signal], 4),
      shrunkValue: round(shrunk, 4),
      contribution: round(100 * weight * shrunk, 2),
      detail: input.detail,
    };
  });
  return { score: round(score, 1), confidence: round(confidence, 2), signals };
}

// ---- the signals, each from plain counts ----

export type TDealOutcomes = { accepted: number; rejected: number; expired: number };

/** Share of decided requests (accepted, rejected, expired; withdrawals are nobody's verdict) that became deals. */
export function dealSuccessSignal(o: TDealOutcomes): TSignalInput {
  const n = o.accepted + o.rejected + o.expired;
  return {
    signal: 'deal_success',
    available: true,
    value: n > 0 ? o.accepted / n : null,
    dataPoints: n,
    detail:
      n > 0
        ? `${o.accepted} of ${n} decided requests became deals (${o.rejected} rejected, ${o.expired} expired)`
        : 'no decided requests yet',
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median hours to the first answer (counter, accept, reject or message) on requests the other side opened; a
 * request that closed unanswered counts as never answered. 0 hours is worth 1, RESPONSE_TARGET_HOURS or more 0.
 */
export function responseSpeedSignal(answeredHours: readonly number[], unanswered: number): TSignalInput {
  const all = [...answeredHours, ...Array.from({ length: unanswered }, () => Number.POSITIVE_INFINITY)];
  const m = median(all);
  const n = all.length;
  return {
    signal: 'response_speed',
    available: true,
    value: m === null ? null : clamp01(1 - m / RESPONSE_TARGET_HOURS),
    dataPoints: n,
    detail:
      m === null
        ? 'no requests received yet'
        : `median first answer ${Number.isFinite(m) ? `${round(m, 1)} h` : 'never'} over ${n} received requests (${unanswered} unanswered)`,
  };
}

export type TFulfillmentCounts = { verified: number; missed: number; disputed: number; overdue: number };

/** Verified share of the promised benefits that were due: waived items (both sides agreed) are left out. */
export function fulfillmentQualitySignal(c: TFulfillmentCounts): TSignalInput {
  const n = c.verified + c.missed + c.disputed + c.overdue;
  return {
    signal: 'fulfillment_quality',
    available: true,
    value: n > 0 ? c.verified / n : null,
    dataPoints: n,
    detail:
      n > 0
        ? `${c.verified} of ${n} due benefits verified by the sponsor (${c.missed} missed, ${c.disputed} disputed, ${c.overdue} overdue)`
        : 'no benefits due yet',
  };
}

export type TPaymentCounts = {
  /** Paid into escrow by the invoice's deadline, no chargeback. */
  onTime: number;
  /** Paid after the deadline, no chargeback. */
  late: number;
  /** Never paid: the payment failed or its deadline passed. */
  unpaid: number;
  /** Paid, then a chargeback opened or lost at the sponsor's bank. */
  chargedBack: number;
};

/**
 * An organization's side of its deals (its `fulfillment_quality`): the share of its payments that came due which it
 * paid into escrow by the invoice's deadline without a chargeback. Communities deliver benefits, sponsors pay.
 */
export function paymentReliabilitySignal(c: TPaymentCounts): TSignalInput {
  const n = c.onTime + c.late + c.unpaid + c.chargedBack;
  return {
    signal: 'fulfillment_quality',
    available: true,
    value: n > 0 ? c.onTime / n : null,
    dataPoints: n,
    detail:
      n > 0
        ? `${c.onTime} of ${n} payments paid into escrow by the invoice's deadline without a chargeback (${c.late} late, ${c.unpaid} unpaid, ${c.chargedBack} charged back)`
        : 'no payments due yet',
  };
}

/** Mean counterparty rating, 1 star = 0 and 5 stars = 1. */
export function reviewsSignal(ratings: readonly number[]): TSignalInput {
  const n = ratings.length;
  const mean = n > 0 ? ratings.reduce((a, b) => a + b, 0) / n : null;
  return {
    signal: 'reviews',
    available: true,
    value: mean === null ? null : (mean - 1) / 4,
    dataPoints: n,
    detail: mean === null ? 'no reviews yet' : `mean ${round(mean, 2)} of 5 from ${n} counterparty reviews`,
  };
}

/** Share of deals without a dispute (1 = never disputed). */
export function disputeFrequencySignal(deals: number, disputed: number): TSignalInput {
  return {
    signal: 'dispute_frequency',
    available: true,
    value: deals > 0 ? 1 - Math.min(disputed, deals) / deals : null,
    dataPoints: deals,
    detail:
      deals > 0
        ? `${disputed} of ${deals} escrowed deals had a dispute filed by the other side`
        : 'no escrowed deals yet',
  };
}

export const unavailableSignal = (signal: TReputationSignal, reason: string): TSignalInput => ({
  signal,
  available: false,
  reason,
});

/**
 * The platform prior of a signal: the pooled value over every subject once there are MIN_PLATFORM_POINTS data
 * points, the default before that (a young platform should not pin everyone to its first few deals).
 */
export function platformPrior(signal: TReputationSignal, pooledValue: number | null, pooledPoints: number) {
  return pooledValue !== null && pooledPoints >= MIN_PLATFORM_POINTS
    ? clamp01(pooledValue)
    : DEFAULT_PRIORS[signal];
}

// ---- trust levels for rate limits ----

export type TTrustPolicy = { newForMs: number; lowScoreBelow: number; lowConfidenceBelow: number };
export type TTrust = { level: 'restricted' | 'standard'; reasons: string[] };

/**
 * New or low-trust organizations get stricter request and message limits: younger than `newForMs`, a score
 * under `lowScoreBelow`, or too little history to trust the score (confidence under `lowConfidenceBelow`).
 */
export function trustLevel(
  subject: { createdAt: Date; reputation: Pick<TReputation, 'score' | 'confidence'> | null },
  policy: TTrustPolicy,
  now: Date,
): TTrust {
  const reasons: string[] = [];
  const ageMs = now.getTime() - subject.createdAt.getTime();
  if (ageMs < policy.newForMs)
    reasons.push(
      `joined ${Math.floor(ageMs / 86_400_000)} days ago (new for ${policy.newForMs / 86_400_000} days)`,
    );
  const r = subject.reputation;
  if (!r) reasons.push('no reputation computed yet (no track record)');
  else {
    if (r.confidence < policy.lowConfidenceBelow)
      reasons.push(
        `reputation confidence ${r.confidence} is under ${policy.lowConfidenceBelow} (little history)`,
      );
    if (r.score < policy.lowScoreBelow)
      reasons.push(`reputation ${r.score} is under ${policy.lowScoreBelow}`);
  }
  return { level: reasons.length ? 'restricted' : 'standard', reasons };
}
