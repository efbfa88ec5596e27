import {
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { TReputationSubject } from '../../domain/reputation.js';
import type { TSearchSyncActivities } from '../search-sync/search-sync.contract.js';
import {
  LEGACY_REPUTATION_IDLE_MS,
  REPUTATION_RECOMPUTES_PER_RUN,
  reputationInputsChangedSignal,
  type TReputationActivities,
  type TReputationNightlyInput,
  type TReputationRunOptions,
} from './reputation.contract.js';

const background = proxyActivities<TReputationActivities & TSearchSyncActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
});
// The same steps as local activities: a recomputation is a few short queries, so it runs inside the workflow task
// (one marker) instead of an activity task of its own (three events and two more round trips through the server).
// Both are idempotent: a snapshot is overwritten with what the inputs say now, an index entry with the row.
const local = proxyLocalActivities<TReputationActivities & TSearchSyncActivities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
});
const { recomputeReputationPage } = proxyActivities<TReputationActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** patched() id of the local activities (runs started before them keep their activity tasks on replay). */
const LOCAL_STEPS = 'reputation-local-steps';

/**
 * Keeps one subject's reputation snapshot in step with its inputs: every relevant event signals it (signal-with-
 * start); events arriving during a recomputation coalesce into one more. An organization whose directory score
 * changed is re-indexed. The run stays open `idleMs` after its last recomputation (REPUTATION_IDLE_FOR), so a subject
 * that is busy for a while has one execution, not one per event (README, "The Temporal UI for ops"); it continues as
 * new after REPUTATION_RECOMPUTES_PER_RUN recomputations and ends when idle (the next event starts a new run).
 */
export async function reputationWorkflow(
  subject: TReputationSubject,
  options?: TReputationRunOptions,
): Promise<number> {
  // Runs started before the option existed keep the 2 s they were started with (their histories replay unchanged).
  const idleMs = options?.idleMs ?? LEGACY_REPUTATION_IDLE_MS;
  let dirty = 1;
  let runs = 0;
  setHandler(reputationInputsChangedSignal, () => {
    dirty++;
  });
  for (;;) {
    await condition(() => dirty > 0, idleMs);
    if (dirty === 0) return runs;
    // The next run starts with a recomputation, so the event that woke this one is not lost.
    if (runs >= REPUTATION_RECOMPUTES_PER_RUN || workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof reputationWorkflow>(subject, options);
    const steps = patched(LOCAL_STEPS) ? local : background;
    dirty = 0;
    const result = await steps.recomputeReputation({ subject });
    runs++;
    setCurrentDetails(
      `Reputation of ${subject.type} ${subject.id}: ${result.score} (confidence ${result.confidence}); ${runs} recomputation${runs === 1 ? '' : 's'} in this run; waits up to ${Math.round(idleMs / 1000)} s for the next event, then ends.`,
    );
    if (subject.type === 'organization' && result.directoryScoreChanged)
      await steps.indexOrganization({ organizationId: subject.id });
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
