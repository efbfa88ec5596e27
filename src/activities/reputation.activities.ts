import { CancelledFailure, Context } from '@temporalio/activity';
import pg from 'pg';
import type { TConfig } from '../config.js';
import type { TDb } from '../db/client.js';
import {
  directoryScoreOf,
  platformPriors,
  recomputeReputation,
  recomputeReputationsInTurn,
  reputationPartiesOf,
  reputationSubjectsPage,
} from '../db/repositories/reputation-repository.js';
import {
  forgetReputationChanges,
  REPUTATION_CHANGES_CHANNEL,
  takeReputationChanges,
} from '../db/repositories/reputation-changes-repository.js';
import type { TReputationSubject } from '../domain/reputation.js';
import type { SearchIndex, TReputationScore } from '../search/search-index.js';
import {
  REPUTATION_WORKFLOW,
  reputationInputsChangedSignal,
  reputationWorkflowId,
  type TReputationActivities,
  type TReputationDrainTotals,
} from '../workflows/reputation/reputation.contract.js';

/** Announced changes taken per transaction by the refresher. */
const DRAIN_BATCH = 100;
/**
 * The least time from one batch's start to the next's: a subject with a steady stream of steps (a community with many
 * negotiations at once) is recomputed about once a second for all of them instead of once per step or two, each
 * recomputation reading all of the subject's requests again. Reputation is a slow signal; a score a second behind is
 * still the score.
 */
const MIN_BATCH_GAP_MS = 1_000;
/** How often the refresher's drain heartbeats while it waits (its heartbeat timeout is a few times this). */
export const DRAIN_HEARTBEAT_MS = 5_000;

