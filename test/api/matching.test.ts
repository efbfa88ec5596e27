import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPartnerLinks, events, opportunities, organizations } from '../../src/db/schema/index.js';
import { indexOrganization } from '../../src/search/reindex.js';
import { orgMember } from '../helpers/contracts.js';
import {
  createCommunity,
  createEvent,
  createSessionToken,
  createUser,
  memberWithToken,
} from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
const DAY = 86_400_000;
const SECRET_EMAIL = 'partnerships-secret@ai-labs.example';

type TOrgFields = Partial<typeof organizations.$inferInsert>;

async function organization(fields: TOrgFields) {
  const domain = `org-${randomUUID().slice(0, 8)}.com`;
  const [org] = await stack.db
    .insert(organizations)
    .values({
      kind: 'sponsor',
      displayName: `Org ${domain}`,
      normalizedDomain: domain,
      website: `https://${domain}`,
      status: 'Active',
      ...fields,
    })
    .returning();
  // The directory is written by the search-sync activity's function in production; here directly, before reading.
  await indexOrganization(stack.db, stack.deps.searchIndex, org!.id);
  return org!;
}

async function opportunity(
  communityId: string,
  event: {
    id: string;
    type: string;
    category: string;
    region: string | null;
    expectedParticipants: number | null;
  },
  fields: Partial<typeof opportunities.$inferInsert> = {},
) {
  const [row] = await stack.db
    .insert(opportunities)
    .values({
      communityId,
      eventId: event.id,
      title: 'HackFest 2026: build with LLMs',
      eventSnapshot: {
        title: 'HackFest 2026',
        type: event.type,
        category: event.category,
        region: event.region,
        expectedParticipants: event.expectedParticipants,
      },
      desiredCategory: 'Platinum Sponsor',
      budgetMinMinor: 40_000_000,
      budgetMaxMinor: 60_000_000,
      currency: 'INR',
      benefits: [{ key: 'logo_placement' }],
      decisionDeadline: new Date(Date.now() + 20 * DAY),
      status: 'Open',
      ...fields,
    })
    .returning();
  return row!;
}

let community: Awaited<ReturnType<typeof createCommunity>>;
let organizer: { token: string };
let opp: typeof opportunities.$inferSelect;
let poorOpp: typeof opportunities.$inferSelect;
let draftOpp: typeof opportunities.$inferSelect;
const orgs: Record<string, typeof organizations.$inferSelect> = {};

beforeAll(async () => {
  stack = await startTestStack();
  community = await createCommunity(stack.db, 'approved');
  const otherCommunity = await createCommunity(stack.db, 'approved');
  organizer = await memberWithToken(stack.db, community.id, 'Organizer');
  const event = await createEvent(stack.db, community.id);
  await stack.db
    .update(events)
    .set({ region: 'India', expectedParticipants: 500 })
    .where(eq(events.id, event.id));
  const ai = {
    id: event.id,
    type: 'Hackathon',
    category: 'Artificial Intelligence',
    region: 'India',
    expectedParticipants: 500,
  };
  opp = await opportunity(community.id, ai);
  draftOpp = await opportunity(community.id, ai, { status: 'Draft', title: 'Draft: next year' });
  poorOpp = await opportunity(
    otherCommunity.id,
    {
      id: (await createEvent(stack.db, otherCommunity.id)).id,
      type: 'Concert',
      category: 'Music',
      region: 'Europe',
      expectedParticipants: 5_000,
    },
    {
      title: 'Summer concert',
      desiredCategory: 'Venue Partner',
      currency: 'USD',
      budgetMinMinor: 100,
      budgetMaxMinor: 200,
    },
  );
  const good: TOrgFields = {
    displayName: 'Tensor Labs',
    industry: 'Artificial Intelligence',
    technologies: ['PyTorch', 'Kubernetes'],
    supportedRegions: ['India'],
    preferredEventTypes: ['Hackathon'],
    availableSponsorshipTypes: ['Platinum Sponsor'],
    budgetMinMinor: 50_000_000,
    budgetMaxMinor: 100_000_000,
    budgetCurrency: 'INR',
  };
  orgs.good = await organization({
    ...good,
    contactsCiphertext: stack.deps.secretBox.encrypt(JSON.stringify({ primaryEmail: SECRET_EMAIL })),
  });
  orgs.fair = await organization({
    displayName: 'Nimbus Cloud',
    industry: 'Cloud Infrastructure',
    technologies: ['AWS'],
    supportedRegions: ['Global'],
    preferredEventTypes: ['Code Lab'],
    availableSponsorshipTypes: ['Premier Sponsor'],
    budgetMinMinor: 10_000_000,
    budgetMaxMinor: 45_000_000,
    budgetCurrency: 'INR',
    status: 'Verified',
  });
  orgs.poor = await organization({
    displayName: 'Pixel Games',
    industry: 'Gaming',
    technologies: ['Unity'],
    supportedRegions: ['Europe'],
    preferredEventTypes: ['Concert', 'Hackathon'],
    availableSponsorshipTypes: ['Venue Partner'],
    budgetMinMinor: 100,
    budgetMaxMinor: 300,
    budgetCurrency: 'USD',
  });
  orgs.pending = await organization({
    ...good,
    displayName: 'Pending Tensor',
    status: 'Pending Verification',
  });
  orgs.othersAdded = await organization({
    ...good,
    displayName: 'Added elsewhere',
    status: 'Community Added',
    addedByCommunityId: otherCommunity.id,
  });
  orgs.ownAdded = await organization({
    ...good,
    displayName: 'Added by us',
    supportedRegions: ['APAC'],
    status: 'Community Added',
    addedByCommunityId: community.id,
  });
});
afterAll(() => stack?.close());

