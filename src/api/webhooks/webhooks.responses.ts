import type {
  TWebhookDeliveryRow,
  TWebhookSubscriptionRow,
} from '../../db/repositories/webhooks-repository.js';
import type { WebhookDeliveredType } from '../../domain/webhooks.js';

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
};
/** A subscription as the API shows it (the secret never: it is returned once, by create and rotate). */
export const toSubscription = (row: TWebhookSubscriptionRow) => ({
  id: row.id,
  communityId: row.communityId,
  name: row.name ?? hostOf(row.url),
  url: row.url,
  eventTypes: row.eventTypes,
  description: row.description,
  // Deleted rows are never shown (404).
  status: row.status === 'disabled' ? ('disabled' as const) : ('active' as const),
  lastDeliveryStatus: row.lastDeliveryStatus,
  lastDeliveryAt: row.lastDeliveryAt?.toISOString() ?? null,
  lastTestAt: row.lastTestAt?.toISOString() ?? null,
  secretRotatedAt: row.secretRotatedAt?.toISOString() ?? null,
  previousSecretExpiresAt:
    row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()
      ? row.previousSecretExpiresAt.toISOString()
      : null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const toDelivery = (row: TWebhookDeliveryRow, eventType: WebhookDeliveredType) => ({
  id: row.id,
  subscriptionId: row.subscriptionId,
  eventId: row.eventId,
  eventType,
  status: row.status,
  run: row.run,
  attemptCount: row.attemptCount,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
  deadLetteredAt: row.deadLetteredAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});
