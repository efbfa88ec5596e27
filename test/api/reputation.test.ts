import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  contractEvents,
  contracts,
  deals,
  events,
  opportunities,
  organizations,
  reputationSnapshots,
  sponsorshipRequests,
} from '../../src/db/schema/index.js';
import { ensureReputationSchedule } from '../../src/infra/reputation-schedule.js';
import { reputationScheduleId } from '../../src/workflows/reputation/reputation.contract.js';
import { orgMember } from '../helpers/contracts.js';
import { signedDeal } from '../helpers/fulfillment.js';
import {
  createCommunity,
  createEvent,
  createOrganization,
  createSessionToken,
  createUser,
  memberWithToken,
  proposalBody,
} from '../helpers/fixtures.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startTestStack({
    REVIEW_WINDOW: '30d',
    ORG_APPLICATIONS_PER_DAY: '3',
    LOW_TRUST_ORG_APPLICATIONS_PER_DAY: '1',
    ORG_MESSAGES_PER_HOUR: '5',
    LOW_TRUST_ORG_MESSAGES_PER_HOUR: '2',
  });
});
afterAll(() => stack?.close());

/** A contracted deal whose event ended `endedDaysAgo` days ago (negative: ends in the future). */
async function completedDeal(opts: { endedDaysAgo?: number; status?: 'Accepted' | 'Contracted' } = {}) {
  const community = await createCommunity(stack.db, 'approved');
  const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
  const org = await createOrganization(stack.db);
  const sponsor = await orgMember(stack, org.id, 'Sponsor Admin');
  const event = await createEvent(stack.db, community.id);
  const endsAt = new Date(Date.now() - (opts.endedDaysAgo ?? 1) * DAY);
  await stack.db
    .update(events)
    .set({ startsAt: new Date(endsAt.getTime() - DAY), endsAt })
    .where(eq(events.id, event.id));
  const [request] = await stack.db
    .insert(sponsorshipRequests)
    .values({
      communityId: community.id,
      organizationId: org.id,
      eventId: event.id,
      initiator: 'community',
      currentAuthor: 'community',
      status: 'Accepted',
      deadline: new Date(Date.now() + DAY),
    })
    .returning();
  const [deal] = await stack.db
    .insert(deals)
    .values({
      requestId: request!.id,
      communityId: community.id,
      organizationId: org.id,
      eventId: event.id,
      acceptedRevision: 1,
      amountMinor: 10_000_000,
      currency: 'INR',
      category: 'Gold Sponsor',
      tierKeyword: 'gold',
      benefits: [{ key: 'logo_placement' }],
      terms: 'Logo.',
      status: opts.status ?? 'Contracted',
    })
    .returning();
  await stack.db
    .update(sponsorshipRequests)
    .set({ dealId: deal!.id })
    .where(eq(sponsorshipRequests.id, request!.id));
  return { community, organizer, org, sponsor, event, deal: deal! };
}

const review = (rating: number, comment = 'Great partner, clear communication.') => ({ rating, comment });

