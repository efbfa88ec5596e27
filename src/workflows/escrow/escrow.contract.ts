import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  TEscrowAction,
  TEscrowActor,
  TEscrowSettings,
  TEscrowState,
  TPaymentStatus,
} from '../../domain/escrow.js';

export const ESCROW_WORKFLOW = 'escrowWorkflow';
/** One escrow per payment; the payment id is derived from the contract, so a signed contract starts one escrow. */
export const escrowWorkflowId = (paymentId: string) => `escrow:${paymentId}`;

/** Ids only: amounts, milestones and parties are read from Postgres by the first activity. */
export type TEscrowInput = { paymentId: string; contractId: string; dealId: string };

/**
 * A verified Stripe event, already stored once by its id (stripe_events). The webhook route signals it to
 * `escrow:<metadata.paymentId>`; duplicates and any order must be harmless to the workflow.
 */
export type TStripeEventSignal = {
  /** Stripe's event id (evt_...), the dedupe key inside the workflow too. */
  eventId: string;
  /** e.g. payment_intent.succeeded, payment_intent.payment_failed, charge.dispute.created, charge.dispute.closed. */
  type: string;
  /** Stripe's `created` (seconds), so the workflow can ignore an older event that arrives after a newer one. */
  created: number;
  /** The event's data.object id (pi_..., ch_..., dp_...) and the few fields the workflow needs. */
  objectId: string;
  /** e.g. { amountMinor, currency, processorFeeMinor, chargeId, failureMessage, disputeStatus } */
  fields: Record<string, string | number | boolean | null>;
};
export const stripeEventSignal = defineSignal<[TStripeEventSignal]>('stripeEvent');

/** The community's connected account changed (account.updated); an escrow waiting for payouts re-checks it. */
export const payoutAccountChangedSignal =
  defineSignal<[{ communityId: string; payoutsEnabled: boolean }]>('payoutAccountChanged');

/** A user's action on the escrow, as the API resolved the caller (side, roles) and checked the input's shape. */
export type TEscrowUserAction =
  | Extract<TEscrowAction, { type: 'request_release' | 'approve' | 'answer' | 'resolve' }>
  | { type: 'dispute'; milestoneId: string; reason: string }
  | { type: 'refund'; reason: string };
export type TEscrowCommand = { actor: TEscrowActor; action: TEscrowUserAction; requestId: string | null };

export type TEscrowView = {
  paymentId: string;
  status: TPaymentStatus;
  waitingOn: string;
  nextAt: number | null;
  state: TEscrowState;
};

export const escrowCommandUpdate = defineUpdate<TEscrowView, [TEscrowCommand]>('command');
export const escrowStateQuery = defineQuery<TEscrowView>('state');

/** Any change of the escrow as its activity records it: the action and the state before it. */
export type TEscrowChange = {
  paymentId: string;
  /** `escrow:<paymentId>:<step>`: the payment event's idempotency key and the root of every Stripe key it uses. */
  key: string;
  actor: TEscrowActor;
  action: TEscrowAction;
  before: TEscrowState;
  settings: TEscrowSettings;
  /** The workflow's clock when it decided (the same `now` for the guard and the transition). */
  now: number;
  requestId: string | null;
};

/** Implemented in src/activities/escrow.activities.ts; each is idempotent (keyed by payment + step). */
export type TEscrowActivities = {
  /** Creates the payment and its milestones from the signed contract if absent; returns what Postgres holds. */
  openEscrow(input: TEscrowInput): Promise<{
    state: TEscrowState;
    settings: TEscrowSettings;
    /** Who, what and how much, for the workflow's details in the Temporal UI. */
    summary: string;
    communityId: string;
    organizationId: string;
  }>;
  /**
   * Issues the invoice (before any payment), creates the PaymentIntent on the platform account (separate charges and
   * transfers; transfer_group = the deal; metadata with our ids; idempotency key from the workflow) and records the
   * payment deadline: the state after `invoiced`.
   */
  invoiceAndCollect(input: {
    paymentId: string;
    key: string;
    before: TEscrowState;
    settings: TEscrowSettings;
    now: number;
  }): Promise<TEscrowState>;
  /**
   * Records one change: its Stripe calls first (transfer, refund, transfer reversals, PaymentIntent cancel), each
   * with an idempotency key derived from `key`; then in one transaction the payment and milestone rows, the ledger
   * transactions of the money that moved, the timeline event, the audit row and the emails. Returns the state after
   * it, which may differ from the pure transition: no payout account turns `transferred` into `awaiting_payout`, a
   * failed reversal keeps its milestone (and opens an ops task). A repeated key returns the recorded state.
   */
  applyEscrowChange(input: TEscrowChange): Promise<TEscrowState>;
  sendPaymentReminder(input: { paymentId: string; reminder: number; deadlineAt: number }): Promise<void>;
  /** The state Postgres holds: the workflow re-reads it after a failed step, which may have committed. */
  loadEscrowState(input: { paymentId: string }): Promise<TEscrowState>;
  /** Whether the community's connected account can take transfers now (payouts enabled). */
  payoutAccountReady(input: { paymentId: string }): Promise<boolean>;
};
