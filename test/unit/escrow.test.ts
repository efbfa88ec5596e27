import { describe, expect, it } from 'vitest';
import {
  escrowAgenda,
  escrowAlert,
  escrowClosed,
  escrowDisputeOpen,
  escrowDetails,
  escrowTransition,
  escrowViolation,
  escrowWaitingOn,
  heldMinor,
  partFee,
  paymentStatus,
  recordRefund,
  releaseConditionOf,
  settled,
  transferRetryDelayMs,
  type TEscrowAction,
  type TEscrowActor,
  type TEscrowMilestone,
  type TEscrowSettings,
  type TEscrowState,
} from '../../src/domain/escrow.js';

const DAY = 86_400_000;
const settings: TEscrowSettings = {
  paymentWindowMs: 7 * DAY,
  paymentReminderOffsetsMs: [3 * DAY, 1 * DAY],
  reviewWindowMs: 14 * DAY,
  secondApprovalAboveMinor: 50_000,
  disputeFileWindowMs: 7 * DAY,
  disputeAnswerWindowMs: 5 * DAY,
  disputeResolveWindowMs: 30 * DAY,
  stuckAfterMs: 3 * DAY,
};
const system: TEscrowActor = { kind: 'system' };
const lead: TEscrowActor = {
  kind: 'party',
  side: 'community',
  userId: 'lead',
  mayApprove: true,
  mayRequest: true,
};
const sponsor: TEscrowActor = {
  kind: 'party',
  side: 'organization',
  userId: 'sp1',
  mayApprove: true,
  mayRequest: false,
};
const sponsor2: TEscrowActor = {
  kind: 'party',
  side: 'organization',
  userId: 'sp2',
  mayApprove: true,
  mayRequest: false,
};
const admin: TEscrowActor = { kind: 'admin', userId: 'admin' };

const milestone = (
  id: string,
  amountMinor: number,
  feeMinor: number,
  condition: TEscrowMilestone['condition'],
) =>
  ({
    id,
    position: 1,
    label: id,
    amountMinor,
    feeMinor,
    condition,
    status: 'Pending',
    releasedMinor: 0,
    releasedFeeMinor: 0,
    refundedMinor: 0,
    releasingMinor: 0,
    releasingFeeMinor: 0,
    releaseSeq: 0,
    request: null,
    disputeId: null,
    since: 0,
    alerted: false,
  }) satisfies TEscrowMilestone;

const fresh = (): TEscrowState => ({
  phase: 'Initiated',
  currency: 'INR',
  grossMinor: 100_000,
  feeMinor: 5_000,
  processorFeeMinor: 0,
  failureReason: null,
  frozen: false,
  frozenReason: null,
  paymentDeadlineAt: null,
  eventEndsAt: 100 * DAY,
  milestones: [
    milestone('deposit', 30_000, 1_500, { type: 'request' }),
    milestone('balance', 70_000, 3_500, { type: 'date', at: 100 * DAY }),
  ],
  disputes: [],
  remindersSent: 0,
  seenEvents: [],
  lastEventAt: {},
});

/** Applies an action after checking it is allowed (throws with the violation otherwise). */
function act(s: TEscrowState, action: TEscrowAction, actor: TEscrowActor, now: number) {
  const problem = escrowViolation(s, action, actor, settings, now);
  if (problem) throw new Error(`${problem.code}: ${problem.message}`);
  return settled(escrowTransition(s, action, actor, settings, now));
}

function funded(now = DAY) {
  let s = act(fresh(), { type: 'invoiced', deadlineAt: now + settings.paymentWindowMs }, system, now);
  s = act(s, { type: 'paid', processorFeeMinor: 320, chargeId: 'ch_1' }, system, now + 1000);
  return s;
}

