import {
  SEARCH_INDEX_SYNC_WORKFLOW,
  organizationsChangedSignal,
  searchIndexSyncWorkflowId,
  type TSearchIndexSyncInput,
} from '../workflows/search-sync/search-sync.contract.js';
import type { TApiDeps } from './context.js';

/**
 * After a committed change made outside a workflow, asks the deployment's search-sync workflow to re-index the
 * organization (routes never write the index themselves). Failure is logged, not fatal to the change:
 * `npm run reindex` repairs any drift.
 */
export async function requestSearchSync(
  deps: Pick<TApiDeps, 'temporal' | 'config' | 'logger'>,
  organizationId: string,
): Promise<void> {
  try {
    // One run per deployment, not per organization: signal-with-start joins the running one.
    const taskQueue = deps.config.TEMPORAL_TASK_QUEUE;
    await deps.temporal.workflow.signalWithStart(SEARCH_INDEX_SYNC_WORKFLOW, {
      workflowId: searchIndexSyncWorkflowId(taskQueue),
      taskQueue,
      args: [{} satisfies TSearchIndexSyncInput],
      signal: organizationsChangedSignal,
      signalArgs: [organizationId],
      staticSummary: `Search index sync of ${taskQueue}: re-indexes each organization changed outside a workflow`,
    });
  } catch (err) {
    deps.logger.error({ err, organizationId }, 'could not request a search index sync');
  }
}
