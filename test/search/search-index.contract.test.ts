/**
 * One behaviour, two adapters: every case runs against the Postgres adapter, and against Meilisearch
 * when MEILI_URL is set. Expected results are computed from the fixture rows by a plain-JS oracle of
 * the directory rules (visibility, filters, facets, sorts), never written out by hand.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TDb } from '../../src/db/client.js';
import { organizations } from '../../src/db/schema/index.js';
import {
  DIRECTORY_FACETS,
  PUBLIC_DIRECTORY_STATUSES,
  type TDirectoryQuery,
  type TOrganizationDocument,
} from '../../src/domain/directory.js';
import { MeilisearchSearchIndex } from '../../src/search/meilisearch-search-index.js';
import { toOrganizationDocument } from '../../src/search/organization-document.js';
import { PostgresSearchIndex } from '../../src/search/postgres-search-index.js';
import { indexOrganization, reindexAll, type TReindexProgress } from '../../src/search/reindex.js';
import type { SearchIndex } from '../../src/search/search-index.js';
import { createCommunity } from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

type TOrgInsert = typeof organizations.$inferInsert;

// MEILI_URL, or the server the harness started from the binary scripts/install-tools.sh unpacks.
const MEILI = inject('meili');
const MEILI_URL = MEILI?.url;
const MEILI_KEY = MEILI?.key;

type TAdapter = {
  name: string;
  /** What index.adapter reports (name by default). */
  kind?: string;
  available: boolean;
  create(db: TDb): SearchIndex;
  /** Another process's handle on the same index: result caches off, which a NOTIFY clears only later. */
  createUncached(db: TDb): SearchIndex;
  dispose?(): Promise<void>;
};

const meiliIndexName = `organizations_test_${randomUUID().slice(0, 8)}`;
const ADAPTERS: TAdapter[] = [
  {
    name: 'postgres',
    available: true,
    create: (db) => new PostgresSearchIndex({ db }),
    createUncached: (db) => new PostgresSearchIndex({ db, resultTtlMs: 0, aggregateTtlMs: 0 }),
  },
  {
    // The same adapter reading every result as it reads large ones at 100k organizations (facet counts from
    // the bitmaps, pages by walking the sort index), which these few fixtures never reach by themselves.
    name: 'postgres-large',
    kind: 'postgres',
    available: true,
    create: (db) => new PostgresSearchIndex({ db, fewFacetRows: 0, fewMatches: 0 }),
    createUncached: (db) =>
      new PostgresSearchIndex({ db, resultTtlMs: 0, aggregateTtlMs: 0, fewFacetRows: 0, fewMatches: 0 }),
  },
  {
    name: 'meilisearch',
    available: !!MEILI_URL,
    create: () =>
      new MeilisearchSearchIndex({
        host: MEILI_URL!,
        apiKey: MEILI_KEY,
        indexName: meiliIndexName,
      }),
    createUncached: () =>
      new MeilisearchSearchIndex({ host: MEILI_URL!, apiKey: MEILI_KEY, indexName: meiliIndexName }),
    async dispose() {
      await new Meilisearch({ host: MEILI_URL!, apiKey: MEILI_KEY }).deleteIndex(meiliIndexName).waitTask();
    },
  },
];

let stack: TTestStack;
let communityA: string;
let communityB: string;
/** The organizations as the database holds them, mapped like the index maps them. */
let fixtures: TOrganizationDocument[] = [];

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const base = { kind: 'sponsor' as const, status: 'Active' as const };

