import { describe, expect, it } from 'vitest';
import {
  audienceValue,
  budgetValue,
  conceptsOf,
  eventTypeValue,
  MATCH_SIGNALS,
  MATCH_WEIGHTS,
  ndcgAtK,
  pastOutcomesValue,
  rankMatches,
  recencyValue,
  regionValue,
  reputationValue,
  scoreMatch,
  sponsorshipTypeValue,
  technologyValue,
  type TMatchOpportunity,
  type TMatchOrganization,
} from '../../src/domain/matching.js';

const now = new Date('2026-06-01T00:00:00Z');
const budget = (minMinor: number, maxMinor: number, currency = 'INR') => ({ minMinor, maxMinor, currency });

describe('matching signals', () => {
  it('event type: preferred 1, same family 0.5, no preference 0.3, other 0', () => {
    expect(eventTypeValue('Hackathon', ['Hackathon', 'Meetup'])[0]).toBe(1);
    expect(eventTypeValue('Hackathon', ['Code Lab'])).toEqual([0.5, 'prefers Code Lab, close to Hackathon']);
    expect(eventTypeValue('Hackathon', [])[0]).toBe(0.3);
    expect(eventTypeValue('Hackathon', ['Concert'])[0]).toBe(0);
  });

  it('sponsorship type: exact 1, same band 0.6, same kind 0.3, none stated 0.3, else 0', () => {
    expect(sponsorshipTypeValue('Gold Sponsor', ['Gold Sponsor'])[0]).toBe(1);
    // Platinum and Premier share a band
    expect(sponsorshipTypeValue('Platinum Sponsor', ['Premier Sponsor'])[0]).toBe(0.6);
    expect(sponsorshipTypeValue('Platinum Sponsor', ['Bronze Sponsor'])[0]).toBe(0.3);
    expect(sponsorshipTypeValue('Platinum Sponsor', [])[0]).toBe(0.3);
    expect(sponsorshipTypeValue('Platinum Sponsor', ['Venue Partner'])[0]).toBe(0);
  });

  it('budget: the covered share of the range asked, same currency only', () => {
    // asked 100..300, offered 200..500: overlap 200..300 = 100 of 200 -> 0.5
    expect(budgetValue(budget(100, 300), budget(200, 500))[0]).toBe(0.5);
    expect(budgetValue(budget(100, 300), budget(0, 1000))[0]).toBe(1);
    expect(budgetValue(budget(100, 300), budget(10, 50))).toEqual([
      0,
      'budget up to 0.5 INR, below the 1 asked',
    ]);
    expect(budgetValue(budget(100, 300), budget(100, 300, 'USD'))[0]).toBe(0);
    expect(budgetValue(budget(100, 300), null)[0]).toBe(0);
    // a single amount asked: inside the range is a full fit
    expect(budgetValue(budget(200, 200), budget(100, 300))[0]).toBe(1);
  });

  it('audience: log-scale distance from the typical listed event (x8 away = 0)', () => {
    expect(audienceValue(400, 400)[0]).toBe(1);
    // twice the size: 1 - 1/3
    expect(audienceValue(800, 400)[0]).toBeCloseTo(2 / 3, 10);
    expect(audienceValue(50, 400)[0]).toBe(0);
    expect(audienceValue(null, 400)[0]).toBe(0.5);
    expect(audienceValue(400, null)[0]).toBe(0.5);
  });

  it('region: supported 1, Global 0.7, unknown 0.5, none stated 0.3, else 0', () => {
    expect(regionValue('India', ['India'])[0]).toBe(1);
    expect(regionValue('India', ['Global'])[0]).toBe(0.7);
    expect(regionValue(null, ['India'])[0]).toBe(0.5);
    expect(regionValue('India', [])[0]).toBe(0.3);
    expect(regionValue('India', ['Europe'])[0]).toBe(0);
  });

  it('the synonym graph: AI -> machine learning companies, cloud -> AWS/Azure/GCP, words not substrings', () => {
    expect(conceptsOf(['Artificial Intelligence'])).toEqual(new Set(['ai_ml']));
    expect(conceptsOf(['PyTorch', 'LangChain'])).toEqual(new Set(['ai_ml']));
    expect(conceptsOf(['Build on Amazon Web Services and GCP'])).toEqual(new Set(['cloud']));
    expect(conceptsOf(['Next.js and React'])).toEqual(new Set(['web_frontend']));
    expect(conceptsOf(['html'])).toEqual(new Set(['web_frontend'])); // "ml" inside "html" is not AI
    expect(conceptsOf(['Gardening club'])).toEqual(new Set());
    // The data and devtools concepts, and their edges: data is related to AI/ML, web to devtools.
    expect(conceptsOf(['PostgreSQL'])).toEqual(new Set(['data']));
    expect(conceptsOf(['GitHub', 'Postman'])).toEqual(new Set(['devtools']));
    expect(technologyValue(new Set(['ai_ml']), conceptsOf(['PostgreSQL']))[0]).toBe(0.5);
    expect(technologyValue(new Set(['devtools']), conceptsOf(['GitHub Actions']))[0]).toBe(1);
    expect(technologyValue(new Set(['data']), conceptsOf(['Postman']))[0]).toBe(0);
  });

  it('technology: covered share of the event concepts, related concepts half', () => {
    const event = new Set(['web_frontend', 'cloud']);
    expect(technologyValue(event, new Set(['web_frontend', 'cloud']))[0]).toBe(1);
    // web covered, cloud only through devops (related) -> (1 + 0.5) / 2
    expect(technologyValue(event, new Set(['web_frontend', 'devops']))[0]).toBe(0.75);
    // a devtools company for a web event: related -> 0.5
    expect(technologyValue(new Set(['web_frontend']), new Set(['devtools']))[0]).toBe(0.5);
    expect(technologyValue(event, new Set(['gaming']))[0]).toBe(0);
    expect(technologyValue(new Set(), new Set(['gaming']))[0]).toBe(0.3);
  });

  it('past outcomes, reputation, recency', () => {
    expect(pastOutcomesValue(0)[0]).toBe(0);
    expect(pastOutcomesValue(1)[0]).toBe(0.5);
    expect(pastOutcomesValue(3)[0]).toBe(0.875);
    expect(reputationValue(80)[0]).toBe(0.8);
    expect(reputationValue(null)[0]).toBe(0.5);
    expect(recencyValue('2026-06-01T00:00:00Z', now)[0]).toBe(1);
    expect(recencyValue('2026-03-03T00:00:00Z', now)[0]).toBeCloseTo(0.5, 10); // 90 days
    expect(recencyValue(null, now)[0]).toBe(0);
  });
});

