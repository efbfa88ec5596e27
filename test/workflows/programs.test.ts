import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { and, eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programScheduleSpec } from '../../src/api/programs/program-schedule.js';
import { deleteProgramSchedule } from '../../src/infra/program-schedule.js';
import { createProgramActivities } from '../../src/activities/program.activities.js';
import { loadConfig } from '../../src/config.js';
import {
  auditLog,
  communities,
  emailOutbox,
  programRenewals,
  programs,
  requestRevisions,
  sponsorshipRequests,
} from '../../src/db/schema/index.js';
import { periodAt } from '../../src/domain/programs.js';
import { negotiationWorkflowId } from '../../src/workflows/negotiation/negotiation.contract.js';
import {
  PROGRAM_CYCLE_WORKFLOW,
  programCycleWorkflowId,
  programScheduleId,
} from '../../src/workflows/program-cycle/program-cycle.contract.js';
import {
  createCommunity,
  createOrganization,
  memberWithToken,
  orgMemberWithToken,
} from '../helpers/fixtures.js';
import { captureHistory } from '../helpers/histories.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
let org: { id: string };
let admin: { token: string; user: { id: string } };
let manager: { token: string };
const community: Record<'a' | 'b' | 'c' | 'd', { id: string; organizer: { token: string } }> = {} as never;

