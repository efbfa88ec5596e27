import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  continueAsNew,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  allocateBudget,
  cycleDetails,
  cycleReport,
  cycleSummary,
  periodAt,
  periodForFiring,
  periodStartAt,
  programHasEnded,
  type TCycleReport,
  type TCycleStatus,
  type TRenewalOutcome,
  type TRenewalWait,
} from '../../domain/programs.js';
import {
  SA_AMOUNT_MINOR,
  SA_CURRENCY,
  SA_ORGANIZATION_ID,
  SA_PROGRAM_ID,
  SA_STATUS,
  SA_WAITING_ON,
} from '../../domain/search-attributes.js';
import {
  programCycleStateQuery,
  programCycleWorkflowId,
  SA_SCHEDULED_START_TIME,
  type TProgramActivities,
  type TProgramCycleInput,
  type TProgramCycleView,
  type TProgramFiringInput,
  type TProgramFiringResult,
} from './program-cycle.contract.js';

// Nobody waits on these: retried until Postgres answers (each is idempotent).
const acts = proxyActivities<TProgramActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * What the program's Schedule starts at each firing: names the period whose notice time came last and starts its
 * cycle under the business key `program-cycle:<programId>:<period>`. A second firing for the same period (a
 * catch-up, a manual trigger, a retried start) finds that id taken and ends; the cycle outlives this workflow.
 */
