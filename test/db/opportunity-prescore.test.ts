import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOpportunitiesForMatching } from '../../src/db/repositories/matching-repository.js';
import { opportunities } from '../../src/db/schema/index.js';
import { scoreMatch, type TMatchOrganization } from '../../src/domain/matching.js';
import { opportunityPrescoreQuery } from '../../src/domain/opportunity-prescore.js';
import { opportunityForMatching } from '../../src/search/matching.js';
import { createCommunity, createEvent } from '../helpers/fixtures.js';
import { startTestDatabase } from '../helpers/database.js';

let t: Awaited<ReturnType<typeof startTestDatabase>>;
const DAY = 86_400_000;
const TYPES = ['Hackathon', 'Code Lab', 'Workshop', 'Meetup', 'Concert', 'Conference'];
const CATEGORIES = [
  'Platinum Sponsor',
  'Gold Sponsor',
  'Title Sponsor',
  'Venue Partner',
  'Media Partner',
] as const;
const REGIONS = ['India', 'Europe', 'North America', null];
const CURRENCIES = ['INR', 'USD'];

/** A deterministic generator, so a failure names the same opportunities on every run. */
function rng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

beforeAll(async () => {
  t = await startTestDatabase();
  const community = await createCommunity(t.db, 'approved');
  const event = await createEvent(t.db, community.id);
  const next = rng(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const rows = Array.from({ length: 120 }, (_, i) => {
    const min = Math.floor(next() * 50) * 100_000;
    const max = min + Math.floor(next() * 3) * 500_000;
    return {
      communityId: community.id,
      eventId: event.id,
      title: `Opportunity ${i}`,
      eventSnapshot: {
        title: `Event ${i}`,
        type: pick(TYPES),
        category: 'Artificial Intelligence',
        region: pick(REGIONS),
        expectedParticipants: 300,
      },
      desiredCategory: pick(CATEGORIES),
      budgetMinMinor: min,
      budgetMaxMinor: max,
      currency: pick(CURRENCIES),
      benefits: [],
      // The best fits close last: a cap by deadline alone would leave them out.
      decisionDeadline: new Date(Date.now() + (5 + i) * DAY),
      status: 'Open' as const,
    };
  });
  await t.db.insert(opportunities).values(rows);
});
afterAll(async () => {
  await t?.close();
});

const organizationsToTry: Pick<
  TMatchOrganization,
  'preferredEventTypes' | 'sponsorshipTypes' | 'supportedRegions' | 'budget'
>[] = [
  {
    preferredEventTypes: ['Hackathon'],
    sponsorshipTypes: ['Platinum Sponsor'],
    supportedRegions: ['India'],
    budget: { minMinor: 1_000_000, maxMinor: 3_000_000, currency: 'INR' },
  },
  {
    preferredEventTypes: ['Workshop', 'Meetup'],
    sponsorshipTypes: ['Gold Sponsor', 'Media Partner'],
    supportedRegions: ['Global'],
    budget: { minMinor: 0, maxMinor: 10_000_000, currency: 'USD' },
  },
  { preferredEventTypes: [], sponsorshipTypes: ['Venue Partner'], supportedRegions: [], budget: null },
];

/** What scoreMatch gives the four signals the pre-score mirrors; a signal with no stated preference is constant. */
function expectedPrescore(
  org: (typeof organizationsToTry)[number],
  row: typeof opportunities.$inferSelect,
): number {
  const full: TMatchOrganization = {
    ...org,
    technologies: [],
    developerTools: [],
    industry: null,
    shortDescription: null,
    similarEvents: 0,
    typicalAudience: null,
    lastActiveAt: null,
  };
  const { reasons } = scoreMatch(opportunityForMatching(row), full, {
    counterpartReputation: null,
    now: new Date(),
  });
  const counted = new Set<string>(['budget']);
  if (org.preferredEventTypes.length) counted.add('event_type');
  if (org.sponsorshipTypes.length) counted.add('sponsorship_type');
  if (org.supportedRegions.length) counted.add('region');
  return reasons.filter((r) => counted.has(r.signal)).reduce((sum, r) => sum + r.weight * r.value, 0);
}

describe('open opportunities for matching: the pre-score Postgres computes', () => {
  it('equals what scoreMatch gives event type, desired category, region and budget, for every opportunity', async () => {
    for (const org of organizationsToTry) {
      const rows = await openOpportunitiesForMatching(t.db, 1_000, opportunityPrescoreQuery(org));
      expect(rows).toHaveLength(120);
      for (const row of rows) {
        expect(Number(row.prescore), row.opportunity.title).toBeCloseTo(
          expectedPrescore(org, row.opportunity),
          2,
        );
      }
      const scores = rows.map((r) => Number(r.prescore));
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('caps by the pre-score, not by the deadline: the best fits are kept even when they close last', async () => {
    const org = organizationsToTry[0]!;
    const all = await openOpportunitiesForMatching(t.db, 1_000, opportunityPrescoreQuery(org));
    const best = Math.max(...all.map((r) => expectedPrescore(org, r.opportunity)));
    const top = await openOpportunitiesForMatching(t.db, 5, opportunityPrescoreQuery(org));
    expect(top).toHaveLength(5);
    expect(expectedPrescore(org, top[0]!.opportunity)).toBeCloseTo(best, 2);
    // The five soonest deadlines are not the five best here (the generator spreads fits over all deadlines).
    const soonest = await openOpportunitiesForMatching(t.db, 5);
    expect(soonest.map((r) => r.opportunity.id)).not.toEqual(top.map((r) => r.opportunity.id));
    expect(soonest.map((r) => r.opportunity.title)).toEqual([0, 1, 2, 3, 4].map((i) => `Opportunity ${i}`));
  });
});