// The current month's first day (UTC): with no notice, every firing of this month names this period.
const now = new Date();
const thisMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01`;

beforeAll(async () => {
  stack = await startTestStack({
    PROGRAM_SCHEDULE_EVERY: '1s',
    PROGRAM_RENEWAL_NOTICE: '0',
    PROGRAM_OUTCOME_POLL_INTERVAL: '300ms',
    NEGOTIATION_RESPONSE_WINDOW: '15s',
    NEGOTIATION_REMINDERS: '1s',
  });
  org = await createOrganization(stack.db, { status: 'Active', name: 'Acme AI' });
  admin = await orgMemberWithToken(stack.db, org.id, 'Sponsor Admin');
  manager = await orgMemberWithToken(stack.db, org.id, 'Sponsor Manager');
  for (const key of ['a', 'b', 'c', 'd'] as const) {
    const c = await createCommunity(stack.db, 'approved');
    community[key] = { id: c.id, organizer: await memberWithToken(stack.db, c.id, 'Organizer') };
  }
});

afterAll(async () => {
  // Schedules outlive test databases: delete every one this file created.
  if (stack) {
    for (const p of await stack.db.select({ id: programs.id }).from(programs))
      await deleteProgramSchedule(stack.deps, p.id);
  }
  await stack?.close();
});

const programBody = (extra: Record<string, unknown> = {}) => ({
  name: 'AI Program',
  period: 'monthly',
  startDate: thisMonth,
  budgetPerPeriod: { amountMinor: 700_000, currency: 'INR' },
  communityIds: [community.a.id, community.b.id, community.c.id],
  eventTypes: ['Hackathon'],
  regions: ['APAC'],
  technologies: ['LLMs'],
  perCommunityCapMinor: 400_000,
  carryOver: 'next-period',
  proposalTemplate: {
    category: 'Gold Sponsor',
    amountMinor: 500_000,
    currency: 'INR',
    benefits: [{ key: 'logo_placement' }],
    terms: 'Logo on all materials.',
  },
  contractTemplate: { terms: 'Payment within 30 days of the event.' },
  ...extra,
});

const describeSchedule = (programId: string) =>
  stack.deps.temporal.schedule.getHandle(programScheduleId(programId)).describe();

async function renewalRequests(programId: string) {
  return stack.db
    .select({ request: sponsorshipRequests, amountMinor: requestRevisions.amountMinor })
    .from(sponsorshipRequests)
    .innerJoin(
      requestRevisions,
      and(eq(requestRevisions.requestId, sponsorshipRequests.id), eq(requestRevisions.number, 1)),
    )
    .where(eq(sponsorshipRequests.programId, programId));
}

async function cycles(programId: string) {
  const res = await stack.request('GET', `/api/v1/programs/${programId}/cycles`, { token: admin.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as any[];
}

describe('long-term programs on a Temporal Schedule', () => {
  let programId: string;

  it('creates the program with its Schedule: interval spec here, overlap skip, catch-up window, a note', async () => {
    const res = await stack.request('POST', '/api/v1/programs', { token: admin.token, body: programBody() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    programId = res.body.data.id;
    expect(res.body.data).toMatchObject({
      view: 'organization',
      status: 'Active',
      scheduleId: `program:${programId}`,
      budgetPerPeriod: { amountMinor: 700_000, currency: 'INR' },
      participants: expect.arrayContaining([
        expect.objectContaining({ communityId: community.a.id, status: 'Invited' }),
      ]),
    });
    // Pause at once: no community has accepted yet, so nothing can have fired a cycle before this.
    const paused = await stack.request('POST', `/api/v1/programs/${programId}/pause`, {
      token: admin.token,
      body: { reason: 'waiting for communities to answer' },
    });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);

    const schedule = await describeSchedule(programId);
    expect(schedule.spec.intervals).toEqual([expect.objectContaining({ every: 1000 })]);
    expect(schedule.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(schedule.policies.catchupWindow).toBe(stack.config.PROGRAM_CATCHUP_WINDOW);
    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'programFiringWorkflow',
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    });
    expect(schedule.state).toMatchObject({ paused: true, note: 'Paused: waiting for communities to answer' });
    expect(await renewalRequests(programId)).toHaveLength(0);
    // Each invited community's Organizer is asked to answer.
    const invitations = await stack.db
      .select()
      .from(emailOutbox)
      .where(sql`${emailOutbox.idempotencyKey} like ${`program-invite:${programId}:%`}`);
    expect(invitations).toHaveLength(3);
    expect(invitations[0]!.subject).toBe('Acme AI invites your community to AI Program');
  });

  it('builds the production calendar: each period start minus the notice, UTC, bounded by the program', async () => {
    const config = loadConfig({ NODE_ENV: 'test', PROGRAM_RENEWAL_NOTICE: '7d' });
    const [row] = await stack.db.select().from(programs).where(eq(programs.id, programId));
    const spec = programScheduleSpec(config, { ...row!, startDate: '2027-01-01', endDate: '2028-01-01' });
    expect(spec.calendars).toContainEqual({
      month: 'DECEMBER',
      dayOfMonth: 25,
      hour: 0,
      minute: 0,
      second: 0,
    });
    expect(spec.calendars).toContainEqual({
      month: 'FEBRUARY',
      dayOfMonth: 23,
      hour: 0,
      minute: 0,
      second: 0,
      year: [{ start: 2028, end: 2099, step: 4 }],
    });
    expect(spec.startAt).toEqual(new Date('2026-12-25T00:00:00Z'));
    expect(spec.endAt).toEqual(new Date('2027-11-24T00:00:00Z'));
  });

  it('RBAC: only the organization admins change it; invited communities see their part; others nothing', async () => {
    const byManager = await stack.request('POST', '/api/v1/programs', {
      token: manager.token,
      body: { ...programBody(), organizationId: org.id },
    });
    expect(byManager.status).toBe(403);
    const patchByManager = await stack.request('PATCH', `/api/v1/programs/${programId}`, {
      token: manager.token,
      body: { name: 'Renamed' },
    });
    expect(patchByManager.status).toBe(403);
    // A manager reads the whole program.
    expect(
      (await stack.request('GET', `/api/v1/programs/${programId}`, { token: manager.token })).body.data.view,
    ).toBe('organization');
    const asCommunity = await stack.request('GET', `/api/v1/programs/${programId}`, {
      token: community.a.organizer.token,
    });
    expect(asCommunity.status).toBe(200);
    expect(asCommunity.body.data.view).toBe('community');
    expect(asCommunity.body.data).not.toHaveProperty('budgetPerPeriod');
    expect(asCommunity.body.data.participation).toEqual([
      expect.objectContaining({ communityId: community.a.id, status: 'Invited' }),
    ]);
    const communityPatch = await stack.request('PATCH', `/api/v1/programs/${programId}`, {
      token: community.a.organizer.token,
      body: { name: 'Mine now' },
    });
    expect(communityPatch.status).toBe(403);
    const communityPause = await stack.request('POST', `/api/v1/programs/${programId}/pause`, {
      token: community.a.organizer.token,
      body: { reason: 'x' },
    });
    expect(communityPause.status).toBe(403);
    expect(
      (
        await stack.request('GET', `/api/v1/programs/${programId}/report`, {
          token: community.a.organizer.token,
        })
      ).status,
    ).toBe(403);
    // A community that was not invited learns nothing, not even that the program exists.
    expect(
      (await stack.request('GET', `/api/v1/programs/${programId}`, { token: community.d.organizer.token }))
        .status,
    ).toBe(404);
    const outsider = await stack.request('POST', `/api/v1/programs/${programId}/participation`, {
      token: community.d.organizer.token,
      body: { decision: 'accept' },
    });
    expect(outsider.status).toBe(404);
    // Only the Organizer or Partnerships Lead answers for an invited community.
    const member = await memberWithToken(stack.db, community.a.id, 'Co-Organizer');
    const byCoOrganizer = await stack.request('POST', `/api/v1/programs/${programId}/participation`, {
      token: member.token,
      body: { decision: 'accept' },
    });
    expect(byCoOrganizer.status).toBe(403);
    // Bad input is a 400 naming the field.
    const bad = await stack.request('POST', '/api/v1/programs', {
      token: admin.token,
      body: programBody({ startDate: '2027-01-31' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'startDate' })]);
    const wrongCurrency = await stack.request('POST', '/api/v1/programs', {
      token: admin.token,
      body: programBody({ proposalTemplate: { ...programBody().proposalTemplate, currency: 'USD' } }),
    });
    expect(wrongCurrency.status).toBe(422);
  });

  it('pause stops firings, resume restarts them; a firing opens the allocated renewals once per period', async () => {
    for (const key of ['a', 'b'] as const) {
      const res = await stack.request('POST', `/api/v1/programs/${programId}/participation`, {
        token: community[key].organizer.token,
        body: { decision: 'accept' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.data.status).toBe('Accepted');
    }
    const declined = await stack.request('POST', `/api/v1/programs/${programId}/participation`, {
      token: community.c.organizer.token,
      body: { decision: 'decline' },
    });
    expect(declined.body.data.status).toBe('Declined');

    const pausedActions = (await describeSchedule(programId)).info.numActionsTaken;
    await new Promise((r) => setTimeout(r, 3000));
    expect((await describeSchedule(programId)).info.numActionsTaken).toBe(pausedActions);
    expect(await renewalRequests(programId)).toHaveLength(0);

    const resumed = await stack.request('POST', `/api/v1/programs/${programId}/resume`, {
      token: admin.token,
      body: {},
    });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect((await describeSchedule(programId)).state.paused).toBe(false);
    await waitFor(
      async () => (await describeSchedule(programId)).info.numActionsTaken > pausedActions,
      15_000,
    );

    // 700,000 for two communities whose asks are capped at 400,000: equal weights, 350,000 each.
    await waitFor(async () => (await renewalRequests(programId)).length === 2, 20_000);
    const opened = await renewalRequests(programId);
    expect(opened.map((r) => [r.request.communityId, r.amountMinor]).sort()).toEqual(
      [
        [community.a.id, 350_000],
        [community.b.id, 350_000],
      ].sort(),
    );
    for (const r of opened)
      expect(r.request).toMatchObject({
        initiator: 'organization',
        programPeriod: thisMonth,
        status: 'Pending',
      });

    // The organization had its renewal notice with the cost.
    const notices = await stack.db
      .select()
      .from(emailOutbox)
      .where(sql`${emailOutbox.idempotencyKey} like ${`program-notice:${programId}:${thisMonth}:%`}`);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain('INR 7,000.00');

    // More firings of the same period, and a manual trigger: nothing new.
    const taken = (await describeSchedule(programId)).info.numActionsTaken;
    await waitFor(async () => (await describeSchedule(programId)).info.numActionsTaken >= taken + 2, 15_000);
    const trigger = await stack.request('POST', `/api/v1/programs/${programId}/trigger`, {
      token: admin.token,
      body: {},
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
    expect(trigger.body.data).toEqual({
      period: thisMonth,
      cycleWorkflowId: programCycleWorkflowId(programId, thisMonth),
      alreadyRan: true,
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await renewalRequests(programId)).toHaveLength(2);
  }, 120_000);

  it('shows the program on requests in both inboxes and in the detail', async () => {
    const [first] = await renewalRequests(programId);
    const communityToken =
      first!.request.communityId === community.a.id ? community.a.organizer : community.b.organizer;
    const inbox = await stack.request('GET', '/api/v1/requests', { token: communityToken.token });
    expect(inbox.body.data.find((r: any) => r.id === first!.request.id)?.programId).toBe(programId);
    const orgInbox = await stack.request('GET', '/api/v1/requests', { token: admin.token });
    expect(orgInbox.body.data.filter((r: any) => r.programId === programId)).toHaveLength(2);
    const detail = await stack.request('GET', `/api/v1/requests/${first!.request.id}`, {
      token: communityToken.token,
    });
    expect(detail.body.data.programId).toBe(programId);
    // The invited community sees its own renewal only, without the budget.
    const theirCycles = await stack.request('GET', `/api/v1/programs/${programId}/cycles`, {
      token: communityToken.token,
    });
    expect(theirCycles.body.data[0].renewals).toHaveLength(1);
    expect(theirCycles.body.data[0].budgetMinor).toBeNull();
  });

  it('records a rejected and an expired renewal and closes the cycle with its report', async () => {
    const opened = await renewalRequests(programId);
    // Ops read whose answer the waiting cycle needs, by name, and until when.
    const names = await stack.db
      .select({ name: communities.name })
      .from(communities)
      .where(inArray(communities.id, [community.a.id, community.b.id]));
    const waitingDetails = await waitFor(
      async () => {
        const metadata = (await stack.deps.temporal.workflow
          .getHandle(programCycleWorkflowId(programId, thisMonth))
          .query('__temporal_workflow_metadata')) as { currentDetails?: string };
        return names.every((n) =>
          metadata.currentDetails?.includes(`- ${n.name}: waiting on the community until`),
        )
          ? metadata.currentDetails
          : null;
      },
      20_000,
      'the waiting cycle to name the communities it waits on',
    );
    expect(waitingDetails).toMatch(/^\*\*Waiting\*\* · 2 communities/);
    expect(waitingDetails).toMatch(/until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    const ofA = opened.find((r) => r.request.communityId === community.a.id)!;
    const rejected = await stack.request('PATCH', `/api/v1/requests/${ofA.request.id}/reject`, {
      token: community.a.organizer.token,
      body: { revision: 1, reason: 'Not this month' },
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    // B does not answer: its request expires after NEGOTIATION_RESPONSE_WINDOW (15 s).
    await waitFor(async () => (await cycles(programId))[0]?.status === 'Completed', 60_000);
    const [cycle] = await cycles(programId);
    expect(cycle.workflowId).toBe(`program-cycle:${programId}:${thisMonth}`);
    expect(cycle.renewals.map((r: any) => [r.communityId, r.status]).sort()).toEqual(
      [
        [community.a.id, 'Rejected'],
        [community.b.id, 'Expired'],
      ].sort(),
    );
    expect(cycle.report).toMatchObject({
      budgetMinor: 700_000,
      availableMinor: 700_000,
      allocatedMinor: 700_000,
      acceptedMinor: 0,
      opened: 2,
      rejected: 1,
      expired: 1,
      renewalRate: 0,
      carryOutMinor: 700_000,
    });
    const result = await stack.deps.temporal.workflow.getHandle(cycle.workflowId).result();
    expect(result).toMatchObject({ rejected: 1, expired: 1 });
    await captureHistory(stack, cycle.workflowId, 'program-cycle-rejected-expired');
    // Ops find the cycle by its program in the Temporal UI, with its summary.
    const description = await stack.deps.temporal.workflow.getHandle(cycle.workflowId).describe();
    expect(await description.staticSummary()).toBe(
      `Acme AI · AI Program · period ${thisMonth}: budget INR 7,000.00`,
    );
    const listed = await waitFor(
      async () => {
        const ids: string[] = [];
        for await (const run of stack.deps.temporal.workflow.list({
          query: `WorkflowType = "programCycleWorkflow" AND CommDeskProgramId = "${programId}" AND CommDeskStatus = "Completed"`,
        }))
          ids.push(run.workflowId);
        return ids.length > 0 ? ids : null;
      },
      20_000,
      'the cycle in the visibility store',
    );
    expect(listed).toEqual([cycle.workflowId]);

    const report = await stack.request('GET', `/api/v1/programs/${programId}/report`, { token: admin.token });
    expect(report.status).toBe(200);
    expect(report.body.data.periods).toEqual([
      expect.objectContaining({
        period: thisMonth,
        status: 'Completed',
        acceptedMinor: 0,
        carryOutMinor: 700_000,
      }),
    ]);
    const csv = await stack.request('GET', `/api/v1/programs/${programId}/report?format=csv`, {
      token: admin.token,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toMatch(/^period,status,budgetMinor/);
    expect(lines[1]).toContain(`${thisMonth},Completed,700000,0,700000,0,0,2`);
  }, 120_000);

  it('update changes the Schedule; delete removes it and keeps the data', async () => {
    const before = await describeSchedule(programId);
    const patched = await stack.request('PATCH', `/api/v1/programs/${programId}`, {
      token: admin.token,
      body: {
        name: 'AI Program 2027',
        budgetPerPeriod: { amountMinor: 900_000, currency: 'INR' },
        revision: 3,
      },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.data.revision).toBe(4);
    const after = await describeSchedule(programId);
    expect(after.state.note).toContain('AI Program 2027');
    expect(after.state.note).toContain('INR 9,000.00');
    expect(after.state.note).not.toBe(before.state.note);
    const stale = await stack.request('PATCH', `/api/v1/programs/${programId}`, {
      token: admin.token,
      body: { name: 'Again', revision: 3 },
    });
    expect(stale.status).toBe(409);
    // Period keys are fixed once a cycle ran.
    const moved = await stack.request('PATCH', `/api/v1/programs/${programId}`, {
      token: admin.token,
      body: { period: 'quarterly' },
    });
    expect(moved.status).toBe(422);

    // The organization's dashboard lists the running program with its next renewal (next month's first day).
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
    const dashboard = await stack.request('GET', '/api/v1/sponsors/dashboard', { token: admin.token });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.data[0].programs).toEqual([
      {
        id: programId,
        name: 'AI Program 2027',
        status: 'Active',
        period: 'monthly',
        nextRenewal: { period: next.slice(0, 10), startsAt: next, noticeAt: next },
      },
    ]);

    const ended = await stack.request('DELETE', `/api/v1/programs/${programId}`, { token: admin.token });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body.data.status).toBe('Ended');
    await expect(describeSchedule(programId)).rejects.toBeInstanceOf(ScheduleNotFoundError);
    // Repeating it is harmless; the cycles stay readable.
    expect(
      (await stack.request('DELETE', `/api/v1/programs/${programId}`, { token: admin.token })).status,
    ).toBe(200);
    expect(await cycles(programId)).toHaveLength(1);
    const afterEnd = await stack.request('GET', '/api/v1/sponsors/dashboard', { token: admin.token });
    expect(afterEnd.body.data[0].programs).toEqual([]);
    const audit = await stack.db.select().from(auditLog).where(eq(auditLog.entityId, programId));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'program.created',
        'program.paused',
        'program.resumed',
        'program.participation_accepted',
        'program.renewal_opened',
        'program.cycle_completed',
        'program.updated',
        'program.ended',
      ]),
    );
  });

  it('a worker restart mid-cycle opens no duplicate; an accepted renewal becomes a deal in the report', async () => {
    const res = await stack.request('POST', '/api/v1/programs', {
      token: admin.token,
      body: programBody({
        name: 'Restart Program',
        communityIds: [community.a.id, community.b.id, community.c.id],
        perCommunityCapMinor: undefined,
        budgetPerPeriod: { amountMinor: 3_000_000, currency: 'INR' },
      }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.data.id as string;
    await stack.request('POST', `/api/v1/programs/${id}/pause`, {
      token: admin.token,
      body: { reason: 'setup' },
    });
    for (const key of ['a', 'b', 'c'] as const)
      await stack.request('POST', `/api/v1/programs/${id}/participation`, {
        token: community[key].organizer.token,
        body: { decision: 'accept' },
      });
    // Shut the worker down while a renewal is being opened: a lock held here makes the first opening wait on its
    // insert, so the shutdown is sure to find that activity in flight.
    const locker = new pg.Client({ connectionString: stack.databaseUrl });
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table sponsorship_requests in exclusive mode');
    await stack.request('POST', `/api/v1/programs/${id}/resume`, { token: admin.token, body: {} });
    await waitFor(
      async () => {
        const { rows } = await stack.db.$client.query(
          `select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
           where c.relname = 'sponsorship_requests' and not l.granted`,
        );
        return rows[0].n > 0;
      },
      30_000,
      'the first renewal to wait on the lock',
    );
    const stopped = stack.stopWorker();
    await new Promise((r) => setTimeout(r, 500));
    await locker.query('commit');
    await locker.end();
    await stopped;
    // The shutdown let the opening finish: its request and negotiation exist, and the renewal says so. Before, the
    // shutdown aborted the activity's Temporal call (its transaction rolled back) and the attempt was retried only
    // after its one-minute timeout.
    const [first] = await renewalRequests(id);
    if (!first) throw new Error('the in-flight renewal was not opened before the worker stopped');
    const [renewal] = await stack.db
      .select()
      .from(programRenewals)
      .where(eq(programRenewals.requestId, first.request.id));
    expect(renewal?.status).toBe('Open');
    await stack.deps.temporal.workflow.getHandle(negotiationWorkflowId(first.request.id)).describe();
    await stack.startWorker();
    // After a restart the worker first waits out the sticky queue and the cycle's poll interval.
    await waitFor(async () => (await renewalRequests(id)).length === 3, 60_000, 'all three renewals').catch(
      async (err: Error) => {
        // Say where the cycle stands (its pending activity, attempts, last failure) if it ever stalls again.
        const [cycle] = await cycles(id);
        const { raw } = await stack.deps.temporal.workflow.getHandle(cycle.workflowId).describe();
        throw new Error(`${err.message}: ${JSON.stringify(raw.pendingActivities)}`);
      },
    );
    await new Promise((r) => setTimeout(r, 2500));
    const opened = await renewalRequests(id);
    expect(opened).toHaveLength(3);
    expect(new Set(opened.map((r) => r.request.communityId)).size).toBe(3);
    // The template's ask (500,000) fits the budget for all three.
    expect(opened.every((r) => r.amountMinor === 500_000)).toBe(true);

    const ofC = opened.find((r) => r.request.communityId === community.c.id)!;
    const acceptedRes = await stack.request('PATCH', `/api/v1/requests/${ofC.request.id}/accept`, {
      token: community.c.organizer.token,
      body: { revision: 1 },
    });
    expect(acceptedRes.status, JSON.stringify(acceptedRes.body)).toBe(200);
    // The deal carries the template's terms and the program's contract terms, on to its contract.
    const deal = await stack.request('GET', `/api/v1/deals/${acceptedRes.body.data.dealId}`, {
      token: community.c.organizer.token,
    });
    expect(deal.body.data).toMatchObject({ amountMinor: 500_000, category: 'Gold Sponsor' });
    expect(deal.body.data.terms).toBe('Logo on all materials.\n\nPayment within 30 days of the event.');
    await waitFor(async () => (await cycles(id))[0]?.status === 'Completed', 60_000);
    const [cycle] = await cycles(id);
    expect(cycle.report).toMatchObject({
      accepted: 1,
      expired: 2,
      acceptedMinor: 500_000,
      carryOutMinor: 2_500_000,
    });
    await stack.deps.temporal.workflow.getHandle(cycle.workflowId).result();
    await captureHistory(stack, cycle.workflowId, 'program-cycle-after-worker-restart');
    const report = await stack.request('GET', `/api/v1/programs/${id}/report`, { token: admin.token });
    // Accepted, not paid: the deal and its amount count; no money moved, so no spend.
    expect(report.body.data.totals).toMatchObject({ deals: 1, spendMinor: 0, acceptedMinor: 500_000 });
    expect(report.body.data.periods[0].renewalRate).toBeCloseTo(1 / 3);

    // An attempt that opened its request and then lost the record of it (crash before the renewal row was written):
    // the retried activity finds the request by program, period and community and opens nothing new.
    const ofA = cycle.renewals.find((r: any) => r.communityId === community.a.id);
    await stack.db
      .update(programRenewals)
      .set({ status: 'Planned', requestId: null })
      .where(and(eq(programRenewals.cycleId, cycle.id), eq(programRenewals.communityId, community.a.id)));
    const activities = createProgramActivities({ db: stack.db, config: stack.config });
    const env = new MockActivityEnvironment({}, { client: stack.deps.temporal });
    const retried = await env.run(activities.openRenewal, { cycleId: cycle.id, communityId: community.a.id });
    expect(retried).toEqual({ status: 'Open', requestId: ofA.requestId });
    expect(await renewalRequests(id)).toHaveLength(3);
    const collected = (await env.run(activities.collectOutcomes, { cycleId: cycle.id })) as Awaited<
      ReturnType<typeof activities.collectOutcomes>
    >;
    expect(collected.renewals.find((r) => r.communityId === community.a.id)?.status).toBe('Expired');
  }, 120_000);
});

describe('program end date and the paginated list', () => {
  it('a firing on or after the end date marks the program Ended (audited) and deletes its Schedule', async () => {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1))
      .toISOString()
      .slice(0, 10);
    const res = await stack.request('POST', '/api/v1/programs', {
      token: admin.token,
      body: programBody({ name: 'Ending Program', startDate: start, endDate: thisMonth }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.data.id as string;
    // The 1 s Schedule fires; its firing is past the end date.
    await waitFor(
      async () => (await stack.db.select().from(programs).where(eq(programs.id, id)))[0]?.status === 'Ended',
      20_000,
      'program Ended',
    );
    await expect(describeSchedule(id)).rejects.toBeInstanceOf(ScheduleNotFoundError);
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'program.ended')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorUserId).toBeNull();
    const view = await stack.request('GET', `/api/v1/programs/${id}`, { token: admin.token });
    expect(view.body.data).toMatchObject({ status: 'Ended', nextRenewal: null });
    // Ended, it opened no cycle and no request.
    expect(await renewalRequests(id)).toHaveLength(0);
    expect(await cycles(id)).toHaveLength(0);
  }, 60_000);

  it('GET /programs pages like the other lists (page, limit, meta), newest first, each program once', async () => {
    const all = await stack.db
      .select({ id: programs.id })
      .from(programs)
      .where(eq(programs.organizationId, org.id));
    expect(all.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(all.length / 2); page++) {
      const res = await stack.request('GET', `/api/v1/programs?page=${page}&limit=2`, { token: admin.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.meta).toEqual({
        page,
        limit: 2,
        total: all.length,
        totalPages: Math.ceil(all.length / 2),
      });
      expect(res.body.data.length).toBe(Math.min(2, all.length - (page - 1) * 2));
      for (const p of res.body.data) expect(p.view).toBe('organization');
      seen.push(...res.body.data.map((p: any) => p.id));
    }
    expect(new Set(seen).size).toBe(all.length);
    expect([...seen].sort()).toEqual(all.map((p) => p.id).sort());
    const createdAt = await Promise.all(
      seen.map(async (id) =>
        (await stack.db.select().from(programs).where(eq(programs.id, id)))[0]!.createdAt.getTime(),
      ),
    );
    expect(createdAt).toEqual([...createdAt].sort((a, b) => b - a));

    // An invited community sees only the programs inviting it, as its part.
    const invited = await stack.request('GET', '/api/v1/programs?limit=100', {
      token: community.c.organizer.token,
    });
    expect(invited.status).toBe(200);
    expect(invited.body.data.length).toBe(invited.body.meta.total);
    expect(invited.body.data.length).toBeGreaterThan(0);
    for (const p of invited.body.data) expect(p.view).toBe('community');

    const bad = await stack.request('GET', '/api/v1/programs?limit=0', { token: admin.token });
    expect(bad.status).toBe(400);
    const beyond = await stack.request('GET', `/api/v1/programs?page=${all.length + 5}&limit=2`, {
      token: admin.token,
    });
    expect(beyond.body).toMatchObject({ data: [], meta: { total: all.length } });
  });
});

describe('a cycle of a paused program', () => {
  it('is closed Skipped with the pause as its note: its planned renewals are skipped with that reason, none is opened', async () => {
    const invited = await createCommunity(stack.db, 'approved');
    const organizer = await memberWithToken(stack.db, invited.id, 'Organizer');
    const res = await stack.request('POST', '/api/v1/programs', {
      token: admin.token,
      body: programBody({ name: 'Paused Program', communityIds: [invited.id] }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.data.id as string;
    // Paused before any community accepted: its Schedule cannot have started a cycle.
    const paused = await stack.request('POST', `/api/v1/programs/${id}/pause`, {
      token: admin.token,
      body: { reason: 'budget review' },
    });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    const accepted = await stack.request('POST', `/api/v1/programs/${id}/participation`, {
      token: organizer.token,
      body: { decision: 'accept' },
    });
    expect(accepted.body.data?.status, JSON.stringify(accepted.body)).toBe('Accepted');

    // A cycle that finds its program paused when it plans (a firing that raced the pause) skips the period.
    const period = periodAt(thisMonth, 'monthly', 0);
    const report = await stack.deps.temporal.workflow.execute(PROGRAM_CYCLE_WORKFLOW, {
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      workflowId: programCycleWorkflowId(id, period.key),
      args: [{ programId: id, period, pollIntervalMs: 300 }],
    });
    expect(report).toMatchObject({
      budgetMinor: 700_000,
      carryInMinor: 0,
      availableMinor: 700_000,
      acceptedMinor: 0,
      communitiesReached: 0,
      carryOutMinor: 700_000,
    });
    const note = 'Skipped: the program is Paused (budget review).';
    const [cycle, ...others] = await cycles(id);
    expect(others).toHaveLength(0);
    expect(cycle).toMatchObject({ period: period.key, status: 'Skipped', note, report });
    expect(cycle.closedAt).not.toBeNull();
    expect(cycle.renewals).toEqual([
      expect.objectContaining({ communityId: invited.id, status: 'Skipped', reason: note, requestId: null }),
    ]);
    expect(await renewalRequests(id)).toHaveLength(0);
    // The organization hears of the skipped period (not of a renewal notice); the skip is audited once.
    const emails = await stack.db
      .select()
      .from(emailOutbox)
      .where(sql`${emailOutbox.idempotencyKey} like ${`program-%:${id}:${period.key}:%`}`);
    expect(emails.map((e) => e.subject)).toEqual([`Paused Program, period ${period.key}: skipped`]);
    expect(emails[0]!.body).toContain(note);
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'program.cycle_skipped')));
    expect(audits).toHaveLength(1);
  }, 60_000);
});
