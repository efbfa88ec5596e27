export const MAIL_DISPATCH_WORKFLOW = 'mailDispatchWorkflow';
/** The Schedule earlier versions created per task queue; the housekeeping workflow replaced it. */
export const mailDispatchScheduleId = (taskQueue: string) => `mail-dispatch:${taskQueue}`;

export type TMailDispatchActivities = {
  /** Returns how many messages were delivered. */
  deliverQueuedEmails(input: { limit: number }): Promise<number>;
};
