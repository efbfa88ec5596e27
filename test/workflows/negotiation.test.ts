import { and, count, eq, like } from 'drizzle-orm';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  deals,
  emailOutbox,
  opportunities,
  organizationMembers,
  requestRevisions,
  requestTimeline,
  sponsorshipRequests,
  webhookEvents,
} from '../../src/db/schema/index.js';
import {
  addMember,
  createCommunity,
  createEvent,
  createOrganization,
  createSessionToken,
  createUser,
  memberWithToken,
} from '../helpers/fixtures.js';
import { waitFor } from '../helpers/receiver.js';
import { captureHistory } from '../helpers/histories.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { negotiationWorkflowId } from '../../src/workflows/negotiation/negotiation.contract.js';
import { contractWorkflowId } from '../../src/workflows/contract/contract.contract.js';
import { acceptedContractId } from '../../src/activities/negotiation.activities.js';

const { EventType } = proto.temporal.api.enums.v1;

let stack: TTestStack;
let communityId: string;
let organizer: { token: string; user: { id: string; email: string } };

beforeAll(async () => {
  stack = await startTestStack({
    NEGOTIATION_REMINDERS: '1200ms,600ms',
    COUNTER_OFFERS_PER_WINDOW: '3',
    REQUESTS_PER_COMMUNITY_PER_DAY: '200',
  });
  communityId = (await createCommunity(stack.db, 'approved')).id;
  organizer = await memberWithToken(stack.db, communityId, 'Organizer');
});
afterAll(() => stack?.close());

async function sponsor(status: 'Active' | 'Verified' | 'Pending Verification' = 'Active') {
  const org = await createOrganization(stack.db, { status });
  const user = await createUser(stack.db);
  await stack.db
    .insert(organizationMembers)
    .values({ organizationId: org.id, userId: user.id, role: 'Sponsor Admin', status: 'active' });
  return { org, user, token: await createSessionToken(stack.db, user.id) };
}

const proposal = (amountMinor: number, extra: Record<string, unknown> = {}) => ({
  amountMinor,
  currency: 'INR',
  category: 'Platinum Sponsor',
  benefits: [{ key: 'logo_placement' }, { key: 'workshop_slot', detail: '45 min' }],
  terms: 'Logo on all materials.',
  ...extra,
});

