import { describe, expect, it } from 'vitest';
import {
  computeReputation,
  dealSuccessSignal,
  DEFAULT_PRIORS,
  disputeFrequencySignal,
  fulfillmentQualitySignal,
  median,
  paymentReliabilitySignal,
  platformPrior,
  responseSpeedSignal,
  reviewsSignal,
  shrink,
  trustLevel,
  unavailableSignal,
  type TSignalInput,
} from '../../src/domain/reputation.js';

const NO_DISPUTES = unavailableSignal('dispute_frequency', 'disputes are not recorded yet');

describe('reputation signals from counts', () => {
  it('deal success: accepted over decided (withdrawals are not counted)', () => {
    const s = dealSuccessSignal({ accepted: 3, rejected: 1, expired: 1 });
    expect(s).toMatchObject({ available: true, value: 0.6, dataPoints: 5 });
    expect(dealSuccessSignal({ accepted: 0, rejected: 0, expired: 0 })).toMatchObject({
      value: null,
      dataPoints: 0,
    });
  });

  it('response speed: median hours, unanswered requests count as never', () => {
    // median of [2, 4, 10] = 4 h -> 1 - 4/168
    expect(responseSpeedSignal([10, 2, 4], 0)).toMatchObject({ value: 1 - 4 / 168, dataPoints: 3 });
    // [1, 3, inf, inf]: median (3 + inf) / 2 = inf -> 0
    expect(responseSpeedSignal([1, 3], 2)).toMatchObject({ value: 0, dataPoints: 4 });
    // [1, 3, 5, inf]: median (3 + 5) / 2 = 4
    expect(responseSpeedSignal([1, 3, 5], 1)).toMatchObject({ value: 1 - 4 / 168, dataPoints: 4 });
    // slower than the response window is worth nothing, not less than nothing
    expect(responseSpeedSignal([500], 0)).toMatchObject({ value: 0 });
    expect(median([])).toBeNull();
  });

  it('fulfillment quality: verified share of due benefits', () => {
    expect(fulfillmentQualitySignal({ verified: 8, missed: 1, disputed: 1, overdue: 0 })).toMatchObject({
      value: 0.8,
      dataPoints: 10,
    });
  });

  it("an organization's fulfillment: payments paid into escrow on time without a chargeback", () => {
    expect(paymentReliabilitySignal({ onTime: 6, late: 1, unpaid: 1, chargedBack: 2 })).toEqual({
      signal: 'fulfillment_quality',
      available: true,
      value: 0.6,
      dataPoints: 10,
      detail:
        "6 of 10 payments paid into escrow by the invoice's deadline without a chargeback (1 late, 1 unpaid, 2 charged back)",
    });
    expect(paymentReliabilitySignal({ onTime: 0, late: 0, unpaid: 0, chargedBack: 0 })).toMatchObject({
      value: null,
      dataPoints: 0,
      detail: 'no payments due yet',
    });
    // an organization scored on all five signals: 6 of 10 payments clean, shrunk (6 + 10*0.8)/20 = 0.7 (instead of
    // the communities' 0.8 for 8 of 10 verified benefits): 100 * 0.25 * 0.1 = 2.5 points fewer than the case above
    const org = computeReputation([
      dealSuccessSignal({ accepted: 3, rejected: 1, expired: 1 }),
      responseSpeedSignal([2, 4, 10], 0),
      paymentReliabilitySignal({ onTime: 6, late: 1, unpaid: 1, chargedBack: 2 }),
      reviewsSignal([5, 4]),
      disputeFrequencySignal(10, 2),
    ]);
    // 100 * (0.3*0.55 + 0.15*0.678571 + 0.25*0.7 + 0.2*0.8 + 0.1*0.833333) = 68.51
    expect(org.score).toBe(68.5);
    expect(org.signals.find((x) => x.signal === 'fulfillment_quality')).toMatchObject({
      shrunkValue: 0.7,
      contribution: 17.5,
    });
  });

  it('reviews: 1 star is 0, 5 stars is 1', () => {
    expect(reviewsSignal([5, 4])).toMatchObject({ value: 0.875, dataPoints: 2 });
    expect(reviewsSignal([1])).toMatchObject({ value: 0 });
    expect(reviewsSignal([])).toMatchObject({ value: null, dataPoints: 0, detail: 'no reviews yet' });
  });

  it('dispute frequency: share of deals without a dispute', () => {
    expect(disputeFrequencySignal(10, 1)).toMatchObject({ value: 0.9, dataPoints: 10 });
  });
});