describe('escrow: payment', () => {
  it('is invoiced, then paid into escrow, and every milestone is funded', () => {
    const s = funded();
    expect(s.phase).toBe('InEscrow');
    expect(paymentStatus(s)).toBe('InEscrow');
    expect(s.processorFeeMinor).toBe(320);
    expect(s.milestones.map((m) => m.status)).toEqual(['Funded', 'Funded']);
  });

  it('reminds once per offset (only the latest due), then expires at the deadline with the reason', () => {
    const s = act(fresh(), { type: 'invoiced', deadlineAt: 10 * DAY }, system, 3 * DAY);
    expect(escrowAgenda(s, settings, 3 * DAY)).toEqual({ steps: [], nextAt: 7 * DAY });
    // Both offsets passed at once: only the second (latest) reminder is sent.
    expect(escrowAgenda(s, settings, 9.5 * DAY).steps).toEqual([{ type: 'remind', reminder: 2 }]);
    expect(escrowAgenda({ ...s, remindersSent: 2 }, settings, 9.5 * DAY)).toEqual({
      steps: [],
      nextAt: 10 * DAY,
    });
    expect(escrowAgenda(s, settings, 10 * DAY).steps).toEqual([{ type: 'expire' }]);
    const failed = act(s, { type: 'expire' }, system, 10 * DAY);
    expect(paymentStatus(failed)).toBe('Failed');
    expect(failed.failureReason).toMatch(/deadline .* passed without a payment/);
    expect(escrowClosed(failed)).toBe(true);
  });

  it('takes a payment that succeeds after expiry into escrow rather than losing it', () => {
    let s = act(fresh(), { type: 'invoiced', deadlineAt: 10 * DAY }, system, 0);
    s = act(s, { type: 'expire' }, system, 10 * DAY);
    s = act(s, { type: 'paid', processorFeeMinor: 0, chargeId: null }, system, 11 * DAY);
    expect(s.phase).toBe('InEscrow');
    expect(s.failureReason).toBeNull();
  });

  it('lets only the system (Stripe, timers) move the payment phase', () => {
    const s = act(fresh(), { type: 'invoiced', deadlineAt: 10 * DAY }, system, 0);
    expect(
      escrowViolation(s, { type: 'paid', processorFeeMinor: 0, chargeId: null }, admin, settings, 0)?.code,
    ).toBe('FORBIDDEN');
    expect(
      escrowViolation(funded(), { type: 'payment_failed', reason: 'x' }, system, settings, 0)?.code,
    ).toBe('WRONG_STATE');
  });
});

