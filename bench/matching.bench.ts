/**
 * Offline evaluation of smart matching (issue 12 item 5): NDCG@10 of our ranking beside a popularity baseline
 * (the directory sorted by reputation only) on the hand-labelled set (bench/matching/labelled-set.ts), first on the
 * labelled organizations alone, then with the directory grown to BENCH_SIZE generated organizations (the directory
 * bench's generator; unlabelled organizations count as not relevant); then the latency of
 * GET /opportunities/:id/matches' work (candidates from the SearchIndex's Postgres adapter, history query, scoring)
 * at that size, over a stream of generated opportunities that never repeats, at concurrency BENCH_CONCURRENCY, beside
 * its floor (the SearchIndex's candidate statement alone, same stream) and the ratio; then the same stream through
 * the real API (GET /opportunities/:id/matches in a server process, a negotiator's session; BENCH_API=0 skips it).
 * With Meilisearch (MEILI_URL, or .tools/bin/meilisearch started on a loopback port; BENCH_MEILI=0 skips it) the same
 * organizations are indexed there too, and NDCG and the latency stream run on both adapters, printed side by side.
 *   npm run bench:matching                      (embedded Postgres unless DATABASE_URL)
 *   BENCH_SIZE=10000 BENCH_STREAM=100 npm run bench:matching
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createDb, type TDb } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import {
  communities,
  communityMembers,
  events,
  opportunities,
  organizations,
  users,
} from '../src/db/schema/index.js';
import {
  EVENT_CATEGORIES,
  EVENT_TYPES,
  PARTNER_AND_SPONSOR_CATEGORIES,
} from '../src/domain/commdesk-facts.js';
import { candidateQuery, conceptsOf, ndcgAtK } from '../src/domain/matching.js';
import { ensureDatabase, startEmbeddedPostgres } from '../src/infra/embedded-postgres.js';
import { startTemporalDevServer } from '../src/infra/temporal-dev-server.js';
import {
  MATCH_CANDIDATES,
  matchOrganizations,
  type TOpportunityForMatching,
} from '../src/search/matching.js';
import { toOrganizationDocument } from '../src/search/organization-document.js';
import { MeilisearchSearchIndex } from '../src/search/meilisearch-search-index.js';
import { PostgresSearchIndex } from '../src/search/postgres-search-index.js';
import type { SearchIndex } from '../src/search/search-index.js';
import type { TOrganizationDocument } from '../src/domain/directory.js';
import { freePort } from '../test/helpers/global-setup.js';
import { percentile, pool as inParallel } from './lib/concurrency.js';
import { sessionToken } from './lib/fixtures.js';
import { meilisearchServer } from './lib/meilisearch.js';
import { spawnServer } from './lib/stack.js';
import { LABELLED_OPPORTUNITIES, LABELLED_ORGANIZATIONS } from './matching/labelled-set.js';
import { generateOrganizations, REGIONS, seededRandom } from './servers/directory-data.js';

const SIZE = Number(process.env.BENCH_SIZE ?? 100_000);
const STREAM = Number(process.env.BENCH_STREAM ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const API = process.env.BENCH_API !== '0';
/** Meilisearch beside Postgres (same organizations, same stream) unless BENCH_MEILI=0 or no server is found. */
const MEILI = process.env.BENCH_MEILI !== '0';
const stops: (() => Promise<unknown>)[] = [];

async function database(): Promise<string> {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    const name = `bench_matching_${Date.now()}`;
    await ensureDatabase(process.env.DATABASE_URL, name);
    url.pathname = `/${name}`;
    return url.toString();
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-bench-matching-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, 'pg'),
    port: await freePort(),
    database: 'bench',
    durable: false,
    persistent: false,
  });
  stops.push(server.stop, () => rm(dir, { recursive: true, force: true }));
  return server.url;
}

function opportunityOf(
  o: (typeof LABELLED_OPPORTUNITIES)[number],
  communityId: string,
): TOpportunityForMatching {
  return {
    communityId,
    eventType: o.eventType,
    eventCategory: o.eventCategory,
    region: o.region,
    expectedParticipants: o.expectedParticipants,
    desiredCategory: o.desiredCategory,
    budget: o.budget,
    text: `${o.title}. ${o.description}`,
  };
}

