import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteProgramSchedule } from '../../src/infra/program-schedule.js';
import { auditLog, emailOutbox, programParticipants, programs } from '../../src/db/schema/index.js';
import {
  programMatchedInvitationsWorkflowId,
  programScheduleId,
} from '../../src/workflows/program-cycle/program-cycle.contract.js';
import {
  createCommunity,
  createEvent,
  createOrganization,
  memberWithToken,
  orgMemberWithToken,
} from '../helpers/fixtures.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

// The real notice calendar (no PROGRAM_SCHEDULE_EVERY) and a program starting next year: its Schedule cannot fire
// during the test, so whatever invites the matched community is the step the create or PATCH started.
let stack: TTestStack;
let admin: { token: string };
type TCommunity = { id: string; organizer: { token: string; user: { email: string } } };
let fit: TCommunity;
let explicit: TCommunity;

const nextYear = `${new Date().getUTCFullYear() + 1}-03-01`;

beforeAll(async () => {
  stack = await startTestStack({ PROGRAM_RENEWAL_NOTICE: '7d' });
  const org = await createOrganization(stack.db, { status: 'Active', name: 'Acme AI' });
  admin = await orgMemberWithToken(stack.db, org.id, 'Sponsor Admin');
  const community = async () => {
    const c = await createCommunity(stack.db, 'approved');
    return { id: c.id, organizer: await memberWithToken(stack.db, c.id, 'Organizer') } as TCommunity;
  };
  fit = await community();
  explicit = await community();
  const hackathon = await createEvent(stack.db, fit.id, { title: 'LLM Hack Night' });
  const res = await stack.request('POST', '/api/v1/opportunities', {
    token: fit.organizer.token,
    body: {
      eventId: hackathon.id,
      title: 'Gold sponsor for our LLM hackathon',
      desiredCategory: 'Gold Sponsor',
      budgetRange: { minMinor: 200_000, maxMinor: 400_000, currency: 'INR' },
      decisionDeadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      status: 'Open',
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});

afterAll(async () => {
  if (stack) {
    for (const p of await stack.db.select({ id: programs.id }).from(programs))
      await deleteProgramSchedule(stack.deps, p.id);
  }
  await stack?.close();
});

const programBody = (extra: Record<string, unknown>) => ({
  name: 'AI Program',
  period: 'monthly',
  startDate: nextYear,
  budgetPerPeriod: { amountMinor: 700_000, currency: 'INR' },
  eventTypes: ['Hackathon'],
  regions: ['APAC'],
  technologies: ['LLMs'],
  categories: ['Artificial Intelligence'],
  perCommunityCapMinor: 400_000,
  proposalTemplate: {
    category: 'Gold Sponsor',
    amountMinor: 300_000,
    currency: 'INR',
    benefits: [{ key: 'logo_placement' }],
    terms: 'Logo on all materials.',
  },
  ...extra,
});

const invitedIds = async (programId: string) =>
  (
    await stack.db
      .select({ communityId: programParticipants.communityId })
      .from(programParticipants)
      .where(eq(programParticipants.programId, programId))
  ).map((p) => p.communityId);

/** The Schedule's next firing is months away: no firing can have done the inviting. */
async function expectNoFiringSoon(programId: string) {
  const schedule = await stack.deps.temporal.schedule.getHandle(programScheduleId(programId)).describe();
  expect(schedule.info.recentActions).toHaveLength(0);
  expect(schedule.info.nextActionTimes[0]!.getTime()).toBeGreaterThan(Date.now() + 30 * 86_400_000);
}

describe('matched communities are invited when matching starts, not at the first notice firing', () => {
  it('a program created with matching invites (and emails) the fitting community within seconds', async () => {
    const created = await stack.request('POST', '/api/v1/programs', {
      token: admin.token,
      body: programBody({ communities: { mode: 'matched', limit: 2 } }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const programId = created.body.data.id as string;
    await waitFor(
      async () => (await invitedIds(programId)).includes(fit.id),
      10_000,
      'the matched community invited after the create',
    );
    await expectNoFiringSoon(programId);
    const mails = await stack.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, fit.organizer.user.email.toLowerCase()));
    expect(mails.filter((m) => m.idempotencyKey.startsWith(`program-invite:${programId}:`))).toHaveLength(1);
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, programId), eq(auditLog.action, 'program.matched_invited')));
    expect(audits).toHaveLength(1);
    // The community can accept now, before the first notice.
    const accepted = await stack.request('POST', `/api/v1/programs/${programId}/participation`, {
      token: fit.organizer.token,
      body: { decision: 'accept' },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  });

  it('a PATCH turning matching on invites the fitting community within seconds', async () => {
    const created = await stack.request('POST', '/api/v1/programs', {
      token: admin.token,
      body: programBody({ name: 'AI Program 2', communityIds: [explicit.id] }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const programId = created.body.data.id as string;
    expect(await invitedIds(programId)).toEqual([explicit.id]);

    // Limit 1 is already held by the explicit community: nothing to invite.
    const one = await stack.request('PATCH', `/api/v1/programs/${programId}`, {
      token: admin.token,
      body: { communities: { mode: 'matched', limit: 1 } },
    });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    const step = stack.deps.temporal.workflow.getHandle(
      programMatchedInvitationsWorkflowId(programId, one.body.data.revision as number),
    );
    expect(await step.result()).toEqual({ invited: [] });
    expect(await invitedIds(programId)).toEqual([explicit.id]);
    // Raising the limit makes room: the fitting community is invited.
    const raised = await stack.request('PATCH', `/api/v1/programs/${programId}`, {
      token: admin.token,
      body: { communities: { mode: 'matched', limit: 2 } },
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    await waitFor(
      async () => (await invitedIds(programId)).includes(fit.id),
      10_000,
      'the matched community invited after the PATCH',
    );
    expect((await invitedIds(programId)).sort()).toEqual([explicit.id, fit.id].sort());
    await expectNoFiringSoon(programId);
  });
});