describe('escrow: release', () => {
  it('a request by the community opens the review window; silence releases it automatically', () => {
    let s = funded();
    const request: TEscrowAction = {
      type: 'request_release',
      milestoneId: 'deposit',
      amountMinor: null,
      note: 'done',
      proofUrl: null,
    };
    expect(escrowViolation(s, request, sponsor, settings, 2 * DAY)?.code).toBe('FORBIDDEN');
    s = act(s, request, lead, 2 * DAY);
    const m = s.milestones[0]!;
    expect(m.status).toBe('ReleaseRequested');
    expect(m.request).toMatchObject({ amountMinor: 30_000, reviewUntil: 16 * DAY, requestedBy: 'lead' });
    expect(escrowWaitingOn(s)).toBe('organization');
    expect(escrowAgenda(s, settings, 15 * DAY).nextAt).toBe(16 * DAY);
    expect(escrowAgenda(s, settings, 16 * DAY).steps).toContainEqual({
      type: 'auto_release',
      milestoneId: 'deposit',
    });
    s = act(s, { type: 'auto_release', milestoneId: 'deposit' }, system, 16 * DAY);
    expect(s.milestones[0]).toMatchObject({
      status: 'Releasing',
      releasingMinor: 30_000,
      releasingFeeMinor: 1_500,
      releaseSeq: 1,
    });
    expect(escrowAgenda(s, settings, 16 * DAY).steps).toContainEqual({
      type: 'transfer',
      milestoneId: 'deposit',
    });
    s = act(s, { type: 'transferred', milestoneId: 'deposit' }, system, 16 * DAY);
    expect(s.milestones[0]).toMatchObject({
      status: 'Released',
      releasedMinor: 30_000,
      releasedFeeMinor: 1_500,
    });
  });

  it("a date milestone asks for itself at the event's end, and the full release completes the payment", () => {
    let s = funded();
    s = act(
      s,
      { type: 'request_release', milestoneId: 'deposit', amountMinor: null, note: 'n', proofUrl: null },
      lead,
      2 * DAY,
    );
    s = act(s, { type: 'approve', milestoneId: 'deposit' }, sponsor, 3 * DAY);
    s = act(s, { type: 'transferred', milestoneId: 'deposit' }, system, 3 * DAY);
    expect(escrowAgenda(s, settings, 50 * DAY).nextAt).toBe(100 * DAY);
    expect(escrowAgenda(s, settings, 100 * DAY).steps).toEqual([
      { type: 'date_due', milestoneId: 'balance' },
    ]);
    s = act(s, { type: 'date_due', milestoneId: 'balance' }, system, 100 * DAY);
    // 70_000 > 50_000: two different sponsor members approve.
    s = act(s, { type: 'approve', milestoneId: 'balance' }, sponsor, 101 * DAY);
    expect(s.milestones[1]!.status).toBe('AwaitingSecondApproval');
    expect(
      escrowViolation(s, { type: 'approve', milestoneId: 'balance' }, sponsor, settings, 101 * DAY),
    ).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/second approver .* other than the first/),
    });
    s = act(s, { type: 'approve', milestoneId: 'balance' }, sponsor2, 101 * DAY);
    s = act(s, { type: 'transferred', milestoneId: 'balance' }, system, 101 * DAY);
    expect(s.phase).toBe('Completed');
    expect(paymentStatus(s)).toBe('Released');
    expect(escrowClosed(s)).toBe(true);
  });

  it('releases part of a milestone, keeping the remainder (and its fee share) in escrow', () => {
    let s = funded();
    s = act(
      s,
      {
        type: 'request_release',
        milestoneId: 'deposit',
        amountMinor: 10_001,
        note: 'half',
        proofUrl: 'https://x.test/p',
      },
      lead,
      2 * DAY,
    );
    s = act(s, { type: 'approve', milestoneId: 'deposit' }, sponsor, 2 * DAY);
    // 1_500 * 10_001 / 30_000 = 500.05 -> 500
    expect(s.milestones[0]).toMatchObject({ releasingMinor: 10_001, releasingFeeMinor: 500 });
    s = act(s, { type: 'transferred', milestoneId: 'deposit' }, system, 2 * DAY);
    expect(s.milestones[0]).toMatchObject({ status: 'Funded', releasedMinor: 10_001, releasedFeeMinor: 500 });
    expect(heldMinor(s.milestones[0]!)).toBe(19_999);
    // The last part takes the rest of the fee (cumulative floor), so the parts' fees add up exactly.
    expect(partFee(s.milestones[0]!, 19_999)).toBe(1_000);
    expect(
      escrowViolation(
        s,
        { type: 'request_release', milestoneId: 'deposit', amountMinor: 20_000, note: 'x', proofUrl: null },
        lead,
        settings,
        3 * DAY,
      ),
    ).toMatchObject({ code: 'BUSINESS_RULE' });
  });

  it('the requester may not approve; the community may not approve; a payout account is waited for', () => {
    let s = funded();
    s = act(
      s,
      { type: 'request_release', milestoneId: 'deposit', amountMinor: null, note: 'n', proofUrl: null },
      lead,
      2 * DAY,
    );
    expect(
      escrowViolation(s, { type: 'approve', milestoneId: 'deposit' }, lead, settings, 2 * DAY)?.code,
    ).toBe('FORBIDDEN');
    s = act(s, { type: 'approve', milestoneId: 'deposit' }, sponsor, 2 * DAY);
    s = act(s, { type: 'awaiting_payout', milestoneId: 'deposit' }, system, 2 * DAY);
    expect(paymentStatus(s)).toBe('AwaitingPayoutAccount');
    expect(escrowWaitingOn(s)).toBe('community');
    expect(escrowAgenda(s, settings, 2 * DAY).steps).toEqual([]);
    // Pending for the stuck window: one alert.
    expect(escrowAgenda(s, settings, 5 * DAY).steps).toEqual([
      { type: 'stuck_alert', milestoneId: 'deposit' },
    ]);
    s = act(s, { type: 'stuck_alert', milestoneId: 'deposit' }, system, 5 * DAY);
    expect(escrowAgenda(s, settings, 6 * DAY).steps).toEqual([]);
    expect(escrowDetails(s, null)).toMatch(/stuck: ops alerted/);
    s = act(s, { type: 'payout_ready', milestoneId: 'deposit' }, system, 6 * DAY);
    expect(escrowAgenda(s, settings, 6 * DAY).steps).toContainEqual({
      type: 'transfer',
      milestoneId: 'deposit',
    });
  });

  it('a chargeback freezes transfers and auto-release until it closes', () => {
    let s = funded();
    s = act(
      s,
      { type: 'request_release', milestoneId: 'deposit', amountMinor: null, note: 'n', proofUrl: null },
      lead,
      2 * DAY,
    );
    s = act(s, { type: 'freeze', reason: 'chargeback dp_1' }, system, 3 * DAY);
    expect(paymentStatus(s)).toBe('Frozen');
    expect(escrowAgenda(s, settings, 20 * DAY).steps).toEqual([]);
    s = act(s, { type: 'approve', milestoneId: 'deposit' }, sponsor, 4 * DAY);
    expect(escrowAgenda(s, settings, 20 * DAY).steps.filter((x) => x.type === 'transfer')).toEqual([]);
    s = act(s, { type: 'unfreeze' }, system, 5 * DAY);
    expect(escrowAgenda(s, settings, 5 * DAY).steps).toContainEqual({
      type: 'transfer',
      milestoneId: 'deposit',
    });
  });
});

