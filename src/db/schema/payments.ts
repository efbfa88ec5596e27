import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  DISPUTE_FILERS,
  DISPUTE_OUTCOMES,
  MILESTONE_STATUSES,
  PAYMENT_EVENT_ACTORS,
  PAYMENT_EVENT_TYPES,
  PAYMENT_PHASES,
  PAYMENT_STATUSES,
  RELEASE_CONDITION_TYPES,
  type TEscrowState,
} from '../../domain/escrow.js';
import { PAYMENT_OPS_TASK_KINDS, PAYMENT_OPS_TASK_STATUSES } from '../../domain/ops-tasks.js';
import { timestamps } from './columns.js';
import { connectedPayouts } from './payouts.js';
import { contracts } from './contracts.js';
import { communities } from './communities.js';
import { users } from './identity.js';
import { deals } from './marketplace.js';
import { organizations } from './organizations.js';

/**
 * One escrow per signed contract (`escrow:<paymentId>`; the payment id is the contract's). The row is the read model
 * the API lists and shows; the workflow changes it only through its activities, each change with a payment event and
 * an audit row in the same transaction, and every money movement with its ledger transaction (ledger.ts).
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid().primaryKey(),
    dealId: uuid()
      .notNull()
      .references(() => deals.id, { onDelete: 'restrict' }),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id, { onDelete: 'restrict' }),
    communityId: uuid()
      .notNull()
      .references(() => communities.id, { onDelete: 'restrict' }),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    phase: text({ enum: PAYMENT_PHASES }).notNull().default('Initiated'),
    status: text({ enum: PAYMENT_STATUSES }).notNull().default('Initiated'),
    currency: text().notNull(),
    grossMinor: bigint({ mode: 'number' }).notNull(),
    /** The platform fee of the whole payment and its rate; each milestone keeps its share. */
    feeMinor: bigint({ mode: 'number' }).notNull(),
    feeBps: integer().notNull(),
    /** The processor's fee on the charge (from Stripe's balance transaction), once paid. */
    processorFeeMinor: bigint({ mode: 'number' }).notNull().default(0),
    stripePaymentIntentId: text(),
    /** Given to the sponsor's payment page only (Stripe.js confirms the PaymentIntent with it). */
    stripeClientSecret: text(),
    stripeChargeId: text(),
    paymentDeadline: timestamp({ withTimezone: true }),
    failureReason: text(),
    frozen: boolean().notNull().default(false),
    frozenReason: text(),
    /** Stuck money or a failed reversal: what ops must look at (null when nothing). */
    alert: text(),
    eventEndsAt: timestamp({ withTimezone: true }),
    /**
     * The escrow's whole state as the workflow holds it (milestones, requests, disputes, seen Stripe events), written
     * with every change: a retried step reads back what it committed, and a continued run starts from it.
     */
    state: jsonb().$type<TEscrowState>().notNull(),
    paidAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('payments_deal_uq').on(t.dealId),
    uniqueIndex('payments_contract_uq').on(t.contractId),
    index('payments_community_status_idx').on(t.communityId, t.status),
    index('payments_organization_idx').on(t.organizationId),
  ],
);

/** The contract's payment milestones with their release condition, amounts and where their money is. */
export const paymentMilestones = pgTable(
  'payment_milestones',
  {
    id: uuid().primaryKey().defaultRandom(),
    paymentId: uuid()
      .notNull()
      .references(() => payments.id, { onDelete: 'restrict' }),
    position: integer().notNull(),
    label: text().notNull(),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    feeMinor: bigint({ mode: 'number' }).notNull(),
    /** `date`: released when `conditionAt` comes (after the review window); `request`: on the community's request. */
    conditionType: text({ enum: RELEASE_CONDITION_TYPES }).notNull(),
    conditionAt: timestamp({ withTimezone: true }),
    due: text().notNull(),
    status: text({ enum: MILESTONE_STATUSES }).notNull().default('Pending'),
    releasedMinor: bigint({ mode: 'number' }).notNull().default(0),
    releasedFeeMinor: bigint({ mode: 'number' }).notNull().default(0),
    refundedMinor: bigint({ mode: 'number' }).notNull().default(0),
    releasingMinor: bigint({ mode: 'number' }).notNull().default(0),
    releasingFeeMinor: bigint({ mode: 'number' }).notNull().default(0),
    releaseSeq: integer().notNull().default(0),
    statusSince: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [uniqueIndex('payment_milestones_position_uq').on(t.paymentId, t.position)],
);

/** Each request for release (by the community, or by the milestone's date) and how it ended. */
export const paymentReleaseRequests = pgTable(
  'payment_release_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    paymentId: uuid()
      .notNull()
      .references(() => payments.id, { onDelete: 'restrict' }),
    milestoneId: uuid()
      .notNull()
      .references(() => paymentMilestones.id, { onDelete: 'restrict' }),
    /** The workflow step that made it (idempotent inserts). */
    idempotencyKey: text().notNull(),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    note: text().notNull(),
    proofUrl: text(),
    requestedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    reviewUntil: timestamp({ withTimezone: true }).notNull(),
    outcome: text({ enum: ['approved', 'auto_released', 'disputed', 'refunded'] }),
    decidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_release_requests_key_uq').on(t.idempotencyKey),
    index('payment_release_requests_milestone_idx').on(t.milestoneId, t.createdAt),
  ],
);

