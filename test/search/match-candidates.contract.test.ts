/**
 * SearchIndex.matchCandidates, one behaviour on both adapters (Meilisearch when the harness started one): the
 * visible organizations only, ordered by the pre-score of src/domain/matching.ts (then reputation, then id), and on
 * the Postgres adapter exactly the `limit` best of those preferring the family and overlapping a narrowing list.
 */
import { randomUUID } from 'node:crypto';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TDb } from '../../src/db/client.js';
import { organizations } from '../../src/db/schema/index.js';
import { PUBLIC_DIRECTORY_STATUSES, type TOrganizationDocument } from '../../src/domain/directory.js';
import {
  candidatePrescore,
  candidateQuery,
  conceptsOf,
  type TCandidateQuery,
  type TMatchOpportunity,
} from '../../src/domain/matching.js';
import { MeilisearchSearchIndex } from '../../src/search/meilisearch-search-index.js';
import { toOrganizationDocument } from '../../src/search/organization-document.js';
import { PostgresSearchIndex } from '../../src/search/postgres-search-index.js';
import type { SearchIndex } from '../../src/search/search-index.js';
import { createCommunity } from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

const MEILI = inject('meili');
const meiliIndexName = `match_candidates_test_${randomUUID().slice(0, 8)}`;
const ADAPTERS: {
  name: string;
  available: boolean;
  create(db: TDb): SearchIndex;
  dispose?(): Promise<void>;
}[] = [
  { name: 'postgres', available: true, create: (db) => new PostgresSearchIndex({ db }) },
  {
    name: 'meilisearch',
    available: !!MEILI?.url,
    create: () =>
      new MeilisearchSearchIndex({ host: MEILI!.url, apiKey: MEILI!.key, indexName: meiliIndexName }),
    async dispose() {
      await new Meilisearch({ host: MEILI!.url, apiKey: MEILI!.key }).deleteIndex(meiliIndexName).waitTask();
    },
  },
];

let stack: TTestStack;
let own: string;
let other: string;
let docs: TOrganizationDocument[] = [];

const hackfest: TMatchOpportunity = {
  eventType: 'Hackathon',
  eventCategory: 'Artificial Intelligence',
  region: 'India',
  expectedParticipants: 500,
  desiredCategory: 'Platinum Sponsor',
  budget: { minMinor: 40_000_000, maxMinor: 60_000_000, currency: 'INR' },
  text: 'HackFest 2026: build with LLMs on the cloud',
};

/** Small seeded generator: every combination the pre-score distinguishes, ties included. */
function organizationRows(): (typeof organizations.$inferInsert)[] {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(list: readonly T[], n: number) => [
    ...new Set(Array.from({ length: n }, () => list[Math.floor(next() * list.length)]!)),
  ];
  const types = ['Hackathon', 'Code Lab', 'Conference', 'Meetup', 'Concert', 'Competition'];
  const tiers = ['Platinum Sponsor', 'Premier Sponsor', 'Gold Sponsor', 'Venue Partner', 'Media Partner'];
  const regions = ['India', 'Global', 'Europe', 'APAC'];
  const techs = ['PyTorch', 'AWS', 'Kubernetes', 'Unity', 'Go', 'PostgreSQL'];
  return Array.from({ length: 40 }, (_, i) => {
    const currency = ['INR', 'USD', null][Math.floor(next() * 3)]!;
    const min = Math.floor(next() * 8) * 10_000_000;
    return {
      kind: 'sponsor' as const,
      displayName: `Candidate ${i}`,
      normalizedDomain: `candidate-${i}-${randomUUID().slice(0, 6)}.example`,
      website: `https://candidate-${i}.example`,
      preferredEventTypes: pick(types, Math.floor(next() * 3)),
      availableSponsorshipTypes: pick(tiers, Math.floor(next() * 3)) as never,
      supportedRegions: pick(regions, Math.floor(next() * 3)),
      technologies: pick(techs, Math.floor(next() * 3)),
      budgetMinMinor: currency ? min : null,
      budgetMaxMinor: currency ? min + Math.floor(next() * 6) * 10_000_000 : null,
      budgetCurrency: currency,
      reputationScore: Math.floor(next() * 5) * 20,
      status: (['Active', 'Verified', 'Pending Verification', 'Community Added'] as const)[i % 4]!,
      addedByCommunityId: i % 4 === 3 ? (i % 8 === 3 ? own : other) : null,
    };
  });
}