type TReason = { signal: string; weight: number; value: number; contribution: number; detail: string };
function expectExplained(item: { score: number; reasons: TReason[] }) {
  expect(item.reasons).toHaveLength(9);
  for (const r of item.reasons) expect(r.contribution).toBeCloseTo(r.weight * r.value, 2);
  expect(item.reasons.reduce((s, r) => s + r.contribution, 0)).toBeCloseTo(item.score, 9);
}

describe('GET /opportunities/:id/matches', () => {
  it("ranks organizations for the community's negotiators, each with reasons summing to its score", async () => {
    const res = await stack.request('GET', `/api/v1/opportunities/${opp.id}/matches?limit=50`, {
      token: organizer.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const ids = res.body.data.map((m: { organization: { id: string } }) => m.organization.id);
    expect(ids[0]).toBe(orgs.good!.id);
    // A related event type (Code Lab for a hackathon) and an overlapping budget make a candidate; it ranks below the
    // best fit, and the organization that fits on nothing is not a candidate or ranks below it.
    const fairAt = ids.indexOf(orgs.fair!.id);
    expect(fairAt).toBeGreaterThan(0);
    const poorAt = ids.indexOf(orgs.poor!.id);
    expect(poorAt === -1 || poorAt > fairAt).toBe(true);
    for (const item of res.body.data) expectExplained(item);
    const best = res.body.data[0];
    const tech = best.reasons.find((r: TReason) => r.signal === 'technology');
    expect(tech).toMatchObject({ value: 1 });
    expect(tech.detail).toMatch(/ai_ml/);
    const scores = res.body.data.map((m: { score: number }) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(res.body.meta).toMatchObject({ limit: 50, adapter: stack.deps.searchIndex.adapter });
  });

  it('shows only what the directory shows: no hidden organizations, no contacts or other private data', async () => {
    const res = await stack.request('GET', `/api/v1/opportunities/${opp.id}/matches?limit=50`, {
      token: organizer.token,
    });
    const ids = res.body.data.map((m: { organization: { id: string } }) => m.organization.id);
    expect(ids).not.toContain(orgs.pending!.id);
    expect(ids).not.toContain(orgs.othersAdded!.id);
    // A "Community Added" organization is visible to the community that added it.
    expect(ids).toContain(orgs.ownAdded!.id);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(SECRET_EMAIL);
    expect(text).not.toMatch(/contacts|ciphertext|legalName|members/i);
  });

  it('private listings (a non-public or draft event, a community-only panel entry) change no reason', async () => {
    const url = `/api/v1/opportunities/${opp.id}/matches?limit=50`;
    const fair = orgs.fair!;
    // Long inactive, so a listing made now would show in the recency reason if it counted.
    await stack.db
      .update(organizations)
      .set({ updatedAt: new Date(Date.now() - 400 * DAY) })
      .where(eq(organizations.id, fair.id));
    const reasonsOfFair = async () => {
      const res = await stack.request('GET', url, { token: organizer.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const match = res.body.data.find(
        (m: { organization: { id: string } }) => m.organization.id === fair.id,
      );
      expect(match).toBeDefined();
      return match.reasons as TReason[];
    };
    const before = await reasonsOfFair();
    const listing = (eventId: string, visibility: 'public' | 'community') => ({
      eventId,
      organizationId: fair.id,
      displayCategory: 'Platinum Sponsor' as const,
      kind: 'sponsor' as const,
      tierKeyword: 'platinum' as const,
      band: 0,
      nameSnapshot: fair.displayName,
      visibility,
    });
    // Every one is a Hackathon in Artificial Intelligence, like the opportunity: each would be a "similar event".
    const privateEvent = await createEvent(stack.db, community.id, { isPublic: false });
    const draftEvent = await createEvent(stack.db, community.id, { status: 'draft' });
    const publicEvent = await createEvent(stack.db, community.id);
    await stack.db
      .insert(eventPartnerLinks)
      .values([
        listing(privateEvent.id, 'public'),
        listing(draftEvent.id, 'public'),
        listing(publicEvent.id, 'community'),
      ]);
    expect(await reasonsOfFair()).toEqual(before);
    // The same listing on the public panel of a public event is what the reasons are made of.
    const shown = await createEvent(stack.db, community.id);
    await stack.db.insert(eventPartnerLinks).values(listing(shown.id, 'public'));
    const after = await reasonsOfFair();
    expect(after.find((r) => r.signal === 'recency')).not.toEqual(before.find((r) => r.signal === 'recency'));
  });

  it('RBAC: other roles and organizations 403, drafts 404 to strangers, no session 401, bad limit 400', async () => {
    const url = `/api/v1/opportunities/${opp.id}/matches`;
    const volunteer = await memberWithToken(stack.db, community.id, 'Volunteer');
    const byVolunteer = await stack.request('GET', url, { token: volunteer.token });
    expect(byVolunteer.status).toBe(403);
    expect(byVolunteer.body.message).toMatch(/negotiators/);
    const sponsor = await orgMember(stack, orgs.good!.id, 'Sponsor Admin');
    expect((await stack.request('GET', url, { token: sponsor.token })).status).toBe(403);
    expect(
      (await stack.request('GET', `/api/v1/opportunities/${draftOpp.id}/matches`, { token: sponsor.token }))
        .status,
    ).toBe(404);
    expect(
      (
        await stack.request('GET', `/api/v1/opportunities/${randomUUID()}/matches`, {
          token: organizer.token,
        })
      ).status,
    ).toBe(404);
    expect((await stack.request('GET', url)).status).toBe(401);
    expect((await stack.request('GET', `${url}?limit=0`, { token: organizer.token })).status).toBe(400);
    const two = await stack.request('GET', `${url}?limit=2`, { token: organizer.token });
    expect(two.body.data).toHaveLength(2);
  });
});

describe('GET /sponsors/:id/matches', () => {
  it("ranks open opportunities for the organization's members, with reasons", async () => {
    const member = await orgMember(stack, orgs.good!.id, 'Sponsor Manager');
    const res = await stack.request('GET', `/api/v1/sponsors/${orgs.good!.id}/matches`, {
      token: member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const ids = res.body.data.map((m: { opportunity: { id: string } }) => m.opportunity.id);
    expect(ids[0]).toBe(opp.id);
    expect(ids).toContain(poorOpp.id);
    expect(ids).not.toContain(draftOpp.id);
    for (const item of res.body.data) expectExplained(item);
    expect(res.body.data[0].opportunity).toMatchObject({
      community: { id: community.id },
      event: { type: 'Hackathon', region: 'India' },
    });
    const rep = res.body.data[0].reasons.find((r: TReason) => r.signal === 'reputation');
    expect(rep.detail).toMatch(/reputation/);
  });

  it('RBAC: other organizations and outsiders 403, hidden organizations 404, unverified 422', async () => {
    const url = `/api/v1/sponsors/${orgs.good!.id}/matches`;
    const other = await orgMember(stack, orgs.fair!.id, 'Sponsor Admin');
    expect((await stack.request('GET', url, { token: other.token })).status).toBe(403);
    expect((await stack.request('GET', url, { token: organizer.token })).status).toBe(403);
    const stranger = await createSessionToken(stack.db, (await createUser(stack.db)).id);
    expect(
      (await stack.request('GET', `/api/v1/sponsors/${orgs.pending!.id}/matches`, { token: stranger }))
        .status,
    ).toBe(404);
    const pendingMember = await orgMember(stack, orgs.pending!.id, 'Sponsor Admin');
    const refused = await stack.request('GET', `/api/v1/sponsors/${orgs.pending!.id}/matches`, {
      token: pendingMember.token,
    });
    expect(refused.status).toBe(422);
    expect((await stack.request('GET', url)).status).toBe(401);
  });
});
