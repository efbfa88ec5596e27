import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationMembers, requestRevisions, requestTimeline } from '../../src/db/schema/index.js';
import {
  createCommunity,
  createEvent,
  createOrganization,
  createSessionToken,
  createUser,
  memberWithToken,
} from '../helpers/fixtures.js';
import { apply, applicationBody } from '../helpers/onboarding.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

/** Issue 8, item 7: money in ISO 4217 currencies the platform supports, one currency per negotiation, bounded deadlines. */

let stack: TTestStack;
let communityId: string;
let organizer: { token: string };
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startTestStack({ SUPPORTED_CURRENCIES: 'INR,USD', REQUESTS_PER_COMMUNITY_PER_DAY: '200' });
  communityId = (await createCommunity(stack.db, 'approved')).id;
  organizer = await memberWithToken(stack.db, communityId, 'Organizer');
});
afterAll(() => stack?.close());

async function sponsor() {
  const org = await createOrganization(stack.db, { status: 'Active' });
  const user = await createUser(stack.db);
  await stack.db
    .insert(organizationMembers)
    .values({ organizationId: org.id, userId: user.id, role: 'Sponsor Admin', status: 'active' });
  return { org, user, token: await createSessionToken(stack.db, user.id) };
}

const proposal = (amountMinor: number, currency = 'INR') => ({
  amountMinor,
  currency,
  category: 'Gold Sponsor',
  benefits: [{ key: 'logo_placement' }],
});

async function openRequest(orgId: string, extra: Record<string, unknown> = {}) {
  const eventId = (await createEvent(stack.db, communityId)).id;
  return stack.request('POST', '/api/v1/requests', {
    token: organizer.token,
    body: { communityId, organizationId: orgId, eventId, proposal: proposal(50_000_000), ...extra },
  });
}

const detailAt = (res: { body: { error?: { details?: unknown } } }, path: string) =>
  (res.body.error?.details as { path: string; message: string }[] | undefined)?.find((d) => d.path === path);

describe('currencies', () => {
  it('refuses a code that is not ISO 4217 (400) and an ISO code the platform does not handle (422)', async () => {
    const s = await sponsor();
    const zzz = await openRequest(s.org.id, { proposal: proposal(1_000, 'ZZZ') });
    expect(zzz.status).toBe(400);
    expect(detailAt(zzz, 'proposal.currency')?.message).toMatch(/ISO 4217/);

    const jpy = await openRequest(s.org.id, { proposal: proposal(1_000, 'JPY') });
    expect(jpy.status).toBe(422);
    expect(jpy.body.error.code).toBe('BUSINESS_RULE');
    expect(jpy.body.message).toBe('JPY is not a currency this platform handles (supported: INR, USD)');
    expect(detailAt(jpy, 'proposal.currency')).toBeDefined();

    const usd = await openRequest(s.org.id, { proposal: proposal(1_000, 'USD') });
    expect(usd.status, JSON.stringify(usd.body)).toBe(201);

    const vocabulary = await stack.request('GET', '/api/v1/meta/vocabulary');
    expect(vocabulary.body.data).toMatchObject({ currencies: ['INR', 'USD'], maxDecisionDeadlineDays: 365 });
  });

  it('applies the same rule to every budget range: sponsor applications, profiles and opportunities', async () => {
    const applied = await apply(
      stack,
      applicationBody({ budgetRange: { minMinor: 1, maxMinor: 2, currency: 'EUR' } }),
    );
    expect(applied.status).toBe(422);
    expect(detailAt(applied, 'budgetRange.currency')).toBeDefined();

    const s = await sponsor();
    const patched = await stack.request('PATCH', `/api/v1/sponsors/${s.org.id}`, {
      token: s.token,
      body: { budgetRange: { minMinor: 1, maxMinor: 2, currency: 'ZZZ' } },
    });
    expect(patched.status).toBe(400);
    expect(detailAt(patched, 'budgetRange.currency')).toBeDefined();
    const gbp = await stack.request('PATCH', `/api/v1/sponsors/${s.org.id}`, {
      token: s.token,
      body: { budgetRange: { minMinor: 1, maxMinor: 2, currency: 'GBP' } },
    });
    expect(gbp.status).toBe(422);

    const event = await createEvent(stack.db, communityId);
    const opportunity = await stack.request('POST', '/api/v1/opportunities', {
      token: organizer.token,
      body: {
        eventId: event.id,
        title: 'Gold sponsor',
        desiredCategory: 'Gold Sponsor',
        budgetRange: { minMinor: 1, maxMinor: 2, currency: 'EUR' },
        decisionDeadline: new Date(Date.now() + DAY).toISOString(),
      },
    });
    expect(opportunity.status).toBe(422);
  });

  it('keeps a negotiation in the currency of its first revision: a counter changing it gets 422', async () => {
    const s = await sponsor();
    const opened = await openRequest(s.org.id);
    expect(opened.status).toBe(201);
    const requestId = opened.body.data.id;
    const switched = await stack.request('PATCH', `/api/v1/requests/${requestId}/negotiate`, {
      token: s.token,
      body: { inReplyToRevision: 1, proposal: proposal(40_000_000, 'USD') },
    });
    expect(switched.status).toBe(422);
    expect(switched.body.error.details).toEqual({ rule: 'CURRENCY_FIXED' });
    expect(switched.body.message).toMatch(
      /this negotiation is in INR; a counter-offer cannot change the currency/,
    );
    expect(
      await stack.db.select().from(requestRevisions).where(eq(requestRevisions.requestId, requestId)),
    ).toHaveLength(1);

    // Refused before anything was written: the same side counters in INR, the other side accepts.
    const inInr = await stack.request('PATCH', `/api/v1/requests/${requestId}/negotiate`, {
      token: s.token,
      body: { inReplyToRevision: 1, proposal: proposal(40_000_000) },
    });
    expect(inInr.status, JSON.stringify(inInr.body)).toBe(200);
    const accepted = await stack.request('PATCH', `/api/v1/requests/${requestId}/accept`, {
      token: organizer.token,
      body: { revision: 2 },
    });
    expect(accepted.body.data.status).toBe('Accepted');
    const steps = await stack.db
      .select({ seq: requestTimeline.seq })
      .from(requestTimeline)
      .where(eq(requestTimeline.requestId, requestId));
    expect(steps.map((t) => t.seq).sort()).toEqual([1, 2, 3]);
  });
});

