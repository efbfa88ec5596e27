import { z } from '@hono/zod-openapi';
import {
  WEBHOOK_DELIVERED_TYPES,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_MAX_SECRET_OVERLAP_SECONDS,
} from '../../domain/webhooks.js';
import { zHttpUrl, zText } from '../../domain/text.js';
import { ZPagination, ZUuid } from '../http.js';

export const ZCreateSubscription = z
  .strictObject({
    communityId: ZUuid,
    name: zText({ min: 1, max: 100 })
      .optional()
      .describe("What the dashboard lists it by; default: the URL's host"),
    url: zHttpUrl(),
    eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length),
    description: zText({ max: 500, multiline: true }).optional(),
  })
  .openapi('CreateWebhookSubscription');

export const ZUpdateSubscription = z
  .strictObject({
    name: zText({ min: 1, max: 100 }).optional(),
    url: zHttpUrl().optional(),
    eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length).optional(),
    description: zText({ max: 500, multiline: true }).nullable().optional(),
    status: z
      .enum(['active', 'disabled'])
      .optional()
      .describe('`disabled`: no new deliveries, pending ones are cancelled; `active` enables it again'),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' })
  .openapi('UpdateWebhookSubscription');

export const ZRotateSecret = z
  .strictObject({
    overlapSeconds: z
      .number()
      .int()
      .min(0)
      .max(WEBHOOK_MAX_SECRET_OVERLAP_SECONDS)
      .optional()
      .describe(
        'How long the previous secret keeps signing beside the new one; default WEBHOOK_SECRET_OVERLAP',
      ),
  })
  .openapi('RotateWebhookSecret');

export type TCreateSubscription = z.infer<typeof ZCreateSubscription>;
export type TUpdateSubscription = z.infer<typeof ZUpdateSubscription>;
/** Who changes a subscription, for its audit row. */
export type TWebhookActor = { actorUserId: string; requestId: string | undefined };

export const ZSubscriptionListQuery = z.strictObject({ communityId: ZUuid });
export const ZSubscriptionParams = z.object({ subscriptionId: ZUuid });
export const ZDeliveryParams = z.object({ deliveryId: ZUuid });
export const ZDeliveryListQuery = ZPagination.strict();

export const ZSubscription = z
  .object({
    id: z.string(),
    communityId: z.string(),
    name: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    description: z.string().nullable(),
    status: z.enum(['active', 'disabled']),
    lastDeliveryStatus: z
      .enum(['delivered', 'dead_lettered', 'cancelled'])
      .nullable()
      .describe('How the latest finished delivery ended'),
    lastDeliveryAt: z.string().nullable(),
    lastTestAt: z.string().nullable().describe('When the latest test ping was sent'),
    secretRotatedAt: z.string().nullable(),
    previousSecretExpiresAt: z
      .string()
      .nullable()
      .describe('While in the future, deliveries carry a second signature made with the previous secret'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WebhookSubscription');

export const ZRotatedSecret = ZSubscription.extend({
  secret: z.string().describe('The new signing secret. Shown once: store it now.'),
}).openapi('RotatedWebhookSecret');

export const ZCreatedSubscription = ZSubscription.extend({
  secret: z.string().describe('The signing secret. Shown once: store it now.'),
}).openapi('CreatedWebhookSubscription');

export const ZAttempt = z.object({
  run: z.number(),
  attemptNumber: z.number(),
  statusCode: z.number().nullable(),
  latencyMs: z.number(),
  error: z.string().nullable(),
  outcome: z.string(),
  at: z.string(),
  requestHeaders: z
    .record(z.string(), z.string())
    .nullable()
    .describe('The headers sent, signature left out; null after the log retention'),
  response: z
    .object({
      status: z.number(),
      headers: z.record(z.string(), z.string()),
      body: z.string().describe('The start of the body (4 KiB)'),
      bodyTruncated: z.boolean(),
    })
    .nullable()
    .describe("The receiver's answer; null when none came (refused, timed out) or after the log retention"),
});

export const ZDelivery = z
  .object({
    id: z.string(),
    subscriptionId: z.string(),
    eventId: z.string(),
    eventType: z.enum(WEBHOOK_DELIVERED_TYPES),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    run: z.number(),
    attemptCount: z.number(),
    lastStatusCode: z.number().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    deadLetteredAt: z.string().nullable(),
    createdAt: z.string(),
    request: z
      .object({ body: z.string().describe('The exact bytes sent and signed') })
      .nullable()
      .optional()
      .describe('The payload (detail only); null after the log retention'),
    attempts: z.array(ZAttempt).optional(),
  })
  .openapi('WebhookDelivery');
