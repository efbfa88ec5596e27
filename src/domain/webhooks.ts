/** Public domain events a community can subscribe to (Integration and Webhook System). */
export const WEBHOOK_EVENT_TYPES = [
  'event_partner_assigned',
  'event_partner_updated',
  'event_partner_removed',
  'sponsor_application_submitted',
  'request_negotiation_started',
  'deal_accepted',
  'contract_signed',
  'payment_released',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by POST /webhooks/:id/test only, to that one subscription; nobody subscribes to it. */
export const WEBHOOK_PING_EVENT = 'ping';
export type WebhookDeliveredType = WebhookEventType | typeof WEBHOOK_PING_EVENT;
/** Every type a delivery can carry: the subscribable events and the test ping. */
export const WEBHOOK_DELIVERED_TYPES = [...WEBHOOK_EVENT_TYPES, WEBHOOK_PING_EVENT] as const;

/** A delivery's state in the log: queued, being sent, done, given up after its retries, or cancelled. */
export const WEBHOOK_DELIVERY_STATUSES = [
  'pending',
  'delivering',
  'delivered',
  'dead_lettered',
  'cancelled',
] as const;

export const WEBHOOK_EVENT_VERSION = '1';
/** How much of a receiver's response body the delivery log keeps (the rest is read up to 64 KiB and dropped). */
export const WEBHOOK_LOGGED_RESPONSE_BYTES = 4 * 1024;
/** The longest overlap a secret rotation may ask for: both secrets sign meanwhile. */
export const WEBHOOK_MAX_SECRET_OVERLAP_SECONDS = 7 * 24 * 3600;
export const WEBHOOK_MAX_PAYLOAD_BYTES = 256 * 1024;

export type TWebhookEnvelope = {
  id: string;
  type: WebhookDeliveredType;
  version: string;
  createdAt: string;
  communityId: string;
  data: unknown;
};

/** The exact bytes sent (and signed); stable across retries because it derives only from the stored event. */
export function webhookBody(event: TWebhookEnvelope): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    version: event.version,
    createdAt: event.createdAt,
    communityId: event.communityId,
    data: event.data,
  });
}
