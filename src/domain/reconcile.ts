/**
 * Workflow state against Postgres rows: what `npm run reconcile` reports and what `--fix` may repair. Two systems
 * of record can disagree after a crash of a non-durable store, an operator error or a restore from backup.
 */
import type { TRequestStatus, TSide } from './negotiation.js';
import type { TVerificationPhase } from './verification.js';

/** A negotiation's position: its step counter (one timeline row per step) and the state that step left. */
export type TNegotiationPosition = {
  step: number;
  status: TRequestStatus;
  currentRevision: number;
  currentAuthor: TSide;
  dealId: string | null;
};

export type TNegotiationDivergence =
  | { kind: 'in-sync' }
  /** The request's row is gone: nothing to re-run a step against, and nothing may be invented. */
  | { kind: 'row-missing' }
  /** Postgres lost steps the workflow recorded: they are re-run, idempotently, from the workflow's own inputs. */
  | { kind: 'database-behind'; fromStep: number; toStep: number }
  /** Postgres committed steps the workflow never saw (an Update lost with a crash before it was acknowledged). */
  | { kind: 'database-ahead'; fromStep: number; toStep: number }
  /** Same step count, different state: no side can be trusted over the other without a person. */
  | { kind: 'conflict'; detail: string };

const describe = (p: TNegotiationPosition) =>
  `${p.status} r${p.currentRevision} by ${p.currentAuthor}${p.dealId ? ` deal ${p.dealId}` : ''} (step ${p.step})`;

export function compareNegotiation(
  workflow: TNegotiationPosition,
  database: TNegotiationPosition | null,
): TNegotiationDivergence {
  if (!database) return { kind: 'row-missing' };
  if (workflow.step > database.step)
    return { kind: 'database-behind', fromStep: database.step + 1, toStep: workflow.step };
  if (workflow.step < database.step)
    return { kind: 'database-ahead', fromStep: workflow.step + 1, toStep: database.step };
  const same =
    workflow.status === database.status &&
    workflow.currentRevision === database.currentRevision &&
    workflow.currentAuthor === database.currentAuthor &&
    workflow.dealId === database.dealId;
  if (same) return { kind: 'in-sync' };
  return { kind: 'conflict', detail: `workflow ${describe(workflow)}, Postgres ${describe(database)}` };
}

/** One line for ops: what differs, and what to do about it. */
export function explainNegotiation(
  workflowId: string,
  divergence: Exclude<TNegotiationDivergence, { kind: 'in-sync' }>,
): { problem: string; action: string; fixable: boolean } {
  switch (divergence.kind) {
    case 'row-missing':
      return {
        problem: 'Postgres has no row for this request',
        action: `restore the request from a backup, or end the workflow: temporal workflow terminate --workflow-id ${workflowId} --reason "request row lost"`,
        fixable: false,
      };
    case 'database-behind':
      return {
        problem: `Postgres lacks steps ${divergence.fromStep}..${divergence.toStep} that the workflow recorded`,
        action: 'npm run reconcile -- --fix re-runs those steps from the workflow (each is idempotent)',
        fixable: true,
      };
    case 'database-ahead':
      return {
        problem: `the workflow never saw steps ${divergence.fromStep}..${divergence.toStep} that Postgres committed`,
        action:
          "npm run reconcile -- --fix makes the workflow adopt Postgres's state and notes it on the timeline",
        fixable: true,
      };
    case 'conflict':
      return {
        problem: `same step, different state: ${divergence.detail}`,
        action:
          'npm run reconcile -- --fix marks the request as needing attention on its timeline; a person decides',
        fixable: true,
      };
  }
}

/** The status the verification run's row has while its workflow is in each phase. */
export const RUN_STATUS_OF_PHASE = {
  awaiting_confirmation: 'awaiting_confirmation',
  checking: 'checking',
  pending_review: 'pending_review',
  info_requested: 'info_requested',
  awaiting_activation: 'approved',
  active: 'approved',
  rejected: 'rejected',
  expired: 'expired',
} as const satisfies Record<TVerificationPhase, string>;

export type TVerificationDivergence =
  | { kind: 'in-sync' }
  | { kind: 'row-missing' }
  /** An activity is running: the row catches up when it completes. */
  | { kind: 'in-flight' }
  | { kind: 'differs'; expected: string; actual: string };

export function compareVerification(
  phase: TVerificationPhase,
  runStatus: string | null,
  activityPending: boolean,
): TVerificationDivergence {
  if (runStatus === null) return { kind: 'row-missing' };
  const expected = RUN_STATUS_OF_PHASE[phase];
  if (expected === runStatus) return { kind: 'in-sync' };
  if (activityPending) return { kind: 'in-flight' };
  return { kind: 'differs', expected, actual: runStatus };
}
