import { ApplicationFailure } from '@temporalio/activity';
import type Stripe from 'stripe';
import type { TConfig } from '../config.js';
import type { TDb, TTx } from '../db/client.js';
import { writeAudit } from '../db/repositories/audit-repository.js';
import {
  findContractWithDeal,
  findTemplateOverride,
  insertContractEvent,
  lockContractStatus,
  setContractStatus,
} from '../db/repositories/contract-repository.js';
import { queueEmails } from '../db/repositories/email-outbox-repository.js';
import {
  decideReleaseRequest,
  eventEndsAtOf,
  findPaymentRow,
  insertDispute,
  insertMilestones,
  insertMovementIfNew,
  insertOpsTaskIfNew,
  insertPaymentEvent,
  insertPaymentEventIfNew,
  insertPaymentIfNew,
  insertReleaseApprovalIfNew,
  insertReleaseRequest,
  openReleaseRequest,
  paymentEventRecorded,
  refundOpenReleaseRequests,
  requestIdOfDeal,
  settleMovement,
  succeededTransfersOf,
  updateDispute,
  updateMilestoneRow,
  updatePaymentRow,
  type TMovementRow,
  type TPaymentValues,
} from '../db/repositories/escrow-repository.js';
import { fulfillmentCompletedAt } from '../db/repositories/fulfillment-repository.js';
import { activePlatformAdmins } from '../db/repositories/identity-repository.js';
import { postLedgerTransaction } from '../db/repositories/ledger-repository.js';
import { openManualOpsTasks } from '../db/repositories/ops-tasks-repository.js';
import type { TPaymentRow } from '../db/repositories/payments-repository.js';
import { programFeeBpsOfDeal } from '../db/repositories/programs-repository.js';
import { findPayoutAccount } from '../db/repositories/stripe-repository.js';
import { queueSideEmails, type TSideEmail } from '../db/repositories/negotiation-repository.js';
import { contractDisputeTransition } from '../domain/contract.js';
import { resolveTemplate } from '../domain/contract-template.js';
import {
  escrowDisputeOpen,
  escrowTransition,
  escrowWaitingOn,
  heldMinor,
  initialEscrowState,
  paymentStatus,
  recordRefund,
  refundOpen,
  REFUND_STATUSES,
  secondApprovalAboveFor,
  settled,
  transferRetryDelayMs,
  type TEscrowAction,
  type TEscrowActor,
  type TEscrowMilestone,
  type TEscrowSettings,
  type TEscrowState,
  type TRefundStatus,
} from '../domain/escrow.js';
import { effectiveFeeBps } from '../domain/fees.js';
import type { TPaymentOpsTaskKind } from '../domain/ops-tasks.js';
import { formatMoney } from '../domain/ops-view.js';
import {
  fundingPosting,
  processorFeePosting,
  refundPosting,
  releasePosting,
  reversalPosting,
  transferPosting,
  type TPosting,
} from '../domain/ledger.js';
import { taxRefundedMinor } from '../domain/tax.js';
import type { DocumentStore } from '../documents/document-store.js';
import { documentStoreFor } from '../documents/document-store-factory.js';
import { createStripe } from '../infra/stripe.js';
import type { TEscrowActivities, TEscrowChange } from '../workflows/escrow/escrow.contract.js';
import { DEFAULT_CONTRACT_TEMPLATE } from './contract.activities.js';
import { issueInvoice, issueReceipt } from './issue-invoice.js';
import { mustExist } from './must-exist.js';

export type TEscrowDeps = { db: TDb; config: TConfig; stripe?: Stripe; documentStore?: DocumentStore };

const money = formatMoney;

/** The settings of an escrow in `currency` (the deal's): durations from config, the threshold of that currency. */
export const escrowSettingsOf = (config: TConfig, currency: string): TEscrowSettings => ({
  paymentWindowMs: config.INVOICE_DUE_AFTER,
  paymentReminderOffsetsMs: config.ESCROW_PAYMENT_REMINDERS,
  reviewWindowMs: config.ESCROW_REVIEW_WINDOW,
  secondApprovalAboveMinor: secondApprovalAboveFor(
    currency,
    config.ESCROW_SECOND_APPROVAL_ABOVE_BY_CURRENCY,
    config.ESCROW_SECOND_APPROVAL_ABOVE,
  ),
  disputeFileWindowMs: config.ESCROW_DISPUTE_FILE_WINDOW,
  disputeAnswerWindowMs: config.ESCROW_DISPUTE_ANSWER_WINDOW,
  disputeResolveWindowMs: config.ESCROW_DISPUTE_RESOLVE_WINDOW,
  stuckAfterMs: config.ESCROW_STUCK_AFTER,
});

/** The idempotency key of a milestone's transfer: the same for every attempt of one release, whatever the step key. */
export const transferKeyOf = (paymentId: string, milestoneId: string, releaseSeq: number) =>
  `escrow:${paymentId}:transfer:${milestoneId}:${releaseSeq}`;

/** The key of one attempt of a release's transfer: a new one after each refusal (Stripe would repeat a refusal). */
const transferAttemptKeyOf = (paymentId: string, m: TEscrowMilestone) =>
  `${transferKeyOf(paymentId, m.id, m.releaseSeq)}${m.transferFailures ? `:retry${m.transferFailures}` : ''}`;

/**
 * The root key of a refund (its Stripe refund, transfer reversals, movements and ledger): what was refunded before it.
 * It comes from the state, not from the step: a person who repeats a refund whose first attempt failed after Stripe
 * acted (a new Update, a new step key) sends the same keys, so Stripe answers with the first refund, not a second.
 */
export const refundKeyOf = (paymentId: string, before: TEscrowState) => {
  // A refund that failed at Stripe gave its money back to the milestones: the next refund has the same sum before it
  // and needs another key (Stripe would answer the failed one again).
  const failed = (before.refunds ?? []).filter(
    (r) => r.status === 'failed' || r.status === 'canceled',
  ).length;
  return `escrow:${paymentId}:refund:${before.milestones.reduce((sum, m) => sum + m.refundedMinor, 0)}${failed ? `:after-failed-${failed}` : ''}`;
};

/** Stripe's refund status as we record it (an unknown future value counts as pending: not money back yet). */
const refundStatusOf = (status: string | null | undefined): TRefundStatus =>
  REFUND_STATUSES.includes(status as TRefundStatus) ? (status as TRefundStatus) : 'pending';

