import { defineSignal } from '@temporalio/workflow';
import type { TReputationSubject } from '../../domain/reputation.js';

export const REPUTATION_WORKFLOW = 'reputationWorkflow';
/** One coalescing run per subject at a time: `reputation:organization:<id>` or `reputation:community:<id>`. */
export const reputationWorkflowId = (subject: TReputationSubject) =>
  `reputation:${subject.type}:${subject.id}`;
/** "An input of this subject's reputation changed" (a review, a negotiation step, a verified benefit). */
export const reputationInputsChangedSignal = defineSignal('reputationInputsChanged');

export const REPUTATION_NIGHTLY_WORKFLOW = 'reputationNightlyWorkflow';
/** The nightly Temporal Schedule that recomputes every subject (stable id per deployment's task queue). */
export const reputationScheduleId = (taskQueue: string) => `reputation-nightly:${taskQueue}`;

export type TReputationNightlyInput = {
  /** Subjects per activity call. */
  pageSize: number;
  /** Carried across continue-as-new. */
  after?: TReputationSubject | null;
  done?: number;
};

/**
 * One long-lived run per task queue (a deployment) that recomputes the subjects announced in `reputation_changes`
 * (negotiation steps write them in their own transaction), instead of a `reputation:<type>:<id>` run per subject.
 */
export const REPUTATION_REFRESHER_WORKFLOW = 'reputationRefresherWorkflow';
export const reputationRefresherWorkflowId = (taskQueue: string) => `reputation-refresher:${taskQueue}`;
/** Totals carried across continue-as-new (for the run's details). */
export type TReputationRefresherInput = { recomputations?: number; reindexed?: number; changes?: number };
/** What one drain activity did: announced changes taken, subjects recomputed, organizations re-indexed. */
export type TReputationDrainTotals = { changes: number; recomputations: number; reindexed: number };

/** The options of a subject's run (absent in runs started before they existed: the defaults below). */
export type TReputationRunOptions = {
  /** How long a run stays open after its last recomputation, waiting for the next event (ms). */
  idleMs: number;
};
/** Before REPUTATION_IDLE_FOR existed a run ended 2 s after its last event. */
export const LEGACY_REPUTATION_IDLE_MS = 2_000;
/** Recomputations per run before it continues as new (keeps a busy subject's history short). */
export const REPUTATION_RECOMPUTES_PER_RUN = 200;

/**
 * What changed a reputation input, for `refreshReputation`: the record (request, deal or payment) whose parties are
 * the subjects, and which of its sides to recompute.
 */
export type TReputationRefresh = { sides: TReputationSubject['type'][] } & (
  { requestId: string } | { dealId: string } | { paymentId: string }
);

export type TReputationActivities = {
  /**
   * Signal-with-start of each side's `reputation:<type>:<id>` run after a committed change of one of its inputs (the
   * negotiation, escrow and fulfillment workflows call it after such a step). Idempotent: a repeated signal is one
   * more coalesced recomputation of the same numbers.
   */
  refreshReputation(input: TReputationRefresh): Promise<{ subjects: TReputationSubject[] }>;
  recomputeReputation(input: {
    subject: TReputationSubject;
  }): Promise<{ score: number; confidence: number; directoryScoreChanged: boolean }>;
  /**
   * Recomputes the subjects announced in `reputation_changes` for about `forMs`: drains what is there, then waits for
   * a NOTIFY (batching what arrives within `settleMs`) and drains again, heartbeating its totals. Each batch of rows is
   * deleted in the transaction that recomputes (and re-indexes) its subjects, so nothing announced is lost to a crash.
   */
  drainReputationChanges(input: { forMs: number; settleMs: number }): Promise<TReputationDrainTotals>;
  /** Recomputes one page of subjects (and re-indexes organizations whose directory score changed). */
  recomputeReputationPage(input: {
    after: TReputationSubject | null;
    limit: number;
  }): Promise<{ count: number; last: TReputationSubject | null; reindexed: number }>;
};