function fixtureRows(): TOrgInsert[] {
  const org = (name: string, domain: string, extra: Partial<TOrgInsert>): TOrgInsert => ({
    ...base,
    displayName: name,
    normalizedDomain: domain,
    website: `https://${domain}`,
    createdAt: day('2024-01-01'),
    ...extra,
  });
  return [
    org('Google Cloud', 'cloud.google.com', {
      industry: 'Cloud Infrastructure',
      shortDescription: 'Infrastructure and platform services for builders.',
      technologies: ['Kubernetes', 'Go'],
      supportedRegions: ['Europe', 'North America'],
      preferredEventTypes: ['Hackathon'],
      availableSponsorshipTypes: ['Gold Sponsor'],
      budgetCurrency: 'USD',
      budgetMinMinor: 500_000,
      budgetMaxMinor: 2_000_000,
      reputationScore: 90,
      createdAt: day('2024-01-10'),
    }),
    org('MongoDB', 'mongodb.com', {
      status: 'Verified',
      industry: 'Databases',
      shortDescription: 'The document database developers love, in any cloud.',
      technologies: ['Node.js'],
      supportedRegions: ['APAC'],
      preferredEventTypes: ['Meetup', 'Workshop'],
      availableSponsorshipTypes: ['Silver Sponsor'],
      budgetCurrency: 'USD',
      budgetMinMinor: 100_000,
      budgetMaxMinor: 300_000,
      reputationScore: 80,
      createdAt: day('2024-03-01'),
    }),
    org('Neural Forge', 'neuralforge.dev', {
      kind: 'partner',
      industry: 'Research',
      shortDescription: 'Artificial intelligence tooling for student developers.',
      technologies: ['PyTorch', 'Python'],
      supportedRegions: ['India'],
      preferredEventTypes: ['Hackathon', 'Conference'],
      availableSponsorshipTypes: ['Knowledge Partner'],
      budgetCurrency: 'EUR',
      budgetMinMinor: 200_000,
      budgetMaxMinor: 800_000,
      reputationScore: 70,
      createdAt: day('2024-05-01'),
    }),
    org('Acme Tools', 'acmetools.io', {
      industry: 'Developer Tools',
      shortDescription: 'Command line tools for cloud platform teams.',
      technologies: ['TypeScript', 'Kubernetes'],
      supportedRegions: ['Europe'],
      preferredEventTypes: ['Workshop'],
      availableSponsorshipTypes: ['Gold Sponsor', 'Community Sponsor'],
      reputationScore: 70,
      createdAt: day('2024-05-01'),
    }),
    org('ACME TOOLS', 'acme-tools.net', {
      industry: 'Developer Tools',
      technologies: ['Rust'],
      supportedRegions: ['LATAM'],
      preferredEventTypes: ['Meetup'],
      availableSponsorshipTypes: ['Bronze Sponsor'],
      budgetCurrency: 'USD',
      budgetMinMinor: 2_500_000,
      budgetMaxMinor: null,
      reputationScore: 40,
      createdAt: day('2023-11-20'),
    }),
    org('Vision AI', 'visionai.io', {
      kind: 'partner',
      status: 'Verified',
      industry: 'Research',
      shortDescription: 'Computer vision models trained in the clouds.',
      technologies: ['Python'],
      supportedRegions: ['Africa', 'Europe'],
      preferredEventTypes: ['Bootcamp'],
      availableSponsorshipTypes: ['Community Partner'],
      budgetCurrency: 'INR',
      budgetMinMinor: 1_000_000,
      budgetMaxMinor: 5_000_000,
      reputationScore: 10,
      createdAt: day('2023-06-01'),
    }),
    org('Cloud Pending Corp', 'cloudpending.io', {
      status: 'Pending Verification',
      technologies: ['Kubernetes'],
      supportedRegions: ['Europe'],
      reputationScore: 99,
    }),
    org('Rejected Cloud', 'rejectedcloud.io', {
      status: 'Rejected',
      technologies: ['Kubernetes'],
      supportedRegions: ['Europe'],
      reputationScore: 99,
    }),
    org('Disabled Cloud', 'disabledcloud.io', {
      status: 'Disabled',
      technologies: ['Kubernetes'],
      supportedRegions: ['Europe'],
      reputationScore: 99,
    }),
    org('Community Cloud Crew', 'communitycloud.io', {
      status: 'Community Added',
      addedByCommunityId: communityA,
      industry: 'Cloud Infrastructure',
      technologies: ['Kubernetes'],
      supportedRegions: ['Europe'],
      preferredEventTypes: ['Meetup'],
      reputationScore: 50,
      createdAt: day('2025-02-02'),
    }),
  ];
}

// ---- the oracle: the directory rules in plain JS ----

function visible(doc: TOrganizationDocument, query: Pick<TDirectoryQuery, 'visibleCommunityIds'>) {
  return (
    PUBLIC_DIRECTORY_STATUSES.includes(doc.status) ||
    (doc.status === 'Community Added' &&
      doc.addedByCommunityId !== null &&
      query.visibleCommunityIds.includes(doc.addedByCommunityId))
  );
}

const anyOf = (have: string[], wanted?: string[]) => !wanted || have.some((v) => wanted.includes(v));

