import type { CommunityRole, OrganizationRole } from './commdesk-facts.js';
import { milestoneAmounts, type TMilestone } from './contract.js';
import { feeBreakdown } from './fees.js';
import type { TSide } from './negotiation.js';
import { formatMoney } from './ops-view.js';

/**
 * The escrow of one payment (issue 10): Initiated -> AwaitingPayment -> InEscrow -> each milestone Released or
 * Refunded, or Failed; a milestone may be Disputed, the whole payment Frozen by a chargeback. Pure rules: which
 * transitions exist, who may act, how much moves and what the workflow does next. `escrow:<paymentId>` drives them;
 * the API asks them first for a precise 403/409/422.
 */
export const PAYMENT_PHASES = ['Initiated', 'AwaitingPayment', 'InEscrow', 'Failed', 'Completed'] as const;
export type TPaymentPhase = (typeof PAYMENT_PHASES)[number];

/** What a payment shows (its `status` column and search attribute), derived from the phase and its milestones. */
export const PAYMENT_STATUSES = [
  'Initiated',
  'AwaitingPayment',
  'InEscrow',
  'AwaitingPayoutAccount',
  'Disputed',
  'Frozen',
  /** A refund was sent to Stripe and Stripe has not finished it (pending or requires_action). */
  'RefundPending',
  'Released',
  'Refunded',
  'Settled',
  'Failed',
] as const;
export type TPaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const MILESTONE_STATUSES = [
  /** Not funded yet (the payment has not arrived). */
  'Pending',
  /** Money for it is in escrow; nothing asked. */
  'Funded',
  /** The community asked for release (or its date came): the sponsor's review window runs. */
  'ReleaseRequested',
  /** Approved once; above the threshold a second approver from the sponsor is needed. */
  'AwaitingSecondApproval',
  /** Release decided: the transfer to the community's connected account is under way. */
  'Releasing',
  /** Release decided but the community has no connected account with payouts enabled. */
  'AwaitingPayoutAccount',
  'Disputed',
  'Released',
  /** Its money was refunded at Stripe and the refund is still pending there (it may yet fail). */
  'Refunding',
  'Refunded',
] as const;
export type TMilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/** How a platform admin ends a dispute: all to the community, all back to the sponsor, or split between them. */
export const DISPUTE_OUTCOMES = ['release', 'refund', 'split'] as const;
/** Who files a dispute: either party of the deal. */
export const DISPUTE_FILERS = ['community', 'organization'] as const satisfies readonly TSide[];
/** A milestone is released at a date, or on the community's request with proof. */
export const RELEASE_CONDITION_TYPES = ['date', 'request'] as const;
/** Whose move it is (`escrowWaitingOn`). */
export const ESCROW_WAITING_ON = ['community', 'organization', 'platform_admin', 'nobody'] as const;
export type TEscrowWaitingOn = (typeof ESCROW_WAITING_ON)[number];

/** Every `TEscrowAction` type: each change the escrow records is one of these (its timeline entry's type). */
export const ESCROW_ACTION_TYPES = [
  'invoiced',
  'paid',
  'payment_failed',
  'expire',
  'request_release',
  'date_due',
  'approve',
  'auto_release',
  'dispute',
  'answer',
  'answer_missed',
  'resolve',
  'awaiting_payout',
  'payout_ready',
  'transferred',
  'transfer_failed',
  'refund',
  'freeze',
  'unfreeze',
  'chargeback_lost',
  'payment_mismatch',
  'stuck_alert',
  'dispute_overdue',
  'transfer_unanswered',
  'refund_settled',
  'refund_stuck',
] as const;
/** A payment's timeline: its creation, the payment reminders, and every recorded action. */
export const PAYMENT_EVENT_TYPES = ['created', 'reminder', ...ESCROW_ACTION_TYPES] as const;
export type TPaymentEventType = (typeof PAYMENT_EVENT_TYPES)[number];
/** Who made a timeline entry: a party, a platform admin, the workflow itself, or Stripe (a webhook). */
export const PAYMENT_EVENT_ACTORS = [
  'community',
  'organization',
  'platform_admin',
  'system',
  'stripe',
] as const;

/** Who asks for a release and files disputes for the community: those who sign its contracts. */
export const ESCROW_COMMUNITY_ROLES: readonly CommunityRole[] = [
  'Organizer',
  'Partnerships Lead',
  'Sponsorship Lead',
];
/** Who approves or disputes a release (and asks for a refund) for the sponsor: its admins and managers. */
export const ESCROW_SPONSOR_ROLES: readonly OrganizationRole[] = [
  'Sponsor Admin',
  'Partner Admin',
  'Sponsor Manager',
  'Partnership Manager',
];

/** One escrow per signed contract: the payment is keyed by its contract, so a replayed start finds the same one. */
export const paymentIdOf = (contractId: string) => contractId;

/** When a milestone may be released: at a date (the event's end), or when the community asks with proof. */
export type TReleaseCondition = { type: 'date'; at: number } | { type: 'request' };

export type TReleaseRequest = {
  amountMinor: number;
  note: string;
  proofUrl: string | null;
  /** Null when the milestone's date asked for it. */
  requestedBy: string | null;
  requestedAt: number;
  reviewUntil: number;
  approvals: string[];
};

export type TEscrowMilestone = {
  id: string;
  position: number;
  label: string;
  amountMinor: number;
  /** The platform fee of the whole milestone; each release keeps its share of it. */
  feeMinor: number;
  condition: TReleaseCondition;
  status: TMilestoneStatus;
  releasedMinor: number;
  releasedFeeMinor: number;
  refundedMinor: number;
  /** Amount of the release under way (Releasing / AwaitingPayoutAccount) and its fee. */
  releasingMinor: number;
  releasingFeeMinor: number;
  /** Counts releases decided, so each transfer has its own idempotency key. */
  releaseSeq: number;
  request: TReleaseRequest | null;
  disputeId: string | null;
  /** When it entered its current status (stuck-money alerts count from here). */
  since: number;
  /** The stuck-money alert was raised for the current status. */
  alerted: boolean;
  /** Transfers of the current release Stripe refused (each retry needs a new idempotency key); absent = none. */
  transferFailures?: number;
  /** After a refused or unanswered transfer: not retried before this time (ms); absent or null = now. */
  transferRetryAt?: number | null;
  /** Attempts of the current release's transfer Stripe did not answer (same key every time); absent = none. */
  transferUnanswered?: number;
};

export type TDisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];
export type TDispute = {
  id: string;
  milestoneId: string;
  filedBy: TSide;
  filedByUserId: string;
  reason: string;
  filedAt: number;
  answerBy: number;
  answer: string | null;
  answeredAt: number | null;
  answerMissed: boolean;
  resolveBy: number;
  resolution: { outcome: TDisputeOutcome; splitMinor: number | null; by: string; at: number } | null;
  overdueAlerted: boolean;
};