describe('the formula', () => {
  const full: TSignalInput[] = [
    dealSuccessSignal({ accepted: 3, rejected: 1, expired: 1 }), // v 0.6, n 5
    responseSpeedSignal([2, 4, 10], 0), // v 0.97619, n 3
    fulfillmentQualitySignal({ verified: 8, missed: 1, disputed: 1, overdue: 0 }), // v 0.8, n 10
    reviewsSignal([5, 4]), // v 0.875, n 2
    NO_DISPUTES,
  ];

  it('hand-computed: shrinkage per signal, weights renormalised without the missing signal', () => {
    const r = computeReputation(full);
    // weights 0.3, 0.15, 0.25, 0.2 over 0.9: 1/3, 1/6, 5/18, 2/9
    // shrunk: deal (5*0.6 + 5*0.5)/10 = 0.55; response (3*0.976190 + 5*0.5)/8 = 0.678571;
    //         fulfillment (10*0.8 + 10*0.8)/20 = 0.8; reviews (2*0.875 + 3*0.75)/5 = 0.8
    // score = 100 * (0.55/3 + 0.678571/6 + 0.8*5/18 + 0.8*2/9) = 69.64
    // confidence = (1/3)(5/10) + (1/6)(3/8) + (5/18)(10/20) + (2/9)(2/5) = 0.4569
    expect(r.score).toBe(69.6);
    expect(r.confidence).toBe(0.46);
    const by = Object.fromEntries(r.signals.map((s) => [s.signal, s]));
    expect(by.deal_success).toMatchObject({ weight: 0.3333, shrunkValue: 0.55, value: 0.6, prior: 0.5 });
    expect(by.response_speed!.shrunkValue).toBe(0.6786);
    expect(by.reviews).toMatchObject({ weight: 0.2222, shrunkValue: 0.8, dataPoints: 2 });
    expect(by.dispute_frequency).toMatchObject({
      available: false,
      weight: 0,
      value: null,
      detail: 'disputes are not recorded yet',
    });
    const contributions = r.signals.reduce((sum, s) => sum + s.contribution, 0);
    expect(contributions).toBeCloseTo(r.score, 1);
    expect(r.signals.filter((s) => s.available).reduce((sum, s) => sum + s.weight, 0)).toBeCloseTo(1, 3);
  });

  it('hand-computed with all five signals: disputes weigh in, and one more dispute lowers the score', () => {
    const withDisputes = (disputed: number) =>
      computeReputation([
        ...full.filter((s) => s.signal !== 'dispute_frequency'),
        disputeFrequencySignal(10, disputed), // 10 escrowed deals
      ]);
    const r = withDisputes(2);
    // weights as published (0.3, 0.15, 0.25, 0.2, 0.1; they sum to 1, nothing to renormalise)
    // shrunk: deal 0.55, response 0.678571, fulfillment 0.8, reviews 0.8 (as above);
    //         disputes v = 1 - 2/10 = 0.8, (10*0.8 + 5*0.9)/15 = 0.833333
    // score = 100 * (0.3*0.55 + 0.15*0.678571 + 0.25*0.8 + 0.2*0.8 + 0.1*0.833333) = 71.01
    // confidence = 0.3*5/10 + 0.15*3/8 + 0.25*10/20 + 0.2*2/5 + 0.1*10/15 = 0.4779
    expect(r.score).toBe(71);
    expect(r.confidence).toBe(0.48);
    const by = Object.fromEntries(r.signals.map((s) => [s.signal, s]));
    expect(by.dispute_frequency).toMatchObject({
      available: true,
      value: 0.8,
      dataPoints: 10,
      weight: 0.1,
      prior: 0.9,
      shrunkValue: 0.8333,
      contribution: 8.33,
      detail: '2 of 10 escrowed deals had a dispute filed by the other side',
    });
    expect(by.deal_success).toMatchObject({ weight: 0.3, contribution: 16.5 });
    expect(by.fulfillment_quality).toMatchObject({ weight: 0.25, contribution: 20 });
    expect(r.signals.reduce((sum, s) => sum + s.contribution, 0)).toBeCloseTo(r.score, 1);
    // Without the disputes: (10*1 + 5*0.9)/15 = 0.966667, score 100 * (0.626786 + 0.0966667) = 72.35
    expect(withDisputes(0).score).toBe(72.3);
    // Each dispute of the ten costs 100 * 0.1 * (1/10 * 10/15) = 0.67 points
    expect(withDisputes(3).score).toBe(70.3);
  });

  it('no data at all: the platform prior with confidence 0', () => {
    const r = computeReputation([
      dealSuccessSignal({ accepted: 0, rejected: 0, expired: 0 }),
      responseSpeedSignal([], 0),
      fulfillmentQualitySignal({ verified: 0, missed: 0, disputed: 0, overdue: 0 }),
      reviewsSignal([]),
      NO_DISPUTES,
    ]);
    // 100 * (0.5/3 + 0.5/6 + 0.8*5/18 + 0.75*2/9) = 63.89
    expect(r.score).toBe(63.9);
    expect(r.confidence).toBe(0);
  });

  it('one perfect review is shrunk toward the prior; thirty of them barely are', () => {
    const empty = [
      dealSuccessSignal({ accepted: 0, rejected: 0, expired: 0 }),
      responseSpeedSignal([], 0),
      fulfillmentQualitySignal({ verified: 0, missed: 0, disputed: 0, overdue: 0 }),
      NO_DISPUTES,
    ];
    const one = computeReputation([...empty, reviewsSignal([5])]);
    // reviews shrunk (1*1 + 3*0.75)/4 = 0.8125; score 100 * (0.5/3 + 0.5/6 + 0.8*5/18 + 0.8125*2/9) = 65.28
    expect(one.score).toBe(65.3);
    // confidence (2/9) * 1/4 = 0.056
    expect(one.confidence).toBe(0.06);
    const thirty = computeReputation([...empty, reviewsSignal(Array(30).fill(5))]);
    // reviews shrunk (30 + 3*0.75)/33 = 0.97727; score 100 * (0.25 + 0.22222 + 0.97727*2/9) = 68.94
    expect(thirty.score).toBe(68.9);
    // confidence (2/9) * 30/33 = 0.202
    expect(thirty.confidence).toBe(0.2);
    expect(shrink(1, 1, 0.75, 3)).toBe(0.8125);
    expect(shrink(null, 0, 0.75, 3)).toBe(0.75);
  });

  it('a priors override (the platform pooled values) moves where sparse records land', () => {
    const sparse = [dealSuccessSignal({ accepted: 1, rejected: 0, expired: 0 })];
    // single signal: weight 1; shrunk (1*1 + 5*0.2)/6 = 0.3333
    expect(computeReputation(sparse, { ...DEFAULT_PRIORS, deal_success: 0.2 }).score).toBe(33.3);
    // with the default prior 0.5: (1 + 2.5)/6 = 0.5833
    expect(computeReputation(sparse).score).toBe(58.3);
  });

  it('platform prior: pooled only once there are enough points', () => {
    expect(platformPrior('reviews', 0.9, 10)).toBe(DEFAULT_PRIORS.reviews);
    expect(platformPrior('reviews', 0.9, 30)).toBe(0.9);
    expect(platformPrior('reviews', null, 100)).toBe(DEFAULT_PRIORS.reviews);
  });
});