describe('escrow: disputes and refunds', () => {
  it('files within the window after the event, answers by its deadline, and an admin splits', () => {
    let s = funded();
    s = act(
      s,
      { type: 'request_release', milestoneId: 'deposit', amountMinor: null, note: 'n', proofUrl: null },
      lead,
      2 * DAY,
    );
    s = act(
      s,
      { type: 'dispute', milestoneId: 'deposit', disputeId: 'd1', reason: 'not delivered' },
      sponsor,
      3 * DAY,
    );
    expect(paymentStatus(s)).toBe('Disputed');
    expect(escrowWaitingOn(s)).toBe('platform_admin');
    const d = s.disputes[0]!;
    expect(d).toMatchObject({ filedBy: 'organization', answerBy: 8 * DAY, resolveBy: 33 * DAY });
    expect(
      escrowViolation(s, { type: 'answer', disputeId: 'd1', statement: 'x' }, sponsor2, settings, 4 * DAY)
        ?.code,
    ).toBe('FORBIDDEN');
    expect(
      escrowViolation(s, { type: 'answer', disputeId: 'd1', statement: 'x' }, lead, settings, 9 * DAY)?.code,
    ).toBe('BUSINESS_RULE');
    expect(escrowAgenda(s, settings, 8 * DAY).steps).toEqual([{ type: 'answer_missed', disputeId: 'd1' }]);
    s = act(s, { type: 'answer', disputeId: 'd1', statement: 'it was' }, lead, 4 * DAY);
    expect(
      escrowViolation(
        s,
        { type: 'resolve', disputeId: 'd1', outcome: 'split', splitMinor: null },
        admin,
        settings,
        5 * DAY,
      )?.code,
    ).toBe('BUSINESS_RULE');
    expect(
      escrowViolation(
        s,
        { type: 'resolve', disputeId: 'd1', outcome: 'release', splitMinor: null },
        sponsor,
        settings,
        5 * DAY,
      )?.code,
    ).toBe('FORBIDDEN');
    s = act(s, { type: 'resolve', disputeId: 'd1', outcome: 'split', splitMinor: 12_000 }, admin, 5 * DAY);
    expect(s.milestones[0]).toMatchObject({
      status: 'Releasing',
      releasingMinor: 12_000,
      refundedMinor: 18_000,
      disputeId: null,
    });
    s = act(s, { type: 'transferred', milestoneId: 'deposit' }, system, 5 * DAY);
    // The fee is on what was released only: 1_500 * 12_000 / 30_000.
    expect(s.milestones[0]).toMatchObject({
      status: 'Released',
      releasedMinor: 12_000,
      releasedFeeMinor: 600,
    });
  });

  it('refuses a dispute filed after the window that follows the event', () => {
    const s = funded();
    const late = 100 * DAY + settings.disputeFileWindowMs + 1;
    expect(
      escrowViolation(
        s,
        { type: 'dispute', milestoneId: 'balance', disputeId: 'd', reason: 'r' },
        sponsor,
        settings,
        late,
      ),
    ).toMatchObject({ code: 'BUSINESS_RULE', message: expect.stringMatching(/within 7 day/) });
  });

  it('an admin refund returns everything; the sponsor may refund only before any release', () => {
    let s = funded();
    expect(escrowViolation(s, { type: 'refund', keep: [] }, lead, settings, 2 * DAY)?.code).toBe('FORBIDDEN');
    expect(escrowViolation(s, { type: 'refund', keep: [] }, sponsor, settings, 2 * DAY)).toBeNull();
    s = act(
      s,
      { type: 'request_release', milestoneId: 'deposit', amountMinor: null, note: 'n', proofUrl: null },
      lead,
      2 * DAY,
    );
    s = act(s, { type: 'approve', milestoneId: 'deposit' }, sponsor, 2 * DAY);
    s = act(s, { type: 'transferred', milestoneId: 'deposit' }, system, 2 * DAY);
    expect(escrowViolation(s, { type: 'refund', keep: [] }, sponsor, settings, 3 * DAY)?.code).toBe(
      'FORBIDDEN',
    );
    // The reversal of the released deposit failed: it stays released, the rest is refunded.
    const kept = act(s, { type: 'refund', keep: ['deposit'] }, admin, 3 * DAY);
    expect(kept.milestones.map((m) => m.status)).toEqual(['Released', 'Refunded']);
    expect(kept.milestones[0]).toMatchObject({ releasedMinor: 30_000, refundedMinor: 0 });
    expect(paymentStatus(kept)).toBe('Settled');
    // A partly released milestone whose reversal failed: the held rest is refunded, the released part stays.
    let partly = funded();
    partly = act(
      partly,
      { type: 'request_release', milestoneId: 'deposit', amountMinor: 10_000, note: 'n', proofUrl: null },
      lead,
      2 * DAY,
    );
    partly = act(partly, { type: 'approve', milestoneId: 'deposit' }, sponsor, 2 * DAY);
    partly = act(partly, { type: 'transferred', milestoneId: 'deposit' }, system, 2 * DAY);
    const rest = act(partly, { type: 'refund', keep: ['deposit'] }, admin, 3 * DAY);
    expect(rest.milestones[0]).toMatchObject({
      status: 'Released',
      releasedMinor: 10_000,
      refundedMinor: 20_000,
    });
    expect(heldMinor(rest.milestones[0]!)).toBe(0);
    const all = act(s, { type: 'refund', keep: [] }, admin, 3 * DAY);
    expect(paymentStatus(all)).toBe('Refunded');
    expect(all.milestones.every((m) => m.refundedMinor === m.amountMinor)).toBe(true);
  });
});

