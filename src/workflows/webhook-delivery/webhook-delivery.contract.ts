import { defineQuery } from '@temporalio/workflow';

export const WEBHOOK_DELIVERY_WORKFLOW = 'webhookDeliveryWorkflow';
export const webhookDeliveryWorkflowId = (deliveryId: string) => `webhook-delivery:${deliveryId}`;

export type TWebhookDeliveryInput = {
  deliveryId: string;
  /** 1 for the first delivery, +1 for each manual replay. */
  run: number;
  /** Delay before each attempt, in ms, relative to the previous attempt (facts: 0, 30s, 2m, ... 24h). */
  retryScheduleMs: number[];
};

export type TDeliveryFinalStatus = 'delivered' | 'dead_lettered' | 'cancelled';
export type TWebhookDeliveryResult = { status: TDeliveryFinalStatus; attempts: number };

export type TWebhookDeliveryState = {
  status: 'waiting' | 'attempting' | TDeliveryFinalStatus;
  attempts: number;
  nextAttemptNumber: number | null;
  lastStatusCode: number | null;
};

export const webhookDeliveryStateQuery = defineQuery<TWebhookDeliveryState>('state');

export type TAttemptInput = { deliveryId: string; run: number; attemptNumber: number };
export type TAttemptResult = {
  /** `refused`: the target policy refused the URL's addresses at this attempt; retrying cannot help. */
  outcome: 'delivered' | 'failed' | 'refused' | 'skipped';
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
};
export type TFinishInput = {
  deliveryId: string;
  run: number;
  status: TDeliveryFinalStatus;
  attempts: number;
};

/** Activity signatures the workflow depends on; implemented in src/activities/webhook-delivery.activities.ts. */
export type TWebhookDeliveryActivities = {
  attemptWebhookDelivery(input: TAttemptInput): Promise<TAttemptResult>;
  finishWebhookDelivery(input: TFinishInput): Promise<void>;
};