async function evaluate(
  deps: { db: TDb; searchIndex: SearchIndex },
  communityId: string,
  idOfKey: Map<string, string>,
) {
  // Condensed lists (judged organizations only, Sakai 2007) besides the full ones: among generated organizations
  // many unlabelled ones genuinely fit, and the full metric counts them as misses.
  const judged = new Set(idOfKey.values());
  const condensed = (ids: string[]) => ids.filter((id) => judged.has(id));
  const rows: { key: string; ours: number; baseline: number; oursJudged: number; baselineJudged: number }[] =
    [];
  // Popularity: the whole directory by reputation, the same top 10 for every opportunity.
  const popular = await deps.searchIndex.search({
    sort: 'reputation',
    page: 1,
    limit: 10,
    visibleCommunityIds: [communityId],
  });
  // The condensed popularity list: the labelled organizations by reputation.
  const popularJudged = LABELLED_ORGANIZATIONS.slice()
    .sort((a, b) => b.reputationScore - a.reputationScore)
    .map((o) => idOfKey.get(o.key)!);
  for (const o of LABELLED_OPPORTUNITIES) {
    const relevance = new Map(Object.entries(o.labels).map(([key, grade]) => [idOfKey.get(key)!, grade]));
    const { matches } = await matchOrganizations(deps, opportunityOf(o, communityId), { limit: 50 });
    const top = matches.map((m) => m.id);
    rows.push({
      key: o.key,
      ours: ndcgAtK(top, relevance),
      oursJudged: ndcgAtK(condensed(top), relevance),
      baselineJudged: ndcgAtK(condensed(popularJudged), relevance),
      baseline: ndcgAtK(
        popular.hits.map((h) => h.id),
        relevance,
      ),
    });
  }
  const mean = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
  const line = (label: string, r: Omit<(typeof rows)[number], 'key'>) =>
    `  ${label.padEnd(16)} ours ${r.ours.toFixed(3)}   popularity ${r.baseline.toFixed(3)}   ` +
    `| judged only: ours ${r.oursJudged.toFixed(3)}   popularity ${r.baselineJudged.toFixed(3)}`;
  for (const r of rows) console.log(line(r.key, r));
  const means = {
    ours: mean((r) => r.ours),
    baseline: mean((r) => r.baseline),
    oursJudged: mean((r) => r.oursJudged),
    baselineJudged: mean((r) => r.baselineJudged),
  };
  console.log(line('mean NDCG@10', means));
  return means;
}

/** Opportunities that never repeat: random type, category, region, size, tier, budget and words. */
function opportunityStream(count: number, communityId: string): TOpportunityForMatching[] {
  const r = seededRandom(4242);
  const words = [
    'AI',
    'cloud',
    'React',
    'Kubernetes',
    'data',
    'security',
    'mobile',
    'open source',
    'LLM',
    'APIs',
  ];
  return Array.from({ length: count }, () => {
    const currency = ['INR', 'USD', 'EUR', 'GBP'][r.int(4)]!;
    const min = (5 + r.int(200)) * 10_000;
    return {
      communityId,
      eventType: EVENT_TYPES[r.int(EVENT_TYPES.length)]!,
      eventCategory: EVENT_CATEGORIES[r.int(EVENT_CATEGORIES.length)]!,
      region: REGIONS[r.int(REGIONS.length)]!,
      expectedParticipants: 20 + r.int(3000),
      desiredCategory: PARTNER_AND_SPONSOR_CATEGORIES[r.int(PARTNER_AND_SPONSOR_CATEGORIES.length)]!,
      budget: { minMinor: min, maxMinor: min * (2 + r.int(5)), currency },
      text: `Event ${r.int(1e6)} on ${words[r.int(words.length)]} and ${words[r.int(words.length)]}`,
    };
  });
}