describe('decision deadlines', () => {
  it('refuses a request deadline in the past or beyond a year ahead, and takes one within the bound', async () => {
    const s = await sponsor();
    const far = await openRequest(s.org.id, { deadline: '9999-12-31T00:00:00Z' });
    expect(far.status).toBe(422);
    expect(detailAt(far, 'deadline')?.message).toMatch(/at most 365 days ahead/);
    const past = await openRequest(s.org.id, { deadline: new Date(Date.now() - DAY).toISOString() });
    expect(past.status).toBe(422);
    expect(detailAt(past, 'deadline')?.message).toBe('in the past');
    const inBound = await openRequest(s.org.id, { deadline: new Date(Date.now() + 364 * DAY).toISOString() });
    expect(inBound.status, JSON.stringify(inBound.body)).toBe(201);
  });

  it('bounds an opportunity’s decision deadline on create and on update', async () => {
    const event = await createEvent(stack.db, communityId);
    const body = {
      eventId: event.id,
      title: 'Gold sponsor',
      desiredCategory: 'Gold Sponsor',
      budgetRange: { minMinor: 1, maxMinor: 2, currency: 'INR' },
    };
    const far = await stack.request('POST', '/api/v1/opportunities', {
      token: organizer.token,
      body: { ...body, decisionDeadline: '9999-12-31T00:00:00Z' },
    });
    expect(far.status).toBe(422);
    expect(detailAt(far, 'decisionDeadline')).toBeDefined();
    const created = await stack.request('POST', '/api/v1/opportunities', {
      token: organizer.token,
      body: { ...body, decisionDeadline: new Date(Date.now() + 30 * DAY).toISOString() },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.id;
    const farUpdate = await stack.request('PATCH', `/api/v1/opportunities/${id}`, {
      token: organizer.token,
      body: { decisionDeadline: new Date(Date.now() + 400 * DAY).toISOString() },
    });
    expect(farUpdate.status).toBe(422);
    const pastUpdate = await stack.request('PATCH', `/api/v1/opportunities/${id}`, {
      token: organizer.token,
      body: { decisionDeadline: new Date(Date.now() - DAY).toISOString() },
    });
    expect(pastUpdate.status).toBe(422);
  });

  it('takes its bound from config (MAX_DECISION_DEADLINE)', async () => {
    const short = await startTestStack({ MAX_DECISION_DEADLINE: '10d' });
    try {
      const community = await createCommunity(short.db, 'approved');
      const member = await memberWithToken(short.db, community.id, 'Organizer');
      const event = await createEvent(short.db, community.id);
      const body = {
        eventId: event.id,
        title: 'Gold sponsor',
        desiredCategory: 'Gold Sponsor',
        budgetRange: { minMinor: 1, maxMinor: 2, currency: 'INR' },
      };
      const eleven = await short.request('POST', '/api/v1/opportunities', {
        token: member.token,
        body: { ...body, decisionDeadline: new Date(Date.now() + 11 * DAY).toISOString() },
      });
      expect(eleven.status).toBe(422);
      expect(detailAt(eleven, 'decisionDeadline')?.message).toMatch(/at most 10 days ahead/);
      const nine = await short.request('POST', '/api/v1/opportunities', {
        token: member.token,
        body: { ...body, decisionDeadline: new Date(Date.now() + 9 * DAY).toISOString() },
      });
      expect(nine.status).toBe(201);
    } finally {
      await short.close();
    }
  });
});