/** Stripe refuses the request itself (4xx other than rate limits): retrying the same request cannot succeed. */
function refusedByStripe(err: unknown): err is Stripe.errors.StripeError {
  const e = err as { type?: string; statusCode?: number } | null;
  return (
    !!e &&
    typeof e.type === 'string' &&
    e.type.startsWith('Stripe') &&
    typeof e.statusCode === 'number' &&
    e.statusCode >= 400 &&
    e.statusCode < 500 &&
    e.statusCode !== 429 &&
    e.statusCode !== 409
  );
}

/** Actor columns of a timeline row and an audit row. */
function actorOf(actor: TEscrowActor) {
  if (actor.kind === 'party') return { userId: actor.userId, side: actor.side };
  if (actor.kind === 'admin') return { userId: actor.userId, side: 'platform_admin' as const };
  return { userId: null, side: 'system' as const };
}

export function createEscrowActivities(deps: TEscrowDeps): TEscrowActivities {
  const { db, config } = deps;
  let client: Stripe | null = deps.stripe ?? null;
  const stripe = () => (client ??= createStripe(config));
  const store = deps.documentStore ?? documentStoreFor(config);
  const invoiceDeps = () => ({ db, documentStore: store, config });
  async function receipt(payment: TPaymentRow) {
    await issueReceipt(invoiceDeps(), {
      paymentId: payment.id,
      amountPaidMinor: payment.grossMinor + (payment.state.taxMinor ?? 0),
      paidAt: payment.paidAt ?? new Date(),
      processorFeeMinor: payment.processorFeeMinor,
      processorReference: payment.stripeChargeId ?? payment.stripePaymentIntentId,
    });
  }

  async function loadPayment(tx: TDb | TTx, paymentId: string, forUpdate = false) {
    return mustExist(await findPaymentRow(tx, paymentId, forUpdate), `payment ${paymentId}`);
  }

  async function requestIdOf(tx: TDb | TTx, dealId: string) {
    return requestIdOfDeal(tx, dealId);
  }

  /** Emails both sides (or one) about the payment, keyed so a retried step sends nothing twice. */
  async function notify(tx: TTx, payment: { id: string; dealId: string }, emails: TSideEmail[]) {
    await queueSideEmails(
      tx,
      await requestIdOf(tx, payment.dealId),
      emails.map((e) => ({ ...e, body: `${e.body}\n\nOpen: GET /api/v1/payments/${payment.id}` })),
    );
  }
  const sides = (keyPrefix: string, subject: string, body: string, only?: 'community' | 'organization') =>
    (['community', 'organization'] as const)
      .filter((side) => !only || side === only)
      .map((side) => ({ side, keyPrefix: `${keyPrefix}:${side}`, subject, body }));

  /** Ops hear of what needs a person: an email to every active platform admin and an open task. */
  async function opsTask(
    tx: TTx,
    paymentId: string,
    key: string,
    kind: TPaymentOpsTaskKind,
    detail: string,
    dueAt: Date | null = null,
  ) {
    await insertOpsTaskIfNew(tx, { paymentId, idempotencyKey: key, kind, detail, dueAt });
    const admins = await activePlatformAdmins(tx);
    if (admins.length)
      await queueEmails(
        tx,
        admins.map((a) => ({
          idempotencyKey: `${key}:ops:${a.email}`,
          to: a.email,
          subject: `Payment ${paymentId} needs ops: ${kind.replaceAll('_', ' ')}`,
          body: `${detail}\n\nOpen: GET /api/v1/payments/${paymentId}`,
        })),
      );
  }

  /** Writes the payment row and every milestone row from the state (the read model follows the workflow's state). */
  async function persist(tx: TTx, paymentId: string, after: TEscrowState, extra: TPaymentValues = {}) {
    await updatePaymentRow(tx, paymentId, {
      phase: after.phase,
      status: paymentStatus(after),
      processorFeeMinor: after.processorFeeMinor,
      failureReason: after.failureReason,
      frozen: after.frozen,
      frozenReason: after.frozenReason,
      paymentDeadline: after.paymentDeadlineAt ? new Date(after.paymentDeadlineAt) : null,
      state: after,
      updatedAt: new Date(),
      ...extra,
    });
    // The row's refunded amount is money Stripe has refunded: a refund still pending there is held in escrow (the
    // ledger posts it when it succeeds), so `npm run ledger:verify` finds escrow = amount - released - refunded.
    const pending = new Map<string, number>();
    for (const r of (after.refunds ?? []).filter(refundOpen))
      for (const part of r.parts)
        pending.set(part.milestoneId, (pending.get(part.milestoneId) ?? 0) + part.amountMinor);
    for (const m of after.milestones)
      await updateMilestoneRow(tx, m.id, {
        status: m.status,
        releasedMinor: m.releasedMinor,
        releasedFeeMinor: m.releasedFeeMinor,
        refundedMinor: m.refundedMinor - (pending.get(m.id) ?? 0),
        releasingMinor: m.releasingMinor,
        releasingFeeMinor: m.releasingFeeMinor,
        releaseSeq: m.releaseSeq,
        statusSince: new Date(m.since),
        updatedAt: new Date(),
      });
  }

  async function post(tx: TTx, paymentId: string, key: string, posting: TPosting) {
    await postLedgerTransaction(tx, { key, paymentId, kind: posting.kind, entries: posting.entries });
  }

  /** The open release request of a milestone (the latest without an outcome). */
  async function openRequest(tx: TTx, milestoneId: string) {
    return openReleaseRequest(tx, milestoneId);
  }
  async function closeRequest(
    tx: TTx,
    milestoneId: string,
    outcome: 'approved' | 'auto_released' | 'disputed' | 'refunded',
  ) {
    const open = await openRequest(tx, milestoneId);
    if (open) await decideReleaseRequest(tx, open.id, outcome);
  }

  /**
   * The processor's fee on the sponsor's charge, from its balance transaction (retrieved expanded: a read, safe to
   * repeat). 0 when Stripe has none yet or reports it in another currency than the payment's (the platform's settlement
   * currency): the ledger holds the payment's currency only.
   */
  async function processorFeeOf(payment: TPaymentRow, chargeId: string | null) {
    try {
      let charge: Stripe.Charge | null = null;
      if (chargeId) charge = await stripe().charges.retrieve(chargeId, { expand: ['balance_transaction'] });
      else if (payment.stripePaymentIntentId) {
        const intent = await stripe().paymentIntents.retrieve(payment.stripePaymentIntentId, {
          expand: ['latest_charge.balance_transaction'],
        });
        charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
      }
      const balance = charge?.balance_transaction;
      if (!balance || typeof balance !== 'object') return 0;
      return balance.currency.toUpperCase() === payment.currency.toUpperCase() && balance.fee > 0
        ? balance.fee
        : 0;
    } catch (err) {
      // A refusal (an unknown charge) will not change by retrying: the payment is still taken in, without the fee.
      if (refusedByStripe(err)) return 0;
      throw err;
    }
  }

  /**
   * A milestone released in several transfers whose reversal Stripe refused part way: it stays released as a whole
   * (the refund leaves it out), so the transfers already reversed are paid back to the community. Otherwise their money
   * would sit on the platform's balance, outside the ledger, refunded to no one. Returns what to add to the ops task.
   */
  async function restoreTransfers(
    payment: TPaymentRow,
    m: TEscrowMilestone,
    root: string,
    undone: TMovementRow[],
  ): Promise<string> {
    const account = await findPayoutAccount(db, payment.communityId);
    const notes: string[] = [];
    for (const t of undone) {
      const key = `${root}:restore:${t.id}`;
      if (!account) {
        notes.push(
          `${money(t.amountMinor, payment.currency)} reversed from ${t.stripeId} is on the platform balance (no payout account to pay it back to)`,
        );
        continue;
      }
      try {
        const restored = await stripe().transfers.create(
          {
            amount: t.amountMinor,
            currency: payment.currency.toLowerCase(),
            destination: account.stripeAccountId,
            transfer_group: payment.dealId,
            metadata: {
              paymentId: payment.id,
              dealId: payment.dealId,
              contractId: payment.contractId,
              milestoneId: m.id,
              restores: t.stripeId ?? '',
            },
          },
          { idempotencyKey: key },
        );
        await insertMovementIfNew(db, {
          paymentId: payment.id,
          milestoneId: m.id,
          kind: 'transfer',
          idempotencyKey: key,
          amountMinor: t.amountMinor,
          currency: payment.currency,
          stripeId: restored.id,
          status: 'succeeded',
        });
        notes.push(
          `${money(t.amountMinor, payment.currency)} reversed from ${t.stripeId} was paid back (${restored.id})`,
        );
      } catch (err) {
        if (!refusedByStripe(err)) throw err;
        notes.push(
          `${money(t.amountMinor, payment.currency)} reversed from ${t.stripeId} is on the platform balance: paying it back was refused (${err.message})`,
        );
      }
    }
    return `; the milestone stays released as a whole: ${notes.join('; ')}`;
  }

  /** Transfer reversals of what was released, before a refund; a reversal Stripe refuses keeps its milestone. */
  async function reverseReleased(change: TEscrowChange, payment: TPaymentRow) {
    const root = refundKeyOf(payment.id, change.before);
    const keep: string[] = [];
    const reversed: { milestone: TEscrowMilestone; failure: string | null }[] = [];
    for (const m of change.before.milestones) {
      if (m.releasedMinor === 0 || m.status === 'Refunded') continue;
      const transfers = await succeededTransfersOf(db, m.id);
      let failure: string | null = null;
      const undone: (typeof transfers)[number][] = [];
      for (const t of transfers) {
        if (!t.stripeId) continue;
        const key = `${root}:reversal:${t.id}`;
        try {
          const reversal = await stripe().transfers.createReversal(
            t.stripeId,
            {
              amount: t.amountMinor,
              metadata: { paymentId: payment.id, dealId: payment.dealId, contractId: payment.contractId },
            },
            { idempotencyKey: key },
          );
          await insertMovementIfNew(db, {
            paymentId: payment.id,
            milestoneId: m.id,
            kind: 'reversal',
            idempotencyKey: key,
            amountMinor: t.amountMinor,
            currency: payment.currency,
            stripeId: reversal.id,
            status: 'succeeded',
          });
          undone.push(t);
        } catch (err) {
          if (!refusedByStripe(err)) throw err;
          failure = `the reversal of transfer ${t.stripeId} was refused by Stripe: ${err.message}`;
          await insertMovementIfNew(db, {
            paymentId: payment.id,
            milestoneId: m.id,
            kind: 'reversal',
            idempotencyKey: key,
            amountMinor: t.amountMinor,
            currency: payment.currency,
            status: 'failed',
            failure,
          });
          break;
        }
      }
      if (failure && undone.length) failure += await restoreTransfers(payment, m, root, undone);
      if (failure) keep.push(m.id);
      reversed.push({ milestone: m, failure });
    }
    return { keep, reversed };
  }

  /**
   * A refund Stripe finished: only now does it reach the ledger. Posting it when Stripe merely accepted it would show
   * the sponsor refunded with money that may still come back (a refund fails or is canceled for days after), and a
   * reversing entry then would leave two movements that never happened; until it succeeds escrow still holds it.
   */
  async function refundSucceeded(
    tx: TTx,
    payment: TPaymentRow,
    key: string,
    amountMinor: number,
    taxMinor: number,
  ) {
    await post(tx, payment.id, key, refundPosting({ amountMinor, taxMinor, currency: payment.currency }));
    const what = taxMinor
      ? `${money(amountMinor + taxMinor, payment.currency)} (tax ${money(taxMinor, payment.currency)} included) was`
      : `${money(amountMinor, payment.currency)} was`;
    await notify(tx, payment, sides(key, 'Refund issued', `${what} refunded to the sponsor.`));
  }

  /** A refund Stripe failed or canceled: the money is held in escrow again; ops are told like a refused reversal. */
  async function refundFailed(
    tx: TTx,
    payment: TPaymentRow,
    key: string,
    amountMinor: number,
    status: TRefundStatus,
    reason: string | null,
  ) {
    const why = `the refund of ${money(amountMinor, payment.currency)} to the sponsor ${status === 'canceled' ? 'was canceled' : 'failed'} at Stripe${reason ? ` (${reason})` : ''}`;
    await opsTask(
      tx,
      payment.id,
      `${key}:failed`,
      'refund_failed',
      `Payment ${payment.id}: ${why}. The money is held in escrow again (nothing was recorded as refunded); refund it again (POST /api/v1/payments/${payment.id}/refund) or settle it with the sponsor.`,
    );
    await notify(
      tx,
      payment,
      sides(
        `${key}:failed`,
        'A refund did not go through',
        `${why}. The money stays in escrow; the platform's ops team follows up.`,
      ),
    );
    return `${why}: ops task open`;
  }

  /**
   * The contract follows its payment's disputes: Disputed while a party's dispute or a chargeback is open, back to
   * Signed (or on to Completed when fulfillment completed meanwhile) once none is, as `contractDisputeTransition` says.
   */
  async function contractDispute(
    tx: TTx,
    payment: TPaymentRow,
    before: TEscrowState,
    after: TEscrowState,
    key: string,
    actorUserId: string | null,
    requestId: string | null,
  ) {
    const wasOpen = escrowDisputeOpen(before);
    const isOpen = escrowDisputeOpen(after);
    if (wasOpen === isOpen) return;
    const contract = await lockContractStatus(tx, payment.contractId);
    if (!contract) return;
    const fulfillment = await fulfillmentCompletedAt(tx, payment.dealId);
    const next = contractDisputeTransition(
      contract.status,
      isOpen ? { type: 'opened' } : { type: 'closed', fulfilled: !!fulfillment?.completedAt },
    );
    if (!next) return;
    await setContractStatus(tx, contract.id, next);
    const reason = isOpen
      ? after.chargeback === 'open' && before.chargeback !== 'open'
        ? 'a chargeback was opened at Stripe on its payment'
        : 'a party disputed a milestone of its payment'
      : 'every dispute of its payment is settled';
    await insertContractEvent(tx, {
      contractId: contract.id,
      idempotencyKey: `${key}:contract-${isOpen ? 'disputed' : 'undisputed'}`,
      type: isOpen ? 'disputed' : 'dispute_settled',
      fromStatus: contract.status,
      toStatus: next,
      detail: { reason, paymentId: payment.id },
    });
    await writeAudit(tx, {
      actorUserId,
      action: isOpen ? 'contract.disputed' : 'contract.dispute_settled',
      entityType: 'contract',
      entityId: contract.id,
      before: { status: contract.status },
      after: { status: next },
      reason,
      requestId,
    });
  }

  return {
    async openEscrow(input) {
      const answer = (row: TPaymentRow, deal: { amountMinor: number; currency: string }) => ({
        state: row.state,
        // Read when a run opens (recorded in its history): a new run of a payment takes the thresholds in force now.
        settings: escrowSettingsOf(config, row.currency),
        summary: `Escrow of ${money(deal.amountMinor, deal.currency)} for deal ${input.dealId} (contract ${input.contractId}); platform fee ${money(row.feeMinor, deal.currency)} (${row.feeBps} bps)`,
        communityId: row.communityId,
        organizationId: row.organizationId,
      });
      const found = mustExist(
        await findContractWithDeal(db, input.contractId),
        `contract ${input.contractId}`,
      );
      const { contract, deal } = found;
      const existing = await findPaymentRow(db, input.paymentId);
      if (existing) return answer(existing, deal);
      if (contract.status !== 'Signed' && contract.status !== 'Completed')
        throw ApplicationFailure.nonRetryable(
          `contract ${contract.id} is ${contract.status}: only a signed contract is paid into escrow`,
          'WRONG_STATE',
        );
      // The milestones of the signed document; a contract rendered before they were stored on it falls back to its
      // community's template as it is now.
      const override = contract.milestones ? undefined : await findTemplateOverride(db, deal.communityId);
      const template = {
        milestones:
          contract.milestones ??
          resolveTemplate(
            DEFAULT_CONTRACT_TEMPLATE,
            override
              ? { communityId: deal.communityId, version: override.version, fields: override.fields }
              : null,
          ).milestones,
      };
      const eventEnd = deal.eventId ? await eventEndsAtOf(db, deal.eventId) : undefined;
      const eventEndsAt = eventEnd?.getTime() ?? null;
      // A deal from a program pays that program's fee when a platform admin set one.
      const feeBps = effectiveFeeBps(config.PLATFORM_FEE_BPS, await programFeeBpsOfDeal(db, deal.id));
      const now = Date.now();
      const state = initialEscrowState({
        currency: deal.currency,
        grossMinor: deal.amountMinor,
        feeBps,
        milestones: template.milestones,
        milestoneIds: template.milestones.map(() => crypto.randomUUID()),
        eventEndsAt,
        now,
      });
      const { milestones } = state;
      return db.transaction(async (tx) => {
        const inserted = await insertPaymentIfNew(tx, {
          id: input.paymentId,
          dealId: deal.id,
          contractId: contract.id,
          communityId: deal.communityId,
          organizationId: deal.organizationId,
          currency: deal.currency,
          grossMinor: deal.amountMinor,
          feeMinor: state.feeMinor,
          feeBps,
          eventEndsAt: eventEndsAt ? new Date(eventEndsAt) : null,
          state,
        });
        if (!inserted) {
          // Another start won the race (or the deal has a payment already): that row is the payment.
          const row = await findPaymentRow(tx, input.paymentId);
          if (!row)
            throw ApplicationFailure.nonRetryable(
              `deal ${deal.id} already has a payment under another contract`,
              'CONFLICT',
            );
          return answer(row, deal);
        }
        await insertMilestones(
          tx,
          milestones.map((m, i) => ({
            id: m.id,
            paymentId: input.paymentId,
            position: m.position,
            label: m.label,
            amountMinor: m.amountMinor,
            feeMinor: m.feeMinor,
            conditionType: m.condition.type,
            conditionAt: m.condition.type === 'date' ? new Date(m.condition.at) : null,
            due: template.milestones[i]!.due,
            statusSince: new Date(now),
          })),
        );
        await insertPaymentEvent(tx, {
          paymentId: input.paymentId,
          idempotencyKey: `escrow:${input.paymentId}:created`,
          type: 'created',
          actorSide: 'system',
          toStatus: 'Initiated',
          detail: { contractId: contract.id, feeBps, milestones: milestones.length },
        });
        await writeAudit(tx, {
          actorUserId: null,
          action: 'payment.created',
          entityType: 'payment',
          entityId: input.paymentId,
          after: {
            dealId: deal.id,
            contractId: contract.id,
            grossMinor: deal.amountMinor,
            feeMinor: state.feeMinor,
          },
        });
        return answer(inserted, deal);
      });
    },

    async invoiceAndCollect({ paymentId, key, before, settings, now }) {
      const payment = await loadPayment(db, paymentId);
      if (payment.stripePaymentIntentId) return payment.state;
      // The invoice comes before any payment: the sponsor pays an invoice they have seen, due by the deadline.
      const invoice = await issueInvoice(invoiceDeps(), {
        paymentId,
        dealId: payment.dealId,
        contractId: payment.contractId,
        milestones: before.milestones.map((m) => ({
          id: m.id,
          description: m.label,
          amountMinor: m.amountMinor,
        })),
        platformFeeBps: payment.feeBps,
        dueAt: new Date(now + settings.paymentWindowMs),
      });
      const intent = await stripe().paymentIntents.create(
        {
          // The invoice's total: the sponsorship and the tax on it (the tax is owed on, never escrowed).
          amount: invoice.totalMinor,
          currency: payment.currency.toLowerCase(),
          // Separate charges and transfers: the charge stays on the platform until a milestone is released.
          transfer_group: payment.dealId,
          description: `Sponsorship of deal ${payment.dealId}, invoice ${invoice.number}`,
          metadata: {
            paymentId,
            dealId: payment.dealId,
            contractId: payment.contractId,
            invoiceNumber: invoice.number,
          },
        },
        { idempotencyKey: `${key}:payment-intent` },
      );
      const after = {
        ...escrowTransition(
          before,
          { type: 'invoiced', deadlineAt: now + settings.paymentWindowMs },
          { kind: 'system' },
          settings,
          now,
        ),
        taxMinor: invoice.taxMinor,
      };
      return db.transaction(async (tx) => {
        const locked = await loadPayment(tx, paymentId, true);
        if (locked.stripePaymentIntentId) return locked.state;
        await persist(tx, paymentId, after, {
          stripePaymentIntentId: intent.id,
          stripeClientSecret: intent.client_secret,
        });
        await insertPaymentEvent(tx, {
          paymentId,
          idempotencyKey: key,
          type: 'invoiced',
          actorSide: 'system',
          fromStatus: 'Initiated',
          toStatus: 'AwaitingPayment',
          detail: {
            invoiceNumber: invoice.number,
            paymentIntentId: intent.id,
            deadline: new Date(after.paymentDeadlineAt!).toISOString(),
          },
        });
        await writeAudit(tx, {
          actorUserId: null,
          action: 'payment.invoiced',
          entityType: 'payment',
          entityId: paymentId,
          before: { status: 'Initiated' },
          after: { status: 'AwaitingPayment', paymentIntentId: intent.id, invoiceNumber: invoice.number },
        });
        await notify(
          tx,
          payment,
          sides(
            `${key}`,
            `Invoice ${invoice.number}: sponsorship payment due`,
            `Invoice ${invoice.number} for ${money(invoice.totalMinor, payment.currency)}${invoice.taxMinor ? ` (tax ${money(invoice.taxMinor, payment.currency)} included)` : ''} (platform fee ${money(payment.feeMinor, payment.currency)} shown apart) is due by ${new Date(after.paymentDeadlineAt!).toISOString()}. The money is held in escrow and released to the community per milestone.`,
            'organization',
          ),
        );
        return after;
      });
    },

    async applyEscrowChange(change) {
      const { paymentId, actor, settings, now } = change;
      // A transfer retried after Stripe refused it is a new step: the workflow's key (release and since) is the same.
      const retried =
        change.action.type === 'transferred'
          ? change.before.milestones.find(
              (m) => m.id === (change.action as { milestoneId: string }).milestoneId,
            )?.transferFailures
          : 0;
      const key = retried ? `${change.key}:retry${retried}` : change.key;
      if (await paymentEventRecorded(db, key)) {
        const recorded = await loadPayment(db, paymentId);
        if (change.action.type === 'paid') await receipt(recorded);
        return recorded.state;
      }
      const payment = await loadPayment(db, paymentId);
      let action: TEscrowAction = change.action;

      // Money at Stripe first (each call keyed), then everything in one transaction.
      let transfer: {
        milestone: TEscrowMilestone;
        stripeId: string | null;
        net: number;
        destination: string;
      } | null = null;
      let reversals: Awaited<ReturnType<typeof reverseReleased>>['reversed'] = [];
      if (action.type === 'transferred') {
        const milestone = change.before.milestones.find(
          (m) => m.id === (action as { milestoneId: string }).milestoneId,
        )!;
        const account = await findPayoutAccount(db, payment.communityId);
        if (!account || !account.payoutsEnabled)
          action = { type: 'awaiting_payout', milestoneId: milestone.id };
        else {
          const net = milestone.releasingMinor - milestone.releasingFeeMinor;
          let stripeId: string | null = null;
          let refusal: string | null = null;
          if (net > 0) {
            try {
              const created = await stripe().transfers.create(
                {
                  amount: net,
                  currency: payment.currency.toLowerCase(),
                  destination: account.stripeAccountId,
                  transfer_group: payment.dealId,
                  // Funds come from the sponsor's charge: the transfer does not wait for (or fail on) the platform's
                  // available balance while that charge is pending.
                  ...(payment.stripeChargeId ? { source_transaction: payment.stripeChargeId } : {}),
                  metadata: {
                    paymentId,
                    dealId: payment.dealId,
                    contractId: payment.contractId,
                    milestoneId: milestone.id,
                  },
                },
                { idempotencyKey: transferAttemptKeyOf(paymentId, milestone) },
              );
              stripeId = created.id;
            } catch (err) {
              // A refusal (a 4xx) will not succeed by repeating it: recorded, ops told, retried later with a new key.
              if (!refusedByStripe(err)) throw err;
              refusal = err.message;
            }
          }
          if (refusal !== null)
            action = {
              type: 'transfer_failed',
              milestoneId: milestone.id,
              reason: refusal,
              retryAt:
                now + transferRetryDelayMs((milestone.transferFailures ?? 0) + 1, settings.stuckAfterMs),
            };
          transfer = { milestone, stripeId, net, destination: account.stripeAccountId };
        }
      }
      if (action.type === 'refund') {
        const result = await reverseReleased(change, payment);
        reversals = result.reversed;
        action = { ...action, keep: result.keep };
      }
      if (action.type === 'expire' && payment.stripePaymentIntentId) {
        try {
          await stripe().paymentIntents.cancel(
            payment.stripePaymentIntentId,
            {},
            { idempotencyKey: `${key}:cancel` },
          );
        } catch (err) {
          // Already succeeded or canceled: a late success arrives as its webhook and is taken into escrow.
          if (!refusedByStripe(err)) throw err;
        }
      }
      // Stripe's webhooks never expand the charge's balance transaction, so the processor fee is read here.
      if (action.type === 'paid' && action.processorFeeMinor === 0)
        action = { ...action, processorFeeMinor: await processorFeeOf(payment, action.chargeId) };
      let after = settled(escrowTransition(change.before, action, actor, settings, now));
      const refundedDelta = after.milestones.reduce(
        (sum, m, i) => sum + m.refundedMinor - change.before.milestones[i]!.refundedMinor,
        0,
      );
      // The invoice's tax on what is refunded goes back with it (the platform no longer owes it): the tax on the
      // cumulative refunded amount after this refund minus that before it, so all refunds together return the tax
      // exactly. Money of a refund that failed went back to its milestones, so it is not counted as refunded.
      const refundedBefore = change.before.milestones.reduce((sum, m) => sum + m.refundedMinor, 0);
      const refundTax =
        refundedDelta > 0
          ? taxRefundedMinor({
              taxMinor: change.before.taxMinor ?? 0,
              grossMinor: change.before.grossMinor,
              refundedBeforeMinor: refundedBefore,
              refundedAfterMinor: refundedBefore + refundedDelta,
            })
          : 0;
      let refundId: string | null = null;
      let refundStatus: TRefundStatus = 'succeeded';
      let refundFailure: string | null = null;
      const refundKey = refundKeyOf(paymentId, change.before);
      if (refundedDelta > 0) {
        const refund = await stripe().refunds.create(
          {
            payment_intent: payment.stripePaymentIntentId!,
            amount: refundedDelta + refundTax,
            // refundKey routes refund.updated / charge.refund.updated to this payment's refund.
            metadata: { paymentId, dealId: payment.dealId, contractId: payment.contractId, refundKey },
          },
          { idempotencyKey: refundKey },
        );
        refundId = refund.id;
        // Stripe's answer is the refund's status, not necessarily money back: a card refund may stay pending (or need
        // the customer's action) for days and still fail.
        refundStatus = refundStatusOf(refund.status);
        refundFailure = refund.failure_reason ?? null;
        after = recordRefund(change.before, after, {
          key: refundKey,
          stripeId: refund.id,
          status: refundStatus,
          reason: refundFailure,
          now,
          taxMinor: refundTax,
        });
      }

      const who = actorOf(actor);
      const committed = await db.transaction(async (tx) => {
        const current = await loadPayment(tx, paymentId, true);
        // The workflow's state was behind Postgres (a step that committed but whose answer was lost): this refund is
        // recorded already under the same state-derived keys, and Stripe answered the repeat with the first refund.
        if (refundedDelta > 0 && refundKeyOf(paymentId, current.state) !== refundKey) return current.state;
        const claimed = await insertPaymentEventIfNew(tx, {
          paymentId,
          idempotencyKey: key,
          type: action.type,
          milestoneId: 'milestoneId' in action ? action.milestoneId : null,
          actorUserId: who.userId,
          actorSide: actor.kind === 'system' && key.includes(':stripe:') ? 'stripe' : who.side,
          fromStatus: paymentStatus(change.before),
          toStatus: paymentStatus(after),
          detail: eventDetail(action, change, after, { refundId, refundedDelta, transfer, reversals }),
        });
        // A concurrent attempt of this step committed first: its state is the answer.
        if (!claimed) return (await loadPayment(tx, paymentId)).state;
        const extra: TPaymentValues = {};
        const currency = payment.currency;

        switch (action.type) {
          case 'paid': {
            extra.paidAt = new Date();
            extra.stripeChargeId = action.chargeId;
            await post(
              tx,
              paymentId,
              `${key}:funding`,
              fundingPosting({
                amountMinor: payment.grossMinor,
                taxMinor: payment.state.taxMinor ?? 0,
                currency,
              }),
            );
            if (after.processorFeeMinor > 0)
              await post(
                tx,
                paymentId,
                `${key}:processor-fee`,
                processorFeePosting({ amountMinor: after.processorFeeMinor, currency }),
              );
            await notify(
              tx,
              payment,
              sides(
                key,
                'Sponsorship payment received and held in escrow',
                `${money(payment.grossMinor, currency)} arrived and is held in escrow. A receipt is attached to the payment. The community is paid per milestone.`,
              ),
            );
            break;
          }
          case 'request_release':
          case 'date_due': {
            const m = after.milestones.find((x) => x.id === action.milestoneId)!;
            await insertReleaseRequest(tx, {
              paymentId,
              milestoneId: m.id,
              idempotencyKey: key,
              amountMinor: m.request!.amountMinor,
              note: m.request!.note,
              proofUrl: m.request!.proofUrl,
              requestedBy: m.request!.requestedBy,
              reviewUntil: new Date(m.request!.reviewUntil),
            });
            await notify(
              tx,
              payment,
              sides(
                key,
                `Release of "${m.label}" requested`,
                `${money(m.request!.amountMinor, currency)} of "${m.label}" is to be released to the community. Approve or dispute it before ${new Date(m.request!.reviewUntil).toISOString()}; without an answer it is released automatically then.${m.request!.proofUrl ? ` Proof: ${m.request!.proofUrl}` : ''}`,
                'organization',
              ),
            );
            break;
          }
          case 'approve': {
            const open = await openRequest(tx, action.milestoneId);
            if (open) await insertReleaseApprovalIfNew(tx, { requestId: open.id, userId: who.userId! });
            const m = after.milestones.find((x) => x.id === action.milestoneId)!;
            if (m.status !== 'AwaitingSecondApproval') await closeRequest(tx, m.id, 'approved');
            break;
          }
          case 'auto_release':
            await closeRequest(tx, action.milestoneId, 'auto_released');
            break;
          case 'dispute': {
            const d = after.disputes.find((x) => x.id === action.disputeId)!;
            await closeRequest(tx, action.milestoneId, 'disputed');
            await insertDispute(tx, {
              id: d.id,
              paymentId,
              milestoneId: d.milestoneId,
              filedBy: d.filedBy,
              filedByUserId: d.filedByUserId,
              reason: d.reason,
              answerBy: new Date(d.answerBy),
              resolveBy: new Date(d.resolveBy),
            });
            await notify(
              tx,
              payment,
              sides(
                key,
                'A payment milestone is disputed',
                `The ${d.filedBy} disputes a milestone: ${d.reason}. The other party answers by ${new Date(d.answerBy).toISOString()} (POST /api/v1/disputes/${d.id}/answer); a platform admin resolves it.`,
              ),
            );
            // The platform admins resolve it: they hear of it when it is filed, not when it is overdue.
            const m = after.milestones.find((x) => x.id === d.milestoneId)!;
            await opsTask(
              tx,
              paymentId,
              key,
              'dispute_open',
              `Payment ${paymentId}: the ${d.filedBy} disputes "${m.label}" (${money(heldMinor(m), currency)} held): ${d.reason}. The other party answers by ${new Date(d.answerBy).toISOString()}; resolve it by ${new Date(d.resolveBy).toISOString()}: POST /api/v1/disputes/${d.id}/resolve.`,
              new Date(d.resolveBy),
            );
            break;
          }
          case 'answer':
            await updateDispute(tx, action.disputeId, {
              answer: action.statement,
              answeredBy: who.userId,
              answeredAt: new Date(now),
              updatedAt: new Date(),
            });
            break;
          case 'answer_missed': {
            await updateDispute(tx, action.disputeId, { answerMissed: true, updatedAt: new Date() });
            const d = after.disputes.find((x) => x.id === action.disputeId)!;
            await opsTask(
              tx,
              paymentId,
              key,
              'dispute_answer_missed',
              `Payment ${paymentId}: the ${d.filedBy === 'community' ? 'sponsor' : 'community'} did not answer dispute ${d.id} by ${new Date(d.answerBy).toISOString()}. Resolve it by ${new Date(d.resolveBy).toISOString()}: POST /api/v1/disputes/${d.id}/resolve.`,
              new Date(d.resolveBy),
            );
            break;
          }
          case 'resolve':
            await updateDispute(tx, action.disputeId, {
              outcome: action.outcome,
              splitMinor: action.splitMinor,
              resolvedBy: who.userId,
              resolvedAt: new Date(now),
              updatedAt: new Date(),
            });
            await notify(
              tx,
              payment,
              sides(
                key,
                'A payment dispute was resolved',
                `A platform admin resolved the dispute: ${action.outcome}.`,
              ),
            );
            break;
          case 'transferred': {
            const t = transfer!;
            const m = t.milestone;
            await post(
              tx,
              paymentId,
              `${key}:release`,
              releasePosting({
                amountMinor: m.releasingMinor,
                platformFeeMinor: m.releasingFeeMinor,
                currency,
              }),
            );
            if (t.net > 0) {
              await insertMovementIfNew(tx, {
                paymentId,
                milestoneId: m.id,
                kind: 'transfer',
                idempotencyKey: transferAttemptKeyOf(paymentId, m),
                amountMinor: t.net,
                currency,
                stripeId: t.stripeId,
                status: 'succeeded',
              });
              await post(tx, paymentId, `${key}:transfer`, transferPosting({ amountMinor: t.net, currency }));
            }
            await notify(
              tx,
              payment,
              sides(
                key,
                `"${m.label}" released`,
                `${money(m.releasingMinor, currency)} of "${m.label}" was released: ${money(t.net, currency)} transferred to the community's account (platform fee ${money(m.releasingFeeMinor, currency)}).`,
              ),
            );
            break;
          }
          case 'transfer_failed': {
            const m = transfer!.milestone;
            await insertMovementIfNew(tx, {
              paymentId,
              milestoneId: m.id,
              kind: 'transfer',
              idempotencyKey: transferAttemptKeyOf(paymentId, m),
              amountMinor: transfer!.net,
              currency,
              status: 'failed',
              failure: action.reason,
            });
            const retryAt = new Date(action.retryAt).toISOString();
            extra.alert = `the transfer of "${m.label}" was refused by Stripe (${action.reason}); retried at ${retryAt}, ops task open`;
            // One task (and one email to ops) per release, not per attempt.
            await opsTask(
              tx,
              paymentId,
              `${transferKeyOf(paymentId, m.id, m.releaseSeq)}:refused`,
              'transfer_failed',
              `Payment ${paymentId}: Stripe refused the transfer of ${money(transfer!.net, currency)} for "${m.label}" to ${transfer!.destination}: ${action.reason}. The release stays decided and is retried (next at ${retryAt}); fix the cause at Stripe (balance, connected account) or refund it.`,
            );
            break;
          }
          case 'awaiting_payout':
            await notify(
              tx,
              payment,
              sides(
                key,
                'A released payment waits for your payout account',
                'A milestone was released but the community has no connected payout account with payouts enabled. Connect one (POST /api/v1/communities/:id/payout-account); the transfer follows automatically.',
                'community',
              ),
            );
            break;
          case 'refund':
            for (const r of reversals) {
              const m = r.milestone;
              if (r.failure) {
                await opsTask(
                  tx,
                  paymentId,
                  `${refundKey}:reversal-failed:${m.id}`,
                  'reversal_failed',
                  `Refund of payment ${paymentId}: ${r.failure}. Milestone "${m.label}" (${money(m.releasedMinor, currency)} released) stays released; recover the money from the community or refund it from the platform balance.`,
                );
                extra.alert = `transfer reversal failed for "${m.label}": ops task open`;
                continue;
              }
              await post(
                tx,
                paymentId,
                `${refundKey}:reversal:${m.id}`,
                reversalPosting({
                  amountMinor: m.releasedMinor - m.releasedFeeMinor,
                  platformFeeMinor: m.releasedFeeMinor,
                  currency,
                }),
              );
            }
            await refundOpenReleaseRequests(tx, paymentId);
            break;
          case 'refund_settled': {
            const r = (change.before.refunds ?? []).find((x) => x.key === action.refundKey)!;
            if (action.status === 'succeeded' || action.status === 'failed' || action.status === 'canceled')
              await settleMovement(tx, r.key, {
                status: action.status === 'succeeded' ? 'succeeded' : 'failed',
                failure: action.status === 'succeeded' ? null : (action.reason ?? action.status),
                ...(r.stripeId ? { stripeId: r.stripeId } : {}),
              });
            if (action.status === 'succeeded') {
              await refundSucceeded(tx, payment, r.key, r.amountMinor, r.taxMinor ?? 0);
              // The stuck-money alert of this refund (if any) is over.
              if (r.alerted) extra.alert = null;
            } else if (action.status === 'failed' || action.status === 'canceled')
              extra.alert = await refundFailed(
                tx,
                payment,
                r.key,
                r.amountMinor,
                action.status,
                action.reason,
              );
            break;
          }
          case 'refund_stuck': {
            const r = (change.before.refunds ?? []).find((x) => x.key === action.refundKey)!;
            const detail = `a refund of ${money(r.amountMinor, currency)} to the sponsor (${r.stripeId ?? 'no Stripe id'}) has been ${r.status} at Stripe since ${new Date(r.since).toISOString()}`;
            extra.alert = `stuck money: ${detail}`;
            await opsTask(tx, paymentId, key, 'stuck_money', `Payment ${paymentId}: ${detail}.`);
            break;
          }
          case 'stuck_alert': {
            const m = after.milestones.find((x) => x.id === action.milestoneId)!;
            const detail = `"${m.label}": ${money(m.releasingMinor, currency)} pending (${m.status}) since ${new Date(m.since).toISOString()}`;
            extra.alert = `stuck money: ${detail}`;
            await opsTask(tx, paymentId, key, 'stuck_money', `Payment ${paymentId}: ${detail}.`);
            break;
          }
          case 'dispute_overdue':
            extra.alert = 'a dispute is past its resolution deadline';
            await opsTask(
              tx,
              paymentId,
              key,
              'dispute_overdue',
              `Payment ${paymentId}: dispute ${action.disputeId} was not resolved by its deadline.`,
            );
            break;
          case 'payment_failed':
            // One declined attempt: the payer may try again (the PaymentIntent stays payable until the deadline).
            if (after.phase !== 'Failed') {
              await notify(
                tx,
                payment,
                sides(
                  key,
                  'A payment attempt was declined',
                  `${after.failureReason}. The invoice stays payable until ${after.paymentDeadlineAt ? new Date(after.paymentDeadlineAt).toISOString() : 'its due date'}: try again with another card or method.`,
                  'organization',
                ),
              );
              break;
            }
            await notify(
              tx,
              payment,
              sides(
                key,
                'The sponsorship payment failed',
                `The payment did not complete: ${after.failureReason}.`,
              ),
            );
            break;
          case 'expire':
            await notify(
              tx,
              payment,
              sides(
                key,
                'The sponsorship payment failed',
                `The payment did not complete: ${after.failureReason}.`,
              ),
            );
            break;
          case 'payment_mismatch':
            extra.alert = action.reason;
            await opsTask(
              tx,
              paymentId,
              key,
              'payment_mismatch',
              `Payment ${paymentId}: ${action.reason}. It is frozen and nothing was recorded as paid or escrowed; check the PaymentIntent at Stripe, then refund it there or correct the payment.`,
            );
            break;
          case 'chargeback_lost':
            extra.alert = action.reason;
            await opsTask(
              tx,
              paymentId,
              key,
              'chargeback_lost',
              `Payment ${paymentId}: ${action.reason}. ${money(payment.grossMinor, currency)} was charged back; recover what was transferred to the community and close the payment's ledger by hand.`,
            );
            await notify(
              tx,
              payment,
              sides(
                key,
                'Chargeback lost: the payment stays frozen',
                `${action.reason}. Nothing more is released or refunded from this payment; the platform's ops team contacts you.`,
              ),
            );
            break;
          case 'freeze':
            // Ops answer a chargeback at Stripe with evidence before Stripe's due date, or it is lost by default.
            await opsTask(
              tx,
              paymentId,
              key,
              'chargeback_open',
              `Payment ${paymentId}: ${after.frozenReason}. Every release is frozen until it closes; submit evidence at Stripe${action.evidenceDueBy ? ` by ${new Date(action.evidenceDueBy).toISOString()}` : ''}.`,
              action.evidenceDueBy ? new Date(action.evidenceDueBy) : null,
            );
            await notify(
              tx,
              payment,
              sides(
                key,
                'Payment frozen by a chargeback',
                `${after.frozenReason}. No milestone is released until the chargeback is closed.`,
              ),
            );
            break;
          default:
            break;
        }
        if (refundedDelta > 0) {
          const settledNow = refundStatus === 'succeeded';
          const failedNow = refundStatus === 'failed' || refundStatus === 'canceled';
          await insertMovementIfNew(tx, {
            paymentId,
            kind: 'refund',
            idempotencyKey: refundKey,
            amountMinor: refundedDelta,
            currency,
            stripeId: refundId,
            status: settledNow ? 'succeeded' : failedNow ? 'failed' : 'pending',
            failure: failedNow ? (refundFailure ?? refundStatus) : null,
          });
          if (settledNow) await refundSucceeded(tx, payment, refundKey, refundedDelta, refundTax);
          else if (failedNow)
            extra.alert = await refundFailed(
              tx,
              payment,
              refundKey,
              refundedDelta,
              refundStatus,
              refundFailure,
            );
          else
            await notify(
              tx,
              payment,
              sides(
                refundKey,
                'Refund pending at Stripe',
                `A refund of ${money(refundedDelta, currency)} to the sponsor was sent to Stripe and is ${refundStatus.replace('_', ' ')} there; the money stays recorded in escrow until Stripe confirms it.`,
              ),
            );
        }
        // The alert names what ops must look at: once nothing does any more (the transfer went through, the dispute
        // was resolved, the chargeback closed, the refund settled) and no task needing a person is open, it is cleared.
        if (
          extra.alert === undefined &&
          current.alert !== null &&
          escrowWaitingOn(after) !== 'platform_admin' &&
          (await openManualOpsTasks(tx, paymentId)).length === 0
        )
          extra.alert = null;
        await contractDispute(tx, payment, change.before, after, key, who.userId, change.requestId);
        await persist(tx, paymentId, after, extra);
        await writeAudit(tx, {
          actorUserId: who.userId,
          action: `payment.${action.type}`,
          entityType: 'payment',
          entityId: paymentId,
          before: { status: paymentStatus(change.before) },
          after: { status: paymentStatus(after), action },
          requestId: change.requestId,
        });
        return after;
      });
      // The receipt's number and files are M2's idempotent step (by payment): issued after the money is recorded.
      if (action.type === 'paid') await receipt(await loadPayment(db, paymentId));
      return committed;
    },

    async sendPaymentReminder({ paymentId, reminder, deadlineAt }) {
      await db.transaction(async (tx) => {
        const payment = await loadPayment(tx, paymentId);
        const fresh = await insertPaymentEventIfNew(tx, {
          paymentId,
          idempotencyKey: `escrow:${paymentId}:reminder:${reminder}`,
          type: 'reminder',
          actorSide: 'system',
          detail: { reminder, deadline: new Date(deadlineAt).toISOString() },
        });
        if (!fresh) return;
        await notify(
          tx,
          payment,
          sides(
            `escrow:${paymentId}:reminder:${reminder}`,
            'Reminder: sponsorship payment due',
            `${money(payment.grossMinor, payment.currency)} is due by ${new Date(deadlineAt).toISOString()}; after that the payment fails and the community is told.`,
            'organization',
          ),
        );
      });
    },

    async loadEscrowState({ paymentId }) {
      return (await loadPayment(db, paymentId)).state;
    },

    async payoutAccountReady({ paymentId }) {
      const payment = await loadPayment(db, paymentId);
      const account = await findPayoutAccount(db, payment.communityId);
      return !!account?.payoutsEnabled;
    },
  };
}

/** What the timeline shows of a change (the money moved and the Stripe ids). */
function eventDetail(
  action: TEscrowAction,
  change: TEscrowChange,
  after: TEscrowState,
  moved: {
    refundId: string | null;
    refundedDelta: number;
    transfer: {
      milestone: TEscrowMilestone;
      stripeId: string | null;
      net: number;
      destination: string;
    } | null;
    reversals: { milestone: TEscrowMilestone; failure: string | null }[];
  },
): Record<string, unknown> {
  const detail: Record<string, unknown> = { action };
  if (moved.refundedDelta > 0) detail.refund = { amountMinor: moved.refundedDelta, stripeId: moved.refundId };
  if (moved.transfer)
    detail.transfer = {
      amountMinor: moved.transfer.milestone.releasingMinor,
      feeMinor: moved.transfer.milestone.releasingFeeMinor,
      netMinor: moved.transfer.net,
      stripeId: moved.transfer.stripeId,
      destination: moved.transfer.destination,
    };
  if (moved.reversals.length)
    detail.reversals = moved.reversals.map((r) => ({ milestoneId: r.milestone.id, failure: r.failure }));
  if (after.failureReason && change.before.failureReason !== after.failureReason)
    detail.reason = after.failureReason;
  return detail;
}
