import {
  ScheduleAlreadyRunning,
  WorkflowExecutionAlreadyStartedError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
  type ScheduleSpec,
} from '@temporalio/client';
import type { TConfig } from '../../config.js';
import type { TLogger } from '../../logger.js';
import type { TProgramRow } from '../../db/repositories/programs-repository.js';
import { formatMoney } from '../../domain/ops-view.js';
import { noticeCalendar, scheduleWindow } from '../../domain/programs.js';
import { SA_ORGANIZATION_ID, SA_PROGRAM_ID } from '../../domain/search-attributes.js';
import {
  PROGRAM_FIRING_WORKFLOW,
  PROGRAM_MATCHED_INVITATIONS_WORKFLOW,
  programFiringWorkflowId,
  programMatchedInvitationsWorkflowId,
  programScheduleId,
  type TProgramFiringInput,
} from '../../workflows/program-cycle/program-cycle.contract.js';

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

type TScheduleDeps = { temporal: Client; config: TConfig };

/** The first year Temporal takes in a calendar spec (it refuses a range that starts earlier: "not in range"). */
const FIRST_CALENDAR_YEAR = 2000;

/**
 * A range of leap-year class starting before 2000 (a program starting in early January 2000 has its first notice in
 * 1999) starts at its first year from 2000 in the same class instead: the notices it leaves out lie in the past.
 */
function fromFirstCalendarYear(range: { start: number; end: number; step: number }) {
  if (range.start >= FIRST_CALENDAR_YEAR) return range;
  const steps = Math.ceil((FIRST_CALENDAR_YEAR - range.start) / range.step);
  return { ...range, start: range.start + steps * range.step };
}

/**
 * The Schedule fires at each period's notice time (its start minus PROGRAM_RENEWAL_NOTICE), in UTC, bounded by the
 * program's first and last notice; PROGRAM_SCHEDULE_EVERY (tests, demos) replaces the calendar with an interval.
 */
export function programScheduleSpec(config: TConfig, program: TProgramRow): ScheduleSpec {
  if (config.PROGRAM_SCHEDULE_EVERY) return { intervals: [{ every: config.PROGRAM_SCHEDULE_EVERY }] };
  const window = scheduleWindow(program, config.PROGRAM_RENEWAL_NOTICE);
  return {
    calendars: noticeCalendar(program, config.PROGRAM_RENEWAL_NOTICE).map((entry) => ({
      month: MONTHS[entry.month - 1]!,
      dayOfMonth: entry.dayOfMonth,
      hour: entry.hour,
      minute: entry.minute,
      second: entry.second,
      ...(entry.years ? { year: entry.years.map(fromFirstCalendarYear) } : {}),
    })),
    startAt: new Date(window.startAt),
    ...(window.endAt !== null ? { endAt: new Date(window.endAt) } : {}),
    timezone: 'UTC',
  };
}

function scheduleOptions(
  deps: TScheduleDeps,
  program: TProgramRow,
  organizationName: string,
): Omit<ScheduleOptions, 'scheduleId' | 'memo'> {
  const paused = program.status === 'Paused';
  return {
    spec: programScheduleSpec(deps.config, program),
    action: {
      type: 'startWorkflow',
      workflowType: PROGRAM_FIRING_WORKFLOW,
      workflowId: programFiringWorkflowId(program.id),
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [{ programId: program.id } satisfies TProgramFiringInput],
      // A firing only starts its period's cycle; one left without a worker must not linger.
      workflowExecutionTimeout: '1 hour',
      staticSummary: `Renewal firing of ${program.name} (${organizationName}): starts the due period's cycle`,
      typedSearchAttributes: [
        { key: SA_PROGRAM_ID, value: program.id },
        { key: SA_ORGANIZATION_ID, value: program.organizationId },
      ],
    },
    policies: {
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: deps.config.PROGRAM_CATCHUP_WINDOW,
      pauseOnFailure: false,
    },
    state: {
      paused,
      note: paused
        ? `Paused: ${program.pausedReason ?? 'no reason given'}`
        : `${program.name} of ${organizationName}: ${program.period} renewals of ${formatMoney(program.budgetPerPeriodMinor, program.currency)} from ${program.startDate}${program.endDate ? ` until ${program.endDate}` : ''}`,
    },
    typedSearchAttributes: [
      { key: SA_PROGRAM_ID, value: program.id },
      { key: SA_ORGANIZATION_ID, value: program.organizationId },
    ],
  };
}

/**
 * Creates the program's Schedule, or brings an existing one to the program as it is now (spec, action, policies,
 * paused state and note): idempotent, so a retried create or update converges on the same Schedule.
 */
export async function upsertProgramSchedule(
  deps: TScheduleDeps,
  program: TProgramRow,
  organizationName: string,
): Promise<void> {
  const options = scheduleOptions(deps, program, organizationName);
  try {
    await deps.temporal.schedule.create({
      scheduleId: programScheduleId(program.id),
      ...options,
      memo: { programId: program.id, organizationId: program.organizationId },
    });
    return;
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = deps.temporal.schedule.getHandle(programScheduleId(program.id));
  await handle.update((previous) => ({ ...previous, ...options }));
  // The update carries the paused state; pause/unpause also record the note shown in the Temporal UI.
  if (options.state?.paused) await handle.pause(options.state.note);
  else await handle.unpause(options.state?.note);
}

/** Fires the Schedule now (its overlap policy applies); the firing names the due period. */
export async function triggerProgramSchedule(deps: TScheduleDeps, programId: string): Promise<void> {
  await deps.temporal.schedule.getHandle(programScheduleId(programId)).trigger(ScheduleOverlapPolicy.SKIP);
}

/**
 * Invites the matched communities now (a workflow running inviteMatchedCommunities, which emails them) rather than at
 * the first notice firing. Called after the request's transaction commits, so the activity sees the program. Already
 * started for this revision (a retried request) is fine; Temporal unreachable is logged, not thrown: the program is
 * saved, and each Schedule firing (or POST .../trigger) still invites the matched communities.
 */
export async function startMatchedInvitations(
  deps: TScheduleDeps & { logger: TLogger },
  program: Pick<
    TProgramRow,
    'id' | 'organizationId' | 'name' | 'revision' | 'period' | 'budgetPerPeriodMinor' | 'currency'
  > & { matchedCommunitiesLimit: number | null },
  organizationName: string,
): Promise<void> {
  try {
    await deps.temporal.workflow.start(PROGRAM_MATCHED_INVITATIONS_WORKFLOW, {
      workflowId: programMatchedInvitationsWorkflowId(program.id, program.revision),
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [{ programId: program.id } satisfies TProgramFiringInput],
      workflowExecutionTimeout: '1 hour',
      staticSummary: `Matched invitations · ${organizationName}: ${program.name}, ${program.period} ${formatMoney(program.budgetPerPeriodMinor, program.currency)} (revision ${program.revision})`,
      staticDetails: `Invites up to ${program.matchedCommunitiesLimit ?? 0} matched communities to program ${program.id} of organization ${program.organizationId} and emails them. API: GET /api/v1/programs/${program.id}`,
      typedSearchAttributes: [
        { key: SA_PROGRAM_ID, value: program.id },
        { key: SA_ORGANIZATION_ID, value: program.organizationId },
      ],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return;
    deps.logger.warn(
      { err, programId: program.id },
      'matched invitations not started now: the next Schedule firing invites them',
    );
  }
}