async function openRequest(orgId: string, opts: { deadline?: string; eventId?: string } = {}) {
  const eventId = opts.eventId ?? (await createEvent(stack.db, communityId)).id;
  const res = await stack.request('POST', '/api/v1/requests', {
    token: organizer.token,
    body: {
      communityId,
      organizationId: orgId,
      eventId,
      proposal: proposal(50_000_000, { message: 'Would you sponsor HackFest?' }),
      ...(opts.deadline ? { deadline: opts.deadline } : {}),
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id as string;
}

const act = (token: string, requestId: string, action: string, body: unknown) =>
  stack.request('PATCH', `/api/v1/requests/${requestId}/${action}`, { token, body });

describe('negotiation: community -> organization', () => {
  it('runs a multi-round counter chain to acceptance and creates the deal from the accepted revision', async () => {
    const s = await sponsor();
    const requestId = await openRequest(s.org.id);
    expect(
      (await stack.request('GET', `/api/v1/sponsors/${s.org.id}`, { token: organizer.token })).body.data
        .contacts,
    ).toBeNull();
    const r2 = await act(s.token, requestId, 'negotiate', {
      inReplyToRevision: 1,
      proposal: proposal(40_000_000),
    });
    expect(r2.status).toBe(200);
    expect(r2.body.data).toMatchObject({
      status: 'Negotiation',
      currentRevision: 2,
      currentAuthor: 'organization',
    });
    const r3 = await act(organizer.token, requestId, 'negotiate', {
      inReplyToRevision: 2,
      proposal: proposal(45_000_000, { category: 'Gold Sponsor' }),
    });
    expect(r3.body.data.currentRevision).toBe(3);
    const r4 = await act(s.token, requestId, 'negotiate', {
      inReplyToRevision: 3,
      proposal: proposal(44_000_000, { category: 'Gold Sponsor', benefits: [{ key: 'booth' }] }),
    });
    expect(r4.body.data.currentRevision).toBe(4);
    const accepted = await act(organizer.token, requestId, 'accept', { revision: 4 });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data).toMatchObject({
      status: 'Accepted',
      currentRevision: 4,
      dealId: expect.any(String),
    });

    // Once the community has a deal with the organization it sees the organization's contacts.
    const profile = await stack.request('GET', `/api/v1/sponsors/${s.org.id}`, { token: organizer.token });
    expect(profile.body.data.contacts).toMatchObject({ primaryEmail: null, billingEmail: null });
    // The acceptance step started the deal's contract itself (its id derived from the deal's), with its summary and
    // details: the negotiation's history has no child commands, and its last workflow task answered the acceptance.
    const contractRun = await stack.deps.temporal.workflow
      .getHandle(contractWorkflowId(acceptedContractId(accepted.body.data.dealId)))
      .describe();
    expect(contractRun.type).toBe('contractWorkflow');
    expect(await contractRun.staticDetails()).toContain(`acceptance of request ${requestId}`);
    expect(await contractRun.staticSummary()).toMatch(/^Contract · .*: INR 440,000\.00 Gold Sponsor$/);
    const { events } = await stack.deps.temporal.workflow
      .getHandle(negotiationWorkflowId(requestId))
      .fetchHistory();
    const eventTypes = (events ?? []).map((e) => e.eventType);
    expect(eventTypes).not.toContain(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
    // The API's start passes the patch level (NEGOTIATION_PATCH_LEVEL), so the run takes every current branch without
    // a patch marker or the search-attribute upsert the SDK adds beside one.
    const patches = (events ?? []).filter(
      (e) => e.markerRecordedEventAttributes?.markerName === 'core_patch',
    );
    expect(patches).toHaveLength(0);
    expect(eventTypes).toContain(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
    const upserted = (events ?? []).flatMap((e) =>
      Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}),
    );
    expect(upserted).not.toContain('TemporalChangeVersion');
    // The deadline's timer is left to the server when the acceptance closes the run: no CancelTimer command.
    expect(eventTypes).not.toContain(EventType.EVENT_TYPE_TIMER_CANCELED);
    await captureHistory(stack, negotiationWorkflowId(requestId), 'negotiation-accepted');
    // The same under the name of its patch level, kept when the one above is captured again after a later change. Kept
    // beside it, not re-captured: negotiation-accepted-reputation-in-step, with the steps' own reputation announcement
    // asked patch by patch, negotiation-accepted-current-patches (the marker before the step started the contract),
    // negotiation-accepted-current-patches-2 (before the deadline's timer was left running) and
    // negotiation-accepted-current-patches-3 (every patch in one marker, before starts passed the level).
    await captureHistory(stack, negotiationWorkflowId(requestId), 'negotiation-accepted-patch-level-3');
    const deal = await stack.request('GET', `/api/v1/deals/${accepted.body.data.dealId}`, { token: s.token });
    expect(deal.status).toBe(200);
    expect(deal.body.data).toMatchObject({
      amountMinor: 44_000_000,
      currency: 'INR',
      category: 'Gold Sponsor',
      tierKeyword: 'gold',
      benefits: [{ key: 'booth' }],
      status: 'Accepted',
      acceptedRevision: 4,
    });

    const detail = await stack.request('GET', `/api/v1/requests/${requestId}`, { token: organizer.token });
    expect(detail.body.data.revisions.map((r: { number: number }) => r.number)).toEqual([1, 2, 3, 4]);
    expect(detail.body.data.revisions[1].diff).toMatchObject({
      amountMinor: { from: 50_000_000, to: 40_000_000 },
    });
    expect(detail.body.data.revisions[3].diff).toMatchObject({
      benefitsAdded: [{ key: 'booth' }],
      benefitsRemoved: [{ key: 'logo_placement' }, { key: 'workshop_slot', detail: '45 min' }],
    });
    expect(detail.body.data.timeline.map((t: { type: string }) => t.type)).toEqual([
      'opened',
      'counter',
      'counter',
      'counter',
      'accepted',
    ]);

    const types = (
      await stack.db
        .select({ type: webhookEvents.type })
        .from(webhookEvents)
        .where(eq(webhookEvents.communityId, communityId))
    ).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['request_negotiation_started', 'deal_accepted']));
    // Every step emails the counterparty (acceptance: both sides), once per step.
    const keysTo = async (email: string) =>
      (await stack.db.select().from(emailOutbox).where(eq(emailOutbox.to, email)))
        .map((m) => m.idempotencyKey)
        .filter((k) => k.startsWith(`negotiation:${requestId}:`))
        .sort();
    expect(await keysTo(s.user.email)).toEqual(
      [1, 3, '5:organization'].map((step) => `negotiation:${requestId}:${step}:${s.user.email}`).sort(),
    );
    expect(await keysTo(organizer.user.email)).toEqual(
      [2, 4, '5:community'].map((step) => `negotiation:${requestId}:${step}:${organizer.user.email}`).sort(),
    );
    const [counterMail] = await stack.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `negotiation:${requestId}:3:${s.user.email}`));
    expect(counterMail!.subject).toBe('Counter-offer (revision 3): INR 450000.00');
    const [countered] = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, requestId), eq(auditLog.action, 'request.countered')))
      .orderBy(auditLog.id)
      .limit(1);
    expect(countered).toMatchObject({
      actorUserId: s.user.id,
      actorType: 'user',
      before: { status: 'Pending', currentRevision: 1 },
      after: { status: 'Negotiation', currentRevision: 2, amountMinor: 40_000_000, currency: 'INR' },
    });
    expect((await act(s.token, requestId, 'withdraw', {})).status).toBe(409);
  });

  it('refuses the wrong party, stale revisions and a non-initiator withdrawal with 409', async () => {
    const s = await sponsor();
    const requestId = await openRequest(s.org.id);
    const own = await act(organizer.token, requestId, 'accept', { revision: 1 });
    expect(own.status).toBe(409);
    expect(own.body.error.details.rule).toBe('NOT_YOUR_TURN');
    const stale = await act(s.token, requestId, 'negotiate', { inReplyToRevision: 7, proposal: proposal(1) });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_REVISION');
    expect((await act(s.token, requestId, 'withdraw', {})).status).toBe(409);
    const rejected = await act(s.token, requestId, 'reject', { revision: 1, reason: 'Budget is spent' });
    expect(rejected.body.data.status).toBe('Rejected');
    expect((await act(s.token, requestId, 'accept', { revision: 1 })).status).toBe(409);
    expect(
      await stack.db.select().from(requestRevisions).where(eq(requestRevisions.requestId, requestId)),
    ).toHaveLength(1);
  });

  it('lets exactly one of a racing accept and counter on the same revision win', async () => {
    const s = await sponsor();
    const requestId = await openRequest(s.org.id);
    const [accept, counter] = await Promise.all([
      act(s.token, requestId, 'accept', { revision: 1 }),
      act(s.token, requestId, 'negotiate', { inReplyToRevision: 1, proposal: proposal(1_000) }),
    ]);
    expect([accept.status, counter.status].sort()).toEqual([200, 409]);
    const [row] = await stack.db
      .select()
      .from(sponsorshipRequests)
      .where(eq(sponsorshipRequests.id, requestId));
    if (accept.status === 200) {
      expect(row!.status).toBe('Accepted');
      expect(
        await stack.db.select().from(requestRevisions).where(eq(requestRevisions.requestId, requestId)),
      ).toHaveLength(1);
    } else {
      expect(row!.status).toBe('Negotiation');
      expect(await stack.db.select().from(deals).where(eq(deals.requestId, requestId))).toHaveLength(0);
    }
  });

  it('the initiator withdraws before an outcome', async () => {
    const s = await sponsor();
    const requestId = await openRequest(s.org.id);
    const withdrawn = await act(organizer.token, requestId, 'withdraw', { reason: 'Event postponed' });
    expect(withdrawn.body.data.status).toBe('Withdrawn');
    expect((await act(s.token, requestId, 'accept', { revision: 1 })).status).toBe(409);
  });

  it('limits counter-offers per side (429)', async () => {
    const s = await sponsor();
    const requestId = await openRequest(s.org.id);
    let revision = 1;
    for (let round = 0; round < 3; round++) {
      expect(
        (
          await act(s.token, requestId, 'negotiate', {
            inReplyToRevision: revision++,
            proposal: proposal(1_000 + round),
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await act(organizer.token, requestId, 'negotiate', {
            inReplyToRevision: revision++,
            proposal: proposal(2_000 + round),
          })
        ).status,
      ).toBe(200);
    }
    const limited = await act(s.token, requestId, 'negotiate', {
      inReplyToRevision: revision,
      proposal: proposal(9),
    });
    expect(limited.status).toBe(429);
    expect((await act(s.token, requestId, 'accept', { revision })).status).toBe(200);
  });

  it('expires at the deadline after reminding both sides, and refuses actions afterwards', async () => {
    const s = await sponsor();
    const requestId = await openRequest(s.org.id, { deadline: new Date(Date.now() + 2_000).toISOString() });
    await waitFor(
      async () => {
        const [row] = await stack.db
          .select()
          .from(sponsorshipRequests)
          .where(eq(sponsorshipRequests.id, requestId));
        return row!.status === 'Expired';
      },
      10_000,
      'expiry',
    );
    await captureHistory(stack, negotiationWorkflowId(requestId), 'negotiation-expired');
    const reminders = await stack.db.select().from(emailOutbox).where(eq(emailOutbox.to, s.user.email));
    expect(
      reminders.filter((m) => m.idempotencyKey.startsWith(`negotiation-reminder:${requestId}`)),
    ).toHaveLength(2);
    expect((await act(s.token, requestId, 'accept', { revision: 1 })).status).toBe(409);
    expect(
      (
        await stack.request('POST', '/api/v1/negotiations/message', {
          token: s.token,
          body: { requestId, body: 'late' },
        })
      ).status,
    ).toBe(409);
  });

  it('keeps one open request per community, organization and event (409 naming it)', async () => {
    const s = await sponsor();
    const event = await createEvent(stack.db, communityId);
    const first = await openRequest(s.org.id, { eventId: event.id });
    const again = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId, organizationId: s.org.id, eventId: event.id, proposal: proposal(1) },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.details.existingRequestId).toBe(first);
  });

  it('opening writes the request, revision 1, the opened step, its audit row and the other side’s emails, all or nothing', async () => {
    const s = await sponsor();
    // A member who does not negotiate gets no email.
    const hiring = await createUser(stack.db);
    await stack.db
      .insert(organizationMembers)
      .values({ organizationId: s.org.id, userId: hiring.id, role: 'Hiring Manager', status: 'active' });
    const event = await createEvent(stack.db, communityId);
    const requestId = await openRequest(s.org.id, { eventId: event.id });

    const [request] = await stack.db
      .select()
      .from(sponsorshipRequests)
      .where(eq(sponsorshipRequests.id, requestId));
    expect(request).toMatchObject({
      communityId,
      organizationId: s.org.id,
      eventId: event.id,
      initiator: 'community',
      status: 'Pending',
      currentRevision: 1,
      currentAuthor: 'community',
      createdBy: organizer.user.id,
    });
    const revisions = await stack.db
      .select()
      .from(requestRevisions)
      .where(eq(requestRevisions.requestId, requestId));
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({
      number: 1,
      authorSide: 'community',
      authorUserId: organizer.user.id,
      amountMinor: 50_000_000,
      currency: 'INR',
      category: 'Platinum Sponsor',
      tierKeyword: 'platinum',
      benefits: proposal(1).benefits,
      terms: 'Logo on all materials.',
      message: 'Would you sponsor HackFest?',
    });
    const timeline = await stack.db
      .select()
      .from(requestTimeline)
      .where(eq(requestTimeline.requestId, requestId));
    expect(timeline.find((t) => t.seq === 1)).toMatchObject({
      type: 'opened',
      actorSide: 'community',
      actorUserId: organizer.user.id,
      toStatus: 'Pending',
      revision: 1,
    });
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, requestId), eq(auditLog.action, 'request.opened')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorUserId).toBe(organizer.user.id);
    expect(audits[0]!.after).toEqual({
      id: requestId,
      communityId,
      organizationId: s.org.id,
      eventId: event.id,
      opportunityId: null,
      initiator: 'community',
      status: 'Pending',
      currentRevision: 1,
      currentAuthor: 'community',
      deadline: request!.deadline.toISOString(),
      dealId: null,
      programId: null,
      programPeriod: null,
      createdBy: organizer.user.id,
      lastActivityAt: request!.lastActivityAt.toISOString(),
      createdAt: request!.createdAt.toISOString(),
      updatedAt: request!.updatedAt.toISOString(),
      proposal: {
        amountMinor: 50_000_000,
        currency: 'INR',
        category: 'Platinum Sponsor',
        benefits: proposal(1).benefits,
        terms: 'Logo on all materials.',
      },
    });
    const mails = await stack.db
      .select()
      .from(emailOutbox)
      .where(like(emailOutbox.idempotencyKey, `negotiation:${requestId}:1:%`));
    expect(mails.map((m) => [m.idempotencyKey, m.to, m.subject])).toEqual([
      [`negotiation:${requestId}:1:${s.user.email}`, s.user.email, 'New sponsorship request'],
    ]);
    expect(mails[0]!.body).toContain(`GET /api/v1/requests/${requestId}`);

    // A second opening for the same parties and event is refused and writes nothing at all.
    const rows = async () =>
      Promise.all([
        stack.db.select({ value: count() }).from(sponsorshipRequests),
        stack.db.select({ value: count() }).from(requestRevisions),
        stack.db.select({ value: count() }).from(requestTimeline),
        stack.db.select({ value: count() }).from(auditLog),
        stack.db.select({ value: count() }).from(emailOutbox),
      ]);
    const before = await rows();
    const again = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId, organizationId: s.org.id, eventId: event.id, proposal: proposal(2) },
    });
    expect(again.status).toBe(409);
    expect(await rows()).toEqual(before);
  });

  it('checks what an opening names, in order: community, permission, organization, opportunity, event', async () => {
    const s = await sponsor();
    const open = (token: string, body: Record<string, unknown>) =>
      stack.request('POST', '/api/v1/requests', {
        token,
        body: { communityId, organizationId: s.org.id, proposal: proposal(1), ...body },
      });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const other = await createCommunity(stack.db, 'approved');
    const otherEvent = await createEvent(stack.db, other.id);
    const [otherOpportunity] = await stack.db
      .insert(opportunities)
      .values({
        communityId: other.id,
        eventId: otherEvent.id,
        title: 'Elsewhere',
        eventSnapshot: {},
        desiredCategory: 'Gold Sponsor',
        benefits: [],
        budgetMinMinor: 1,
        budgetMaxMinor: 2,
        currency: 'INR',
        decisionDeadline: new Date(Date.now() + 86_400_000),
        status: 'Open',
      })
      .returning();

    const noCommunity = await open(organizer.token, { communityId: unknown });
    expect([noCommunity.status, noCommunity.body.message]).toEqual([404, 'Community not found']);
    // A caller without the permission learns nothing about the organization.
    const volunteer = await memberWithToken(stack.db, communityId, 'Volunteer');
    expect((await open(volunteer.token, { organizationId: unknown })).status).toBe(403);
    const noOrganization = await open(organizer.token, { organizationId: unknown });
    expect(noOrganization.status).toBe(404);
    expect(noOrganization.body.error.details[0].path).toBe('organizationId');
    const pending = await sponsor('Pending Verification');
    expect((await open(organizer.token, { organizationId: pending.org.id })).status).toBe(422);
    const foreignOpportunity = await open(organizer.token, { opportunityId: otherOpportunity!.id });
    expect(foreignOpportunity.status).toBe(404);
    expect(foreignOpportunity.body.error.details[0].path).toBe('opportunityId');
    expect((await open(organizer.token, { opportunityId: unknown })).status).toBe(404);
    const foreignEvent = await open(organizer.token, { eventId: otherEvent.id });
    expect(foreignEvent.status).toBe(404);
    expect(foreignEvent.body.error.details[0].path).toBe('eventId');
    expect((await open(organizer.token, { eventId: unknown })).status).toBe(404);
    expect(
      await stack.db
        .select()
        .from(sponsorshipRequests)
        .where(eq(sponsorshipRequests.organizationId, s.org.id)),
    ).toEqual([]);
  });

  it('threads messages without changing the terms', async () => {
    const s = await sponsor();
    const requestId = await openRequest(s.org.id);
    const first = await stack.request('POST', '/api/v1/negotiations/message', {
      token: s.token,
      body: {
        requestId,
        body: 'Can we add a booth?',
        attachments: [{ url: 'https://docs.example.com/deck.pdf', name: 'deck' }],
      },
    });
    expect(first.status).toBe(201);
    const reply = await stack.request('POST', '/api/v1/negotiations/message', {
      token: organizer.token,
      body: { requestId, body: 'Yes', parentMessageId: first.body.data.messageId },
    });
    expect(reply.status).toBe(201);
    const detail = await stack.request('GET', `/api/v1/requests/${requestId}`, { token: s.token });
    expect(detail.body.data.messages).toMatchObject([
      {
        body: 'Can we add a booth?',
        authorSide: 'organization',
        attachments: [{ url: 'https://docs.example.com/deck.pdf' }],
      },
      { body: 'Yes', parentMessageId: first.body.data.messageId, authorSide: 'community' },
    ]);
    expect(detail.body.data.currentRevision).toBe(1);
  });

  it('resumes after the worker restarts mid-negotiation, without duplicate rows', async () => {
    const s = await sponsor();
    const requestId = await openRequest(s.org.id);
    expect(
      (await act(s.token, requestId, 'negotiate', { inReplyToRevision: 1, proposal: proposal(2) })).status,
    ).toBe(200);
    await stack.stopWorker();
    await stack.startWorker();
    expect((await act(organizer.token, requestId, 'accept', { revision: 2 })).status).toBe(200);
    expect(
      await stack.db.select().from(requestRevisions).where(eq(requestRevisions.requestId, requestId)),
    ).toHaveLength(2);
    expect(await stack.db.select().from(deals).where(eq(deals.requestId, requestId))).toHaveLength(1);
  });
});

