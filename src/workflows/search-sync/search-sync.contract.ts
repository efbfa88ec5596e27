import { defineSignal } from '@temporalio/workflow';

/**
 * The per-organization workflow of earlier versions (a new execution after every 2 s of quiet, one per change in
 * practice). Still registered so runs started before the upgrade finish; nothing starts it any more.
 */
export const SEARCH_SYNC_WORKFLOW = 'searchSyncWorkflow';
export const searchSyncWorkflowId = (organizationId: string) => `search-sync:${organizationId}`;
/** "The organization changed", to a per-organization run of earlier versions. */
export const organizationChangedSignal = defineSignal('organizationChanged');

/** One long-lived run per task queue (a deployment) that indexes every organization it is told changed. */
export const SEARCH_INDEX_SYNC_WORKFLOW = 'searchIndexSyncWorkflow';
export const searchIndexSyncWorkflowId = (taskQueue: string) => `search-index-sync:${taskQueue}`;
/** "This organization changed": sent with signal-with-start after each committed change outside a workflow. */
export const organizationsChangedSignal = defineSignal<[string]>('organizationsChanged');

export type TSearchIndexSyncInput = {
  /** Organizations signalled but not yet indexed when the previous run continued as new. */
  pending?: string[];
};

export type TSearchSyncActivities = {
  indexOrganization(input: { organizationId: string }): Promise<void>;
};