describe('scoreMatch', () => {
  const opportunity: TMatchOpportunity = {
    eventType: 'Hackathon',
    eventCategory: 'Artificial Intelligence',
    region: 'India',
    expectedParticipants: 500,
    desiredCategory: 'Platinum Sponsor',
    budget: budget(40_000_000, 60_000_000),
    text: 'HackFest 2026: build with LLMs on the cloud',
  };
  const org: TMatchOrganization = {
    preferredEventTypes: ['Hackathon'],
    sponsorshipTypes: ['Platinum Sponsor'],
    supportedRegions: ['India'],
    technologies: ['PyTorch', 'Kubernetes'],
    developerTools: [],
    industry: 'Artificial Intelligence',
    shortDescription: null,
    budget: budget(50_000_000, 100_000_000),
    similarEvents: 2,
    typicalAudience: 500,
    lastActiveAt: '2026-06-01T00:00:00Z',
  };

  it('hand-computed: each reason is weight x value and the reasons sum to the score', () => {
    const m = scoreMatch(opportunity, org, { counterpartReputation: 60, now });
    const by = Object.fromEntries(m.reasons.map((r) => [r.signal, r]));
    expect(m.reasons.map((r) => r.signal)).toEqual([...MATCH_SIGNALS]);
    // event 20*1, sponsorship 10*1, budget 15*0.5 (50..60 of 40..60), audience 5*1, region 10*1,
    // technology 20*1 (ai_ml and cloud both covered), past 10*0.75, reputation 5*0.6, recency 5*1
    expect(by.budget).toMatchObject({ weight: 15, value: 0.5, contribution: 7.5 });
    expect(by.technology).toMatchObject({ value: 1, contribution: 20 });
    expect(by.past_outcomes).toMatchObject({ value: 0.75, contribution: 7.5 });
    expect(by.reputation).toMatchObject({ value: 0.6, contribution: 3 });
    expect(m.score).toBe(88);
    for (const r of m.reasons) expect(r.contribution).toBeCloseTo(r.weight * r.value, 2);
    expect(m.reasons.reduce((s, r) => s + r.contribution, 0)).toBeCloseTo(m.score, 9);
    expect(Object.values(MATCH_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('contributions sum to the score for awkward fractions too', () => {
    const m = scoreMatch(
      { ...opportunity, expectedParticipants: 333 },
      { ...org, similarEvents: 5, typicalAudience: 71, lastActiveAt: '2026-01-17T05:00:00Z' },
      { counterpartReputation: 47.3, now },
    );
    expect(m.reasons.reduce((s, r) => s + r.contribution, 0)).toBeCloseTo(m.score, 9);
  });

  it('a poor fit scores low, and ranking is best first with a stable tiebreak', () => {
    const poor = scoreMatch(
      opportunity,
      {
        ...org,
        preferredEventTypes: ['Concert'],
        sponsorshipTypes: ['Venue Partner'],
        supportedRegions: ['Europe'],
        technologies: ['Unity'],
        industry: 'Gaming',
        budget: budget(1, 2),
        similarEvents: 0,
        typicalAudience: null,
        lastActiveAt: null,
      },
      { counterpartReputation: 10, now },
    );
    // audience 5*0.5 + reputation 5*0.1 = 3
    expect(poor.score).toBe(3);
    const good = scoreMatch(opportunity, org, { counterpartReputation: 60, now });
    const ranked = rankMatches([
      { id: 'b', match: poor },
      { id: 'c', match: good },
      { id: 'a', match: poor },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('NDCG@10', () => {
  it('is 1 for the ideal order and hand-computed otherwise', () => {
    const rel = new Map([
      ['g1', 2],
      ['g2', 2],
      ['f', 1],
    ]);
    expect(ndcgAtK(['g1', 'g2', 'f', 'x'], rel)).toBeCloseTo(1, 10);
    // order x, g1: dcg = 3/log2(3); ideal = 3 + 3/log2(3) + 1/2
    const ideal = 3 + 3 / Math.log2(3) + 0.5;
    expect(ndcgAtK(['x', 'g1'], rel)).toBeCloseTo(3 / Math.log2(3) / ideal, 10);
    expect(ndcgAtK(['x'], new Map())).toBe(0);
  });
});