/** A Stripe Refund's status (Stripe's own values). */
export const REFUND_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;
export type TRefundStatus = (typeof REFUND_STATUSES)[number];
const REFUND_OPEN: readonly TRefundStatus[] = ['pending', 'requires_action'];

/** One refund sent to Stripe, with Stripe's status: a pending one settles by webhook (refund.updated). */
export type TEscrowRefund = {
  /** Its idempotency key at Stripe (also in its metadata as refundKey, which routes its webhooks here). */
  key: string;
  stripeId: string | null;
  amountMinor: number;
  /**
   * The invoice's tax given back with it (sent to Stripe on top of amountMinor, posted out of tax_payable when it
   * succeeds; see taxRefundedMinor); absent in refunds recorded before tax was refunded: 0.
   */
  taxMinor?: number;
  status: TRefundStatus;
  /** How much of it each milestone gave (given back to the milestone when the refund fails). */
  parts: { milestoneId: string; amountMinor: number }[];
  since: number;
  /** The stuck-money alert was raised for it. */
  alerted: boolean;
  failureReason: string | null;
};

export const refundOpen = (r: TEscrowRefund) => REFUND_OPEN.includes(r.status);

export type TEscrowState = {
  phase: TPaymentPhase;
  currency: string;
  grossMinor: number;
  /** The invoice's tax, charged on top of the gross and owed to the tax authority (never escrowed); absent = 0. */
  taxMinor?: number;
  feeMinor: number;
  processorFeeMinor: number;
  failureReason: string | null;
  /** A chargeback (charge.dispute.created) holds every release until it closes. */
  frozen: boolean;
  frozenReason: string | null;
  paymentDeadlineAt: number | null;
  /** The event's end (disputes are filed within a window after it); null without an event. */
  eventEndsAt: number | null;
  milestones: TEscrowMilestone[];
  disputes: TDispute[];
  remindersSent: number;
  /** Stripe events already applied (duplicates are ignored). */
  seenEvents: string[];
  /** The latest `created` per event family, so an older event arriving after a newer one changes nothing. */
  lastEventAt: Record<string, number>;
  /** Refunds sent to Stripe (absent in states recorded before refunds were tracked: all succeeded then). */
  refunds?: TEscrowRefund[];
  /** A Stripe chargeback: open (frozen until it closes) or lost; absent/null when none. */
  chargeback?: 'open' | 'lost' | null;
};

export type TEscrowSettings = {
  paymentWindowMs: number;
  paymentReminderOffsetsMs: number[];
  reviewWindowMs: number;
  /** Releases above this amount (minor units of the payment's currency) need a second approver; null: never. */
  secondApprovalAboveMinor: number | null;
  disputeFileWindowMs: number;
  disputeAnswerWindowMs: number;
  disputeResolveWindowMs: number;
  stuckAfterMs: number;
};

/**
 * The second-approval threshold of a payment in `currency`, in that currency's minor units: its own entry in
 * `byCurrency` (ESCROW_SECOND_APPROVAL_ABOVE_BY_CURRENCY), else `defaultMinor` (ESCROW_SECOND_APPROVAL_ABOVE, the one
 * number every currency had before). One number cannot mean the same money in every currency (1,000,000.00 is a
 * large USD release and a modest INR one, and JPY has no minor unit), so each currency may have its own. 0 = never:
 * null.
 */
export function secondApprovalAboveFor(
  currency: string,
  byCurrency: Readonly<Record<string, number>>,
  defaultMinor: number,
): number | null {
  const code = currency.toUpperCase();
  const minor = Object.hasOwn(byCurrency, code) ? byCurrency[code]! : defaultMinor;
  return minor > 0 ? minor : null;
}

/** Who acts: a side's member (by user id), a platform admin, or the workflow itself (timers, Stripe). */
export type TEscrowActor =
  | { kind: 'party'; side: TSide; userId: string; mayApprove: boolean; mayRequest: boolean }
  | { kind: 'admin'; userId: string }
  | { kind: 'system' };

export type TEscrowViolation = {
  code: 'FORBIDDEN' | 'WRONG_STATE' | 'NOT_FOUND' | 'BUSINESS_RULE';
  message: string;
};

const fail = (code: TEscrowViolation['code'], message: string): TEscrowViolation => ({ code, message });

/** Money of a milestone still held in escrow (not released, refunded or being released). */
export const heldMinor = (m: TEscrowMilestone) =>
  m.amountMinor - m.releasedMinor - m.refundedMinor - m.releasingMinor;

/**
 * The platform fee of releasing `partMinor` of a milestone: the fee on everything released so far including this
 * part (floored, proportional to the milestone's fee) minus what earlier parts paid. The parts' fees therefore add
 * up to the milestone's fee exactly when all of it is released, and money refunded instead carries no fee.
 */
export function partFee(m: TEscrowMilestone, partMinor: number): number {
  const paid = m.releasedFeeMinor + m.releasingFeeMinor;
  const cumulative = m.releasedMinor + m.releasingMinor + partMinor;
  return Math.floor((m.feeMinor * cumulative) / m.amountMinor) - paid;
}

/**
 * The state an escrow opens with: phase Initiated, nothing paid, the gross split over the contract's milestones
 * (milestoneAmounts) with each one's share of the platform fee (feeBreakdown at `feeBps`), each milestone Pending
 * since `now` with the release condition its `due` names. Pure: the caller draws the milestone ids and the clock.
 * The escrow activity and the benchmark floor both open their escrows with it.
 */
export function initialEscrowState(input: {
  currency: string;
  grossMinor: number;
  feeBps: number;
  milestones: TMilestone[];
  milestoneIds: string[];
  eventEndsAt: number | null;
  now: number;
}): TEscrowState {
  const amounts = milestoneAmounts(input.grossMinor, input.milestones);
  const fees = feeBreakdown(
    amounts.map((amountMinor, i) => ({ id: String(i), amountMinor })),
    input.feeBps,
  ).milestones.map((m) => m.platformFeeMinor);
  const milestones: TEscrowMilestone[] = input.milestones.map((m, i) => ({
    id: input.milestoneIds[i]!,
    position: i + 1,
    label: m.label,
    amountMinor: amounts[i]!,
    feeMinor: fees[i]!,
    condition: releaseConditionOf(m.due, input.eventEndsAt),
    status: 'Pending',
    releasedMinor: 0,
    releasedFeeMinor: 0,
    refundedMinor: 0,
    releasingMinor: 0,
    releasingFeeMinor: 0,
    releaseSeq: 0,
    request: null,
    disputeId: null,
    since: input.now,
    alerted: false,
  }));
  return {
    phase: 'Initiated',
    currency: input.currency,
    grossMinor: input.grossMinor,
    feeMinor: fees.reduce((a, b) => a + b, 0),
    processorFeeMinor: 0,
    failureReason: null,
    frozen: false,
    frozenReason: null,
    paymentDeadlineAt: null,
    eventEndsAt: input.eventEndsAt,
    milestones,
    disputes: [],
    remindersSent: 0,
    seenEvents: [],
    lastEventAt: {},
  };
}

