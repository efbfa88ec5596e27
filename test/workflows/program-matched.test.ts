import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteProgramSchedule } from '../../src/infra/program-schedule.js';
import {
  auditLog,
  emailOutbox,
  events,
  programParticipants,
  programs,
  sponsorshipRequests,
} from '../../src/db/schema/index.js';
import {
  createCommunity,
  createEvent,
  createOrganization,
  memberWithToken,
  orgMemberWithToken,
} from '../helpers/fixtures.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
let admin: { token: string };
type TCommunity = { id: string; organizer: { token: string; user: { email: string } } };
let fit: TCommunity;
let unrelated: TCommunity;
let explicit: TCommunity;

const now = new Date();
const thisMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01`;

async function publishOpportunity(
  community: TCommunity,
  eventId: string,
  body: { title: string; desiredCategory: string; min: number; max: number; currency: string },
) {
  const res = await stack.request('POST', '/api/v1/opportunities', {
    token: community.organizer.token,
    body: {
      eventId,
      title: body.title,
      desiredCategory: body.desiredCategory,
      budgetRange: { minMinor: body.min, maxMinor: body.max, currency: body.currency },
      decisionDeadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      status: 'Open',
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

beforeAll(async () => {
  stack = await startTestStack({
    PROGRAM_SCHEDULE_EVERY: '1s',
    PROGRAM_RENEWAL_NOTICE: '0',
    PROGRAM_OUTCOME_POLL_INTERVAL: '300ms',
    NEGOTIATION_RESPONSE_WINDOW: '15s',
    NEGOTIATION_REMINDERS: '1s',
  });
  const org = await createOrganization(stack.db, { status: 'Active', name: 'Acme AI' });
  admin = await orgMemberWithToken(stack.db, org.id, 'Sponsor Admin');
  const community = async () => {
    const c = await createCommunity(stack.db, 'approved');
    return { id: c.id, organizer: await memberWithToken(stack.db, c.id, 'Organizer') } as TCommunity;
  };
  fit = await community();
  unrelated = await community();
  explicit = await community();
  // An AI hackathon in APAC asking for a Gold sponsor within the program's cap: what the program targets.
  const hackathon = await createEvent(stack.db, fit.id, { title: 'LLM Hack Night' });
  await publishOpportunity(fit, hackathon.id, {
    title: 'Gold sponsor for our LLM hackathon',
    desiredCategory: 'Gold Sponsor',
    min: 200_000,
    max: 400_000,
    currency: 'INR',
  });
  // A design meetup in Europe asking for a venue in euros: nothing the program targets.
  const [meetup] = await stack.db
    .insert(events)
    .values({
      communityId: unrelated.id,
      title: 'Figma Friday',
      type: 'Meetup',
      category: 'Design / UI-UX',
      startsAt: new Date(Date.now() + 10 * 86_400_000),
      endsAt: new Date(Date.now() + 11 * 86_400_000),
      region: 'Europe',
      expectedParticipants: 40,
      status: 'published',
      isPublic: true,
    })
    .returning();
  await publishOpportunity(unrelated, meetup!.id, {
    title: 'Venue partner for our design meetup',
    desiredCategory: 'Venue Partner',
    min: 5_000_000,
    max: 9_000_000,
    currency: 'EUR',
  });
});

afterAll(async () => {
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

const participants = async (programId: string) =>
  stack.db
    .select({ communityId: programParticipants.communityId, status: programParticipants.status })
    .from(programParticipants)
    .where(eq(programParticipants.programId, programId));

describe('a program with communities "matched"', () => {
  it('refuses a program naming neither communityIds nor matched communities, and a bad limit', async () => {
    const none = await stack.request('POST', '/api/v1/programs', { token: admin.token, body: programBody() });
    expect(none.status, JSON.stringify(none.body)).toBe(400);
    expect(JSON.stringify(none.body)).toContain('communityIds');
    for (const communities of [
      { mode: 'matched', limit: 0 },
      { mode: 'nearby', limit: 3 },
      { mode: 'matched' },
    ]) {
      const bad = await stack.request('POST', '/api/v1/programs', {
        token: admin.token,
        body: programBody({ communities }),
      });
      expect(bad.status, JSON.stringify(bad.body)).toBe(400);
    }
    expect(await stack.db.select().from(programs)).toHaveLength(0);
  });

  it('the firing invites the fitting community (emailed, audited) besides the explicit one, never the unrelated one; renewals wait for its acceptance', async () => {
    const created = await stack.request('POST', '/api/v1/programs', {
      token: admin.token,
      body: programBody({ communityIds: [explicit.id], communities: { mode: 'matched', limit: 3 } }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const programId = created.body.data.id as string;
    expect(created.body.data.communities).toEqual({ mode: 'matched', limit: 3 });
    // The explicit community is invited by the create itself; the matched one by the invitation step the create
    // starts (it may already show here), and the firings top up.
    expect(created.body.data.participants.map((p: { communityId: string }) => p.communityId)).toContain(
      explicit.id,
    );

    await waitFor(
      async () => (await participants(programId)).some((p) => p.communityId === fit.id),
      20_000,
      'the matched community invited',
    );
    // Several more firings (1 s apart) with room left (limit 3, two invited): the unrelated community stays out.
    await new Promise((r) => setTimeout(r, 3_500));
    const invited = await participants(programId);
    expect(invited.map((p) => p.communityId).sort()).toEqual([explicit.id, fit.id].sort());
    expect(invited.every((p) => p.status === 'Invited')).toBe(true);

    const mails = await stack.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, fit.organizer.user.email.toLowerCase()));
    expect(mails.filter((m) => m.idempotencyKey.startsWith(`program-invite:${programId}:`))).toHaveLength(1);
    expect(mails[0]!.body).toContain(`/api/v1/programs/${programId}/participation`);
    expect(
      await stack.db
        .select()
        .from(emailOutbox)
        .where(eq(emailOutbox.to, unrelated.organizer.user.email.toLowerCase())),
    ).toHaveLength(0);
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, programId), eq(auditLog.action, 'program.matched_invited')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ invited: [expect.objectContaining({ communityId: fit.id })] });

    // Nobody accepted yet: no renewal request was opened.
    expect(
      await stack.db.select().from(sponsorshipRequests).where(eq(sponsorshipRequests.programId, programId)),
    ).toHaveLength(0);
    const accepted = await stack.request('POST', `/api/v1/programs/${programId}/participation`, {
      token: fit.organizer.token,
      body: { decision: 'accept' },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const requests = await waitFor(
      async () => {
        const rows = await stack.db
          .select()
          .from(sponsorshipRequests)
          .where(eq(sponsorshipRequests.programId, programId));
        return rows.length ? rows : null;
      },
      20_000,
      'the renewal request of the accepted community',
    );
    expect(requests.map((r) => r.communityId)).toEqual([fit.id]);

    // PATCH communities: null stops matching; the view says so.
    const patched = await stack.request('PATCH', `/api/v1/programs/${programId}`, {
      token: admin.token,
      body: { communities: null },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.data.communities).toBeNull();
  });
});
