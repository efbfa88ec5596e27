export const WEBHOOK_SWEEP_WORKFLOW = 'webhookSweepWorkflow';
/** One schedule per task queue (a deployment), created idempotently when the worker starts. */
export const webhookSweepScheduleId = (taskQueue: string) => `webhook-sweep:${taskQueue}`;

export type TWebhookSweepInput = {
  /** A delivery still `pending` this long after it was written never got its workflow started. */
  stalledAfterMs: number;
  retryScheduleMs: number[];
};

export type TWebhookSweepActivities = {
  findStalledDeliveries(input: {
    stalledAfterMs: number;
    limit: number;
  }): Promise<{ id: string; run: number }[]>;
};
