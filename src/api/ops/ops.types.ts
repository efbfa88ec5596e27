import { z } from '@hono/zod-openapi';
import { PAYMENT_STATUSES } from '../../domain/escrow.js';
import { PAYMENT_OPS_TASK_KINDS, PAYMENT_OPS_TASK_STATUSES } from '../../domain/ops-tasks.js';
import { zText } from '../../domain/text.js';
import { ZPagination, ZUuid } from '../http.js';
import { ZPaymentDispute } from '../payments/payments.types.js';

const ZAt = z.string().meta({ format: 'date-time' });

export const ZOpsTasksQuery = ZPagination.extend({
  status: z.enum(PAYMENT_OPS_TASK_STATUSES).optional().describe('open or done; all when left out'),
  kind: z.enum(PAYMENT_OPS_TASK_KINDS).optional(),
});
export const ZOpsTaskParams = z.object({ taskId: ZUuid });
export const ZCloseOpsTaskBody = z.strictObject({
  resolution: zText({ min: 1, max: 2000, multiline: true }).describe(
    'what ops did about it, kept with the task',
  ),
});

export const ZOpsTask = z
  .object({
    id: z.uuid(),
    paymentId: z.uuid().nullable().describe("the payment it is about; null for a community payout's task"),
    payoutId: z
      .uuid()
      .nullable()
      .describe(
        "the connected-account payout it is about (payout_stuck, payout_failed); null for a payment's task",
      ),
    kind: z.enum(PAYMENT_OPS_TASK_KINDS),
    detail: z.string(),
    status: z.enum(PAYMENT_OPS_TASK_STATUSES),
    dueAt: ZAt.nullable().describe(
      "a deadline outside our control: Stripe's evidence due date of a chargeback",
    ),
    resolution: z.string().nullable(),
    closedBy: z.uuid().nullable().describe('the platform admin who closed it'),
    closedAt: ZAt.nullable(),
    createdAt: ZAt,
  })
  .openapi('OpsTask');
export type TOpsTask = z.infer<typeof ZOpsTask>;

export const ZDisputesQuery = ZPagination.extend({
  status: z
    .enum(['open', 'resolved'])
    .optional()
    .describe(
      'open: not resolved yet (the longest waiting first); resolved: newest first; all when left out',
    ),
});

/** A dispute as the payment view shows it, with the payment, parties and milestone a queue needs to triage it. */
export const ZDisputeQueueItem = ZPaymentDispute.extend({
  paymentId: z.uuid(),
  paymentStatus: z.enum(PAYMENT_STATUSES),
  communityId: z.uuid(),
  organizationId: z.uuid(),
  milestoneLabel: z.string(),
  milestoneAmountMinor: z.number().int(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .describe('ISO 4217 code'),
}).openapi('DisputeQueueItem');