function expected(query: TCandidateQuery, among: TOrganizationDocument[]) {
  const visible = among.filter(
    (d) =>
      (PUBLIC_DIRECTORY_STATUSES as readonly string[]).includes(d.status) ||
      (d.status === 'Community Added' && query.visibleCommunityIds.includes(d.addedByCommunityId ?? '')),
  );
  const first = visible.filter(
    (d) =>
      d.preferredEventTypes.some((t) => query.eventTypes.includes(t)) &&
      (query.narrowing.length === 0 ||
        query.narrowing.some((n) => n.values.some((v) => d[n.field].includes(v)))),
  );
  const pool = first.length >= query.limit ? first : visible;
  return pool
    .map((d) => ({ d, p: candidatePrescore(d, query) }))
    .sort((a, b) => b.p - a.p || b.d.reputationScore - a.d.reputationScore || (a.d.id < b.d.id ? -1 : 1))
    .slice(0, query.limit)
    .map((x) => x.d.id);
}

beforeAll(async () => {
  stack = await startTestStack();
  own = (await createCommunity(stack.db, 'approved')).id;
  other = (await createCommunity(stack.db, 'approved')).id;
  const rows = await stack.db.insert(organizations).values(organizationRows()).returning();
  docs = rows.map(toOrganizationDocument);
});
afterAll(() => stack?.close());

