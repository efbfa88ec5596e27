import { describe, expect, it } from 'vitest';
import {
  escrowTransition,
  escrowViolation,
  escrowWaitingOn,
  paymentStatus,
  settled,
  type TEscrowAction,
  type TEscrowActor,
  type TEscrowSettings,
  type TEscrowState,
} from '../../src/domain/escrow.js';

const DAY = 86_400_000;
const settings: TEscrowSettings = {
  paymentWindowMs: 7 * DAY,
  paymentReminderOffsetsMs: [3 * DAY, 1 * DAY],
  reviewWindowMs: 14 * DAY,
  secondApprovalAboveMinor: null,
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
  mayApprove: false,
  mayRequest: true,
};
const sponsor: TEscrowActor = {
  kind: 'party',
  side: 'organization',
  userId: 'sp1',
  mayApprove: true,
  mayRequest: false,
};

const invoiced = (): TEscrowState => ({
  phase: 'AwaitingPayment',
  currency: 'USD',
  grossMinor: 100_000,
  feeMinor: 5_000,
  processorFeeMinor: 0,
  failureReason: null,
  frozen: false,
  frozenReason: null,
  paymentDeadlineAt: 7 * DAY,
  eventEndsAt: null,
  milestones: [
    {
      id: 'm1',
      position: 1,
      label: 'All',
      amountMinor: 100_000,
      feeMinor: 5_000,
      condition: { type: 'request' },
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
    },
  ],
  disputes: [],
  remindersSent: 0,
  seenEvents: [],
  lastEventAt: {},
});

function act(s: TEscrowState, action: TEscrowAction, actor: TEscrowActor, now: number) {
  const problem = escrowViolation(s, action, actor, settings, now);
  if (problem) throw new Error(`${problem.code}: ${problem.message}`);
  return settled(escrowTransition(s, action, actor, settings, now));
}

/** Paid, released on request and approved: the milestone's transfer is under way. */
function releasing() {
  let s = act(invoiced(), { type: 'paid', processorFeeMinor: 0, chargeId: 'ch_1' }, system, DAY);
  s = act(
    s,
    { type: 'request_release', milestoneId: 'm1', amountMinor: null, note: 'done', proofUrl: null },
    lead,
    DAY,
  );
  return act(s, { type: 'approve', milestoneId: 'm1' }, sponsor, DAY);
}

describe('escrow: a declined payment attempt', () => {
  it('keeps the payment payable with the last failure shown; a later success clears it', () => {
    let s = act(invoiced(), { type: 'payment_failed', reason: 'card declined' }, system, DAY);
    expect(s.phase).toBe('AwaitingPayment');
    expect(paymentStatus(s)).toBe('AwaitingPayment');
    expect(s.failureReason).toBe('card declined');
    expect(escrowWaitingOn(s)).toBe('organization');
    // A second decline is allowed and replaces the reason.
    s = act(s, { type: 'payment_failed', reason: 'insufficient funds' }, system, DAY + 1);
    expect(s.failureReason).toBe('insufficient funds');
    s = act(s, { type: 'paid', processorFeeMinor: 0, chargeId: 'ch_1' }, system, DAY + 2);
    expect(s.phase).toBe('InEscrow');
    expect(s.failureReason).toBeNull();
  });

  it('ends the payment when the failure is final (the PaymentIntent canceled)', () => {
    const s = act(invoiced(), { type: 'payment_failed', reason: 'canceled', final: true }, system, DAY);
    expect(s.phase).toBe('Failed');
    expect(s.failureReason).toBe('canceled');
  });
});

describe('escrow: who stuck money waits on', () => {
  it('a transfer Stripe refused waits on a platform admin, and nobody once it went through', () => {
    let s = releasing();
    expect(s.milestones[0]!.status).toBe('Releasing');
    expect(escrowWaitingOn(s)).toBe('nobody');
    s = act(
      s,
      { type: 'transfer_failed', milestoneId: 'm1', reason: 'no funds', retryAt: 2 * DAY },
      system,
      DAY,
    );
    expect(s.milestones[0]!.transferFailures).toBe(1);
    expect(escrowWaitingOn(s)).toBe('platform_admin');
    s = act(s, { type: 'transferred', milestoneId: 'm1' }, system, 2 * DAY);
    expect(s.phase).toBe('Completed');
    expect(escrowWaitingOn(s)).toBe('nobody');
  });

  it('a transfer pending past the stuck-money delay (alerted) waits on a platform admin', () => {
    const s = act(releasing(), { type: 'stuck_alert', milestoneId: 'm1' }, system, 5 * DAY);
    expect(escrowWaitingOn(s)).toBe('platform_admin');
  });

  it('money waiting for a payout account waits on the community, also once ops were alerted', () => {
    let s = act(releasing(), { type: 'awaiting_payout', milestoneId: 'm1' }, system, DAY);
    expect(s.milestones[0]!.status).toBe('AwaitingPayoutAccount');
    expect(escrowWaitingOn(s)).toBe('community');
    s = act(s, { type: 'stuck_alert', milestoneId: 'm1' }, system, 5 * DAY);
    expect(s.milestones[0]!.alerted).toBe(true);
    expect(escrowWaitingOn(s)).toBe('community');
  });

  it('a chargeback on a completed payment waits on a platform admin until Stripe closes it', () => {
    let s = act(releasing(), { type: 'transferred', milestoneId: 'm1' }, system, 2 * DAY);
    expect(s.phase).toBe('Completed');
    s = act(s, { type: 'freeze', reason: 'chargeback dp_1', evidenceDueBy: 9 * DAY }, system, 3 * DAY);
    expect(paymentStatus(s)).toBe('Frozen');
    expect(escrowWaitingOn(s)).toBe('platform_admin');
    s = act(s, { type: 'unfreeze' }, system, 4 * DAY);
    expect(escrowWaitingOn(s)).toBe('nobody');
  });
});