/** Approvals of a release request; above the threshold two different sponsor members approve. */
export const paymentReleaseApprovals = pgTable(
  'payment_release_approvals',
  {
    requestId: uuid()
      .notNull()
      .references(() => paymentReleaseRequests.id, { onDelete: 'restrict' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payment_release_approvals_uq').on(t.requestId, t.userId)],
);

/** A party's dispute of a milestone, with its deadlines and the admin's resolution. */
export const paymentDisputes = pgTable(
  'payment_disputes',
  {
    id: uuid().primaryKey(),
    paymentId: uuid()
      .notNull()
      .references(() => payments.id, { onDelete: 'restrict' }),
    milestoneId: uuid()
      .notNull()
      .references(() => paymentMilestones.id, { onDelete: 'restrict' }),
    filedBy: text({ enum: DISPUTE_FILERS }).notNull(),
    filedByUserId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    reason: text().notNull(),
    answerBy: timestamp({ withTimezone: true }).notNull(),
    answer: text(),
    answeredBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    answeredAt: timestamp({ withTimezone: true }),
    answerMissed: boolean().notNull().default(false),
    resolveBy: timestamp({ withTimezone: true }).notNull(),
    outcome: text({ enum: DISPUTE_OUTCOMES }),
    splitMinor: bigint({ mode: 'number' }),
    resolvedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('payment_disputes_payment_idx').on(t.paymentId)],
);

/**
 * Every call that moves money at Stripe (transfer, refund, transfer reversal), keyed like the call's idempotency key,
 * so a retried step finds what it did and the crash test can compare.
 */
export const paymentMovements = pgTable(
  'payment_movements',
  {
    id: uuid().primaryKey().defaultRandom(),
    paymentId: uuid()
      .notNull()
      .references(() => payments.id, { onDelete: 'restrict' }),
    milestoneId: uuid().references(() => paymentMilestones.id, { onDelete: 'restrict' }),
    kind: text({ enum: ['transfer', 'refund', 'reversal'] }).notNull(),
    idempotencyKey: text().notNull(),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    stripeId: text(),
    /** `pending`: a refund Stripe has not finished (its webhook settles it); transfers and reversals never are. */
    status: text({ enum: ['succeeded', 'pending', 'failed'] }).notNull(),
    failure: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_movements_key_uq').on(t.idempotencyKey),
    index('payment_movements_payment_idx').on(t.paymentId),
  ],
);

/** The payment's immutable timeline (what the API shows); `idempotencyKey` makes each step's row unique. */
export const paymentEvents = pgTable(
  'payment_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    paymentId: uuid()
      .notNull()
      .references(() => payments.id, { onDelete: 'restrict' }),
    idempotencyKey: text().notNull(),
    type: text({ enum: PAYMENT_EVENT_TYPES }).notNull(),
    milestoneId: uuid(),
    actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    actorSide: text({ enum: PAYMENT_EVENT_ACTORS }),
    fromStatus: text({ enum: PAYMENT_STATUSES }),
    toStatus: text({ enum: PAYMENT_STATUSES }),
    detail: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_events_key_uq').on(t.idempotencyKey),
    index('payment_events_payment_idx').on(t.paymentId, t.id),
  ],
);

/** Work for ops (a failed transfer reversal, money stuck pending): never resolved silently. */
export const paymentOpsTasks = pgTable(
  'payment_ops_tasks',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The payment it is about; null for a task about a community's payout (`payoutId`). */
    paymentId: uuid().references(() => payments.id, { onDelete: 'restrict' }),
    /** The connected-account payout it is about (payout_stuck, payout_failed); null for a payment's task. */
    payoutId: uuid().references(() => connectedPayouts.id, { onDelete: 'restrict' }),
    idempotencyKey: text().notNull(),
    kind: text({ enum: PAYMENT_OPS_TASK_KINDS }).notNull(),
    detail: text().notNull(),
    status: text({ enum: PAYMENT_OPS_TASK_STATUSES }).notNull().default('open'),
    /** A deadline outside our control (Stripe's evidence due date of a chargeback); null when none. */
    dueAt: timestamp({ withTimezone: true }),
    /** How a platform admin closed it (POST /ops/tasks/:id/close), by whom and when; null while open. */
    resolution: text(),
    closedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    closedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('payment_ops_tasks_key_uq').on(t.idempotencyKey),
    index('payment_ops_tasks_open_idx').on(t.status, t.createdAt),
  ],
);