/** Reputation recomputation: idempotent (a snapshot is overwritten with what the inputs say now). */
export function createReputationActivities(deps: {
  db: TDb;
  searchIndex: SearchIndex;
  config: Pick<TConfig, 'REPUTATION_IDLE_FOR'>;
  /**
   * Aborted when the worker begins a graceful shutdown: the drain, which only waits for work, returns at once instead
   * of holding the shutdown for its whole grace period (the refresher starts the next drain on a running worker).
   */
  shuttingDown?: AbortSignal;
}): TReputationActivities {
  return {
    async refreshReputation({ sides, ...ref }) {
      const parties = await reputationPartiesOf(deps.db, ref);
      if (!parties) return { subjects: [] };
      const subjects: TReputationSubject[] = [...new Set(sides)].map((type) => ({
        type,
        id: type === 'community' ? parties.communityId : parties.organizationId,
      }));
      const { client, info } = Context.current();
      // A failure is retried by Temporal (the calling workflow's step is already committed and stays so).
      for (const subject of subjects)
        await client.workflow.signalWithStart(REPUTATION_WORKFLOW, {
          workflowId: reputationWorkflowId(subject),
          taskQueue: info.taskQueue,
          args: [subject, { idleMs: deps.config.REPUTATION_IDLE_FOR }],
          signal: reputationInputsChangedSignal,
          signalArgs: [],
        });
      return { subjects };
    },
    async recomputeReputation({ subject }) {
      const { reputation, directoryScoreChanged } = await recomputeReputation(deps.db, subject);
      return { score: reputation.score, confidence: reputation.confidence, directoryScoreChanged };
    },
    async drainReputationChanges({ forMs, settleMs }) {
      const ctx = Context.current();
      const until = Date.now() + forMs;
      const totals: TReputationDrainTotals = { changes: 0, recomputations: 0, reindexed: 0 };
      const pool = '$client' in deps.db ? deps.db.$client : undefined;
      if (!(pool instanceof pg.Pool)) throw new Error('drainReputationChanges needs a node-postgres pool');
      // A connection of its own for LISTEN (held for the whole drain, so not one of the pool's).
      const listener = new pg.Client(pool.options);
      let notified = true; // drain at once: rows a crashed or ended drain left behind
      let lastBatchAt = -Infinity;
      let retried = ctx.info.attempt > 1;
      let lost: Error | null = null;
      let wake = () => {};
      listener.on('notification', () => {
        notified = true;
        wake();
      });
      // A lost LISTEN connection could miss a NOTIFY: fail the attempt, and the retry listens again and drains first.
      const drop = (err?: Error) => {
        lost ??= err ?? new Error('the LISTEN connection ended');
        wake();
      };
      listener.on('error', drop);
      listener.on('end', () => drop());
      /** Waits `ms`, cut short by cancellation and, when `untilNotified`, by a NOTIFY or the lost connection. */
      const pause = (ms: number, untilNotified: boolean) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            ctx.cancellationSignal.removeEventListener('abort', done);
            deps.shuttingDown?.removeEventListener('abort', done);
            wake = () => {};
            resolve();
          }
          if (untilNotified) wake = done;
          ctx.cancellationSignal.addEventListener('abort', done);
          deps.shuttingDown?.addEventListener('abort', done);
        });
      try {
        await listener.connect();
        await listener.query(`listen ${REPUTATION_CHANGES_CHANNEL}`);
        while (Date.now() < until && !deps.shuttingDown?.aborted) {
          if (!notified) await pause(Math.min(DRAIN_HEARTBEAT_MS, until - Date.now()), true);
          ctx.heartbeat(totals);
          if (ctx.cancellationSignal.aborted) throw new CancelledFailure('drain cancelled');
          if (lost) throw lost;
          if (!notified) continue;
          // Steps of a burst announce within moments of each other: one batch recomputes a busy subject once for all.
          const wait = Math.max(settleMs, lastBatchAt + MIN_BATCH_GAP_MS - Date.now());
          if (wait > 0) await pause(wait, false);
          notified = false;
          lastBatchAt = Date.now();
          for (;;) {
            const batch = await takeReputationChanges(deps.db, DRAIN_BATCH);
            // One pooled prior per batch, as recomputeReputationPage does: it aggregates the whole platform (a scan of
            // requests, fulfillment items and reviews) and barely moves between a batch's subjects, which the burst
            // that announced them recomputes moments apart anyway. The first subject's statement reads it with its
            // inputs (no statement of its own); the others reuse it.
            // Each statement stores one subject and reads the next one's inputs (recomputeReputationsInTurn).
            const scores: TReputationScore[] = [];
            await recomputeReputationsInTurn(
              deps.db,
              batch.subjects,
              async (subject, directoryScoreChanged, reputationScore) => {
                totals.recomputations++;
                // A retried drain re-indexes its first batch's organizations whatever changed: the attempt that died may
                // have stored a new score (so it reads as unchanged now) without re-indexing it. Only the score changed:
                // the rest of the document is indexed by the write that changed it.
                if (subject.type === 'organization' && (directoryScoreChanged || retried))
                  scores.push({ id: subject.id, reputationScore });
              },
            );
            // The batch's scores in one index write, before its changes are forgotten (a drain that dies in between
            // retries the batch, and re-indexes it as above).
            if (scores.length) {
              await deps.searchIndex.updateReputationScores(scores);
              totals.reindexed += scores.length;
            }
            await forgetReputationChanges(deps.db, batch.ids);
            retried = false;
            totals.changes += batch.ids.length;
            ctx.heartbeat(totals);
            if (
              batch.ids.length < DRAIN_BATCH ||
              ctx.cancellationSignal.aborted ||
              deps.shuttingDown?.aborted
            )
              break;
          }
        }
        return totals;
      } finally {
        wake = () => {};
        await listener.end().catch(() => {});
      }
    },
    async recomputeReputationPage({ after, limit }) {
      const subjects = await reputationSubjectsPage(deps.db, after, limit);
      // One pooled prior for the page: the platform's numbers barely move within a run.
      const priors = await platformPriors(deps.db);
      let reindexed = 0;
      for (const subject of subjects) {
        const { reputation, directoryScoreChanged } = await recomputeReputation(deps.db, subject, priors);
        if (directoryScoreChanged) {
          await deps.searchIndex.updateReputationScores([
            { id: subject.id, reputationScore: directoryScoreOf(reputation) },
          ]);
          reindexed++;
        }
      }
      return { count: subjects.length, last: subjects.at(-1) ?? null, reindexed };
    },
  };
}
