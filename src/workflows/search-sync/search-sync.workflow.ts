import {
  condition,
  continueAsNew,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  organizationChangedSignal,
  organizationsChangedSignal,
  type TSearchIndexSyncInput,
  type TSearchSyncActivities,
} from './search-sync.contract.js';

const { indexOrganization } = proxyActivities<TSearchSyncActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
});

/**
 * Earlier versions' per-organization run, kept unchanged so the histories of runs started before the upgrade replay;
 * the API now signals `searchIndexSyncWorkflow`. Keeps one organization's directory entry in step with Postgres. Changes that arrive while an index
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

/** Index writes per run before continuing as new: a few thousand history events, well under the limits. */
const WRITES_PER_RUN = 500;

// Bounded, unlike the per-organization run's: one organization whose write keeps failing must not hold up the
// others forever in this shared run; after ~10 minutes it is given up (details say so) and `npm run reindex` or its
// next change repairs it.
const { indexOrganization: indexOrganizationBounded } = proxyActivities<TSearchSyncActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', maximumAttempts: 25 },
});

/**
 * Keeps the directory in step with Postgres for a whole deployment, in one long-lived execution instead of one per
 * organization change (which flooded the Temporal UI's list). Each signal names an organization; an organization
 * signalled while its write runs is written once more after it, so there are never two writes of one organization
 * at once and the last write follows the last change; different organizations are written in parallel. Waits
 * without a timer when idle and continues as new every few hundred writes, carrying what is still pending.
 */
export async function searchIndexSyncWorkflow(input: TSearchIndexSyncInput = {}): Promise<void> {
  const dirty = new Set<string>(input.pending ?? []);
  const writing = new Set<string>();
  setHandler(organizationsChangedSignal, (organizationId) => {
    dirty.add(organizationId);
  });
  let writes = 0;
  const failed: string[] = [];
  const ready = () => [...dirty].filter((id) => !writing.has(id));
  const full = () => writes >= WRITES_PER_RUN || workflowInfo().continueAsNewSuggested;
  const report = () =>
    setCurrentDetails(
      `${writes} directory writes in this run, ${writing.size} running, ${dirty.size} queued.` +
        (failed.length ? `\n\nGiven up after retries (run \`npm run reindex\`): ${failed.join(', ')}` : ''),
    );
  for (;;) {
    // Once the run is full, no new writes start: the running ones finish and the queue goes to the next run.
    await condition(() => (full() ? writing.size === 0 : ready().length > 0));
    if (full() && writing.size === 0) {
      await continueAsNew<typeof searchIndexSyncWorkflow>({ pending: [...dirty] });
    }
    for (const organizationId of ready()) {
      dirty.delete(organizationId);
      writing.add(organizationId);
      void indexOrganizationBounded({ organizationId })
        .then(
          () => {
            writes++;
          },
          () => {
            failed.push(organizationId);
            if (failed.length > 10) failed.shift();
          },
        )
        .finally(() => {
          writing.delete(organizationId);
          report();
        });
    }
    report();
  }
}