describe('escrow: release conditions from the contract', () => {
  it("reads the event's end, an ISO date, or a request", () => {
    expect(releaseConditionOf("at the event's end", 5)).toEqual({ type: 'date', at: 5 });
    expect(releaseConditionOf('Event end', null)).toEqual({ type: 'request' });
    expect(releaseConditionOf('2030-01-02', null)).toEqual({ type: 'date', at: Date.parse('2030-01-02') });
    expect(releaseConditionOf('on signing', 5)).toEqual({ type: 'request' });
  });
});

describe('escrow: a transfer Stripe refuses', () => {
  it('keeps the release decided, waits for the backoff, and still raises the stuck-money alert on time', () => {
    let s = funded();
    s = act(
      s,
      { type: 'request_release', milestoneId: 'deposit', amountMinor: null, note: 'n', proofUrl: null },
      lead,
      2 * DAY,
    );
    s = act(s, { type: 'approve', milestoneId: 'deposit' }, sponsor, 3 * DAY);
    const failed: TEscrowAction = {
      type: 'transfer_failed',
      milestoneId: 'deposit',
      reason: 'insufficient funds',
      retryAt: 3 * DAY + 60_000,
    };
    expect(escrowViolation(s, failed, sponsor, settings, 3 * DAY)?.code).toBe('FORBIDDEN');
    s = act(s, failed, system, 3 * DAY);
    expect(s.milestones[0]).toMatchObject({
      status: 'Releasing',
      since: 3 * DAY,
      transferFailures: 1,
      transferRetryAt: 3 * DAY + 60_000,
    });
    // No transfer before the retry time; the stuck-money alert still counts from the release decision.
    expect(escrowAgenda(s, settings, 3 * DAY + 1_000)).toEqual({ steps: [], nextAt: 3 * DAY + 60_000 });
    expect(escrowAgenda(s, settings, 3 * DAY + 60_000).steps).toEqual([
      { type: 'transfer', milestoneId: 'deposit' },
    ]);
    s = act(s, { ...failed, retryAt: 7 * DAY }, system, 3 * DAY + 60_000);
    expect(s.milestones[0]!.transferFailures).toBe(2);
    expect(escrowAgenda(s, settings, 6 * DAY).steps).toEqual([
      { type: 'stuck_alert', milestoneId: 'deposit' },
    ]);
    expect(escrowDetails(s, null)).toMatch(/Stripe refused the transfer 2 time/);
    s = act(s, { type: 'transferred', milestoneId: 'deposit' }, system, 7 * DAY);
    expect(s.milestones[0]).toMatchObject({
      status: 'Released',
      transferFailures: 0,
      transferRetryAt: null,
    });
    // Only a Releasing milestone's transfer can be refused.
    expect(escrowViolation(s, failed, system, settings, 7 * DAY)?.code).toBe('WRONG_STATE');
  });

  it('backs off from a minute, doubling, never further apart than the stuck-money delay', () => {
    expect([1, 2, 3, 4].map((n) => transferRetryDelayMs(n, 3 * DAY))).toEqual([
      60_000, 120_000, 240_000, 480_000,
    ]);
    expect(transferRetryDelayMs(40, 3 * DAY)).toBe(3 * DAY);
    // A short stuck-money delay (tests): a quarter of it first, capped at it.
    expect([1, 2, 3, 4].map((n) => transferRetryDelayMs(n, 4_000))).toEqual([1_000, 2_000, 4_000, 4_000]);
  });
});

