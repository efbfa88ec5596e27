import { z } from '@hono/zod-openapi';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhooks.js';
import { zHttpUrl, zText } from '../../domain/text.js';
import { ZPagination, ZUuid } from '../http.js';

export const ZCreateSubscription = z
  .strictObject({
    communityId: ZUuid,
    url: zHttpUrl(),
    eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length),
    description: zText({ max: 500, multiline: true }).optional(),
  })
  .openapi('CreateWebhookSubscription');

export const ZSubscriptionListQuery = z.strictObject({ communityId: ZUuid });
export const ZSubscriptionParams = z.object({ subscriptionId: ZUuid });
export const ZDeliveryParams = z.object({ deliveryId: ZUuid });
export const ZDeliveryListQuery = ZPagination.strict();

export const ZSubscription = z
  .object({
    id: z.string(),
    communityId: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    description: z.string().nullable(),
    status: z.string(),
    createdAt: z.string(),
  })
  .openapi('WebhookSubscription');

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
});

export const ZDelivery = z
  .object({
    id: z.string(),
    subscriptionId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.string(),
    run: z.number(),
    attemptCount: z.number(),
    lastStatusCode: z.number().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    deadLetteredAt: z.string().nullable(),
    createdAt: z.string(),
    attempts: z.array(ZAttempt).optional(),
  })
  .openapi('WebhookDelivery');
