import { defineSignal } from '@temporalio/workflow';
import type { TWebhookSweepInput } from '../webhook-sweep/webhook-sweep.contract.js';

export const HOUSEKEEPING_WORKFLOW = 'housekeepingWorkflow';
/** One long-lived run per task queue (a deployment), started or reconfigured when a worker starts. */
export const housekeepingWorkflowId = (taskQueue: string) => `housekeeping:${taskQueue}`;

export type THousekeepingInput = {
  /** How often the email outbox is delivered. */
  mailEveryMs: number;
  /** How often deliveries whose workflow never started are looked for. */
  sweepEveryMs: number;
  sweep: TWebhookSweepInput;
  /** Carried across continue-as-new, so a new run keeps the sweep's rhythm. */
  nextSweepAt?: number;
};

/** New intervals from a restarted worker's config, without a second run. */
export const reconfigureSignal = defineSignal<[THousekeepingInput]>('reconfigure');

export type THousekeepingActivities = {
  openRequestsOfDisabledOrganizations(input: { limit: number }): Promise<string[]>;
};