describe('applications to opportunities (organization -> community)', () => {
  it('publishes an opportunity, takes an application, accepts it and fills the slot', async () => {
    const s = await sponsor();
    const event = await createEvent(stack.db, communityId);
    const created = await stack.request('POST', '/api/v1/opportunities', {
      token: organizer.token,
      body: {
        eventId: event.id,
        title: 'Platinum sponsor for HackFest',
        desiredCategory: 'Platinum Sponsor',
        budgetRange: { minMinor: 40_000_000, maxMinor: 60_000_000, currency: 'INR' },
        decisionDeadline: new Date(Date.now() + 86_400_000).toISOString(),
        status: 'Open',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.benefits.map((b: { key: string }) => b.key)).toContain('workshop_slot');
    const opportunityId = created.body.data.id;
    const browse = await stack.request('GET', '/api/v1/opportunities?sort=fit', { token: s.token });
    expect(browse.body.data.map((o: { id: string }) => o.id)).toContain(opportunityId);

    const applied = await stack.request('POST', `/api/v1/opportunities/${opportunityId}/apply`, {
      token: s.token,
      body: { proposal: proposal(50_000_000) },
    });
    expect(applied.status).toBe(201);
    const requestId = applied.body.data.requestId;
    const inbox = await stack.request(
      'GET',
      `/api/v1/requests?communityId=${communityId}&direction=incoming&status=Pending`,
      { token: organizer.token },
    );
    expect(inbox.body.data.map((r: { id: string }) => r.id)).toContain(requestId);
    expect(inbox.body.data.find((r: { id: string }) => r.id === requestId).unread).toBe(true);

    const accepted = await act(organizer.token, requestId, 'accept', { revision: 1 });
    expect(accepted.body.data.status).toBe('Accepted');
    const [opportunity] = await stack.db
      .select()
      .from(opportunities)
      .where(eq(opportunities.id, opportunityId));
    expect(opportunity!.status).toBe('Filled');
    const types = (await stack.db.select({ type: webhookEvents.type }).from(webhookEvents)).map(
      (e) => e.type,
    );
    expect(types).toContain('sponsor_application_submitted');
    expect(
      (
        await stack.request('POST', `/api/v1/opportunities/${opportunityId}/apply`, {
          token: (await sponsor()).token,
          body: { proposal: proposal(1) },
        })
      ).status,
    ).toBe(422);
  });

  it('refuses unverified organizations and gated communities', async () => {
    const pending = await sponsor('Pending Verification');
    const res = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId, organizationId: pending.org.id, proposal: proposal(1) },
    });
    expect(res.status).toBe(422);
    const gated = await createCommunity(stack.db, 'under_review');
    const gatedOrganizer = await memberWithToken(stack.db, gated.id, 'Organizer');
    const s = await sponsor();
    const gatedRes = await stack.request('POST', '/api/v1/requests', {
      token: gatedOrganizer.token,
      body: { communityId: gated.id, organizationId: s.org.id, proposal: proposal(1) },
    });
    expect(gatedRes.status).toBe(403);
  });
});