describe('counterparty reviews', () => {
  it('each side reviews the other once; a retried identical review is the same row; a different one is 409', async () => {
    const d = await completedDeal();
    const url = `/api/v1/deals/${d.deal.id}/reviews`;
    const bySponsor = await stack.request('POST', url, { token: d.sponsor.token, body: review(4) });
    expect(bySponsor.status, JSON.stringify(bySponsor.body)).toBe(201);
    expect(bySponsor.body.data).toMatchObject({
      reviewerSide: 'organization',
      subject: { type: 'community', id: d.community.id },
      rating: 4,
    });
    const retried = await stack.request('POST', url, { token: d.sponsor.token, body: review(4) });
    expect(retried.status).toBe(200);
    expect(retried.body.data.id).toBe(bySponsor.body.data.id);
    const changed = await stack.request('POST', url, {
      token: d.sponsor.token,
      body: review(1, 'Changed my mind'),
    });
    expect(changed.status).toBe(409);
    expect(changed.body.error.details.existingReviewId).toBe(bySponsor.body.data.id);

    const byCommunity = await stack.request('POST', url, { token: d.organizer.token, body: review(5) });
    expect(byCommunity.status).toBe(201);
    expect(byCommunity.body.data.subject).toEqual({ type: 'organization', id: d.org.id });

    const listed = await stack.request('GET', url, { token: d.organizer.token });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((r: { rating: number }) => r.rating).sort()).toEqual([4, 5]);
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, d.deal.id), eq(auditLog.action, 'deal.reviewed')));
    expect(audits).toHaveLength(2);
  });

  it('RBAC: strangers 404, members without a negotiator role 403, unauthenticated 401', async () => {
    const d = await completedDeal();
    const url = `/api/v1/deals/${d.deal.id}/reviews`;
    const stranger = await createSessionToken(stack.db, (await createUser(stack.db)).id);
    expect((await stack.request('POST', url, { token: stranger, body: review(5) })).status).toBe(404);
    expect((await stack.request('GET', url, { token: stranger })).status).toBe(404);
    const volunteer = await memberWithToken(stack.db, d.community.id, 'Volunteer');
    const refused = await stack.request('POST', url, { token: volunteer.token, body: review(5) });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/negotiators/);
    const hiring = await orgMember(stack, d.org.id, 'Sponsor Manager');
    expect((await stack.request('POST', url, { token: hiring.token, body: review(3) })).status).toBe(201);
    expect((await stack.request('POST', url, { body: review(5) })).status).toBe(401);
  });

  it('only within the window after the event of a contracted deal; bad input is a 400', async () => {
    const future = await completedDeal({ endedDaysAgo: -2 });
    const early = await stack.request('POST', `/api/v1/deals/${future.deal.id}/reviews`, {
      token: future.organizer.token,
      body: review(5),
    });
    expect(early.status).toBe(422);
    expect(early.body.message).toMatch(/reviews open when the deal's event ends/);
    const old = await completedDeal({ endedDaysAgo: 31 });
    const late = await stack.request('POST', `/api/v1/deals/${old.deal.id}/reviews`, {
      token: old.organizer.token,
      body: review(5),
    });
    expect(late.status).toBe(422);
    expect(late.body.message).toMatch(/review window closed/);
    const unsigned = await completedDeal({ status: 'Accepted' });
    const notSigned = await stack.request('POST', `/api/v1/deals/${unsigned.deal.id}/reviews`, {
      token: unsigned.organizer.token,
      body: review(5),
    });
    expect(notSigned.status).toBe(422);
    expect(notSigned.body.message).toMatch(/signed contract/);
    const d = await completedDeal();
    for (const body of [
      { rating: 6, comment: 'x' },
      { rating: 3 },
      { rating: 3, comment: '   ' },
      { rating: 2.5, comment: 'x' },
    ]) {
      const bad = await stack.request('POST', `/api/v1/deals/${d.deal.id}/reviews`, {
        token: d.organizer.token,
        body,
      });
      expect(bad.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('a deal without an event end date is reviewable once its contract completed', async () => {
    const community = await createCommunity(stack.db, 'approved');
    const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
    const org = await createOrganization(stack.db);
    // A deal signed without an event (and without a benefit manager's end date): nothing says when it ended.
    const [request] = await stack.db
      .insert(sponsorshipRequests)
      .values({
        communityId: community.id,
        organizationId: org.id,
        initiator: 'community',
        currentAuthor: 'community',
        status: 'Accepted',
        deadline: new Date(Date.now() + DAY),
      })
      .returning();
    const [deal] = await stack.db
      .insert(deals)
      .values({
        requestId: request!.id,
        communityId: community.id,
        organizationId: org.id,
        acceptedRevision: 1,
        amountMinor: 10_000_000,
        currency: 'INR',
        category: 'Gold Sponsor',
        tierKeyword: 'gold',
        benefits: [{ key: 'logo_placement' }],
        terms: 'Logo.',
        status: 'Contracted',
      })
      .returning();
    const url = `/api/v1/deals/${deal!.id}/reviews`;
    const early = await stack.request('POST', url, { token: organizer.token, body: review(4) });
    expect(early.status).toBe(422);
    expect(early.body.message).toMatch(/no event end date and its contract is not completed yet/);
    // Its contract completes (every benefit verified or waived): the deal has ended then, two days ago.
    const completedAt = new Date(Date.now() - 2 * DAY);
    const contractId = randomUUID();
    await stack.db.insert(contracts).values({ id: contractId, dealId: deal!.id, status: 'Completed' });
    await stack.db.insert(contractEvents).values({
      contractId,
      idempotencyKey: `${contractId}:completed`,
      type: 'completed',
      fromStatus: 'Signed',
      toStatus: 'Completed',
      createdAt: completedAt,
    });
    const posted = await stack.request('POST', url, { token: organizer.token, body: review(4) });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(posted.body.data).toMatchObject({ subject: { type: 'organization', id: org.id }, rating: 4 });
    // The window runs from that completion: 29 days later it would still be open, 31 days later closed.
    await stack.db
      .update(contractEvents)
      .set({ createdAt: new Date(Date.now() - 31 * DAY) })
      .where(eq(contractEvents.contractId, contractId));
    const sponsor = await orgMember(stack, org.id, 'Sponsor Admin');
    const late = await stack.request('POST', url, { token: sponsor.token, body: review(5) });
    expect(late.status).toBe(422);
    expect(late.body.message).toMatch(/review window closed/);
  });
});

describe('reputation with its breakdown', () => {
  it('a review recomputes the reviewed side: the profile shows score, confidence and signals, shrunk toward the prior', async () => {
    const d = await completedDeal();
    const posted = await stack.request('POST', `/api/v1/deals/${d.deal.id}/reviews`, {
      token: d.organizer.token,
      body: review(5),
    });
    expect(posted.status).toBe(201);
    // The reputation workflow (signal-with-start) writes the snapshot and the directory score.
    const snapshot = await waitFor(
      async () => {
        const [row] = await stack.db
          .select()
          .from(reputationSnapshots)
          .where(
            and(
              eq(reputationSnapshots.subjectType, 'organization'),
              eq(reputationSnapshots.subjectId, d.org.id),
            ),
          );
        return row?.signals.find((s) => s.signal === 'reviews')?.dataPoints === 1 ? row : null;
      },
      20_000,
      'the organization reputation snapshot after the review',
    );
    const profile = await stack.request('GET', `/api/v1/sponsors/${d.org.id}`);
    expect(profile.status).toBe(200);
    const rep = profile.body.data.reputation;
    expect(rep).toMatchObject({ score: snapshot.score, confidence: snapshot.confidence });
    const reviews = rep.signals.find((s: { signal: string }) => s.signal === 'reviews');
    // one 5-star review: value 1, shrunk (1*1 + 3*0.75)/4 = 0.8125 toward the default prior 4 stars
    expect(reviews).toMatchObject({ value: 1, dataPoints: 1, prior: 0.75, shrunkValue: 0.8125 });
    // the request became a deal: 1 of 1 decided
    expect(rep.signals.find((s: { signal: string }) => s.signal === 'deal_success')).toMatchObject({
      value: 1,
      dataPoints: 1,
    });
    // an organization delivers no benefits: its fulfillment is its side, paying into escrow on time (this deal has no
    // payment yet: no data, the default prior 0.8, its full weight as published)
    const fulfillment = rep.signals.find((s: { signal: string }) => s.signal === 'fulfillment_quality');
    expect(fulfillment).toMatchObject({
      available: true,
      weight: 0.25,
      dataPoints: 0,
      value: null,
      prior: 0.8,
      shrunkValue: 0.8,
      detail: 'no payments due yet',
    });
    const weights = rep.signals.reduce((sum: number, s: { weight: number }) => sum + s.weight, 0);
    expect(weights).toBeCloseTo(1, 3);
    expect(rep.confidence).toBeGreaterThan(0);
    expect(rep.confidence).toBeLessThan(0.3);
    // the directory's integer score follows the snapshot
    const [org] = await stack.db.select().from(organizations).where(eq(organizations.id, d.org.id));
    expect(org!.reputationScore).toBe(Math.round(snapshot.score));
    expect(profile.body.data.trust.reputationScore).toBe(Math.round(snapshot.score));
  });

  it('a negotiation step recomputes both parties: a rejection is a decided request, the answer a response time', async () => {
    const community = await createCommunity(stack.db, 'approved');
    const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
    const org = await createOrganization(stack.db);
    const sponsor = await orgMember(stack, org.id, 'Sponsor Admin');
    const opened = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId: community.id, organizationId: org.id, proposal: proposalBody(5_000_000) },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const rejected = await stack.request('PATCH', `/api/v1/requests/${opened.body.data.id}/reject`, {
      token: sponsor.token,
      body: { revision: 1, reason: 'Not this year' },
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    const signalsOf = async (type: 'organization' | 'community', id: string) => {
      const [row] = await stack.db
        .select()
        .from(reputationSnapshots)
        .where(and(eq(reputationSnapshots.subjectType, type), eq(reputationSnapshots.subjectId, id)));
      return row ? Object.fromEntries(row.signals.map((s) => [s.signal, s])) : null;
    };
    const orgSignals = await waitFor(
      async () => {
        const signals = await signalsOf('organization', org.id);
        return signals?.deal_success?.dataPoints === 1 ? signals : null;
      },
      20_000,
      "the organization's snapshot after the rejection",
    );
    expect(orgSignals.deal_success).toMatchObject({ value: 0, dataPoints: 1 });
    // The organization answered the community's request: one response, within the hour.
    expect(orgSignals.response_speed!.dataPoints).toBe(1);
    expect(orgSignals.response_speed!.value).toBeGreaterThan(0.99);
    const communitySignals = await waitFor(
      async () => {
        const signals = await signalsOf('community', community.id);
        return signals?.deal_success?.dataPoints === 1 ? signals : null;
      },
      20_000,
      "the community's snapshot after the rejection",
    );
    expect(communitySignals.deal_success).toMatchObject({ value: 0, dataPoints: 1 });
    // The community opened the request: it received none, so it has no response time yet.
    expect(communitySignals.response_speed).toMatchObject({ dataPoints: 0, value: null });
  });

  it("a verified benefit recomputes the community's fulfillment quality", async () => {
    const d = await signedDeal(stack, { benefits: [{ key: 'logo_placement' }], endsInMs: 20 * DAY });
    const item = d.items[0]!;
    const base = `/api/v1/deals/${d.dealId}/benefits/${item.id}`;
    const delivered = await stack.request('POST', `${base}/proof`, {
      token: d.organizer.token,
      body: { type: 'link', url: 'https://example.com/logo-on-site' },
    });
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
    const verified = await stack.request('POST', `${base}/verify`, { token: d.sponsor.token });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const fulfillment = await waitFor(
      async () => {
        const res = await stack.request('GET', `/api/v1/communities/${d.community.id}/reputation`);
        const signal = res.body.data?.reputation.signals.find(
          (s: { signal: string }) => s.signal === 'fulfillment_quality',
        );
        return signal?.dataPoints === 1 ? signal : null;
      },
      20_000,
      "the community's fulfillment quality after the verification",
    );
    // 1 of 1 due benefit verified; shrunk (1*1 + 10*0.8)/11 toward the default prior
    expect(fulfillment).toMatchObject({ value: 1, prior: 0.8, shrunkValue: 0.8182 });
  });

  it('the community equivalent: public for approved communities, hidden for pending ones', async () => {
    const d = await completedDeal();
    await stack.request('POST', `/api/v1/deals/${d.deal.id}/reviews`, {
      token: d.sponsor.token,
      body: review(2),
    });
    const rep = await waitFor(
      async () => {
        const res = await stack.request('GET', `/api/v1/communities/${d.community.id}/reputation`);
        const reviews = res.body.data?.reputation.signals.find(
          (s: { signal: string }) => s.signal === 'reviews',
        );
        return reviews?.dataPoints === 1 ? res.body.data : null;
      },
      20_000,
      'the community reputation after the review',
    );
    expect(rep.communityId).toBe(d.community.id);
    const signals = Object.fromEntries(rep.reputation.signals.map((s: { signal: string }) => [s.signal, s]));
    expect(signals.reviews).toMatchObject({ value: 0.25, dataPoints: 1 });
    expect(signals.fulfillment_quality).toMatchObject({
      available: true,
      dataPoints: 0,
      detail: 'no benefits due yet',
    });
    const pending = await createCommunity(stack.db, 'pending');
    expect((await stack.request('GET', `/api/v1/communities/${pending.id}/reputation`)).status).toBe(404);
    const member = await memberWithToken(stack.db, pending.id, 'Organizer');
    expect(
      (await stack.request('GET', `/api/v1/communities/${pending.id}/reputation`, { token: member.token }))
        .status,
    ).toBe(200);
  });

  it('the nightly Temporal Schedule recomputes every organization and community', async () => {
    const org = await createOrganization(stack.db);
    const community = await createCommunity(stack.db, 'approved');
    await ensureReputationSchedule(stack.deps.temporal, stack.config);
    // idempotent: a second worker start updates the same schedule
    await ensureReputationSchedule(stack.deps.temporal, stack.config);
    const handle = stack.deps.temporal.schedule.getHandle(
      reputationScheduleId(stack.config.TEMPORAL_TASK_QUEUE),
    );
    const described = await handle.describe();
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'reputationNightlyWorkflow',
    });
    await handle.trigger();
    await waitFor(
      async () => {
        const rows = await stack.db.select().from(reputationSnapshots);
        const ids = new Set(rows.map((r) => r.subjectId));
        return ids.has(org.id) && ids.has(community.id) ? rows : null;
      },
      30_000,
      'snapshots of every subject after the nightly run',
    );
    await handle.delete();
  });
});

describe('stricter limits for new or low-trust organizations', () => {
  async function openOpportunity() {
    const community = await createCommunity(stack.db, 'approved');
    const event = await createEvent(stack.db, community.id);
    const [row] = await stack.db
      .insert(opportunities)
      .values({
        communityId: community.id,
        eventId: event.id,
        title: 'AI Hackathon sponsor',
        eventSnapshot: {
          title: event.title,
          type: event.type,
          category: event.category,
          region: event.region,
        },
        desiredCategory: 'Gold Sponsor',
        budgetMinMinor: 1_000_000,
        budgetMaxMinor: 5_000_000,
        currency: 'INR',
        benefits: [{ key: 'logo_placement' }],
        decisionDeadline: new Date(Date.now() + 10 * DAY),
        status: 'Open',
      })
      .returning();
    return row!;
  }
  const apply = (token: string, opportunityId: string) =>
    stack.request('POST', `/api/v1/opportunities/${opportunityId}/apply`, {
      token,
      body: { proposal: proposalBody(2_000_000) },
    });

  it('a new organization may open 1 application a day, an established one 3; the 429 says why', async () => {
    const fresh = await createOrganization(stack.db);
    const freshAdmin = await orgMember(stack, fresh.id, 'Sponsor Admin');
    const first = await apply(freshAdmin.token, (await openOpportunity()).id);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await apply(freshAdmin.token, (await openOpportunity()).id);
    expect(second.status).toBe(429);
    expect(second.body.message).toMatch(/new or low-trust/);
    expect(second.body.message).toMatch(/joined 0 days ago/);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);

    // An organization a year old with a good, well-founded reputation (its snapshot as the nightly run writes it).
    const established = await createOrganization(stack.db);
    await stack.db
      .update(organizations)
      .set({ createdAt: new Date(Date.now() - 365 * DAY) })
      .where(eq(organizations.id, established.id));
    await stack.db.insert(reputationSnapshots).values({
      subjectType: 'organization',
      subjectId: established.id,
      score: 82,
      confidence: 0.6,
      signals: [],
      formulaVersion: 1,
    });
    const admin = await orgMember(stack, established.id, 'Sponsor Admin');
    for (let i = 0; i < 3; i++)
      expect((await apply(admin.token, (await openOpportunity()).id)).status).toBe(201);
    const fourth = await apply(admin.token, (await openOpportunity()).id);
    expect(fourth.status).toBe(429);
    expect(fourth.body.message).not.toMatch(/low-trust/);
  });

  it('a new organization may send 2 negotiation messages an hour', async () => {
    const fresh = await createOrganization(stack.db);
    const admin = await orgMember(stack, fresh.id, 'Sponsor Admin');
    const opened = await apply(admin.token, (await openOpportunity()).id);
    expect(opened.status).toBe(201);
    const requestId = opened.body.data.requestId;
    const send = (token: string) =>
      stack.request('POST', '/api/v1/negotiations/message', { token, body: { requestId, body: 'Hello' } });
    expect((await send(admin.token)).status).toBe(201);
    expect((await send(admin.token)).status).toBe(201);
    const third = await send(admin.token);
    expect(third.status).toBe(429);
    expect(third.body.error.details).toMatchObject({ limit: 2, trust: 'restricted' });
  });
});
