import { describe, expect, it } from 'vitest';
import {
  MIN_PROGRAM_MATCH_SCORE,
  programAsOrganization,
  selectMatchedCommunities,
  type TMatchCandidate,
  type TProgramTargeting,
} from '../../src/domain/programs.js';

const now = new Date('2027-01-10T00:00:00Z');
const targeting: TProgramTargeting = {
  eventTypes: ['Hackathon'],
  regions: ['APAC'],
  categories: ['Artificial Intelligence'],
  technologies: ['LLMs'],
  offeredCategory: 'Gold Sponsor',
  budgetPerPeriodMinor: 700_000,
  perCommunityCapMinor: 400_000,
  currency: 'INR',
};

function candidate(
  communityId: string,
  opportunityId: string,
  over: Partial<TMatchCandidate['opportunity']> = {},
): TMatchCandidate {
  return {
    opportunityId,
    communityId,
    communityReputation: null,
    updatedAt: '2027-01-09T00:00:00Z',
    opportunity: {
      eventType: 'Hackathon',
      eventCategory: 'Artificial Intelligence',
      region: 'APAC',
      expectedParticipants: 300,
      desiredCategory: 'Gold Sponsor',
      budget: { minMinor: 200_000, maxMinor: 400_000, currency: 'INR' },
      text: 'LLM hackathon. Build with large language models',
      ...over,
    },
  };
}

// Fits on nothing the program targets: another type, region, topic, currency and tier.
const unrelated = (communityId: string, opportunityId: string) =>
  candidate(communityId, opportunityId, {
    eventType: 'Meetup',
    eventCategory: 'Design',
    region: 'Europe',
    desiredCategory: 'Venue Partner',
    budget: { minMinor: 5_000_000, maxMinor: 9_000_000, currency: 'EUR' },
    text: 'Figma meetup for product designers',
  });

describe('communities matched to a program', () => {
  it('reads the targeting as an organization: event types, regions, technologies and categories, budget up to the cap', () => {
    expect(programAsOrganization(targeting, '2027-01-01T00:00:00Z')).toMatchObject({
      preferredEventTypes: ['Hackathon'],
      supportedRegions: ['APAC'],
      sponsorshipTypes: ['Gold Sponsor'],
      technologies: ['LLMs', 'Artificial Intelligence'],
      budget: { minMinor: 0, maxMinor: 400_000, currency: 'INR' },
    });
    expect(
      programAsOrganization({ ...targeting, perCommunityCapMinor: null }, '2027-01-01T00:00:00Z').budget,
    ).toEqual({ minMinor: 0, maxMinor: 700_000, currency: 'INR' });
  });

  it('invites a fitting community and leaves out an unrelated one (below the minimum score)', () => {
    const picked = selectMatchedCommunities({
      targeting,
      candidates: [candidate('c-fit', 'o1'), unrelated('c-other', 'o2')],
      alreadyInvited: new Set(),
      room: 5,
      now,
    });
    expect(picked.map((m) => m.communityId)).toEqual(['c-fit']);
    expect(picked[0]!.match.score).toBeGreaterThanOrEqual(MIN_PROGRAM_MATCH_SCORE);
    const signals = Object.fromEntries(picked[0]!.match.reasons.map((r) => [r.signal, r.value]));
    expect(signals).toMatchObject({ event_type: 1, region: 1, sponsorship_type: 1, budget: 1 });
  });

  it('scores a community by its best opportunity, skips those already invited (declines included), keeps to the room, best first', () => {
    const picked = selectMatchedCommunities({
      targeting,
      candidates: [
        // c-two's weak opportunity (another region) and its strong one: the strong one counts.
        candidate('c-two', 'weak', { region: 'Europe', text: 'A hackathon' }),
        candidate('c-two', 'strong'),
        // c-three fits less: another region and a budget above the cap.
        candidate('c-three', 'o3', {
          region: 'Europe',
          budget: { minMinor: 300_000, maxMinor: 500_000, currency: 'INR' },
        }),
        candidate('c-invited', 'o4'),
        unrelated('c-other', 'o5'),
      ],
      alreadyInvited: new Set(['c-invited']),
      room: 5,
      now,
    });
    expect(picked.map((m) => [m.communityId, m.opportunityId])).toEqual([
      ['c-two', 'strong'],
      ['c-three', 'o3'],
    ]);
    expect(picked[0]!.match.score).toBeGreaterThan(picked[1]!.match.score);

    const one = selectMatchedCommunities({
      targeting,
      candidates: [candidate('c-three', 'o3', { region: 'Europe' }), candidate('c-two', 'strong')],
      alreadyInvited: new Set(),
      room: 1,
      now,
    });
    expect(one.map((m) => m.communityId)).toEqual(['c-two']);
    expect(
      selectMatchedCommunities({
        targeting,
        candidates: [candidate('c-two', 's')],
        alreadyInvited: new Set(),
        room: 0,
        now,
      }),
    ).toEqual([]);
  });

  it('breaks equal scores by community id, so a retry picks the same communities', () => {
    const picked = selectMatchedCommunities({
      targeting,
      candidates: [candidate('c-b', 'o1'), candidate('c-a', 'o2'), candidate('c-c', 'o3')],
      alreadyInvited: new Set(),
      room: 2,
      now,
    });
    expect(picked.map((m) => m.communityId)).toEqual(['c-a', 'c-b']);
  });
});