export async function programFiringWorkflow(input: TProgramFiringInput): Promise<TProgramFiringResult> {
  const program = await acts.programTiming({ programId: input.programId });
  if (!program || program.status === 'Ended')
    return { started: false, period: null, reason: 'the program has ended' };
  const firedAt = workflowInfo().typedSearchAttributes.get(SA_SCHEDULED_START_TIME)?.getTime() ?? Date.now();
  // A firing on or after the end date (a catch-up, a trigger, a Schedule left running) ends the program.
  if (programHasEnded(program, firedAt) && (await acts.endProgramAtEnd({ programId: input.programId })).ended)
    return { started: false, period: null, reason: 'the program has passed its end date: it is now Ended' };
  // Communities "matched": each firing tops up the invitations (histories recorded before this step replay without it).
  if (patched('program-matched-invitations'))
    await acts.inviteMatchedCommunities({ programId: input.programId });
  const period = periodForFiring(program, program.noticeMs, firedAt);
  if (!period) return { started: false, period: null, reason: 'no period is due at this firing' };
  if (program.participating === 0)
    return { started: false, period: period.key, reason: 'no invited community has accepted yet' };
  const workflowId = programCycleWorkflowId(input.programId, period.key);
  try {
    await startChild(programCycleWorkflow, {
      workflowId,
      args: [{ programId: input.programId, period, pollIntervalMs: program.pollIntervalMs }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary: cycleSummary({
        programName: program.programName,
        organizationName: program.organizationName,
        periodKey: period.key,
        budgetMinor: program.budgetMinor,
        currency: program.currency,
      }),
      staticDetails: `Cycle of program ${input.programId} for the period ${period.key} (${new Date(period.startAt).toISOString().slice(0, 10)} to ${new Date(period.endAt).toISOString().slice(0, 10)}). API: GET /api/v1/programs/${input.programId}/cycles`,
      typedSearchAttributes: [
        { key: SA_PROGRAM_ID, value: input.programId },
        { key: SA_ORGANIZATION_ID, value: program.organizationId },
        { key: SA_STATUS, value: 'Planning' },
        { key: SA_WAITING_ON, value: 'nobody' },
        { key: SA_AMOUNT_MINOR, value: program.budgetMinor },
        { key: SA_CURRENCY, value: program.currency },
      ],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError)
      return { started: false, period: period.key, reason: 'this period already has its cycle' };
    throw err;
  }
  return { started: true, period: period.key, cycleWorkflowId: workflowId };
}

/**
 * Started by the API when a program is created with communities "matched", or a PATCH turns matching on or raises its
 * limit: invites the matched communities now, so they can accept before the first notice firing (which otherwise
 * would be the first to invite them and then find nobody taking part).
 */
export async function programMatchedInvitationsWorkflow(
  input: TProgramFiringInput,
): Promise<{ invited: string[] }> {
  return acts.inviteMatchedCommunities({ programId: input.programId });
}

/**
 * One period of a program: allocate the budget, send the renewal notice, wait until the period starts (the
 * organization may adjust or pause meanwhile), open one renewal request per participating community through the
 * request and negotiation workflow, wait for their outcomes, close with the cycle report. The requests' own
 * workflows hold their deadlines; this one only polls their outcomes, and continues as new if its history grows.
 */
export async function programCycleWorkflow(input: TProgramCycleInput): Promise<TCycleReport> {
  const report = await runCycle(input);
  // Histories recorded before this step end right after the report (the patch keeps them replaying).
  if (patched('program-ends-after-last-period')) await endAfterLastPeriod(input);
  return report;
}

/**
 * The last period's cycle ends the program: it waits for the end date (nothing fires after the last notice) and
 * marks it Ended. If the end date moved later, a later period's cycle does it instead (the activity checks).
 */
async function endAfterLastPeriod(input: TProgramCycleInput): Promise<void> {
  const program = await acts.programTiming({ programId: input.programId });
  if (!program || program.status === 'Ended' || program.endDate === null) return;
  const next = periodAt(program.startDate, program.period, input.period.index + 1);
  const endAt = periodStartAt(program.endDate, 'monthly', 0);
  if (next.startAt < endAt) return;
  if (endAt > Date.now()) await sleep(endAt - Date.now());
  await acts.endProgramAtEnd({ programId: input.programId });
}

async function runCycle(input: TProgramCycleInput): Promise<TCycleReport> {
  const { programId, period } = input;
  let phase: TProgramCycleView['phase'] = input.resume ? 'Waiting' : 'Planning';
  let renewals: TRenewalOutcome[] = [];
  /** The open renewals by name with their deadlines, as the last poll read them (for ops in the Temporal UI). */
  let waiting: TRenewalWait[] = [];
  let report: TCycleReport | null = null;
  let currency = '';
  let note: string | undefined;
  setHandler(programCycleStateQuery, () => ({
    programId,
    period: period.key,
    phase,
    renewals: renewals.map((r) => ({ ...r })),
    report,
  }));

  let published = '';
  function publish(status: TCycleStatus | 'Planning') {
    phase = status;
    if (status !== 'Planning')
      setCurrentDetails(
        cycleDetails({ phase: status, currency, periodStartAt: period.startAt, renewals, waiting, note }),
      );
    const waitingOn = status === 'Waiting' ? 'community' : 'nobody';
    // Each upsert is a history event: only when a value changed.
    if (published === `${status}:${waitingOn}`) return;
    published = `${status}:${waitingOn}`;
    upsertSearchAttributes([
      { key: SA_STATUS, value: status },
      { key: SA_WAITING_ON, value: waitingOn },
    ]);
  }

  /** Allocates from the program as it is now and records the plan; null when the program is gone. */
  async function plan(): Promise<{ cycleId: string; active: boolean } | null> {
    const inputs = await acts.cycleInputs({ programId, periodKey: period.key });
    if (!inputs) return null;
    currency = inputs.currency;
    const allocation = allocateBudget(inputs.allocation);
    const { cycleId } = await acts.recordPlan({
      programId,
      period,
      budgetMinor: inputs.allocation.budgetMinor,
      carryInMinor: inputs.allocation.carryInMinor,
      currency: inputs.currency,
      allocations: allocation.allocations,
      notify: inputs.status === 'Active',
    });
    renewals = allocation.allocations.map((a) => ({
      communityId: a.communityId,
      status: a.amountMinor > 0 ? 'Planned' : 'Skipped',
      allocatedMinor: a.amountMinor,
      acceptedMinor: null,
    }));
    if (inputs.status === 'Active') return { cycleId, active: true };
    note = `Skipped: the program is ${inputs.status}${inputs.pausedReason ? ` (${inputs.pausedReason})` : ''}.`;
    return { cycleId, active: false };
  }

  /** Closes with the report computed from the cycle's renewals as Postgres has them. */
  async function close(cycleId: string, status: 'Completed' | 'Skipped'): Promise<TCycleReport> {
    const outcome = await acts.collectOutcomes({ cycleId });
    renewals = outcome.renewals;
    report = cycleReport(outcome, status === 'Skipped' ? [] : renewals);
    await acts.closeCycle({ cycleId, status, report, note });
    publish(status);
    return report;
  }

  const gone = () => cycleReport({ budgetMinor: 0, carryInMinor: 0, carryOver: 'none' }, []);
  let cycleId: string;
  if (input.resume) {
    cycleId = input.resume.cycleId;
  } else {
    let planned = await plan();
    if (!planned) return gone();
    if (!planned.active) return close(planned.cycleId, 'Skipped');
    publish('Noticed');
    // The notice went out before the period: the organization may change or pause the program until it starts, so
    // the allocation is made again from the program as it is then.
    const wait = period.startAt - Date.now();
    if (wait > 0) {
      await sleep(wait);
      planned = await plan();
      if (!planned) return gone();
      if (!planned.active) return close(planned.cycleId, 'Skipped');
    }
    cycleId = planned.cycleId;
    await acts.setCycleStatus({ cycleId, status: 'Opening' });
    publish('Opening');
    for (const renewal of renewals) {
      if (renewal.status !== 'Planned') continue;
      renewal.status = (await acts.openRenewal({ cycleId, communityId: renewal.communityId })).status;
    }
    await acts.setCycleStatus({ cycleId, status: 'Waiting' });
  }

  for (;;) {
    const outcome = await acts.collectOutcomes({ cycleId });
    renewals = outcome.renewals;
    waiting = outcome.waiting ?? [];
    currency = outcome.currency;
    if (!renewals.some((r) => r.status === 'Open' || r.status === 'Planned')) break;
    publish('Waiting');
    // Everything is in Postgres: a new run only needs the cycle's id.
    if (workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof programCycleWorkflow>({ ...input, resume: { cycleId } });
    await sleep(input.pollIntervalMs);
  }
  return close(cycleId, 'Completed');
}