describe('escrow: a chargeback', () => {
  it('refuses refunds and dispute resolutions while frozen; lost, it stays frozen', () => {
    let s = funded();
    s = act(s, { type: 'freeze', reason: 'chargeback dp_1 opened at Stripe' }, system, 2 * DAY);
    const refund: TEscrowAction = { type: 'refund', keep: [], reason: 'x' };
    expect(escrowViolation(s, refund, admin, settings, 2 * DAY)).toMatchObject({
      code: 'WRONG_STATE',
      message: expect.stringMatching(/frozen/),
    });
    s = act(s, { type: 'chargeback_lost', reason: 'chargeback dp_1 lost at Stripe' }, system, 3 * DAY);
    expect(s).toMatchObject({ frozen: true, frozenReason: 'chargeback dp_1 lost at Stripe' });
    expect(escrowViolation(s, refund, admin, settings, 3 * DAY)?.code).toBe('WRONG_STATE');
    expect(escrowViolation(s, { type: 'chargeback_lost', reason: 'x' }, admin, settings, 3 * DAY)?.code).toBe(
      'FORBIDDEN',
    );
    expect(escrowAgenda(s, settings, 3 * DAY).steps.filter((x) => x.type === 'transfer')).toEqual([]);
    // Won: unfrozen, a refund is possible again.
    const won = act(s, { type: 'unfreeze' }, system, 4 * DAY);
    expect(escrowViolation(won, refund, admin, settings, 4 * DAY)).toBeNull();
  });
});

describe('escrow: a payment of the wrong amount', () => {
  it('freezes the payment before escrow: no reminder, no expiry, not paid', () => {
    const s0 = act(fresh(), { type: 'invoiced', deadlineAt: DAY + settings.paymentWindowMs }, system, DAY);
    const mismatch: TEscrowAction = { type: 'payment_mismatch', reason: 'Stripe reports 99 INR' };
    expect(escrowViolation(s0, mismatch, admin, settings, 2 * DAY)?.code).toBe('FORBIDDEN');
    const s = act(s0, mismatch, system, 2 * DAY);
    expect(s).toMatchObject({
      phase: 'AwaitingPayment',
      frozen: true,
      frozenReason: 'Stripe reports 99 INR',
    });
    expect(escrowAgenda(s, settings, 30 * DAY)).toEqual({ steps: [], nextAt: null });
  });
});

