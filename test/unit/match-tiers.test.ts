import { describe, expect, it } from 'vitest';
import type { TOrganizationDocument } from '../../src/domain/directory.js';
import { cellBound, tierCells, type TTierCell } from '../../src/domain/match-tiers.js';
import {
  candidatePrescore,
  candidateQuery,
  conceptsOf,
  type TMatchOpportunity,
} from '../../src/domain/matching.js';

const hackfest: TMatchOpportunity = {
  eventType: 'Hackathon',
  eventCategory: 'Artificial Intelligence',
  region: 'India',
  expectedParticipants: 500,
  desiredCategory: 'Platinum Sponsor',
  budget: { minMinor: 40_000_000, maxMinor: 60_000_000, currency: 'INR' },
  text: 'HackFest 2026: build with LLMs on the cloud',
};
const query = candidateQuery(hackfest, conceptsOf([hackfest.eventCategory, hackfest.text]), [], 300);

/** A cell's conditions as the Meilisearch adapter filters them, evaluated on one document. */
function inCell(doc: TOrganizationDocument, cell: TTierCell): boolean {
  return cell.conditions.every((c) => {
    const list = doc[c.field];
    if (c.kind === 'empty') return list.length === 0;
    const none = !c.noneOf.some((v) => list.includes(v));
    return c.kind === 'overlaps' ? c.anyOf.some((v) => list.includes(v)) && none : list.length > 0 && none;
  });
}

function randomDocs(n: number): TOrganizationDocument[] {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = (list: string[]) => [
    ...new Set(Array.from({ length: Math.floor(next() * 3) }, () => list[Math.floor(next() * list.length)]!)),
  ];
  return Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`,
    kind: 'sponsor' as const,
    displayName: `Org ${i}`,
    legalName: null,
    industry: null,
    shortDescription: null,
    website: 'https://org.example',
    normalizedDomain: `org-${i}.example`,
    logoUrl: null,
    technologies: pick(['PyTorch', 'AWS', 'Kubernetes', 'Docker', 'Unity', 'Go', 'TypeScript', 'Python']),
    developerTools: [],
    supportedRegions: pick(['India', 'Global', 'Europe']),
    preferredEventTypes: pick(['Hackathon', 'Code Lab', 'Conference', 'Meetup']),
    supportedCommunityTypes: [],
    sponsorshipTypes: pick(['Platinum Sponsor', 'Premier Sponsor', 'Gold Sponsor', 'Venue Partner']),
    budgetMinMinor: 30_000_000,
    budgetMaxMinor: 50_000_000,
    budgetCurrency: next() < 0.5 ? 'INR' : null,
    status: 'Active',
    reputationScore: Math.floor(next() * 101),
    createdAt: '2026-01-01T00:00:00.000Z',
    addedByCommunityId: null,
  }));
}

describe('tier cells of the candidate pre-score', () => {
  const docs = randomDocs(400);

  it('puts every organization in exactly one cell, whose base plus budget and reputation is its pre-score', () => {
    const cells = tierCells(query, false);
    for (const doc of docs) {
      const holding = cells.filter((c) => inCell(doc, c));
      expect(holding).toHaveLength(1);
      const prescore = candidatePrescore(doc, query);
      const rest =
        candidatePrescore(
          { ...doc, preferredEventTypes: [], sponsorshipTypes: [], supportedRegions: [], technologies: [] },
          query,
        ) -
        candidatePrescore(
          {
            ...doc,
            preferredEventTypes: [],
            sponsorshipTypes: [],
            supportedRegions: [],
            technologies: [],
            reputationScore: 0,
            budgetCurrency: null,
          },
          query,
        );
      expect(holding[0]!.base + rest).toBeCloseTo(prescore, 9);
      expect(cellBound(holding[0]!.base, query, doc.reputationScore)).toBeGreaterThanOrEqual(prescore - 1e-9);
    }
  });

  it('narrowed: the cells hold exactly the family organizations overlapping a narrowing list', () => {
    const cells = tierCells(query, true);
    for (const doc of docs) {
      const narrowed =
        doc.preferredEventTypes.some((t) => query.eventTypes.includes(t)) &&
        query.narrowing.some((n) => n.values.some((v) => doc[n.field].includes(v)));
      expect(cells.filter((c) => inCell(doc, c))).toHaveLength(narrowed ? 1 : 0);
    }
  });

  it('orders cells best first: the exact fit on every signal is 20 + 10 + 10 + 20 = 60, bound 60 + 15 + 5', () => {
    const [best, ...rest] = tierCells(query, true);
    expect(best!.base).toBe(60);
    expect(rest.every((c) => c.base <= 60)).toBe(true);
    expect(cellBound(best!.base, query)).toBe(80);
    expect(cellBound(best!.base, query, 40)).toBe(77);
  });
});
