import type { TDb, TDbOrTx } from '../../db/client.js';
import { balancesForPayment, ledgerForPayment } from '../../db/repositories/ledger-repository.js';
import {
  findPayment,
  listPaymentEvents,
  type TPaymentRow,
} from '../../db/repositories/payments-repository.js';
import { findPayoutAccount } from '../../db/repositories/stripe-repository.js';
import {
  escrowWaitingOn,
  heldMinor,
  refundOpen,
  type TEscrowActor,
  type TEscrowMilestone,
} from '../../domain/escrow.js';
import type { TPaymentEventDetail } from './payments.types.js';

/** The caller's standing on a payment: a member of either party (with what they may do) or a platform admin. */
export type TPaymentStanding = {
  community: TEscrowActor | null;
  organization: TEscrowActor | null;
  admin: boolean;
};

/** Why a milestone waits, in words both sides read (the top complaint in this field is silence). */
function waitingFor(row: TPaymentRow, m: TEscrowMilestone): string | null {
  switch (m.status) {
    case 'Pending':
      return "the sponsor's payment";
    case 'Funded':
      return m.condition.type === 'date'
        ? `its date (${new Date(m.condition.at).toISOString()}), then the sponsor's review`
        : "the community's request for release";
    case 'ReleaseRequested':
      return `the sponsor's approval or dispute until ${new Date(m.request!.reviewUntil).toISOString()}, then automatic release`;
    case 'AwaitingSecondApproval':
      return 'a second approver from the sponsor (the release is above the threshold)';
    case 'Releasing':
      return row.frozen ? `the chargeback to close (${row.frozenReason})` : 'the transfer to the community';
    case 'AwaitingPayoutAccount':
      return "the community's payout account: connect one with payouts enabled and the transfer follows";
    case 'Disputed':
      return 'a platform admin to resolve the dispute';
    case 'Refunding':
      return 'Stripe to complete the refund to the sponsor (pending there; it stays in escrow until then)';
    default:
      return null;
  }
}

/**
 * The payment as the API shows it, read in one snapshot: an escrow step commits the row, its milestones, ledger and
 * timeline together, and a view read across two commits showed a step's timeline entry beside the row before it.
 */
export function paymentView(db: TDb, paymentId: string, standing: TPaymentStanding) {
  return db.transaction((tx) => paymentViewIn(tx, paymentId, standing), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

async function paymentViewIn(db: TDbOrTx, paymentId: string, standing: TPaymentStanding) {
  const row = (await findPayment(db, paymentId))!;
  const s = row.state;
  // One after another: the snapshot is one connection, which runs one statement at a time anyway.
  const ledger = await ledgerForPayment(db, paymentId);
  const balances = await balancesForPayment(db, paymentId);
  const timeline = await listPaymentEvents(db, paymentId);
  const account = await findPayoutAccount(db, row.communityId);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: row.id,
    dealId: row.dealId,
    contractId: row.contractId,
    status: row.status,
    phase: row.phase,
    waitingOn: escrowWaitingOn(s),
    currency: row.currency,
    amounts: {
      grossMinor: row.grossMinor,
      platformFeeMinor: row.feeMinor,
      platformFeeBps: row.feeBps,
      processorFeeMinor: row.processorFeeMinor,
      netToCommunityMinor: row.grossMinor - row.feeMinor,
      taxMinor: s.taxMinor ?? 0,
      totalMinor: row.grossMinor + (s.taxMinor ?? 0),
      // Only refunds Stripe completed: a pending one may still fail, and its tax is still owed (as in the ledger).
      taxRefundedMinor: (s.refunds ?? [])
        .filter((r) => r.status === 'succeeded')
        .reduce((sum, r) => sum + (r.taxMinor ?? 0), 0),
    },
    paymentDeadline: row.paymentDeadline?.toISOString() ?? null,
    failureReason: row.failureReason,
    frozen: row.frozen,
    frozenReason: row.frozenReason,
    alert: row.alert,
    // The payment page's secret: for the payer only, and only while there is something to pay.
    clientSecret: standing.organization && row.phase === 'AwaitingPayment' ? row.stripeClientSecret : null,
    stripe: { paymentIntentId: row.stripePaymentIntentId, chargeId: row.stripeChargeId },
    payoutAccount: { connected: !!account, payoutsEnabled: !!account?.payoutsEnabled },
    milestones: s.milestones.map((m) => ({
      id: m.id,
      position: m.position,
      label: m.label,
      status: m.status,
      amountMinor: m.amountMinor,
      platformFeeMinor: m.feeMinor,
      netToCommunityMinor: m.amountMinor - m.feeMinor,
      heldMinor: heldMinor(m),
      releasedMinor: m.releasedMinor,
      refundedMinor: m.refundedMinor,
      releasingMinor: m.releasingMinor,
      condition: { type: m.condition.type, at: m.condition.type === 'date' ? iso(m.condition.at) : null },
      request: m.request
        ? {
            amountMinor: m.request.amountMinor,
            note: m.request.note,
            proofUrl: m.request.proofUrl,
            requestedBy: m.request.requestedBy,
            requestedAt: iso(m.request.requestedAt),
            reviewUntil: iso(m.request.reviewUntil),
            approvals: m.request.approvals,
          }
        : null,
      disputeId: m.disputeId,
      since: iso(m.since),
      waitingFor: waitingFor(row, m),
    })),
    disputes: s.disputes.map((d) => ({
      id: d.id,
      milestoneId: d.milestoneId,
      filedBy: d.filedBy,
      reason: d.reason,
      filedAt: iso(d.filedAt),
      answerBy: iso(d.answerBy),
      answer: d.answer,
      answerMissed: d.answerMissed,
      resolveBy: iso(d.resolveBy),
      resolution: d.resolution
        ? { outcome: d.resolution.outcome, splitMinor: d.resolution.splitMinor, at: iso(d.resolution.at) }
        : null,
    })),
    refunds: (s.refunds ?? []).map((r) => ({
      stripeId: r.stripeId,
      amountMinor: r.amountMinor,
      status: r.status,
      failureReason: r.failureReason,
      since: iso(r.since),
      stuck: r.alerted && refundOpen(r),
    })),
    ledger: ledger.map((l) => ({ ...l, createdAt: l.createdAt.toISOString() })),
    balances,
    links: {
      invoice: row.phase === 'Initiated' ? null : `/api/v1/payments/${row.id}/invoice`,
      receipt: row.paidAt ? `/api/v1/payments/${row.id}/receipt` : null,
    },
    timeline: timeline.map((e) => ({
      type: e.type,
      milestoneId: e.milestoneId,
      actorUserId: e.actorUserId,
      actorSide: e.actorSide,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      // jsonb written only by the escrow activities, in the shapes ZPaymentEventDetail lists.
      detail: e.detail as TPaymentEventDetail | null,
      at: e.createdAt.toISOString(),
    })),
    createdAt: row.createdAt.toISOString(),
  };
}