/**
 * A contract milestone's `due` text as a release condition: "event end" (any wording naming the event's end) is a
 * date when the deal has an event; an ISO date is that date; anything else ("on signing", "on delivery") is released
 * on the community's request with proof.
 */
export function releaseConditionOf(due: string, eventEndsAt: number | null): TReleaseCondition {
  if (
    /\bevent(['’]s)?\s+end/i.test(due) ||
    /\bend of (the )?event\b/i.test(due) ||
    /after the event/i.test(due)
  )
    return eventEndsAt !== null ? { type: 'date', at: eventEndsAt } : { type: 'request' };
  if (/^\d{4}-\d{2}-\d{2}/.test(due.trim())) {
    const at = Date.parse(due.trim());
    if (!Number.isNaN(at)) return { type: 'date', at };
  }
  return { type: 'request' };
}

export type TEscrowAction =
  | { type: 'invoiced'; deadlineAt: number }
  | { type: 'paid'; processorFeeMinor: number; chargeId: string | null }
  /** `final`: the PaymentIntent can no longer be paid (canceled); otherwise one declined attempt. */
  | { type: 'payment_failed'; reason: string; final?: boolean }
  | { type: 'expire' }
  | {
      type: 'request_release';
      milestoneId: string;
      amountMinor: number | null;
      note: string;
      proofUrl: string | null;
    }
  | { type: 'date_due'; milestoneId: string }
  | { type: 'approve'; milestoneId: string }
  | { type: 'auto_release'; milestoneId: string }
  | { type: 'dispute'; milestoneId: string; disputeId: string; reason: string }
  | { type: 'answer'; disputeId: string; statement: string }
  | { type: 'answer_missed'; disputeId: string }
  | { type: 'resolve'; disputeId: string; outcome: TDisputeOutcome; splitMinor: number | null }
  | { type: 'awaiting_payout'; milestoneId: string }
  | { type: 'payout_ready'; milestoneId: string }
  | { type: 'transferred'; milestoneId: string }
  /** Stripe refused the transfer: the release stays decided (Releasing) and is retried at `retryAt`. */
  | { type: 'transfer_failed'; milestoneId: string; reason: string; retryAt: number }
  /** `keep`: released milestones whose transfer reversal failed (they stay as they are; ops has a task). */
  | { type: 'refund'; keep: string[]; reason?: string }
  /** A chargeback opened at Stripe; `evidenceDueBy` (ms): Stripe's deadline for our evidence, when it gave one. */
  | { type: 'freeze'; reason: string; evidenceDueBy?: number | null }
  | { type: 'unfreeze' }
  /** Stripe closed a chargeback as lost: the bank returned the charge; it stays frozen for ops to settle. */
  | { type: 'chargeback_lost'; reason: string }
  /** Stripe reports a payment of another amount or currency than the invoice: held (frozen) for ops, not escrowed. */
  | { type: 'payment_mismatch'; reason: string }
  | { type: 'stuck_alert'; milestoneId: string }
  | { type: 'dispute_overdue'; disputeId: string }
  /**
   * Stripe answered the transfer of a decided release with nothing (a timeout, a 5xx): Stripe may have made it. The
   * release stays Releasing and is tried again at `retryAt` with the same idempotency key, so it is made at most once.
   */
  | { type: 'transfer_unanswered'; milestoneId: string; reason: string; retryAt: number }
  /** Stripe reports a pending refund's new status (refund.updated / charge.refund.updated). */
  | { type: 'refund_settled'; refundKey: string; status: TRefundStatus; reason: string | null }
  /** A refund still pending at Stripe past the stuck-money delay. */
  | { type: 'refund_stuck'; refundKey: string };

/** Compiles only while ESCROW_ACTION_TYPES lists every action type of the union above (one source of truth). */
export const ESCROW_ACTION_TYPES_COMPLETE: [
  Exclude<TEscrowAction['type'], (typeof ESCROW_ACTION_TYPES)[number]>,
] extends [never]
  ? true
  : never = true;

const findMilestone = (s: TEscrowState, id: string) => s.milestones.find((m) => m.id === id);
const findDispute = (s: TEscrowState, id: string) => s.disputes.find((d) => d.id === id);

const REVIEWABLE: readonly TMilestoneStatus[] = ['ReleaseRequested', 'AwaitingSecondApproval'];
/** Milestones whose release is decided and waits only for the transfer. */
export const RELEASING: readonly TMilestoneStatus[] = ['Releasing', 'AwaitingPayoutAccount'];

const otherSide = (side: TSide): TSide => (side === 'community' ? 'organization' : 'community');

/**
 * The guard of every action: null when `actor` may do it now, otherwise why not. `now` is the caller's clock (the
 * workflow's deterministic time). Repeats that change nothing are the caller's to answer (see `escrowNoop`).
 */
export function escrowViolation(
  s: TEscrowState,
  action: TEscrowAction,
  actor: TEscrowActor,
  settings: TEscrowSettings,
  now: number,
): TEscrowViolation | null {
  const isSystem = actor.kind === 'system';
  const inEscrow = () =>
    s.phase === 'InEscrow'
      ? null
      : fail('WRONG_STATE', `the payment is ${s.phase}: nothing is held in escrow`);
  switch (action.type) {
    case 'invoiced':
      if (!isSystem) return fail('FORBIDDEN', 'only the escrow itself issues the invoice');
      return s.phase === 'Initiated' ? null : fail('WRONG_STATE', `the payment is ${s.phase}`);
    case 'paid':
      if (!isSystem) return fail('FORBIDDEN', 'only Stripe confirms a payment');
      // A payment that succeeds after the deadline is still money received: it is taken into escrow, not lost.
      return s.phase === 'AwaitingPayment' || s.phase === 'Failed' || s.phase === 'Initiated'
        ? null
        : fail('WRONG_STATE', `the payment is ${s.phase}`);
    case 'payment_failed':
    case 'expire':
      if (!isSystem) return fail('FORBIDDEN', 'only Stripe or the deadline fails a payment');
      return s.phase === 'AwaitingPayment' || s.phase === 'Initiated'
        ? null
        : fail('WRONG_STATE', `the payment is ${s.phase}`);
    case 'request_release': {
      if (actor.kind !== 'party' || actor.side !== 'community' || !actor.mayRequest)
        return fail(
          'FORBIDDEN',
          'a release is requested by the community (its Organizer or Partnerships/Sponsorship Lead)',
        );
      const problem = inEscrow();
      if (problem) return problem;
      const m = findMilestone(s, action.milestoneId);
      if (!m) return fail('NOT_FOUND', `no milestone ${action.milestoneId} in this payment`);
      if (m.status !== 'Funded')
        return fail(
          'WRONG_STATE',
          `milestone "${m.label}" is ${m.status}; a release can be requested when Funded`,
        );
      const held = heldMinor(m);
      const amount = action.amountMinor ?? held;
      if (amount < 1 || amount > held)
        return fail('BUSINESS_RULE', `the amount must be between 1 and ${held} (what this milestone holds)`);
      return null;
    }
    case 'date_due': {
      if (!isSystem) return fail('FORBIDDEN', 'only the milestone date asks for its release');
      const m = findMilestone(s, action.milestoneId);
      if (!m) return fail('NOT_FOUND', `no milestone ${action.milestoneId}`);
      return s.phase === 'InEscrow' &&
        m.status === 'Funded' &&
        m.condition.type === 'date' &&
        now >= m.condition.at
        ? null
        : fail('WRONG_STATE', `milestone "${m.label}" is ${m.status}`);
    }
    case 'approve': {
      if (actor.kind !== 'party' || actor.side !== 'organization' || !actor.mayApprove)
        return fail('FORBIDDEN', 'a release is approved by the sponsor (its admin or a manager)');
      const problem = inEscrow();
      if (problem) return problem;
      const m = findMilestone(s, action.milestoneId);
      if (!m) return fail('NOT_FOUND', `no milestone ${action.milestoneId} in this payment`);
      if (!REVIEWABLE.includes(m.status) || !m.request)
        return fail(
          'WRONG_STATE',
          `milestone "${m.label}" is ${m.status}; only a requested release is approved`,
        );
      if (m.request.requestedBy === actor.userId)
        return fail('FORBIDDEN', 'the person who requested a release may not approve it');
      if (m.status === 'AwaitingSecondApproval' && m.request.approvals.includes(actor.userId))
        return fail(
          'FORBIDDEN',
          'this release needs a second approver from the sponsor: someone other than the first approver',
        );
      return null;
    }
    case 'auto_release': {
      if (!isSystem) return fail('FORBIDDEN', 'only the review window releases automatically');
      const m = findMilestone(s, action.milestoneId);
      if (!m) return fail('NOT_FOUND', `no milestone ${action.milestoneId}`);
      return s.phase === 'InEscrow' &&
        REVIEWABLE.includes(m.status) &&
        m.request &&
        now >= m.request.reviewUntil
        ? null
        : fail('WRONG_STATE', `milestone "${m.label}" is ${m.status}`);
    }
    case 'dispute': {
      if (actor.kind !== 'party') return fail('FORBIDDEN', 'a dispute is filed by a party to the deal');
      const problem = inEscrow();
      if (problem) return problem;
      const m = findMilestone(s, action.milestoneId);
      if (!m) return fail('NOT_FOUND', `no milestone ${action.milestoneId} in this payment`);
      if (m.status !== 'Funded' && !REVIEWABLE.includes(m.status))
        return fail('WRONG_STATE', `milestone "${m.label}" is ${m.status}; it cannot be disputed`);
      if (s.eventEndsAt !== null && now > s.eventEndsAt + settings.disputeFileWindowMs)
        return fail(
          'BUSINESS_RULE',
          `disputes are filed within ${Math.round(settings.disputeFileWindowMs / 86_400_000)} day(s) of the event's end (${new Date(s.eventEndsAt).toISOString()})`,
        );
      return null;
    }
    case 'answer': {
      const d = findDispute(s, action.disputeId);
      if (!d) return fail('NOT_FOUND', `no dispute ${action.disputeId}`);
      if (actor.kind !== 'party' || actor.side !== otherSide(d.filedBy))
        return fail('FORBIDDEN', `the ${otherSide(d.filedBy)} answers this dispute`);
      if (d.resolution) return fail('WRONG_STATE', 'the dispute is resolved');
      if (d.answer !== null) return fail('WRONG_STATE', 'the dispute was answered already');
      if (now > d.answerBy)
        return fail('BUSINESS_RULE', `the answer was due by ${new Date(d.answerBy).toISOString()}`);
      return null;
    }
    case 'answer_missed': {
      const d = findDispute(s, action.disputeId);
      if (!isSystem || !d) return fail('FORBIDDEN', 'only the deadline records a missed answer');
      return d.answer === null && !d.answerMissed && !d.resolution && now >= d.answerBy
        ? null
        : fail('WRONG_STATE', 'nothing to record');
    }
    case 'dispute_overdue': {
      const d = findDispute(s, action.disputeId);
      if (!isSystem || !d) return fail('FORBIDDEN', 'only the deadline raises this');
      return !d.resolution && !d.overdueAlerted && now >= d.resolveBy
        ? null
        : fail('WRONG_STATE', 'not overdue');
    }
    case 'resolve': {
      if (actor.kind !== 'admin') return fail('FORBIDDEN', 'a platform admin resolves disputes');
      const d = findDispute(s, action.disputeId);
      if (!d) return fail('NOT_FOUND', `no dispute ${action.disputeId}`);
      if (d.resolution) return fail('WRONG_STATE', `the dispute was resolved (${d.resolution.outcome})`);
      // A chargeback holds the money at the bank: refunding or resolving now could pay the sponsor twice.
      if (s.frozen)
        return fail(
          'WRONG_STATE',
          `the payment is frozen (${s.frozenReason ?? 'a chargeback'}): wait until it is closed`,
        );
      const m = findMilestone(s, d.milestoneId)!;
      const held = heldMinor(m);
      if (action.outcome === 'split') {
        if (action.splitMinor === null || action.splitMinor < 1 || action.splitMinor >= held)
          return fail(
            'BUSINESS_RULE',
            `a split names splitMinor, the part released to the community: between 1 and ${held - 1}`,
          );
      } else if (action.splitMinor !== null)
        return fail('BUSINESS_RULE', 'splitMinor is given only with the outcome split');
      return null;
    }
    case 'refund_settled':
    case 'refund_stuck': {
      const r = (s.refunds ?? []).find((x) => x.key === action.refundKey);
      if (!isSystem || !r) return fail('FORBIDDEN', 'only Stripe settles a refund');
      if (!refundOpen(r)) return fail('WRONG_STATE', `the refund is ${r.status}`);
      if (action.type === 'refund_stuck') return r.alerted ? fail('WRONG_STATE', 'raised already') : null;
      return action.status === r.status ? fail('WRONG_STATE', `the refund is ${r.status} already`) : null;
    }
    case 'transfer_unanswered':
    case 'transfer_failed': {
      const m = findMilestone(s, action.milestoneId);
      if (!isSystem || !m) return fail('FORBIDDEN', 'only the transfer step records this');
      return m.status === 'Releasing' ? null : fail('WRONG_STATE', `milestone "${m.label}" is ${m.status}`);
    }
    case 'awaiting_payout':
    case 'transferred': {
      const m = findMilestone(s, action.milestoneId);
      if (!isSystem || !m) return fail('FORBIDDEN', 'only the transfer step records this');
      return RELEASING.includes(m.status)
        ? null
        : fail('WRONG_STATE', `milestone "${m.label}" is ${m.status}`);
    }
    case 'payout_ready': {
      const m = findMilestone(s, action.milestoneId);
      if (!isSystem || !m) return fail('FORBIDDEN', 'only the payout account decides this');
      return m.status === 'AwaitingPayoutAccount' ? null : fail('WRONG_STATE', `milestone is ${m.status}`);
    }
    case 'refund':
      if (actor.kind === 'party' && actor.side !== 'organization')
        return fail('FORBIDDEN', 'a refund goes to the sponsor; the community cannot ask for one here');
      if (
        actor.kind === 'party' &&
        s.milestones.some((m) => m.releasedMinor > 0 || RELEASING.includes(m.status))
      )
        return fail(
          'FORBIDDEN',
          'the sponsor may ask for a refund only before any release; ask a platform admin',
        );
      if (s.phase !== 'InEscrow' && s.phase !== 'Completed')
        return fail('WRONG_STATE', `the payment is ${s.phase}: there is nothing to refund`);
      if (s.milestones.every((m) => heldMinor(m) + m.releasingMinor + m.releasedMinor === 0))
        return fail('WRONG_STATE', 'everything was refunded already');
      // A chargeback holds the money at the bank: refunding or resolving now could pay the sponsor twice.
      if (s.frozen)
        return fail(
          'WRONG_STATE',
          `the payment is frozen (${s.frozenReason ?? 'a chargeback'}): wait until it is closed`,
        );
      return null;
    case 'payment_mismatch':
      if (!isSystem) return fail('FORBIDDEN', 'only Stripe reports a payment');
      return s.phase === 'AwaitingPayment' || s.phase === 'Failed' || s.phase === 'Initiated'
        ? null
        : fail('WRONG_STATE', `the payment is ${s.phase}`);
    case 'freeze':
    case 'unfreeze':
    case 'chargeback_lost':
      return isSystem ? null : fail('FORBIDDEN', 'only Stripe freezes a payment');
    case 'stuck_alert': {
      const m = findMilestone(s, action.milestoneId);
      if (!isSystem || !m) return fail('FORBIDDEN', 'only the workflow raises alerts');
      return m.alerted ? fail('WRONG_STATE', 'raised already') : null;
    }
  }
}

const withMilestone = (s: TEscrowState, id: string, change: (m: TEscrowMilestone) => TEscrowMilestone) => ({
  ...s,
  milestones: s.milestones.map((m) => (m.id === id ? change(m) : m)),
});
const withDispute = (s: TEscrowState, id: string, change: (d: TDispute) => TDispute) => ({
  ...s,
  disputes: s.disputes.map((d) => (d.id === id ? change(d) : d)),
});

/** Moves a milestone's release of `amount` into Releasing (its fee share reserved). */
function startRelease(m: TEscrowMilestone, amountMinor: number, now: number): TEscrowMilestone {
  const fee = partFee(m, amountMinor);
  return {
    ...m,
    status: 'Releasing',
    releasingMinor: amountMinor,
    releasingFeeMinor: fee,
    releaseSeq: m.releaseSeq + 1,
    request: null,
    since: now,
    alerted: false,
  };
}

/**
 * When a transfer Stripe refused is tried again: a minute after the first refusal (a quarter of the stuck-money delay
 * when that is shorter), doubling, never longer apart than the stuck-money delay. The release keeps its status and
 * since, so the stuck-money alert still fires on time; ops have a task from the first refusal.
 */
export function transferRetryDelayMs(failures: number, stuckAfterMs: number): number {
  const first = Math.min(60_000, Math.max(Math.floor(stuckAfterMs / 4), 1));
  return Math.min(first * 2 ** Math.min(Math.max(failures - 1, 0), 30), Math.max(stuckAfterMs, first));
}

/** Once nothing is held, pending or disputed, the milestone is settled: Released if any money went out, else Refunded. */
function settle(m: TEscrowMilestone, now: number): TEscrowMilestone {
  if (heldMinor(m) > 0 || m.releasingMinor > 0) return m;
  return { ...m, status: m.releasedMinor > 0 ? 'Released' : 'Refunded', since: now, alerted: false };
}

/** The state after an allowed action (check `escrowViolation` first). */
export function escrowTransition(
  s: TEscrowState,
  action: TEscrowAction,
  actor: TEscrowActor,
  settings: TEscrowSettings,
  now: number,
): TEscrowState {
  const actorId = actor.kind === 'system' ? null : actor.userId;
  switch (action.type) {
    case 'invoiced':
      return { ...s, phase: 'AwaitingPayment', paymentDeadlineAt: action.deadlineAt };
    case 'paid':
      return {
        ...s,
        phase: 'InEscrow',
        failureReason: null,
        processorFeeMinor: action.processorFeeMinor,
        milestones: s.milestones.map((m) =>
          m.status === 'Pending' ? { ...m, status: 'Funded', since: now, alerted: false } : m,
        ),
      };
    case 'payment_failed':
      // Stripe reports each declined attempt; the PaymentIntent stays payable (another card) until the deadline, so
      // only a final failure (the PaymentIntent canceled) ends the payment. Otherwise the last failure is shown.
      return action.final
        ? { ...s, phase: 'Failed', failureReason: action.reason }
        : { ...s, failureReason: action.reason };
    case 'expire':
      return {
        ...s,
        phase: 'Failed',
        failureReason: `the payment deadline (${new Date(s.paymentDeadlineAt ?? now).toISOString()}) passed without a payment`,
      };
    case 'request_release':
    case 'date_due': {
      const m = findMilestone(s, action.milestoneId)!;
      const request: TReleaseRequest = {
        amountMinor: action.type === 'request_release' ? (action.amountMinor ?? heldMinor(m)) : heldMinor(m),
        note: action.type === 'request_release' ? action.note : `the milestone's date came (${m.label})`,
        proofUrl: action.type === 'request_release' ? action.proofUrl : null,
        requestedBy: actorId,
        requestedAt: now,
        reviewUntil: now + settings.reviewWindowMs,
        approvals: [],
      };
      return withMilestone(s, m.id, (x) => ({
        ...x,
        status: 'ReleaseRequested',
        request,
        since: now,
        alerted: false,
      }));
    }
    case 'approve': {
      const m = findMilestone(s, action.milestoneId)!;
      const request = m.request!;
      const approvals = [...request.approvals, actorId!];
      const needsTwo =
        settings.secondApprovalAboveMinor !== null && request.amountMinor > settings.secondApprovalAboveMinor;
      if (needsTwo && approvals.length < 2)
        return withMilestone(s, m.id, (x) => ({
          ...x,
          status: 'AwaitingSecondApproval',
          request: { ...request, approvals },
          since: now,
        }));
      return withMilestone(s, m.id, (x) => startRelease(x, request.amountMinor, now));
    }
    case 'auto_release': {
      const m = findMilestone(s, action.milestoneId)!;
      return withMilestone(s, m.id, (x) => startRelease(x, m.request!.amountMinor, now));
    }
    case 'dispute': {
      const side: TSide = actor.kind === 'party' ? actor.side : 'organization';
      const dispute: TDispute = {
        id: action.disputeId,
        milestoneId: action.milestoneId,
        filedBy: side,
        filedByUserId: actorId!,
        reason: action.reason,
        filedAt: now,
        answerBy: now + settings.disputeAnswerWindowMs,
        answer: null,
        answeredAt: null,
        answerMissed: false,
        resolveBy: now + settings.disputeResolveWindowMs,
        resolution: null,
        overdueAlerted: false,
      };
      return {
        ...withMilestone(s, action.milestoneId, (x) => ({
          ...x,
          status: 'Disputed',
          disputeId: action.disputeId,
          since: now,
          alerted: false,
        })),
        disputes: [...s.disputes, dispute],
      };
    }
    case 'answer':
      return withDispute(s, action.disputeId, (d) => ({ ...d, answer: action.statement, answeredAt: now }));
    case 'answer_missed':
      return withDispute(s, action.disputeId, (d) => ({ ...d, answerMissed: true }));
    case 'dispute_overdue':
      return withDispute(s, action.disputeId, (d) => ({ ...d, overdueAlerted: true }));
    case 'resolve': {
      const d = findDispute(s, action.disputeId)!;
      const resolved = withDispute(s, d.id, (x) => ({
        ...x,
        resolution: { outcome: action.outcome, splitMinor: action.splitMinor, by: actorId!, at: now },
      }));
      return withMilestone(resolved, d.milestoneId, (m) => {
        const base = { ...m, disputeId: null, request: null };
        const held = heldMinor(m);
        if (action.outcome === 'release') return startRelease(base, held, now);
        if (action.outcome === 'refund')
          return settle({ ...base, refundedMinor: m.refundedMinor + held }, now);
        // split: the community's part is released, the rest refunded to the sponsor.
        const refunded = { ...base, refundedMinor: m.refundedMinor + (held - action.splitMinor!) };
        return startRelease(refunded, action.splitMinor!, now);
      });
    }
    case 'awaiting_payout':
      return withMilestone(s, action.milestoneId, (m) =>
        m.status === 'AwaitingPayoutAccount'
          ? m
          : { ...m, status: 'AwaitingPayoutAccount', since: now, alerted: false },
      );
    case 'payout_ready':
      return withMilestone(s, action.milestoneId, (m) => ({
        ...m,
        status: 'Releasing',
        since: now,
        alerted: false,
      }));
    case 'transfer_failed':
      return withMilestone(s, action.milestoneId, (m) => ({
        ...m,
        transferFailures: (m.transferFailures ?? 0) + 1,
        transferRetryAt: action.retryAt,
      }));
    case 'transfer_unanswered':
      return withMilestone(s, action.milestoneId, (m) => ({
        ...m,
        transferUnanswered: (m.transferUnanswered ?? 0) + 1,
        transferRetryAt: action.retryAt,
      }));
    case 'refund_settled':
      return settleRefund(s, action.refundKey, action.status, action.reason, now);
    case 'refund_stuck':
      return {
        ...s,
        refunds: (s.refunds ?? []).map((r) => (r.key === action.refundKey ? { ...r, alerted: true } : r)),
      };
    case 'transferred':
      return withMilestone(s, action.milestoneId, (m) => {
        const after = {
          ...m,
          // The next release starts with no refusals (and so with the first idempotency key of its sequence).
          ...(m.transferFailures ? { transferFailures: 0, transferRetryAt: null } : {}),
          ...(m.transferUnanswered ? { transferUnanswered: 0, transferRetryAt: null } : {}),
          releasedMinor: m.releasedMinor + m.releasingMinor,
          releasedFeeMinor: m.releasedFeeMinor + m.releasingFeeMinor,
          releasingMinor: 0,
          releasingFeeMinor: 0,
          status: 'Funded' as const,
          since: now,
          alerted: false,
        };
        return settle(after, now);
      });
    case 'refund':
      // Everything still held (or not yet transferred) is refunded; what was released is reversed and refunded too,
      // except in the milestones in `keep`, whose reversal Stripe refused: their released part stays released.
      return {
        ...s,
        milestones: s.milestones.map((m) => {
          if (m.status === 'Refunded') return m;
          if (action.keep.includes(m.id))
            return {
              ...m,
              refundedMinor: m.amountMinor - m.releasedMinor,
              releasingMinor: 0,
              releasingFeeMinor: 0,
              request: null,
              disputeId: null,
              status: 'Released',
              since: now,
              alerted: false,
            };
          return {
            ...m,
            refundedMinor: m.amountMinor,
            releasedMinor: 0,
            releasedFeeMinor: 0,
            releasingMinor: 0,
            releasingFeeMinor: 0,
            request: null,
            disputeId: null,
            status: 'Refunded',
            since: now,
            alerted: false,
          };
        }),
        disputes: s.disputes.map((d) =>
          d.resolution
            ? d
            : { ...d, resolution: { outcome: 'refund', splitMinor: null, by: actorId ?? 'system', at: now } },
        ),
      };
    case 'freeze':
      return { ...s, frozen: true, frozenReason: action.reason, chargeback: 'open' };
    case 'unfreeze':
      return { ...s, frozen: false, frozenReason: null, chargeback: null };
    case 'chargeback_lost':
      return { ...s, frozen: true, frozenReason: action.reason, chargeback: 'lost' };
    case 'payment_mismatch':
      return { ...s, frozen: true, frozenReason: action.reason };
    case 'stuck_alert':
      return withMilestone(s, action.milestoneId, (m) => ({ ...m, alerted: true }));
  }
}

/** Applies the phase change once every milestone is settled (Released or Refunded). */
export function settled(s: TEscrowState): TEscrowState {
  const done = s.milestones.every((m) => m.status === 'Released' || m.status === 'Refunded');
  if (s.phase === 'InEscrow' && done) return { ...s, phase: 'Completed' };
  // A refund that failed at Stripe put money back into a milestone: it is held in escrow again.
  if (s.phase === 'Completed' && !done) return { ...s, phase: 'InEscrow' };
  return s;
}

/**
 * The state after a refund was sent to Stripe, with the status Stripe answered. `after` is the transition's state
 * (the refund's milestones already Refunded); each milestone's part is what its refundedMinor grew by. Succeeded: as
 * is. Pending or requires_action: its milestones show Refunding until Stripe settles it (refund.updated). Failed or
 * canceled at once: the money stays in escrow (see `settleRefund`).
 */
export function recordRefund(
  before: TEscrowState,
  after: TEscrowState,
  refund: {
    key: string;
    stripeId: string | null;
    status: TRefundStatus;
    reason: string | null;
    now: number;
    taxMinor?: number;
  },
): TEscrowState {
  const parts = after.milestones
    .map((m, i) => ({
      milestoneId: m.id,
      amountMinor: m.refundedMinor - before.milestones[i]!.refundedMinor,
    }))
    .filter((p) => p.amountMinor > 0);
  const record: TEscrowRefund = {
    key: refund.key,
    stripeId: refund.stripeId,
    amountMinor: parts.reduce((sum, p) => sum + p.amountMinor, 0),
    ...(refund.taxMinor ? { taxMinor: refund.taxMinor } : {}),
    status: refund.status === 'succeeded' ? 'succeeded' : 'pending',
    parts,
    since: refund.now,
    alerted: false,
    failureReason: null,
  };
  const withRecord: TEscrowState = { ...after, refunds: [...(after.refunds ?? []), record] };
  if (refund.status === 'succeeded') return withRecord;
  if (refund.status === 'pending' || refund.status === 'requires_action') {
    const refunding = new Set(parts.map((p) => p.milestoneId));
    return settled({
      ...withRecord,
      refunds: withRecord.refunds!.map((r) => (r.key === refund.key ? { ...r, status: refund.status } : r)),
      milestones: withRecord.milestones.map((m) =>
        refunding.has(m.id) && m.status === 'Refunded' ? { ...m, status: 'Refunding' } : m,
      ),
    });
  }
  return settleRefund(withRecord, refund.key, refund.status, refund.reason, refund.now);
}

/**
 * Stripe's new status of a refund. Succeeded: its milestones are Refunded. Failed or canceled: the money never left
 * the platform, so each milestone gets its part back and holds it in escrow again (Funded), for ops to refund again or
 * release. Pending or requires_action: only the status changes.
 */
export function settleRefund(
  s: TEscrowState,
  key: string,
  status: TRefundStatus,
  reason: string | null,
  now: number,
): TEscrowState {
  const refund = (s.refunds ?? []).find((r) => r.key === key);
  if (!refund) return s;
  const refunds = (s.refunds ?? []).map((r) =>
    r.key === key
      ? { ...r, status, failureReason: status === 'failed' || status === 'canceled' ? reason : null }
      : r,
  );
  if (status === 'pending' || status === 'requires_action') return { ...s, refunds };
  const parts = new Map(refund.parts.map((p) => [p.milestoneId, p.amountMinor]));
  if (status === 'succeeded')
    return settled({
      ...s,
      refunds,
      milestones: s.milestones.map((m) => (parts.has(m.id) && m.status === 'Refunding' ? settle(m, now) : m)),
    });
  return settled({
    ...s,
    refunds,
    milestones: s.milestones.map((m) => {
      const part = parts.get(m.id);
      if (!part) return m;
      const back = { ...m, refundedMinor: m.refundedMinor - part };
      return ['Refunding', 'Refunded', 'Released'].includes(m.status) && heldMinor(back) > 0
        ? { ...back, status: 'Funded' as const, since: now, alerted: false }
        : back;
    }),
  });
}

/**
 * Whether the deal's money is in dispute: a party's dispute not yet resolved, or a chargeback open or lost at Stripe
 * (a lost one stays frozen until ops settle it). The contract shows Disputed while this holds.
 */
export const escrowDisputeOpen = (s: TEscrowState) =>
  s.disputes.some((d) => d.resolution === null) || s.chargeback === 'open' || s.chargeback === 'lost';

/** The status a payment shows: the phase, refined by what its milestones wait for. */
export function paymentStatus(s: TEscrowState): TPaymentStatus {
  if (s.phase === 'Initiated' || s.phase === 'AwaitingPayment' || s.phase === 'Failed') return s.phase;
  if (s.frozen) return 'Frozen';
  if ((s.refunds ?? []).some(refundOpen)) return 'RefundPending';
  if (s.phase === 'Completed') {
    if (s.milestones.every((m) => m.status === 'Released' && m.refundedMinor === 0)) return 'Released';
    if (s.milestones.every((m) => m.releasedMinor === 0)) return 'Refunded';
    return 'Settled';
  }
  if (s.milestones.some((m) => m.status === 'Disputed')) return 'Disputed';
  if (s.milestones.some((m) => m.status === 'AwaitingPayoutAccount')) return 'AwaitingPayoutAccount';
  return 'InEscrow';
}

/**
 * What ops must act on, for the `CommDeskAlert` search attribute: `stuck_money` while a transfer or a refund raised the
 * stuck-money alert and is still pending; null otherwise.
 */
export function escrowAlert(s: TEscrowState): 'stuck_money' | null {
  const stuck =
    s.milestones.some((m) => m.alerted && RELEASING.includes(m.status)) ||
    (s.refunds ?? []).some((r) => r.alerted && refundOpen(r));
  return stuck ? 'stuck_money' : null;
}

/** Whose move it is (the Temporal UI's "waiting on"). */
export function escrowWaitingOn(s: TEscrowState): TEscrowWaitingOn {
  if (s.phase === 'AwaitingPayment' || s.phase === 'Initiated') return 'organization';
  // A chargeback (even one after the payment completed) is ops' to answer at Stripe.
  if (s.frozen && s.phase !== 'Failed') return 'platform_admin';
  // Money stuck on its way (a transfer Stripe refused, or pending past the stuck-money delay, or a refund stuck at
  // Stripe) waits on ops, so the stuck-money saved view (waiting on platform_admin) lists it. Money waiting for a
  // payout account still waits on the community, alerted or not: only it can connect one.
  if (
    s.milestones.some((m) => m.status === 'Releasing' && (m.alerted || (m.transferFailures ?? 0) > 0)) ||
    (s.refunds ?? []).some((r) => refundOpen(r) && r.alerted)
  )
    return 'platform_admin';
  if (s.phase !== 'InEscrow') return 'nobody';
  if (s.milestones.some((m) => m.status === 'Disputed')) return 'platform_admin';
  if (s.milestones.some((m) => REVIEWABLE.includes(m.status))) return 'organization';
  if (s.milestones.some((m) => m.status === 'AwaitingPayoutAccount')) return 'community';
  if (s.milestones.some((m) => m.status === 'Funded' && m.condition.type === 'request')) return 'community';
  return 'nobody';
}

export type TEscrowStep =
  | { type: 'remind'; reminder: number }
  | { type: 'expire' }
  | { type: 'date_due'; milestoneId: string }
  | { type: 'auto_release'; milestoneId: string }
  | { type: 'transfer'; milestoneId: string }
  | { type: 'answer_missed'; disputeId: string }
  | { type: 'dispute_overdue'; disputeId: string }
  | { type: 'stuck_alert'; milestoneId: string }
  | { type: 'refund_stuck'; refundKey: string };

/**
 * What is due now and when to look again: payment reminders (the latest applicable one only) and expiry, milestone
 * dates, auto-release at the end of a review window, transfers of decided releases (none while frozen), dispute
 * deadlines, and the stuck-money alert for anything pending a transfer longer than `stuckAfterMs`.
 */
export function escrowAgenda(
  s: TEscrowState,
  settings: TEscrowSettings,
  now: number,
): { steps: TEscrowStep[]; nextAt: number | null } {
  const steps: TEscrowStep[] = [];
  const later: number[] = [];
  // A payment Stripe reported with the wrong amount freezes it: no reminder or expiry while ops look at it.
  if (s.phase === 'AwaitingPayment' && s.paymentDeadlineAt !== null && !s.frozen) {
    const deadline = s.paymentDeadlineAt;
    if (now >= deadline) steps.push({ type: 'expire' });
    else {
      const offsets = [...settings.paymentReminderOffsetsMs].sort((a, b) => b - a);
      // Reminder n (1-based) is due at deadline - offsets[n-1]; send only the latest due one not yet sent.
      let due = 0;
      offsets.forEach((o, i) => {
        if (now >= deadline - o) due = i + 1;
        else later.push(deadline - o);
      });
      if (due > s.remindersSent) steps.push({ type: 'remind', reminder: due });
      later.push(deadline);
    }
  }
  if (s.phase === 'InEscrow') {
    for (const m of s.milestones) {
      if (m.status === 'Funded' && m.condition.type === 'date') {
        if (now >= m.condition.at) steps.push({ type: 'date_due', milestoneId: m.id });
        else later.push(m.condition.at);
      }
      if (REVIEWABLE.includes(m.status) && m.request && !s.frozen) {
        if (now >= m.request.reviewUntil) steps.push({ type: 'auto_release', milestoneId: m.id });
        else later.push(m.request.reviewUntil);
      }
      if (m.status === 'Releasing' && !s.frozen) {
        // A transfer Stripe refused waits for its backoff before the next attempt.
        if (m.transferRetryAt && now < m.transferRetryAt) later.push(m.transferRetryAt);
        else steps.push({ type: 'transfer', milestoneId: m.id });
      }
      if (RELEASING.includes(m.status) && !m.alerted) {
        if (now >= m.since + settings.stuckAfterMs) steps.push({ type: 'stuck_alert', milestoneId: m.id });
        else later.push(m.since + settings.stuckAfterMs);
      }
    }
    for (const d of s.disputes) {
      if (d.resolution) continue;
      if (d.answer === null && !d.answerMissed) {
        if (now >= d.answerBy) steps.push({ type: 'answer_missed', disputeId: d.id });
        else later.push(d.answerBy);
      }
      if (!d.overdueAlerted) {
        if (now >= d.resolveBy) steps.push({ type: 'dispute_overdue', disputeId: d.id });
        else later.push(d.resolveBy);
      }
    }
  }
  // A refund Stripe keeps pending is money in neither place: ops hear of it after the same delay as a transfer.
  for (const r of s.refunds ?? []) {
    if (!refundOpen(r) || r.alerted) continue;
    if (now >= r.since + settings.stuckAfterMs) steps.push({ type: 'refund_stuck', refundKey: r.key });
    else later.push(r.since + settings.stuckAfterMs);
  }
  return { steps, nextAt: later.length ? Math.min(...later) : null };
}

/** Whether the workflow's job is done: the payment failed or every milestone settled, with no dispute open. */
export const escrowClosed = (s: TEscrowState) =>
  s.phase === 'Failed' ||
  (s.phase === 'Completed' &&
    s.disputes.every((d) => d.resolution !== null) &&
    !(s.refunds ?? []).some(refundOpen));

const at = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const money = formatMoney;

/** The workflow's current details in the Temporal UI: status, what it waits for from whom, until when. */
export function escrowDetails(s: TEscrowState, nextAt: number | null): string {
  const lines = [
    `**${paymentStatus(s)}** · ${money(s.grossMinor, s.currency)} (platform fee ${money(s.feeMinor, s.currency)})`,
  ];
  if (s.phase === 'AwaitingPayment' && s.paymentDeadlineAt)
    lines.push(`Waiting for the **sponsor's payment** until ${at(s.paymentDeadlineAt)}.`);
  if (s.failureReason) lines.push(`Failed: ${s.failureReason}`);
  if (s.frozen)
    lines.push(`Frozen: ${s.frozenReason ?? 'a chargeback is open'}; no release until it closes.`);
  for (const m of s.milestones) {
    let line = `- ${m.label}: ${m.status}, ${money(m.amountMinor, s.currency)} (released ${money(m.releasedMinor, s.currency)}, refunded ${money(m.refundedMinor, s.currency)})`;
    if (m.request && REVIEWABLE.includes(m.status))
      line += `; review by the sponsor until ${at(m.request.reviewUntil)}, then released automatically`;
    if (m.status === 'AwaitingPayoutAccount')
      line += '; waiting for the community to connect a payout account';
    if (m.status === 'Releasing' && m.transferRetryAt)
      line += m.transferFailures
        ? `; Stripe refused the transfer ${m.transferFailures} time(s), next attempt ${at(m.transferRetryAt)}`
        : `; Stripe did not answer the transfer ${m.transferUnanswered ?? 1} time(s), next attempt ${at(m.transferRetryAt)} (same key)`;
    if (m.alerted) line += ' — **stuck: ops alerted**';
    lines.push(line);
  }
  for (const d of s.disputes.filter((x) => !x.resolution))
    lines.push(
      `Dispute by the ${d.filedBy}: ${d.answer === null ? `answer due ${at(d.answerBy)}` : 'answered'}; an admin resolves by ${at(d.resolveBy)}.`,
    );
  for (const r of (s.refunds ?? []).filter(refundOpen))
    lines.push(
      `Refund of ${money(r.amountMinor, s.currency)} ${r.status} at Stripe since ${at(r.since)}${r.alerted ? ' — **stuck: ops alerted**' : ''}.`,
    );
  if (nextAt !== null) lines.push(`Next timer ${at(nextAt)}.`);
  return lines.join('\n\n');
}
