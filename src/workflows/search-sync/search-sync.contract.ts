import { defineSignal } from '@temporalio/workflow';

export const SEARCH_SYNC_WORKFLOW = 'searchSyncWorkflow';
export const searchSyncWorkflowId = (organizationId: string) => `search-sync:${organizationId}`;
/** "The organization changed": sent with signal-with-start after each committed change outside a workflow. */
export const organizationChangedSignal = defineSignal('organizationChanged');

export type TSearchSyncActivities = {
  indexOrganization(input: { organizationId: string }): Promise<void>;
};
