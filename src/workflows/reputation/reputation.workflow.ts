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
  type TReputationRefresherInput,
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

/** How long one drain activity runs: one activity task (six history events) per this, however busy. */
const DRAIN_FOR_MS = 10 * 60_000;
/** Announcements within this of the first are recomputed together (a busy community once per burst, not per step). */
const DRAIN_SETTLE_MS = 200;
const { drainReputationChanges } = proxyActivities<TReputationActivities>({
  startToCloseTimeout: DRAIN_FOR_MS + 5 * 60_000,
  // The drain heartbeats every 5 s: a worker that died is noticed within this, and the drain starts on another.
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
/** Drains per run before continuing as new: a few thousand history events at most. */
const DRAINS_PER_RUN = 500;

/**
 * The deployment's reputation refresher: one long-lived run per task queue (`reputation-refresher:<queue>`, started by
 * every worker at start-up) that recomputes the subjects steps announced in `reputation_changes`, in the same
 * transaction as the step. A negotiation then needs no activity task of its own to announce a change and no
 * `reputation:<type>:<id>` run per subject: the work happens in a long drain activity that listens for the steps'
 * NOTIFY, so history grows by one activity per ten minutes, not per event. Details say what it did.
 */
export async function reputationRefresherWorkflow(input: TReputationRefresherInput = {}): Promise<void> {
  const totals = {
    changes: input.changes ?? 0,
    recomputations: input.recomputations ?? 0,
    reindexed: input.reindexed ?? 0,
  };
  const report = (drains: number) =>
    setCurrentDetails(
      `Recomputes the reputations negotiation steps announce (table reputation_changes), as they commit. ` +
        `Since this run's chain began: ${totals.changes} announcements, ${totals.recomputations} recomputations, ` +
        `${totals.reindexed} directory re-indexes; ${drains} drains in this run. The running drain's heartbeat ` +
        `(pending activity) shows its own counts.`,
    );
  report(0);
  for (let drains = 1; ; drains++) {
    const done = await drainReputationChanges({ forMs: DRAIN_FOR_MS, settleMs: DRAIN_SETTLE_MS });
    totals.changes += done.changes;
    totals.recomputations += done.recomputations;
    totals.reindexed += done.reindexed;
    report(drains);
    if (drains >= DRAINS_PER_RUN || workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof reputationRefresherWorkflow>(totals);
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
