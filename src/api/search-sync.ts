import {
  SEARCH_SYNC_WORKFLOW,
  organizationChangedSignal,
  searchSyncWorkflowId,
} from '../workflows/search-sync/search-sync.contract.js';
import type { TApiDeps } from './context.js';

/**
 * After a committed change made outside a workflow, asks the search-sync workflow to re-index the
 * organization (routes never write the index themselves). Failure is logged, not fatal to the change:
 * `npm run reindex` repairs any drift.
 */
export async function requestSearchSync(
  deps: Pick<TApiDeps, 'temporal' | 'config' | 'logger'>,
  organizationId: string,
): Promise<void> {
  try {
    await deps.temporal.workflow.signalWithStart(SEARCH_SYNC_WORKFLOW, {
      workflowId: searchSyncWorkflowId(organizationId),
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [organizationId],
      signal: organizationChangedSignal,
      signalArgs: [],
    });
  } catch (err) {
    deps.logger.error({ err, organizationId }, 'could not request a search index sync');
  }
}
