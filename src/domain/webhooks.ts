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

export const WEBHOOK_EVENT_VERSION = '1';
export const WEBHOOK_MAX_PAYLOAD_BYTES = 256 * 1024;

export type TWebhookEnvelope = {
  id: string;
  type: WebhookEventType;
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