describe('request input validation and access', () => {
  it.each([
    ['float amount', { amountMinor: 10.5 }, 'proposal.amountMinor'],
    ['zero amount', { amountMinor: 0 }, 'proposal.amountMinor'],
    ['bad currency', { currency: 'rupee' }, 'proposal.currency'],
    ['unknown category', { category: 'Mega Sponsor' }, 'proposal.category'],
    ['unknown field', { discount: 5 }, 'proposal.discount'],
  ])('%s -> 400, nothing written', async (_name, extra, path) => {
    const s = await sponsor();
    const before = await stack.db.select({ value: count() }).from(sponsorshipRequests);
    const res = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId, organizationId: s.org.id, proposal: proposal(100, extra) },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await stack.db.select({ value: count() }).from(sponsorshipRequests)).toEqual(before);
  });

  it('allows only negotiators of each side', async () => {
    const s = await sponsor();
    const requestId = await openRequest(s.org.id);
    const volunteer = await memberWithToken(stack.db, communityId, 'Volunteer');
    expect(
      (
        await stack.request('POST', '/api/v1/requests', {
          token: volunteer.token,
          body: { communityId, organizationId: s.org.id, proposal: proposal(1) },
        })
      ).status,
    ).toBe(403);
    const hiring = await createUser(stack.db);
    await stack.db
      .insert(organizationMembers)
      .values({ organizationId: s.org.id, userId: hiring.id, role: 'Hiring Manager', status: 'active' });
    const hiringToken = await createSessionToken(stack.db, hiring.id);
    expect((await act(hiringToken, requestId, 'accept', { revision: 1 })).status).toBe(404);
    const stranger = await createSessionToken(stack.db, (await createUser(stack.db)).id);
    expect((await stack.request('GET', `/api/v1/requests/${requestId}`, { token: stranger })).status).toBe(
      404,
    );
    expect((await stack.request('GET', `/api/v1/requests/${requestId}`)).status).toBe(401);
    expect((await act(s.token, 'nope', 'accept', { revision: 1 })).status).toBe(400);
    expect((await act(s.token, requestId, 'accept', { revision: 'one' })).status).toBe(400);
    const lead = await memberWithToken(stack.db, communityId, 'Sponsorship Lead');
    await addMember(stack.db, communityId, (await createUser(stack.db)).id, 'Mentor');
    expect((await stack.request('GET', `/api/v1/requests/${requestId}`, { token: lead.token })).status).toBe(
      200,
    );
  });
});