function oracle(query: TDirectoryQuery): TOrganizationDocument[] {
  const matches = fixtures.filter(
    (doc) =>
      visible(doc, query) &&
      (!query.statuses || query.statuses.includes(doc.status)) &&
      (!query.kind || doc.kind === query.kind) &&
      (!query.industries || (doc.industry !== null && query.industries.includes(doc.industry))) &&
      anyOf(doc.technologies, query.technologies) &&
      anyOf(doc.supportedRegions, query.regions) &&
      anyOf(doc.preferredEventTypes, query.eventTypes) &&
      anyOf(doc.sponsorshipTypes, query.sponsorshipTypes) &&
      (!query.budget ||
        (doc.budgetCurrency === query.budget.currency &&
          (query.budget.minMinor === undefined ||
            doc.budgetMaxMinor === null ||
            doc.budgetMaxMinor >= query.budget.minMinor) &&
          (query.budget.maxMinor === undefined ||
            doc.budgetMinMinor === null ||
            doc.budgetMinMinor <= query.budget.maxMinor))),
  );
  const byId = (a: TOrganizationDocument, b: TOrganizationDocument) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  const compare: Record<
    TDirectoryQuery['sort'],
    (a: TOrganizationDocument, b: TOrganizationDocument) => number
  > = {
    relevance: (a, b) => b.reputationScore - a.reputationScore || byId(a, b),
    reputation: (a, b) => b.reputationScore - a.reputationScore || byId(a, b),
    newest: (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || byId(a, b),
    name: (a, b) => {
      const x = a.displayName.toLowerCase();
      const y = b.displayName.toLowerCase();
      return x < y ? -1 : x > y ? 1 : byId(a, b);
    },
  };
  return matches.sort(compare[query.sort]);
}

function oracleFacets(docs: TOrganizationDocument[]) {
  const facets = Object.fromEntries(DIRECTORY_FACETS.map((f) => [f, {} as Record<string, number>]));
  const bump = (facet: string, value: string | null) => {
    if (value === null) return;
    facets[facet]![value] = (facets[facet]![value] ?? 0) + 1;
  };
  for (const doc of docs) {
    bump('kind', doc.kind);
    bump('industry', doc.industry);
    bump('status', doc.status);
    for (const v of doc.technologies) bump('technologies', v);
    for (const v of doc.supportedRegions) bump('supportedRegions', v);
    for (const v of doc.preferredEventTypes) bump('preferredEventTypes', v);
    for (const v of doc.sponsorshipTypes) bump('sponsorshipTypes', v);
  }
  return facets;
}

const query = (extra: Partial<TDirectoryQuery> = {}): TDirectoryQuery => ({
  sort: 'relevance',
  page: 1,
  limit: 50,
  visibleCommunityIds: [],
  ...extra,
});
const names = (docs: TOrganizationDocument[]) => docs.map((d) => d.displayName);
const ids = (docs: TOrganizationDocument[]) => docs.map((d) => d.id);
const byName = (name: string) => fixtures.find((d) => d.displayName === name)!;

async function reloadFixtures() {
  fixtures = (await stack.db.select().from(organizations)).map(toOrganizationDocument);
}

beforeAll(async () => {
  stack = await startTestStack();
  communityA = (await createCommunity(stack.db)).id;
  communityB = (await createCommunity(stack.db)).id;
  await stack.db.insert(organizations).values(fixtureRows());
  await reloadFixtures();
});

afterAll(async () => {
  await stack?.close();
});

for (const adapter of ADAPTERS) {
  if (!adapter.available) {
    console.warn(
      `[search contract] SKIPPED for ${adapter.name}: MEILI_URL is not set and no meilisearch binary was found (scripts/install-tools.sh unpacks ../shared/bin/meilisearch.gz). ` +
        'Run `MEILI_URL=http://127.0.0.1:7700 MEILI_KEY=... npx vitest run test/search` against a Meilisearch server to include it.',
    );
  }
  const suite = adapter.available ? describe : describe.skip;

  suite(`SearchIndex contract: ${adapter.name}`, () => {
    let index: SearchIndex;

    beforeAll(async () => {
      index = adapter.create(stack.db);
      await index.init();
      await index.clear();
      await reindexAll({ db: stack.db, index });
    });

    afterAll(async () => {
      await index?.close();
      await adapter.dispose?.();
    });

    it('reports its adapter and is healthy', async () => {
      expect(index.adapter).toBe(adapter.kind ?? adapter.name);
      await expect(index.health()).resolves.toBeUndefined();
      await expect(index.init()).resolves.toBeUndefined();
    });

    it('returns the stored document for a hit', async () => {
      const result = await index.search(query({ q: 'MongoDB' }));
      expect(result.hits[0]).toEqual(byName('MongoDB'));
    });

    it('tolerates typos: "gogle cloud" finds Google Cloud first, "mongdb" finds MongoDB', async () => {
      const google = await index.search(query({ q: 'gogle cloud' }));
      expect(google.hits[0]?.displayName).toBe('Google Cloud');
      const mongo = await index.search(query({ q: 'mongdb' }));
      expect(names(mongo.hits)).toContain('MongoDB');
      expect(mongo.hits[0]?.displayName).toBe('MongoDB');
    });

    it('tolerates a typo in every word: "nueral froge" finds Neural Forge, as each word alone does', async () => {
      for (const q of ['nueral', 'froge', 'nueral froge', 'nueral forge', 'neural froge']) {
        expect(names((await index.search(query({ q }))).hits)[0], q).toBe('Neural Forge');
      }
    });

    it('allows typos by word length: none under 5 letters, 1 from 5, 2 from 9, a first letter counting 2', async () => {
      const found = async (q: string) => names((await index.search(query({ q }))).hits);
      // 4 letters: no typo allowed ("clud" is no prefix either).
      expect(await found('clud')).toEqual([]);
      // 5-8 letters: one typo, not two.
      expect(await found('mongdb')).toContain('MongoDB');
      expect(await found('mngdb')).toEqual([]);
      // 9 letters or more: two typos.
      const kubernetes = ids(oracle(query({ technologies: ['Kubernetes'] }))).sort();
      expect(ids((await index.search(query({ q: 'kubrnetse' }))).hits).sort()).toEqual(kubernetes);
      expect(await found('kubrntse')).toEqual([]);
      // A changed first letter costs two typos: out of a 6-letter word's budget, within a 10-letter one's.
      expect(await found('hoogle')).toEqual([]);
      expect(ids((await index.search(query({ q: 'xubernetes' }))).hits).sort()).toEqual(kubernetes);
    });

    it('matches only the last word as a prefix', async () => {
      expect(names((await index.search(query({ q: 'forge neur' }))).hits)).toEqual(['Neural Forge']);
      expect((await index.search(query({ q: 'neur forge' }))).total).toBe(0);
    });

    it('drops words from the end until documents match, ranking those matching more words first', async () => {
      const withCloud = fixtures.filter(
        (d) =>
          visible(d, { visibleCommunityIds: [communityA] }) &&
          /\bclouds?\b/i.test([d.displayName, d.shortDescription, d.industry].join(' ')),
      );
      const both = withCloud.filter((d) => d.technologies.includes('Kubernetes'));
      expect(both.length).toBeGreaterThan(1);
      expect(withCloud.length).toBeGreaterThan(both.length);
      const result = await index.search(query({ q: 'cloud kubernetes', visibleCommunityIds: [communityA] }));
      expect(result.total).toBe(withCloud.length);
      expect(ids(result.hits.slice(0, both.length)).sort()).toEqual(ids(both).sort());
      expect(ids(result.hits).sort()).toEqual(ids(withCloud).sort());
      // The unknown last word is dropped; an unknown first word is not.
      const google = await index.search(query({ q: 'google xyzzyq' }));
      expect(names(google.hits)).toEqual(['Google Cloud']);
      expect((await index.search(query({ q: 'xyzzyq google' }))).total).toBe(0);
      // More than one word dropped: three words, the last unknown, rank as the first two; two unknown ones go too.
      const three = await index.search(
        query({ q: 'cloud kubernetes xyzzyq', visibleCommunityIds: [communityA] }),
      );
      expect(three.total).toBe(withCloud.length);
      expect(ids(three.hits.slice(0, both.length)).sort()).toEqual(ids(both).sort());
      expect(names((await index.search(query({ q: 'google xyzzyq qwvzzk' }))).hits)).toEqual([
        'Google Cloud',
      ]);
    });

    it('finds a freshly indexed word with typos at once, in another process too', async () => {
      // Another adapter instance stands for another API process; it has served typo searches before the
      // write. Its result caches are off: they are cleared by a NOTIFY that may arrive a moment later.
      const other = adapter.createUncached(stack.db);
      try {
        expect((await other.search(query({ q: 'zephyrx quantun' }))).total).toBe(0);
        const [row] = await stack.db
          .insert(organizations)
          .values({
            ...base,
            displayName: `Zephyrix Quantum ${adapter.name}`,
            normalizedDomain: `zephyrix-${adapter.name}.io`,
            website: `https://zephyrix-${adapter.name}.io`,
            reputationScore: 33,
          })
          .returning();
        await indexOrganization(stack.db, index, row!.id);
        expect(ids((await other.search(query({ q: 'zephyrx quantun' }))).hits)).toEqual([row!.id]);
        expect(ids((await index.search(query({ q: 'zephyrx' }))).hits)).toEqual([row!.id]);
        await stack.db.delete(organizations).where(eq(organizations.id, row!.id));
        await indexOrganization(stack.db, index, row!.id);
        expect((await other.search(query({ q: 'zephyrx quantun' }))).total).toBe(0);
      } finally {
        await other.close();
        // Leave the fixtures as they were for the cases below, whatever failed above.
        const [left] = await stack.db
          .delete(organizations)
          .where(eq(organizations.normalizedDomain, `zephyrix-${adapter.name}.io`))
          .returning();
        if (left) await index.remove([left.id]);
      }
    });

    it('matches a prefix of the last word and ranks the exact name first', async () => {
      expect(names((await index.search(query({ q: 'neural fo' }))).hits)).toEqual(['Neural Forge']);
      const exact = await index.search(query({ q: 'google cloud' }));
      expect(exact.hits[0]?.displayName).toBe('Google Cloud');
    });

    it('applies the shared synonyms in both directions', async () => {
      const ai = names((await index.search(query({ q: 'AI' }))).hits);
      expect(ai).toContain('Neural Forge'); // "artificial intelligence" in its description
      expect(ai).toContain('Vision AI');
      const spelled = names((await index.search(query({ q: 'artificial intelligence' }))).hits);
      expect(spelled).toContain('Vision AI');
      const k8s = (await index.search(query({ q: 'k8s' }))).hits;
      expect(ids(k8s).sort()).toEqual(ids(oracle(query({ technologies: ['Kubernetes'] }))).sort());
    });

    it('finds nothing for words no document has', async () => {
      const result = await index.search(query({ q: 'zzqxv' }));
      expect(result.total).toBe(0);
      expect(result.hits).toEqual([]);
    });

    const filterCases: [string, Partial<TDirectoryQuery>][] = [
      ['kind', { kind: 'partner' }],
      ['industry', { industries: ['Developer Tools', 'Research'] }],
      ['technologies (any of)', { technologies: ['Kubernetes', 'Python'] }],
      ['regions', { regions: ['Europe'] }],
      ['event types', { eventTypes: ['Meetup'] }],
      ['sponsorship types', { sponsorshipTypes: ['Gold Sponsor', 'Knowledge Partner'] }],
      ['verification status', { statuses: ['Verified'] }],
      ['budget band overlap', { budget: { currency: 'USD', minMinor: 250_000, maxMinor: 600_000 } }],
      ['budget with an open upper end', { budget: { currency: 'USD', minMinor: 3_000_000 } }],
      ['filters combined', { technologies: ['Kubernetes'], regions: ['Europe'], kind: 'sponsor' }],
    ];
    for (const [label, filters] of filterCases) {
      it(`filters by ${label}`, async () => {
        const q = query({ ...filters, sort: 'reputation' });
        const expected = oracle(q);
        expect(expected.length).toBeGreaterThan(0);
        const result = await index.search(q);
        expect(ids(result.hits)).toEqual(ids(expected));
        expect(result.total).toBe(expected.length);
      });
    }

    it('counts facets over the whole filtered result, not the page', async () => {
      const q = query({ regions: ['Europe'], limit: 1, visibleCommunityIds: [communityA] });
      const result = await index.search(q);
      expect(result.hits).toHaveLength(1);
      expect(result.total).toBe(oracle(q).length);
      expect(result.facets).toEqual(oracleFacets(oracle(q)));
    });

    it('counts facets of a text query over its matches', async () => {
      const result = await index.search(query({ q: 'kubernetes' }));
      const expected = oracle(query({ technologies: ['Kubernetes'] }));
      expect(result.total).toBe(expected.length);
      expect(result.facets.technologies).toEqual(oracleFacets(expected).technologies);
      expect(result.facets.status).toEqual(oracleFacets(expected).status);
    });

    it('keeps filters, totals and facet counts in step with each write: changed, hidden, removed, restored', async () => {
      const mongo = byName('MongoDB');
      const checks = [
        query({ limit: 100, visibleCommunityIds: [communityA] }),
        query({ technologies: ['Zig Test Lang'], sort: 'reputation' }),
        query({ regions: ['Antarctica', 'Europe'], kind: 'partner', sort: 'name' }),
        query({ q: 'mongodb', limit: 100 }),
      ];
      // The oracle over the fixtures with MongoDB as given (null: not indexed).
      const expectIndexed = async (doc: TOrganizationDocument | null) => {
        const saved = fixtures;
        fixtures = saved.flatMap((f) => (f.id === mongo.id ? (doc ? [doc] : []) : [f]));
        try {
          for (const q of checks) {
            const result = await index.search(q);
            const expected = oracle(q);
            if (!q.q) expect(ids(result.hits)).toEqual(ids(expected));
            else expect(ids(result.hits).includes(mongo.id)).toBe(!!doc && visible(doc, q));
            if (!q.q) expect(result.total).toBe(expected.length);
            if (!q.q) expect(result.facets).toEqual(oracleFacets(expected));
          }
        } finally {
          fixtures = saved;
        }
      };
      const changed: TOrganizationDocument = {
        ...mongo,
        kind: 'partner',
        technologies: ['Zig Test Lang', ...mongo.technologies],
        supportedRegions: ['Antarctica'],
      };
      await index.upsert([changed]);
      await expectIndexed(changed);
      const hidden: TOrganizationDocument = { ...changed, status: 'Disabled' };
      await index.upsert([hidden]);
      await expectIndexed(hidden);
      await index.remove([mongo.id]);
      await expectIndexed(null);
      await index.upsert([mongo]);
      await expectIndexed(mongo);
    });

    it('skips facet counts when asked (facets: false), with the same hits and total', async () => {
      const cases: Partial<TDirectoryQuery>[] = [
        { regions: ['Europe'], sort: 'reputation', limit: 3, visibleCommunityIds: [communityA] },
        { regions: ['Europe'], sort: 'reputation', limit: 3, page: 2, visibleCommunityIds: [communityA] },
        { q: 'cloud', limit: 5 },
        { technologies: ['Kubernetes'], regions: ['Europe'], kind: 'sponsor', sort: 'name' },
      ];
      for (const extra of cases) {
        const withFacets = await index.search(query(extra));
        const without = await index.search(query({ ...extra, facets: false }));
        expect(withFacets.hits.length).toBeGreaterThan(0);
        expect(ids(without.hits)).toEqual(ids(withFacets.hits));
        expect(without.total).toBe(withFacets.total);
        expect(Object.values(withFacets.facets).some((counts) => Object.keys(counts).length > 0)).toBe(true);
        // Every facet key present (callers never test for missing keys), every one empty.
        expect(without.facets).toEqual(Object.fromEntries(DIRECTORY_FACETS.map((f) => [f, {}])));
      }
      // In this order too: a facet-less result must not be served to a caller who asked for facets.
      const q = query({ regions: ['Global'], sort: 'newest', visibleCommunityIds: [communityA] });
      expect((await index.search({ ...q, facets: false })).facets.kind).toEqual({});
      expect((await index.search(q)).facets).toEqual(oracleFacets(oracle(q)));
    });

    for (const sort of ['relevance', 'reputation', 'name', 'newest'] as const) {
      it(`sorts by ${sort} with the id as tiebreaker`, async () => {
        const q = query({ sort, visibleCommunityIds: [communityA] });
        const result = await index.search(q);
        expect(ids(result.hits)).toEqual(ids(oracle(q)));
      });
    }

    it('has ties to break in the fixtures (so the tiebreak cases above mean something)', () => {
      const acmes = fixtures.filter((d) => d.displayName.toLowerCase() === 'acme tools');
      expect(acmes).toHaveLength(2);
      expect(byName('Neural Forge').reputationScore).toBe(byName('Acme Tools').reputationScore);
      expect(byName('Neural Forge').createdAt).toBe(byName('Acme Tools').createdAt);
    });

    it('sorts text matches by name and by newest when asked', async () => {
      for (const sort of ['name', 'newest'] as const) {
        const result = await index.search(query({ q: 'kubernetes', sort }));
        expect(ids(result.hits)).toEqual(ids(oracle(query({ technologies: ['Kubernetes'], sort }))));
      }
    });

    it('paginates: page 2 continues page 1 and totals stay whole', async () => {
      const all = oracle(query({ sort: 'name' }));
      expect(all.length).toBeGreaterThan(5);
      const page1 = await index.search(query({ sort: 'name', limit: 3, page: 1 }));
      const page2 = await index.search(query({ sort: 'name', limit: 3, page: 2 }));
      expect(ids(page1.hits)).toEqual(ids(all.slice(0, 3)));
      expect(ids(page2.hits)).toEqual(ids(all.slice(3, 6)));
      expect(page2.total).toBe(all.length);
      const beyond = await index.search(query({ sort: 'name', limit: 3, page: 100 }));
      expect(beyond.hits).toEqual([]);
      expect(beyond.total).toBe(all.length);
    });

    it('paginates text matches across relevance tiers without gaps or repeats', async () => {
      const q = (extra: Partial<TDirectoryQuery>) =>
        query({ q: 'cloud', visibleCommunityIds: [communityA], ...extra });
      const whole = await index.search(q({ limit: 50 }));
      // Names, descriptions and a longer word ("clouds") match: every relevance tier has members.
      const expected = fixtures.filter(
        (d) =>
          visible(d, { visibleCommunityIds: [communityA] }) &&
          /\bcloud/i.test([d.displayName, d.shortDescription, d.industry, ...d.technologies].join(' ')),
      );
      expect(whole.total).toBe(expected.length);
      expect(ids(whole.hits).sort()).toEqual(ids(expected).sort());
      expect(names(whole.hits.slice(0, 2)).sort()).toEqual(['Community Cloud Crew', 'Google Cloud']);
      const paged: string[] = [];
      for (let page = 1; page <= whole.total + 1; page++) {
        paged.push(...ids((await index.search(q({ limit: 2, page }))).hits));
      }
      expect(paged).toEqual(ids(whole.hits));
    });

    it('never lists Pending, Rejected or Disabled organizations', async () => {
      const hidden = fixtures.filter((d) =>
        ['Pending Verification', 'Rejected', 'Disabled'].includes(d.status),
      );
      expect(hidden).toHaveLength(3);
      for (const q of [
        query({ visibleCommunityIds: [communityA, communityB] }),
        query({ q: 'cloud', visibleCommunityIds: [communityA] }),
        query({ technologies: ['Kubernetes'], regions: ['Europe'] }),
        query({ statuses: ['Pending Verification', 'Rejected', 'Disabled'] }),
      ]) {
        const found = ids((await index.search(q)).hits);
        for (const doc of hidden) expect(found).not.toContain(doc.id);
      }
      expect((await index.search(query({ statuses: ['Disabled'] }))).total).toBe(0);
    });

    it('lists a Community Added organization only to the community that added it', async () => {
      const crew = byName('Community Cloud Crew');
      const mine = await index.search(query({ q: 'cloud', visibleCommunityIds: [communityA] }));
      expect(ids(mine.hits)).toContain(crew.id);
      const other = await index.search(query({ q: 'cloud', visibleCommunityIds: [communityB] }));
      expect(ids(other.hits)).not.toContain(crew.id);
      const anonymous = await index.search(query({ q: 'cloud' }));
      expect(ids(anonymous.hits)).not.toContain(crew.id);
      expect(mine.total).toBe(anonymous.total + 1);
    });

    it('upserts idempotently and replaces changed documents', async () => {
      const before = await index.search(query());
      const mongo = byName('MongoDB');
      await index.upsert([mongo, mongo]);
      await index.upsert([mongo]);
      const after = await index.search(query());
      expect(after.total).toBe(before.total);
      expect(ids(after.hits)).toEqual(ids(before.hits));

      await index.upsert([{ ...mongo, displayName: 'Mongo Atlas Renamed' }]);
      expect(ids((await index.search(query({ q: 'atlas renamed' }))).hits)).toEqual([mongo.id]);
      await index.upsert([mongo]);
      expect((await index.search(query({ q: 'atlas renamed' }))).total).toBe(0);
    });

    it('sets reputation scores alone: the reputation sort follows, the rest stays, unknown ids are not created', async () => {
      const mongo = byName('MongoDB');
      const forge = byName('Neural Forge');
      const before = await index.search(query());
      const unknown = randomUUID();
      // Several in one call, as the reputation refresher sets a batch's.
      await index.updateReputationScores([
        { id: mongo.id, reputationScore: 1 },
        { id: unknown, reputationScore: 100 },
        { id: forge.id, reputationScore: 2 },
      ]);
      const lowered = await index.search(query({ sort: 'reputation', limit: 100 }));
      expect(lowered.total).toBe(before.total);
      expect(ids(lowered.hits)).not.toContain(unknown);
      expect(lowered.hits.slice(-2)).toEqual([
        { ...forge, reputationScore: 2 },
        { ...mongo, reputationScore: 1 },
      ]);
      // Text, filters and facets are as they were: only the score moved.
      expect(ids((await index.search(query({ q: 'MongoDB' }))).hits)[0]).toBe(mongo.id);
      const { facets } = await index.search(query());
      expect(facets).toEqual(before.facets);
      // The same score again writes nothing and changes nothing.
      await index.updateReputationScores([{ id: mongo.id, reputationScore: 1 }]);
      expect(ids((await index.search(query({ sort: 'reputation', limit: 100 }))).hits)).toEqual(
        ids(lowered.hits),
      );

      await index.updateReputationScores([
        { id: mongo.id, reputationScore: mongo.reputationScore },
        { id: forge.id, reputationScore: forge.reputationScore },
      ]);
      const restored = await index.search(query({ sort: 'reputation', limit: 100 }));
      expect(restored.hits.find((d) => d.id === mongo.id)).toEqual(mongo);
      expect(restored.hits.find((d) => d.id === forge.id)).toEqual(forge);
      expect(ids(restored.hits)).toEqual(
        ids((await index.search(query({ sort: 'reputation', limit: 100 }))).hits),
      );
      expect(await index.documentCount()).toBe(fixtures.length);
    });

    it('removes documents, and indexOrganization follows the database', async () => {
      const [temp] = await stack.db
        .insert(organizations)
        .values({
          ...base,
          displayName: `Quokka Systems ${adapter.name}`,
          normalizedDomain: `quokka-${adapter.name}.io`,
          website: `https://quokka-${adapter.name}.io`,
          reputationScore: 55,
        })
        .returning();
      await indexOrganization(stack.db, index, temp!.id);
      expect(ids((await index.search(query({ q: 'quokka' }))).hits)).toEqual([temp!.id]);

      await index.remove([temp!.id]);
      expect((await index.search(query({ q: 'quokka' }))).total).toBe(0);

      await indexOrganization(stack.db, index, temp!.id);
      await stack.db.update(organizations).set({ status: 'Disabled' }).where(eq(organizations.id, temp!.id));
      await indexOrganization(stack.db, index, temp!.id);
      expect((await index.search(query({ q: 'quokka' }))).total).toBe(0);

      await stack.db.delete(organizations).where(eq(organizations.id, temp!.id));
      await indexOrganization(stack.db, index, temp!.id);
      expect((await index.search(query({ q: 'quokka' }))).total).toBe(0);
      await expect(index.remove([randomUUID()])).resolves.toBeUndefined();
    });

    it('clears, then reindexAll rebuilds everything and reports its progress', async () => {
      await index.clear();
      const empty = await index.search(query());
      expect(empty.total).toBe(0);
      expect(empty.facets.kind).toEqual({});

      const progress: TReindexProgress[] = [];
      const final = await reindexAll({
        db: stack.db,
        index,
        batchSize: 3,
        onProgress: (p) => progress.push(p),
      });
      expect(final).toEqual({ done: fixtures.length, total: fixtures.length });
      expect(progress[0]).toEqual({ done: 0, total: fixtures.length });
      expect(progress.map((p) => p.done)).toEqual([
        0,
        ...Array.from({ length: Math.ceil(fixtures.length / 3) }, (_, i) =>
          Math.min(fixtures.length, (i + 1) * 3),
        ),
      ]);
      const rebuilt = await index.search(query({ visibleCommunityIds: [communityA] }));
      expect(ids(rebuilt.hits)).toEqual(ids(oracle(query({ visibleCommunityIds: [communityA] }))));
    });
  });
}
