import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery } from '@temporalio/workflow';
import type {
  TAllocationInput,
  TCarryOver,
  TCycleReport,
  TCycleStatus,
  TPeriod,
  TProgramTiming,
  TRenewalOutcome,
  TRenewalWait,
} from '../../domain/programs.js';

export const PROGRAM_FIRING_WORKFLOW = 'programFiringWorkflow';
export const PROGRAM_CYCLE_WORKFLOW = 'programCycleWorkflow';
export const PROGRAM_MATCHED_INVITATIONS_WORKFLOW = 'programMatchedInvitationsWorkflow';

/** The program's one Schedule. */
export const programScheduleId = (programId: string) => `program:${programId}`;
/** What the Schedule starts (Temporal appends the firing time to this id, so it cannot deduplicate by itself). */
export const programFiringWorkflowId = (programId: string) => `program-firing:${programId}`;
/**
 * The invitation step a create or PATCH starts when matching begins or its limit grows, keyed by the revision that
 * asked for it: a retried request finds it started; a later revision invites again (the activity fills the room).
 */
export const programMatchedInvitationsWorkflowId = (programId: string, revision: number) =>
  `program-matched:${programId}:${revision}`;
/** The period's one cycle: a second firing for the same period finds it already started and does nothing. */
export const programCycleWorkflowId = (programId: string, periodKey: string) =>
  `program-cycle:${programId}:${periodKey}`;

/** Set by Temporal on every workflow a Schedule starts: when the firing was due (catch-ups included). */
export const SA_SCHEDULED_START_TIME = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

export type TProgramFiringInput = { programId: string };
export type TProgramFiringResult =
  | { started: true; period: string; cycleWorkflowId: string }
  | { started: false; period: string | null; reason: string };

export type TProgramCycleInput = {
  programId: string;
  period: TPeriod;
  /** Durations from the worker's config at the firing (ms). */
  pollIntervalMs: number;
  /** A continued run carries the cycle it resumes (the renewals are already open; it only waits). */
  resume?: { cycleId: string };
};

export type TProgramCycleView = {
  programId: string;
  period: string;
  phase: TCycleStatus | 'Planning';
  renewals: TRenewalOutcome[];
  report: TCycleReport | null;
};
export const programCycleStateQuery = defineQuery<TProgramCycleView>('state');

/** What a cycle needs from Postgres at a given moment (null: the program no longer exists). */
export type TCycleInputs = {
  status: 'Active' | 'Paused' | 'Ended';
  pausedReason: string | null;
  organizationId: string;
  organizationName: string;
  programName: string;
  currency: string;
  carryOver: TCarryOver;
  allocation: TAllocationInput;
};

/** Implemented in src/activities/program.activities.ts; each is idempotent (keyed by program, period, community). */
export type TProgramActivities = {
  programTiming(input: { programId: string }): Promise<
    | (TProgramTiming & {
        status: 'Active' | 'Paused' | 'Ended';
        noticeMs: number;
        pollIntervalMs: number;
        programName: string;
        organizationId: string;
        organizationName: string;
        budgetMinor: number;
        currency: string;
        /** Communities that accepted: a period runs once it has one (a later firing or trigger may start it). */
        participating: number;
      })
    | null
  >;
  cycleInputs(input: { programId: string; periodKey: string }): Promise<TCycleInputs | null>;
  /** Upserts the cycle row and its Planned renewals; queues the organization's renewal notice once per period. */
  recordPlan(input: {
    programId: string;
    period: TPeriod;
    budgetMinor: number;
    carryInMinor: number;
    currency: string;
    allocations: { communityId: string; amountMinor: number }[];
    /** False when the program is no longer active: the cycle is recorded (to be skipped) without a notice. */
    notify: boolean;
  }): Promise<{ cycleId: string }>;
  /** Opens the community's renewal request through the request use case (once per program, period and community). */
  openRenewal(input: {
    cycleId: string;
    communityId: string;
  }): Promise<{ status: 'Open' | 'Skipped' | TRenewalOutcome['status']; requestId: string | null }>;
  setCycleStatus(input: { cycleId: string; status: TCycleStatus; note?: string }): Promise<void>;
  /** Reads each renewal's request and records outcomes that changed. */
  collectOutcomes(input: { cycleId: string }): Promise<{
    renewals: TRenewalOutcome[];
    /** The open renewals by name, whose answer each waits for and until when (for the cycle's current details). */
    waiting?: TRenewalWait[];
    budgetMinor: number;
    carryInMinor: number;
    carryOver: TCarryOver;
    currency: string;
  }>;
  /**
   * Marks the program Ended (audited) and deletes its Schedule once its end date has come; repeating it, or calling
   * it before the end (the end date was moved), changes nothing. True when the program is Ended.
   */
  endProgramAtEnd(input: { programId: string }): Promise<{ ended: boolean }>;
  /**
   * A program with communities "matched": invites the best-fitting communities not invited yet (by their open
   * opportunities) until it has its limit invited or taking part, emailing them as explicit invitations are. Idempotent:
   * a retry finds them invited and the limit reached.
   */
  inviteMatchedCommunities(input: { programId: string }): Promise<{ invited: string[] }>;
  /** Stores the report, marks the cycle Completed (or Skipped) and emails the organization. */
  closeCycle(input: {
    cycleId: string;
    status: 'Completed' | 'Skipped';
    report: TCycleReport;
    note?: string;
  }): Promise<void>;
};
