import {
  condition,
  continueAsNew,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { TReputationSubject } from '../../domain/reputation.js';
import type { TSearchSyncActivities } from '../search-sync/search-sync.contract.js';
import {
  reputationInputsChangedSignal,
  type TReputationActivities,
  type TReputationNightlyInput,
} from './reputation.contract.js';

const { recomputeReputation, indexOrganization } = proxyActivities<
  TReputationActivities & TSearchSyncActivities
>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
});
const { recomputeReputationPage } = proxyActivities<TReputationActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Keeps one subject's reputation snapshot in step with its inputs: every relevant event signals it (signal-with-
 * start); events arriving during a recomputation coalesce into one more. An organization whose directory score
 * changed is re-indexed. Ends when idle (the next event starts a new run).
 */
export async function reputationWorkflow(subject: TReputationSubject): Promise<number> {
  let dirty = 1;
  let runs = 0;
  setHandler(reputationInputsChangedSignal, () => {
    dirty++;
  });
  for (;;) {
    await condition(() => dirty > 0, '2 seconds');
    if (dirty === 0) return runs;
    dirty = 0;
    const result = await recomputeReputation({ subject });
    runs++;
    if (subject.type === 'organization' && result.directoryScoreChanged)
      await indexOrganization({ organizationId: subject.id });
  }
}

/** Pages per run before continuing as new. */
const PAGES_PER_RUN = 500;

/** Started by the nightly Schedule: every organization and community, page by page. */
export async function reputationNightlyWorkflow(input: TReputationNightlyInput): Promise<number> {
  let after = input.after ?? null;
  let done = input.done ?? 0;
  for (let page = 1; ; page++) {
    const result = await recomputeReputationPage({ after, limit: input.pageSize });
    done += result.count;
    after = result.last ?? after;
    setCurrentDetails(`${done} reputations recomputed; last ${after ? `${after.type} ${after.id}` : 'none'}`);
    if (result.count < input.pageSize || !result.last) return done;
    if (page >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof reputationNightlyWorkflow>({ ...input, after, done });
  }
}
