import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { organizationChangedSignal, type TSearchSyncActivities } from './search-sync.contract.js';

const { indexOrganization } = proxyActivities<TSearchSyncActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
});

/**
 * Keeps one organization's directory entry in step with Postgres. Changes that arrive while an index
 * write runs coalesce into one more write; the workflow ends when nothing is left to do (a later
 * signal-with-start begins a new run).
 */
export async function searchSyncWorkflow(organizationId: string): Promise<number> {
  let dirty = 0;
  let writes = 0;
  setHandler(organizationChangedSignal, () => {
    dirty++;
  });
  for (;;) {
    await condition(() => dirty > 0, '2 seconds');
    if (dirty === 0) return writes;
    dirty = 0;
    await indexOrganization({ organizationId });
    writes++;
  }
}
