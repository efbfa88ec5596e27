import { z } from '@hono/zod-openapi';
import {
  DISPUTE_FILERS,
  DISPUTE_OUTCOMES,
  ESCROW_ACTION_TYPES,
  ESCROW_WAITING_ON,
  MILESTONE_STATUSES,
  PAYMENT_EVENT_ACTORS,
  PAYMENT_EVENT_TYPES,
  PAYMENT_PHASES,
  PAYMENT_STATUSES,
  REFUND_STATUSES,
  RELEASE_CONDITION_TYPES,
} from '../../domain/escrow.js';
import { LEDGER_ACCOUNTS, LEDGER_KINDS } from '../../domain/ledger.js';
import { zHttpUrl, zText } from '../../domain/text.js';
import { ZUuid } from '../http.js';

// Zod stays out of src/domain/escrow.ts: the workflow bundle imports that module.
const ZMinor = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const ZAt = z.string().meta({ format: 'date-time' });
/** Our ids (payments, milestones, disputes, users, ledger transactions) are UUIDs. */
export const ZId = z.uuid();
/** Every amount the API shows is in an ISO 4217 code, upper case (the ledger refuses anything else). */
export const ZCurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .describe('ISO 4217 code');

export const ZPaymentParams = z.object({ paymentId: ZUuid });
export const ZMilestoneParams = z.object({ paymentId: ZUuid, milestoneId: ZUuid });
export const ZDisputeParams = z.object({ disputeId: ZUuid });

export const ZCreatePaymentBody = z.strictObject({ dealId: ZUuid });
/** An optional key per person's action: a repeat with the same key (an HTTP retry) gets the first attempt's answer. */
export const ZIdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1, 'Idempotency-Key must not be empty')
    .max(200, 'Idempotency-Key is at most 200 characters')
    .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key is printable ASCII without spaces')
    .optional()
    .openapi({
      description:
        "Your key for this action (printable ASCII, at most 200 characters). Repeating the request with the same key (a retry after a timeout or a 503) returns the first attempt's outcome instead of acting twice; the key is scoped to you, the action and its milestone or dispute.",
      example: 'refund-2f6c1a',
    }),
});
export const ZReleaseRequestBody = z.strictObject({
  note: zText({ min: 1, max: 2000, multiline: true }),
  proofUrl: zHttpUrl().optional(),
  /** Part of the milestone (minor units); the whole of what it holds when absent. The rest stays in escrow. */
  amountMinor: ZMinor.optional(),
});
export const ZDisputeBody = z.strictObject({ reason: zText({ min: 1, max: 2000, multiline: true }) });
export const ZAnswerBody = z.strictObject({ statement: zText({ min: 1, max: 4000, multiline: true }) });
export const ZResolveBody = z.strictObject({
  outcome: z.enum(DISPUTE_OUTCOMES),
  /** With `split`: the part released to the community; the rest is refunded to the sponsor. */
  splitMinor: ZMinor.optional(),
});
export const ZRefundBody = z.strictObject({ reason: zText({ min: 1, max: 2000, multiline: true }) });

const ZReleaseRequest = z.object({
  amountMinor: z.number().int(),
  note: z.string(),
  proofUrl: z.string().nullable(),
  requestedBy: ZId.nullable().describe('null when the milestone date asked for it'),
  requestedAt: ZAt,
  reviewUntil: ZAt.describe('released automatically then unless approved or disputed'),
  approvals: z.array(ZId),
});

export const ZPaymentMilestone = z.object({
  id: ZId,
  position: z.number().int(),
  label: z.string(),
  status: z.enum(MILESTONE_STATUSES),
  amountMinor: z.number().int(),
  platformFeeMinor: z.number().int(),
  netToCommunityMinor: z.number().int(),
  heldMinor: z.number().int().describe('still in escrow'),
  releasedMinor: z.number().int(),
  refundedMinor: z.number().int(),
  releasingMinor: z.number().int().describe('release decided, transfer pending'),
  condition: z.object({ type: z.enum(RELEASE_CONDITION_TYPES), at: ZAt.nullable() }),
  request: ZReleaseRequest.nullable(),
  disputeId: ZId.nullable(),
  since: ZAt,
  waitingFor: z.string().nullable().describe('why it waits, in words both sides read'),
});

export const ZPaymentDispute = z.object({
  id: ZId,
  milestoneId: ZId,
  filedBy: z.enum(DISPUTE_FILERS),
  reason: z.string(),
  filedAt: ZAt,
  answerBy: ZAt,
  answer: z.string().nullable(),
  answerMissed: z.boolean(),
  resolveBy: ZAt,
  resolution: z
    .object({
      outcome: z.enum(DISPUTE_OUTCOMES),
      splitMinor: z.number().int().nullable(),
      at: ZAt,
    })
    .nullable(),
});

