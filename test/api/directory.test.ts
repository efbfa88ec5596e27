import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations } from '../../src/db/schema/index.js';
import { indexOrganization } from '../../src/search/reindex.js';
import { createCommunity, createOrganization, memberWithToken } from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
let addedBy: { communityId: string; token: string };

async function org(name: string, domain: string, values: Partial<typeof organizations.$inferInsert>) {
  const row = await createOrganization(stack.db, { name, domain, status: values.status ?? 'Active' });
  await stack.db.update(organizations).set(values).where(eq(organizations.id, row.id));
  await indexOrganization(stack.db, stack.deps.searchIndex, row.id);
  return row.id;
}

beforeAll(async () => {
  stack = await startTestStack();
  const community = await createCommunity(stack.db, 'approved');
  addedBy = {
    communityId: community.id,
    token: (await memberWithToken(stack.db, community.id, 'Organizer')).token,
  };
  await org('Google Cloud', 'google.com', {
    industry: 'Cloud',
    technologies: ['Kubernetes', 'AI'],
    supportedRegions: ['APAC'],
    reputationScore: 90,
    availableSponsorshipTypes: ['Cash'],
    budgetMinMinor: 1_000_000,
    budgetMaxMinor: 5_000_000,
    budgetCurrency: 'USD',
  });
  await org('Globex Data', 'globex.io', {
    industry: 'Databases',
    technologies: ['Postgres'],
    supportedRegions: ['Europe'],
    reputationScore: 40,
    kind: 'partner',
    availableSponsorshipTypes: ['Credits'],
  });
  await org('Acme Devtools', 'acme-dev.io', {
    industry: 'Developer Tools',
    technologies: ['Kubernetes'],
    supportedRegions: ['APAC', 'Europe'],
    reputationScore: 70,
    status: 'Verified',
    availableSponsorshipTypes: ['Cash', 'Swag'],
    budgetMinMinor: 100,
    budgetMaxMinor: 500,
    budgetCurrency: 'USD',
  });
  await org('Pending Co', 'pending-co.io', { industry: 'Cloud', status: 'Pending Verification' });
  await org('Disabled Cloud', 'disabled-cloud.io', { industry: 'Cloud', status: 'Disabled' });
  await org('Community Card', 'community-card.io', {
    industry: 'Cloud',
    status: 'Community Added',
    addedByCommunityId: community.id,
  });
});
afterAll(() => stack?.close());

const search = (query: string, token?: string) =>
  stack.request('GET', `/api/v1/sponsors?${query}`, { token });
const names = (res: { body: { data: { displayName: string }[] } }) => res.body.data.map((d) => d.displayName);

describe('GET /api/v1/sponsors (directory)', () => {
  it('finds organizations despite typos', async () => {
    expect(names(await search('q=gogle%20cloud'))[0]).toBe('Google Cloud');
    expect(names(await search('q=glbex'))).toContain('Globex Data');
  });

  it('lists only Verified and Active organizations publicly; Community Added only to its community', async () => {
    const all = names(await search('sort=name&limit=50'));
    expect(all).toEqual(['Acme Devtools', 'Globex Data', 'Google Cloud']);
    const mine = names(await search('sort=name&limit=50', addedBy.token));
    expect(mine).toEqual(['Acme Devtools', 'Community Card', 'Globex Data', 'Google Cloud']);
  });

  it('filters, counts facets over the whole result and sorts', async () => {
    const k8s = await search('technologies=Kubernetes&sort=reputation');
    expect(names(k8s)).toEqual(['Google Cloud', 'Acme Devtools']);
    expect(k8s.body.meta.total).toBe(2);
    expect(k8s.body.meta.facets.supportedRegions).toMatchObject({ APAC: 2, Europe: 1 });
    expect(k8s.body.meta.adapter).toBe('postgres');
    expect(names(await search('kind=partner'))).toEqual(['Globex Data']);
    expect(names(await search('status=Verified'))).toEqual(['Acme Devtools']);
    expect(names(await search('sponsorshipTypes=Swag'))).toEqual(['Acme Devtools']);
    expect(names(await search('budgetCurrency=USD&budgetMin=1000000'))).toEqual(['Google Cloud']);
    const page2 = await search('sort=name&limit=1&page=2');
    expect(names(page2)).toEqual(['Globex Data']);
    expect(page2.body.meta).toMatchObject({ page: 2, limit: 1, total: 3, totalPages: 3 });
  });

  it('rejects bad parameters with 400 naming them', async () => {
    for (const [query, path] of [
      ['sort=random', 'sort'],
      ['kind=vendor', 'kind'],
      ['limit=500', 'limit'],
      ['eventTypes=Party', 'eventTypes.0'],
      ['colour=red', 'colour'],
    ] as const) {
      const res = await search(query);
      expect(res.status, query).toBe(400);
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        query,
      ).toContain(path);
    }
  });

  it('refuses a budget bound without its currency with 422 (a rule between two parameters the document cannot state)', async () => {
    const res = await search('budgetMin=5');
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('BUSINESS_RULE');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('budgetCurrency');
  });

  it('reads the comma-separated filters as the document describes them (items trimmed, empty ones dropped)', async () => {
    const spaced = await search(
      `eventTypes=${encodeURIComponent(' ,Meetup , ,Hackathon,')}&status=${encodeURIComponent('Verified, ')}`,
    );
    expect(spaced.status, JSON.stringify(spaced.body)).toBe(200);
    expect(names(spaced)).toEqual(names(await search('eventTypes=Meetup,Hackathon&status=Verified')));
  });
});
