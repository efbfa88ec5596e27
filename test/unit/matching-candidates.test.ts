import { describe, expect, it } from 'vitest';
import type { TOrganizationDocument } from '../../src/domain/directory.js';
import {
  candidatePrescore,
  candidateQuery,
  conceptsOf,
  scoreMatch,
  type TMatchOpportunity,
} from '../../src/domain/matching.js';

const hackfest: TMatchOpportunity = {
  eventType: 'Hackathon',
  eventCategory: 'Artificial Intelligence',
  region: 'India',
  expectedParticipants: 500,
  desiredCategory: 'Platinum Sponsor',
  budget: { minMinor: 40_000_000, maxMinor: 60_000_000, currency: 'INR' },
  text: 'HackFest 2026: build with LLMs',
};
const concepts = conceptsOf([hackfest.eventCategory, hackfest.text]);

function doc(fields: Partial<TOrganizationDocument>): TOrganizationDocument {
  return {
    id: '00000000-0000-4000-a000-000000000001',
    kind: 'sponsor',
    displayName: 'Org',
    legalName: null,
    industry: null,
    shortDescription: null,
    website: 'https://org.example',
    normalizedDomain: 'org.example',
    logoUrl: null,
    technologies: [],
    developerTools: [],
    supportedRegions: [],
    preferredEventTypes: [],
    supportedCommunityTypes: [],
    sponsorshipTypes: [],
    budgetMinMinor: null,
    budgetMaxMinor: null,
    budgetCurrency: null,
    status: 'Active',
    reputationScore: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    addedByCommunityId: null,
    ...fields,
  };
}

describe('candidate query and pre-score', () => {
  const query = candidateQuery(hackfest, concepts, ['c1'], 300);

  it("requires the event type's family and reads regions and technologies first", () => {
    expect(query.eventTypes).toEqual(
      expect.arrayContaining(['Hackathon', 'Code Lab', 'Competition', 'Challenge', 'Open Source Sprint']),
    );
    expect(query.visibleCommunityIds).toEqual(['c1']);
    expect(query.limit).toBe(300);
    expect(query.narrowing.map((n) => n.field)).toEqual(['supportedRegions', 'technologies']);
    expect(query.narrowing[0]!.values).toEqual(['India', 'Global']);
    // "Python" is not a term of the ai_ml concept, so it earns no technology points in scoreMatch either.
    expect(query.narrowing[1]!.values).toContain('PyTorch');
    expect(query.narrowing[1]!.values).not.toContain('Python');
  });

  it('hand-computed: 20 type + 10 tier + 10 region + 20 technology + 7.5 budget + 4 reputation = 71.5', () => {
    const best = doc({
      preferredEventTypes: ['Hackathon'],
      sponsorshipTypes: ['Platinum Sponsor'],
      supportedRegions: ['India'],
      technologies: ['PyTorch'],
      budgetMinMinor: 50_000_000,
      budgetMaxMinor: 100_000_000,
      budgetCurrency: 'INR',
      reputationScore: 80,
    });
    expect(candidatePrescore(best, query)).toBeCloseTo(71.5, 9);
  });

  it('hand-computed partial fits: family 10, same band 6, Global 7, no budget in that currency 0', () => {
    const fair = doc({
      preferredEventTypes: ['Code Lab'],
      sponsorshipTypes: ['Premier Sponsor'],
      supportedRegions: ['Global'],
      technologies: ['Unity'],
      budgetMinMinor: 100,
      budgetMaxMinor: 200,
      budgetCurrency: 'USD',
      reputationScore: 40,
    });
    expect(candidatePrescore(fair, query)).toBeCloseTo(10 + 6 + 7 + 0 + 0 + 2, 9);
    // Empty lists earn what scoreMatch gives an organization stating nothing (0.3 of the weight).
    expect(candidatePrescore(doc({}), query)).toBeCloseTo(6 + 3 + 3, 9);
  });

  it("equals scoreMatch's contributions of the signals it covers, for organizations whose concepts are in their technologies", () => {
    const orgs = [
      doc({
        preferredEventTypes: ['Hackathon', 'Meetup'],
        sponsorshipTypes: ['Gold Sponsor'],
        supportedRegions: ['Europe'],
        technologies: ['PostgreSQL', 'Go'],
        budgetMinMinor: 10_000_000,
        budgetMaxMinor: 45_000_000,
        budgetCurrency: 'INR',
        reputationScore: 55,
      }),
      doc({
        preferredEventTypes: ['Concert'],
        sponsorshipTypes: ['Venue Partner'],
        supportedRegions: ['India', 'Global'],
        technologies: ['TensorFlow'],
        budgetMinMinor: 60_000_000,
        budgetMaxMinor: 60_000_000,
        budgetCurrency: 'INR',
        reputationScore: 99,
      }),
    ];
    const covered = new Set([
      'event_type',
      'sponsorship_type',
      'budget',
      'region',
      'technology',
      'reputation',
    ]);
    for (const org of orgs) {
      const match = scoreMatch(
        hackfest,
        {
          ...org,
          budget: {
            minMinor: org.budgetMinMinor!,
            maxMinor: org.budgetMaxMinor!,
            currency: org.budgetCurrency!,
          },
          similarEvents: 0,
          typicalAudience: null,
          lastActiveAt: null,
        },
        { counterpartReputation: org.reputationScore, now: new Date() },
        concepts,
      );
      const expected = match.reasons
        .filter((r) => covered.has(r.signal))
        .reduce((s, r) => s + r.contribution, 0);
      // Contributions are rounded to 2 decimals, one rounding per signal.
      expect(Math.abs(candidatePrescore(org, query) - expected)).toBeLessThan(0.03);
    }
  });

  it('gives no technology points when the opportunity names none, and no region points without a region', () => {
    const plain = candidateQuery(
      { ...hackfest, eventCategory: 'Music', text: 'Summer concert', region: null },
      new Set(),
      [],
      10,
    );
    expect(plain.signals.map((s) => s.field)).toEqual(['preferredEventTypes', 'sponsorshipTypes']);
    expect(plain.narrowing).toEqual([]);
  });
});