describe('escrow: refunds Stripe leaves pending', () => {
  const refundAll = (s: TEscrowState, now: number) =>
    act(s, { type: 'refund', keep: [], reason: 'cancelled' }, admin, now);

  it('a pending refund shows RefundPending with Refunding milestones until Stripe settles it', () => {
    const before = funded();
    const pending = recordRefund(before, refundAll(before, 2 * DAY), {
      key: 'k0',
      stripeId: 're_1',
      status: 'pending',
      reason: null,
      now: 2 * DAY,
    });
    expect(pending.phase).toBe('InEscrow');
    expect(paymentStatus(pending)).toBe('RefundPending');
    expect(pending.milestones.map((m) => m.status)).toEqual(['Refunding', 'Refunding']);
    expect(pending.refunds).toEqual([
      expect.objectContaining({ key: 'k0', amountMinor: 100_000, status: 'pending', alerted: false }),
    ]);
    expect(escrowClosed(pending)).toBe(false);
    // Another refund has nothing left to take; only Stripe settles this one.
    expect(escrowViolation(pending, { type: 'refund', keep: [] }, admin, settings, 2 * DAY)?.code).toBe(
      'WRONG_STATE',
    );
    const settle = (status: 'succeeded' | 'failed' | 'pending') =>
      ({
        type: 'refund_settled',
        refundKey: 'k0',
        status,
        reason: status === 'failed' ? 'lost_card' : null,
      }) as const;
    expect(escrowViolation(pending, settle('succeeded'), admin, settings, 2 * DAY)?.code).toBe('FORBIDDEN');
    expect(escrowViolation(pending, settle('pending'), system, settings, 2 * DAY)?.code).toBe('WRONG_STATE');

    const done = act(pending, settle('succeeded'), system, 3 * DAY);
    expect(done.phase).toBe('Completed');
    expect(paymentStatus(done)).toBe('Refunded');
    expect(done.milestones.map((m) => m.status)).toEqual(['Refunded', 'Refunded']);
    // Settled once: a later update changes nothing.
    expect(escrowViolation(done, settle('failed'), system, settings, 3 * DAY)?.code).toBe('WRONG_STATE');
  });

  it('a failed refund gives each milestone its part back (held in escrow again)', () => {
    const before = funded();
    const pending = recordRefund(before, refundAll(before, 2 * DAY), {
      key: 'k0',
      stripeId: 're_1',
      status: 'requires_action',
      reason: null,
      now: 2 * DAY,
    });
    const failed = act(
      pending,
      { type: 'refund_settled', refundKey: 'k0', status: 'failed', reason: 'lost_card' },
      system,
      3 * DAY,
    );
    expect(failed.phase).toBe('InEscrow');
    expect(paymentStatus(failed)).toBe('InEscrow');
    expect(failed.milestones.map((m) => [m.status, m.refundedMinor, heldMinor(m)])).toEqual([
      ['Funded', 0, 30_000],
      ['Funded', 0, 70_000],
    ]);
    expect(failed.refunds![0]).toMatchObject({ status: 'failed', failureReason: 'lost_card' });
    // Refunded at once by Stripe as failed: the same, without a pending step.
    const atOnce = recordRefund(before, refundAll(before, 2 * DAY), {
      key: 'k0',
      stripeId: 're_1',
      status: 'canceled',
      reason: null,
      now: 2 * DAY,
    });
    expect(atOnce.milestones.map((m) => m.status)).toEqual(['Funded', 'Funded']);
    expect(paymentStatus(atOnce)).toBe('InEscrow');
  });

  it('raises the stuck-money alert once for a refund pending past the delay', () => {
    const before = funded();
    const pending = recordRefund(before, refundAll(before, 2 * DAY), {
      key: 'k0',
      stripeId: 're_1',
      status: 'pending',
      reason: null,
      now: 2 * DAY,
    });
    expect(escrowAgenda(pending, settings, 2 * DAY)).toEqual({ steps: [], nextAt: 5 * DAY });
    expect(escrowAgenda(pending, settings, 5 * DAY).steps).toEqual([
      { type: 'refund_stuck', refundKey: 'k0' },
    ]);
    const alerted = act(pending, { type: 'refund_stuck', refundKey: 'k0' }, system, 5 * DAY);
    expect(escrowAlert(alerted)).toBe('stuck_money');
    expect(escrowAgenda(alerted, settings, 6 * DAY).steps).toEqual([]);
    expect(escrowDetails(alerted, null)).toMatch(/pending at Stripe since .*stuck: ops alerted/);
  });
});