describe('trust level for limits', () => {
  const policy = { newForMs: 30 * 86_400_000, lowScoreBelow: 40, lowConfidenceBelow: 0.2 };
  const now = new Date('2026-06-01T00:00:00Z');
  it('new organizations are restricted, with the reason', () => {
    const t = trustLevel(
      { createdAt: new Date('2026-05-25T00:00:00Z'), reputation: { score: 80, confidence: 0.9 } },
      policy,
      now,
    );
    expect(t.level).toBe('restricted');
    expect(t.reasons[0]).toMatch(/joined 7 days ago/);
  });
  it('low score or little history is restricted; an established good record is standard', () => {
    const old = new Date('2025-01-01T00:00:00Z');
    expect(
      trustLevel({ createdAt: old, reputation: { score: 35, confidence: 0.8 } }, policy, now).level,
    ).toBe('restricted');
    expect(
      trustLevel({ createdAt: old, reputation: { score: 70, confidence: 0.1 } }, policy, now).level,
    ).toBe('restricted');
    expect(trustLevel({ createdAt: old, reputation: null }, policy, now)).toEqual({
      level: 'restricted',
      reasons: ['no reputation computed yet (no track record)'],
    });
    expect(trustLevel({ createdAt: old, reputation: { score: 70, confidence: 0.5 } }, policy, now)).toEqual({
      level: 'standard',
      reasons: [],
    });
  });
});