for (const adapter of ADAPTERS) {
  const suite = adapter.available ? describe : describe.skip;
  suite(`SearchIndex.matchCandidates: ${adapter.name}`, () => {
    let index: SearchIndex;
    beforeAll(async () => {
      index = adapter.create(stack.db);
      await index.init();
      await index.clear();
      await index.upsert(docs);
    });
    afterAll(async () => {
      await index?.close();
      await adapter.dispose?.();
    });

    it('returns every visible organization, best pre-score first, when fewer than the limit qualify', async () => {
      const query = candidateQuery(hackfest, conceptsOf([hackfest.eventCategory, hackfest.text]), [own], 50);
      const ids = (await index.matchCandidates(query)).map((d) => d.id);
      expect(ids).toEqual(expected(query, docs));
      // Hidden organizations never: pending ones and those another community added.
      const hidden = docs.filter(
        (d) =>
          d.status === 'Pending Verification' ||
          (d.status === 'Community Added' && d.addedByCommunityId !== own),
      );
      expect(hidden.length).toBeGreaterThan(0);
      for (const d of hidden) expect(ids).not.toContain(d.id);
      expect(ids.some((id) => docs.find((d) => d.id === id)!.addedByCommunityId === own)).toBe(true);
    });

    it('returns stored documents', async () => {
      const query = candidateQuery(hackfest, conceptsOf([hackfest.text]), [own], 50);
      const [first] = await index.matchCandidates(query);
      expect(first).toEqual(docs.find((d) => d.id === first!.id));
    });

    it('keeps exactly the best of the family and narrowing when enough qualify (the pre-score is the domain one)', async () => {
      for (const limit of [3, 6]) {
        const query = candidateQuery(
          hackfest,
          conceptsOf([hackfest.eventCategory, hackfest.text]),
          [own],
          limit,
        );
        const ids = (await index.matchCandidates(query)).map((d) => d.id);
        expect(ids).toEqual(expected(query, docs));
        expect(ids).toHaveLength(limit);
      }
    });

    it('finds the best fit with the lowest reputation among more higher-reputation, lower-fit organizations than the limit', async () => {
      const query = candidateQuery(hackfest, conceptsOf([hackfest.eventCategory, hackfest.text]), [own], 5);
      const firstTier = (field: string) =>
        query.signals.filter((s) => s.field === field).map((s) => s.tiers[0]!.values[0]!);
      const base = {
        kind: 'sponsor' as const,
        website: 'https://fit.example',
        technologies: firstTier('technologies'),
        budgetMinMinor: hackfest.budget.minMinor,
        budgetMaxMinor: hackfest.budget.maxMinor,
        budgetCurrency: hackfest.budget.currency,
        status: 'Active' as const,
      };
      // Every filter a reputation-ordered search could apply lets the decoys through, and they outrank it there.
      const rows = await stack.db
        .insert(organizations)
        .values([
          {
            ...base,
            displayName: 'Best fit, new',
            normalizedDomain: `best-fit-${randomUUID().slice(0, 6)}.example`,
            preferredEventTypes: [hackfest.eventType],
            availableSponsorshipTypes: [hackfest.desiredCategory] as never,
            supportedRegions: [hackfest.region!],
            reputationScore: 0,
          },
          ...Array.from({ length: 12 }, (_, i) => ({
            ...base,
            displayName: `Decoy ${i}`,
            normalizedDomain: `decoy-${i}-${randomUUID().slice(0, 6)}.example`,
            preferredEventTypes: ['Code Lab'],
            availableSponsorshipTypes: ['Gold Sponsor'] as never,
            supportedRegions: ['Global'],
            reputationScore: 100,
          })),
        ])
        .returning();
      const added = rows.map(toOrganizationDocument);
      await index.upsert(added);
      try {
        const best = added[0]!;
        const all = [...docs, ...added];
        expect(expected(query, all)[0]).toBe(best.id);
        expect(candidatePrescore(best, query)).toBeGreaterThan(candidatePrescore(added[1]!, query));
        const ids = (await index.matchCandidates(query)).map((d) => d.id);
        expect(ids).toEqual(expected(query, all));
        expect(ids[0]).toBe(best.id);
      } finally {
        await index.remove(added.map((d) => d.id));
      }
    });

    it('matches exactly with more distinct list values than a 64-bit mask holds, and follows rewrites and removals', async () => {
      // 90 technologies never seen before: the Postgres adapter's lean table gives bits to fewer than 64 values
      // per field, so most of these are kept as extra values beside the sign bit; tiers mix both kinds.
      const exotic = Array.from({ length: 90 }, (_, i) => `Exotic tech ${String(i).padStart(2, '0')}`);
      const rows = await stack.db
        .insert(organizations)
        .values(
          exotic.map((tech, i) => ({
            kind: 'sponsor' as const,
            displayName: `Exotic ${i}`,
            normalizedDomain: `exotic-${i}-${randomUUID().slice(0, 6)}.example`,
            website: 'https://exotic.example',
            preferredEventTypes: [i % 3 === 0 ? 'Hackathon' : 'Code Lab'],
            availableSponsorshipTypes: ['Gold Sponsor'] as never,
            supportedRegions: i % 4 === 0 ? [] : [`Exotic region ${i % 5}`],
            technologies: i % 7 === 0 ? [] : [tech, exotic[(i * 13) % exotic.length]!],
            reputationScore: (i * 37) % 101,
            status: 'Active' as const,
          })),
        )
        .returning();
      let added = rows.map(toOrganizationDocument);
      await index.upsert(added);
      const query: TCandidateQuery = {
        visibleCommunityIds: [own],
        eventTypes: ['Hackathon', 'Code Lab'],
        signals: [
          {
            field: 'preferredEventTypes',
            tiers: [
              { values: ['Hackathon'], points: 20 },
              { values: ['Hackathon', 'Code Lab'], points: 10 },
            ],
            empty: 6,
          },
          {
            field: 'technologies',
            tiers: [
              { values: [exotic[2]!, exotic[80]!, exotic[89]!], points: 12 },
              { values: [exotic[5]!, exotic[70]!, 'PyTorch'], points: 6 },
            ],
            empty: 0,
          },
          {
            field: 'supportedRegions',
            tiers: [{ values: ['Exotic region 1', 'Exotic region 3'], points: 10 }],
            empty: 3,
          },
        ],
        budget: { currency: 'EUR', minMinor: 0, maxMinor: 1, points: 15 },
        reputationPoints: 5,
        // As candidateQuery builds it: every tier value of the technologies signal.
        narrowing: [
          {
            field: 'technologies',
            values: [exotic[2]!, exotic[80]!, exotic[89]!, exotic[5]!, exotic[70]!, 'PyTorch'],
          },
        ],
        limit: 4,
      };
      try {
        const all = () => [...docs, ...added];
        const wide = { ...query, limit: 30 };
        expect((await index.matchCandidates(wide)).map((d) => d.id)).toEqual(expected(wide, all()));
        expect((await index.matchCandidates(query)).map((d) => d.id)).toEqual(expected(query, all()));
        // Rewritten lists are matched as rewritten: the best ones lose their technologies, others gain them.
        added = added.map((d, i) => ({
          ...d,
          technologies: i % 2 === 0 ? [] : [exotic[80]!, `Exotic rewrite ${i}`],
          supportedRegions: i % 3 === 0 ? ['Exotic region 3'] : d.supportedRegions,
        }));
        await index.upsert(added);
        expect((await index.matchCandidates(wide)).map((d) => d.id)).toEqual(expected(wide, all()));
        const before = (await index.matchCandidates(query)).map((d) => d.id);
        expect(before).toEqual(expected(query, all()));
        // A removed organization is gone from the candidates.
        await index.remove([before[0]!]);
        added = added.filter((d) => d.id !== before[0]);
        const after = (await index.matchCandidates(query)).map((d) => d.id);
        expect(after).not.toContain(before[0]);
        expect(after).toEqual(expected(query, all()));
      } finally {
        await index.remove(added.map((d) => d.id));
      }
    });
  });
}