describe('escrow: a transfer Stripe does not answer', () => {
  it('stays Releasing, waits for its backoff, keeps the stuck-money alert on time', () => {
    let s = funded();
    s = act(
      s,
      { type: 'request_release', milestoneId: 'deposit', amountMinor: null, note: 'n', proofUrl: null },
      lead,
      DAY,
    );
    s = act(s, { type: 'approve', milestoneId: 'deposit' }, sponsor, DAY);
    const unanswered: TEscrowAction = {
      type: 'transfer_unanswered',
      milestoneId: 'deposit',
      reason: 'timeout',
      retryAt: DAY + 60_000,
    };
    expect(escrowViolation(s, unanswered, admin, settings, DAY)?.code).toBe('FORBIDDEN');
    s = act(s, unanswered, system, DAY);
    const m = s.milestones[0]!;
    // Not a refusal: the same idempotency key is used again (transferFailures untouched).
    expect(m).toMatchObject({ status: 'Releasing', transferUnanswered: 1, transferRetryAt: DAY + 60_000 });
    expect(m.transferFailures).toBeUndefined();
    expect(escrowAgenda(s, settings, DAY + 1000)).toEqual({ steps: [], nextAt: DAY + 60_000 });
    expect(escrowAgenda(s, settings, DAY + 60_000).steps).toEqual([
      { type: 'transfer', milestoneId: 'deposit' },
    ]);
    expect(escrowAgenda(s, settings, 4 * DAY).steps).toContainEqual({
      type: 'stuck_alert',
      milestoneId: 'deposit',
    });
    const alerted = act(s, { type: 'stuck_alert', milestoneId: 'deposit' }, system, 4 * DAY);
    expect(escrowAlert(alerted)).toBe('stuck_money');
    const done = act(alerted, { type: 'transferred', milestoneId: 'deposit' }, system, 4 * DAY);
    expect(done.milestones[0]).toMatchObject({
      status: 'Released',
      transferUnanswered: 0,
      transferRetryAt: null,
    });
    expect(escrowAlert(done)).toBeNull();
  });
});

describe('escrow: disputes the contract follows', () => {
  it("is open while a party's dispute is unresolved or a chargeback is open or lost", () => {
    let s = funded();
    expect(escrowDisputeOpen(s)).toBe(false);
    s = act(s, { type: 'dispute', milestoneId: 'deposit', disputeId: 'd1', reason: 'r' }, sponsor, DAY);
    expect(escrowDisputeOpen(s)).toBe(true);
    s = act(s, { type: 'resolve', disputeId: 'd1', outcome: 'release', splitMinor: null }, admin, DAY);
    expect(escrowDisputeOpen(s)).toBe(false);
    s = act(s, { type: 'freeze', reason: 'chargeback' }, system, DAY);
    expect(escrowDisputeOpen(s)).toBe(true);
    expect(escrowDisputeOpen(act(s, { type: 'unfreeze' }, system, DAY))).toBe(false);
    expect(escrowDisputeOpen(act(s, { type: 'chargeback_lost', reason: 'lost' }, system, DAY))).toBe(true);
    // A frozen payment of the wrong amount is not a dispute.
    const mismatch = act(
      act(fresh(), { type: 'invoiced', deadlineAt: 8 * DAY }, system, DAY),
      { type: 'payment_mismatch', reason: 'x' },
      system,
      DAY,
    );
    expect(escrowDisputeOpen(mismatch)).toBe(false);
  });
});
