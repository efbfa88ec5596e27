export const WEBHOOK_SWEEP_WORKFLOW = 'webhookSweepWorkflow';
/** The Schedule earlier versions created per task queue; the housekeeping workflow replaced it. */
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
  /** Clears delivery-log details (request headers, responses) older than WEBHOOK_LOG_RETENTION; how many attempts. */
  purgeWebhookLog(): Promise<number>;
};
