export const MAIL_DISPATCH_WORKFLOW = 'mailDispatchWorkflow';
/** One schedule per task queue (a deployment), created idempotently when the worker starts. */
export const mailDispatchScheduleId = (taskQueue: string) => `mail-dispatch:${taskQueue}`;

export type TMailDispatchActivities = {
  /** Returns how many messages were delivered. */
  deliverQueuedEmails(input: { limit: number }): Promise<number>;
};