/** What a timeline event records: the action taken (as the workflow decided it) and the money it moved. */
export const ZPaymentEventDetail = z
  .object({
    action: z
      .object({
        type: z.enum(ESCROW_ACTION_TYPES),
        milestoneId: ZId.optional(),
        disputeId: ZId.optional(),
        amountMinor: z.number().int().nullable().optional(),
        note: z.string().optional(),
        proofUrl: z.string().nullable().optional(),
        reason: z.string().optional(),
        statement: z.string().optional(),
        outcome: z.enum(DISPUTE_OUTCOMES).optional(),
        splitMinor: z.number().int().nullable().optional(),
        processorFeeMinor: z.number().int().optional(),
        chargeId: z.string().nullable().optional(),
        deadlineAt: z.number().int().optional(),
        keep: z.array(ZId).optional().describe('milestones whose transfer reversal Stripe refused'),
      })
      .optional(),
    refund: z.object({ amountMinor: z.number().int(), stripeId: z.string().nullable() }).optional(),
    transfer: z
      .object({
        amountMinor: z.number().int(),
        feeMinor: z.number().int(),
        netMinor: z.number().int(),
        stripeId: z.string().nullable(),
        destination: z.string(),
      })
      .optional(),
    reversals: z.array(z.object({ milestoneId: ZId, failure: z.string().nullable() })).optional(),
    reason: z.string().optional(),
    contractId: ZId.optional(),
    feeBps: z.number().int().optional(),
    milestones: z.number().int().optional(),
    invoiceNumber: z.string().optional(),
    paymentIntentId: z.string().optional(),
    deadline: ZAt.optional(),
    reminder: z.number().int().optional(),
  })
  .openapi('PaymentEventDetail');
export type TPaymentEventDetail = z.infer<typeof ZPaymentEventDetail>;

export const ZPayment = z
  .object({
    id: ZId,
    dealId: ZId,
    contractId: ZId,
    status: z.enum(PAYMENT_STATUSES),
    phase: z.enum(PAYMENT_PHASES),
    waitingOn: z.enum(ESCROW_WAITING_ON),
    currency: ZCurrencyCode,
    amounts: z.object({
      grossMinor: z.number().int(),
      platformFeeMinor: z.number().int(),
      platformFeeBps: z.number().int(),
      processorFeeMinor: z.number().int(),
      netToCommunityMinor: z.number().int(),
      taxMinor: z
        .number()
        .int()
        .describe(
          "the invoice's tax, charged on top of the gross (owed to the tax authority, never in escrow)",
        ),
      totalMinor: z.number().int().describe('what the sponsor is charged: gross plus tax'),
      taxRefundedMinor: z
        .number()
        .int()
        .describe(
          'the part of the tax given back to the sponsor with refunds Stripe completed (the tax on the refunded part of the gross); it is no longer owed',
        ),
    }),
    paymentDeadline: ZAt.nullable(),
    failureReason: z.string().nullable(),
    frozen: z.boolean(),
    frozenReason: z.string().nullable(),
    alert: z.string().nullable(),
    clientSecret: z
      .string()
      .nullable()
      .describe(
        "the PaymentIntent's client secret for the sponsor's payment page (the sponsor's members only)",
      ),
    stripe: z.object({ paymentIntentId: z.string().nullable(), chargeId: z.string().nullable() }),
    payoutAccount: z.object({ connected: z.boolean(), payoutsEnabled: z.boolean() }),
    milestones: z.array(ZPaymentMilestone),
    disputes: z.array(ZPaymentDispute),
    refunds: z
      .array(
        z.object({
          stripeId: z.string().nullable(),
          amountMinor: z.number().int(),
          status: z.enum(REFUND_STATUSES),
          failureReason: z.string().nullable(),
          since: ZAt,
          stuck: z.boolean().describe('pending at Stripe past ESCROW_STUCK_AFTER: ops were alerted'),
        }),
      )
      .describe(
        "refunds sent to Stripe with Stripe's status: a pending one is in the ledger only once Stripe confirms it",
      ),
    ledger: z.array(
      z.object({
        transactionId: ZId,
        kind: z.enum(LEDGER_KINDS),
        account: z.enum(LEDGER_ACCOUNTS),
        amountMinor: z.number().int().describe('positive debit, negative credit'),
        currency: ZCurrencyCode,
        createdAt: ZAt,
      }),
    ),
    balances: z.array(
      z.object({ account: z.enum(LEDGER_ACCOUNTS), currency: ZCurrencyCode, balanceMinor: z.number().int() }),
    ),
    links: z.object({ invoice: z.string().nullable(), receipt: z.string().nullable() }),
    timeline: z.array(
      z.object({
        type: z.enum(PAYMENT_EVENT_TYPES),
        milestoneId: ZId.nullable(),
        actorUserId: ZId.nullable(),
        actorSide: z.enum(PAYMENT_EVENT_ACTORS).nullable(),
        fromStatus: z.enum(PAYMENT_STATUSES).nullable(),
        toStatus: z.enum(PAYMENT_STATUSES).nullable(),
        detail: ZPaymentEventDetail.nullable(),
        at: ZAt,
      }),
    ),
    createdAt: ZAt,
  })
  .openapi('Payment');