async function main() {
  const databaseUrl = await database();
  await runMigrations(databaseUrl);
  const { db, pool } = createDb(databaseUrl, 10);
  stops.unshift(() => pool.end());
  // The adapter as the API configures it (its caches on): the stream below never repeats a query anyway.
  const searchIndex = new PostgresSearchIndex({ db });
  stops.unshift(() => searchIndex.close());
  await searchIndex.init();
  const [community] = await db
    .insert(communities)
    .values({ name: 'Bench community', slug: 'bench-matching', status: 'active' })
    .returning();
  const communityId = community!.id;

  const labelled = await db
    .insert(organizations)
    .values(
      LABELLED_ORGANIZATIONS.map((o) => ({
        kind: 'sponsor' as const,
        displayName: o.displayName,
        normalizedDomain: `${o.key}.labelled.example`,
        website: `https://${o.key}.labelled.example`,
        industry: o.industry,
        shortDescription: o.shortDescription,
        technologies: o.technologies,
        developerTools: o.developerTools,
        supportedRegions: o.supportedRegions,
        preferredEventTypes: o.preferredEventTypes,
        availableSponsorshipTypes: o.availableSponsorshipTypes,
        budgetMinMinor: o.budget?.minMinor ?? null,
        budgetMaxMinor: o.budget?.maxMinor ?? null,
        budgetCurrency: o.budget?.currency ?? null,
        status: 'Active' as const,
        reputationScore: o.reputationScore,
      })),
    )
    .returning();
  await searchIndex.upsert(labelled.map(toOrganizationDocument));
  const idOfKey = new Map(LABELLED_ORGANIZATIONS.map((o, i) => [o.key, labelled[i]!.id]));
  const deps = { db, searchIndex };
  const meili = MEILI ? await meiliIndex() : null;
  await meili?.upsert(labelled.map(toOrganizationDocument));

  console.log(
    `\nLabelled set: ${LABELLED_OPPORTUNITIES.length} opportunities, ${labelled.length} organizations`,
  );
  const small = await evaluate(deps, communityId, idOfKey);
  if (meili) console.log('  Meilisearch adapter:');
  const smallMeili = meili ? await evaluate({ db, searchIndex: meili }, communityId, idOfKey) : null;

  console.log(`\nGrowing the directory to ${SIZE} organizations (generated, unlabelled)`);
  const started = Date.now();
  // Meilisearch gets the same documents in larger batches (each upsert waits for its indexing task).
  let pending: TOrganizationDocument[] = [];
  for (let n = 0; n < SIZE - labelled.length; n += 1_000) {
    const rows = await db
      .insert(organizations)
      .values(generateOrganizations(n, Math.min(1_000, SIZE - labelled.length - n), [communityId]))
      .onConflictDoNothing()
      .returning();
    const docs = rows.map(toOrganizationDocument);
    await searchIndex.upsert(docs);
    pending.push(...docs);
    if (meili && (pending.length >= 10_000 || n + 1_000 >= SIZE - labelled.length)) {
      await meili.upsert(pending);
      pending = [];
    }
    process.stdout.write(`\r  ${n + rows.length + labelled.length}/${SIZE}`);
  }
  await db.execute(sql`vacuum analyze organizations`);
  await db.execute(sql`vacuum analyze organization_search`);
  // Smart matching's lean copy (drizzle/0028), written by the same upserts.
  await db.execute(sql`vacuum analyze organization_match`);
  console.log(` in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`\nLabelled set among ${SIZE} organizations`);
  const large = await evaluate(deps, communityId, idOfKey);
  if (meili) console.log('  Meilisearch adapter:');
  const largeMeili = meili ? await evaluate({ db, searchIndex: meili }, communityId, idOfKey) : null;

  console.log(
    `\nLatency at ${SIZE}: ${STREAM} never-repeating opportunities, concurrency ${CONCURRENCY}, load average ${loadAverage()}`,
  );
  const stream = opportunityStream(STREAM, communityId);
  const at = (values: number[], p: number) => percentile(values, p).toFixed(0);
  const pgLatency = await latency(db, searchIndex, stream, 'Postgres');
  const meiliLatency = meili ? await latency(db, meili, stream, 'Meilisearch') : null;
  const { matching: latencies, floor, ratio } = pgLatency;
  const api = API ? await apiLatency(db, databaseUrl, communityId, stream) : null;
  if (api) {
    console.log(
      `  through the API (GET /opportunities/:id/matches?limit=10, server process)   p50 ${at(api, 50)} ms   ` +
        `p95 ${at(api, 95)} ms   API / in-process matching at p95: ${(percentile(api, 95) / percentile(latencies, 95)).toFixed(2)}x`,
    );
  }
  console.log('\nSummary');
  console.log(
    `  NDCG@10 (labelled only)  ours ${small.ours.toFixed(3)}  popularity ${small.baseline.toFixed(3)}` +
      (smallMeili ? `   Meilisearch adapter: ours ${smallMeili.ours.toFixed(3)}` : '') +
      `\n  NDCG@10 (at ${SIZE})     ours ${large.ours.toFixed(3)}  popularity ${large.baseline.toFixed(3)}   ` +
      `judged only: ours ${large.oursJudged.toFixed(3)}  popularity ${large.baselineJudged.toFixed(3)}` +
      (largeMeili
        ? `   Meilisearch adapter: ours ${largeMeili.ours.toFixed(3)} (judged only ${largeMeili.oursJudged.toFixed(3)})`
        : '') +
      `\n  latency at ${SIZE}       p50 ${at(latencies, 50)} ms  p95 ${at(latencies, 95)} ms (concurrency ${CONCURRENCY}, in process, Postgres adapter)\n` +
      `  floor at ${SIZE}         p50 ${at(floor, 50)} ms  p95 ${at(floor, 95)} ms (the candidate statement alone); matching / floor ${ratio.toFixed(2)}x` +
      (meiliLatency
        ? `\n  Meilisearch at ${SIZE}   p50 ${at(meiliLatency.matching, 50)} ms  p95 ${at(meiliLatency.matching, 95)} ms; its candidates alone p95 ${at(meiliLatency.floor, 95)} ms; ` +
          `Postgres / Meilisearch at p95 ${(percentile(latencies, 95) / percentile(meiliLatency.matching, 95)).toFixed(2)}x`
        : '\n  Meilisearch: not run (BENCH_MEILI=0, or neither MEILI_URL nor .tools/bin/meilisearch)') +
      (api
        ? `\n  API at ${SIZE}           p50 ${at(api, 50)} ms  p95 ${at(api, 95)} ms (concurrency ${CONCURRENCY})`
        : '') +
      `\n  load average ${loadAverage()}`,
  );
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** The Meilisearch adapter on a fresh index of a bench server, or null (said why) when there is none. */
async function meiliIndex(): Promise<MeilisearchSearchIndex | null> {
  const server = await meilisearchServer(stops);
  if (!server) {
    console.log(
      '  Meilisearch part skipped: neither MEILI_URL nor .tools/bin/meilisearch (scripts/install-tools.sh).',
    );
    return null;
  }
  const index = new MeilisearchSearchIndex({
    host: server.url,
    apiKey: server.key,
    indexName: `bench_matching_${Date.now()}`,
    taskTimeoutMs: 600_000,
  });
  await index.init();
  await index.clear();
  return index;
}

/**
 * The stream's matchings through `index` (candidates, history query, scoring) beside their floor, the candidates
 * alone (SearchIndex.matchCandidates, same stream and concurrency), and the ratio at p95.
 */
async function latency(db: TDb, index: SearchIndex, stream: TOpportunityForMatching[], name: string) {
  const matching: number[] = [];
  let candidates = 0;
  // Time spent inside the SearchIndex (the candidate statement), to tell the adapter's share from ours.
  let searchMs = 0;
  const timedIndex: SearchIndex = Object.assign(Object.create(index) as SearchIndex, {
    matchCandidates: async (q: Parameters<SearchIndex['matchCandidates']>[0]) => {
      const t = performance.now();
      try {
        return await index.matchCandidates(q);
      } finally {
        searchMs += performance.now() - t;
      }
    },
  });
  const t0 = Date.now();
  await inParallel(stream, CONCURRENCY, async (o) => {
    const t = performance.now();
    const result = await matchOrganizations({ db, searchIndex: timedIndex }, o, { limit: 10 });
    matching.push(performance.now() - t);
    candidates += result.candidates;
  });
  const rate = matching.length / ((Date.now() - t0) / 1000);
  const at = (values: number[], p: number) => percentile(values, p).toFixed(0);
  console.log(
    `  ${name}: matching   p50 ${at(matching, 50)} ms   p95 ${at(matching, 95)} ms   p99 ${at(matching, 99)} ms   ` +
      `${rate.toFixed(1)} matchings/s   ${(candidates / matching.length).toFixed(0)} candidates scored on average`,
  );
  const totalMs = matching.reduce((a, b) => a + b, 0);
  console.log(
    `  of which in SearchIndex.matchCandidates: ${((100 * searchMs) / totalMs).toFixed(0)}% of summed time`,
  );
  // The floor: the candidates alone (what no matching can skip), same stream and concurrency.
  const floor: number[] = [];
  await inParallel(stream, CONCURRENCY, async (o) => {
    const query = candidateQuery(o, conceptsOf([o.eventCategory, o.text]), [o.communityId], MATCH_CANDIDATES);
    const t = performance.now();
    await index.matchCandidates(query);
    floor.push(performance.now() - t);
  });
  const ratio = percentile(matching, 95) / percentile(floor, 95);
  console.log(
    `  floor (the candidates alone)   p50 ${at(floor, 50)} ms   p95 ${at(floor, 95)} ms   ` +
      `matching / floor at p95: ${ratio.toFixed(2)}x   (load average ${loadAverage()})`,
  );
  return { matching, floor, ratio };
}

/**
 * The stream through the real API: each opportunity stored (Open, its event snapshot), a negotiator of the community
 * with a session, the server in its own process on the same database (Postgres search adapter), concurrency as above.
 */
async function apiLatency(
  db: TDb,
  databaseUrl: string,
  communityId: string,
  stream: TOpportunityForMatching[],
): Promise<number[] | null> {
  const temporal = await startTemporalDevServer({ port: await freePort() });
  stops.unshift(temporal.stop);
  const server = await spawnServer(stops, 'bench/servers/api-server.ts', {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    DATABASE_POOL_MAX: '10',
  }).catch((err: unknown) => {
    console.log(`  API server did not start (${String(err)}): the API part is skipped.`);
    return null;
  });
  if (!server) return null;
  const [user] = await db
    .insert(users)
    .values({ email: 'negotiator@bench-matching.test', name: 'Negotiator' })
    .returning();
  await db
    .insert(communityMembers)
    .values({ communityId, userId: user!.id, role: 'Organizer', status: 'Active' });
  const token = await sessionToken(db, user!.id);
  const [event] = await db
    .insert(events)
    .values({
      communityId,
      title: 'Bench event',
      type: 'Hackathon',
      category: 'Artificial Intelligence',
      startsAt: new Date(Date.now() + 30 * 86_400_000),
      endsAt: new Date(Date.now() + 31 * 86_400_000),
      status: 'published',
      isPublic: true,
    })
    .returning();
  const rows = await db
    .insert(opportunities)
    .values(
      stream.map((o, i) => ({
        communityId,
        eventId: event!.id,
        title: o.text.slice(0, 80) || `Opportunity ${i}`,
        eventSnapshot: {
          title: 'Bench event',
          type: o.eventType,
          category: o.eventCategory,
          region: o.region,
          expectedParticipants: o.expectedParticipants,
        },
        desiredCategory: o.desiredCategory as (typeof PARTNER_AND_SPONSOR_CATEGORIES)[number],
        budgetMinMinor: o.budget.minMinor,
        budgetMaxMinor: o.budget.maxMinor,
        currency: o.budget.currency,
        benefits: [{ key: 'logo_placement' as const }],
        decisionDeadline: new Date(Date.now() + 20 * 86_400_000),
        status: 'Open' as const,
      })),
    )
    .returning({ id: opportunities.id });
  const get = async (id: string) => {
    const res = await fetch(`${server.url}/api/v1/opportunities/${id}/matches?limit=10`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`GET matches: ${res.status} ${await res.text()}`);
    await res.json();
  };
  await get(rows[0]!.id); // warm-up: JIT, pools
  const latencies: number[] = [];
  await inParallel(rows, CONCURRENCY, async (row) => {
    const t = performance.now();
    await get(row.id);
    latencies.push(performance.now() - t);
  });
  return latencies;
}

try {
  await main();
} finally {
  for (const stop of stops) await stop().catch(() => undefined);
}
