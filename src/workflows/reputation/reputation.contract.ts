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

export type TReputationActivities = {
  recomputeReputation(input: {
    subject: TReputationSubject;
  }): Promise<{ score: number; confidence: number; directoryScoreChanged: boolean }>;
  /** Recomputes one page of subjects (and re-indexes organizations whose directory score changed). */
  recomputeReputationPage(input: {
    after: TReputationSubject | null;
    limit: number;
  }): Promise<{ count: number; last: TReputationSubject | null; reindexed: number }>;
};
