/**
 * The organization directory on the Postgres search adapter with 10k and then 100k generated
 * organizations: GET /api/v1/sponsors through the real API at concurrency 16 (target: p95 <= 25 ms at
 * 100k), and the adapter in-process at the same concurrency, with its caches on and off.
 * Then its floor: a stream of queries that never repeat (names with random typos, random filters, pages and
 * sorts), through the adapter with its caches off beside the bare SQL of the same queries (the statements
 * the adapter sent, replayed through a plain pg pool), and the ratio.
 * Then side by side (part `side`): the same never-repeating stream, caches off, concurrency 16, through the
 * bare SQL floor, the Postgres adapter and Meilisearch (MEILI_URL, or .tools/bin/meilisearch started on a
 * loopback port) holding the same organizations; p50/p95, recall@20 of the misspelt organization, the
 * overlap of the two adapters' first 20 hits, the ratio Postgres/Meilisearch; and the stream through the
 * API (Postgres adapter) at concurrency 4 (target p95 <= 50 ms).
 *   npx tsx bench/directory.bench.ts          (embedded Postgres and Temporal unless DATABASE_URL / TEMPORAL_ADDRESS)
 *   BENCH_SECONDS=20 BENCH_SIZES=10000,100000 npx tsx bench/directory.bench.ts
 *   BENCH_PARTS=floor BENCH_STREAM=300 npx tsx bench/directory.bench.ts   (only the adapter-versus-SQL part)
 *   BENCH_PARTS=side BENCH_SIZES=100000 npx tsx bench/directory.bench.ts  (only the side-by-side part)
 *   BENCH_PARTS=side BENCH_SIZES=100000 BENCH_SHAPES='typo name,text + filters' npx tsx bench/directory.bench.ts
 *   BENCH_PARTS=apistream BENCH_SIZES=100000 npx tsx bench/directory.bench.ts  (the API at concurrency 4 beside its
 *     floors: the bare SQL, the adapter alone in process, the API on Meilisearch, a no-op route; CPU per request)
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { createDb, type TDb } from '../src/db/client.js';
import { communities, organizations } from '../src/db/schema/index.js';
import type { TDirectoryQuery, TOrganizationDocument } from '../src/domain/directory.js';
import { findTool } from '../src/infra/temporal-dev-server.js';
import { MeilisearchSearchIndex } from '../src/search/meilisearch-search-index.js';
import { toOrganizationDocument } from '../src/search/organization-document.js';
import { PostgresSearchIndex } from '../src/search/postgres-search-index.js';
import { freePort } from '../test/helpers/global-setup.js';
import { cpuMeter } from './lib/cpu.js';
import { labelledQueryStream, queryStream, STREAM_SHAPES } from './lib/query-stream.js';
import { infrastructure, spawnServer, type TStops } from './lib/stack.js';
import { generateOrganizations } from './servers/directory-data.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
/**
 * Which parts run: `api` (through the API), `adapter` (in-process, caches on and off), `floor` (adapter vs bare SQL),
 * `side` (Postgres beside Meilisearch), `apistream` (the never-repeating stream through the API beside its floors).
 */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'api,adapter,floor,side,apistream').split(','));
/** Distinct queries per shape in the never-repeating stream. */
const STREAM = Number(process.env.BENCH_STREAM ?? 200);
/** The stream's shapes the side-by-side part runs (comma-separated, e.g. BENCH_SHAPES='typo name'); all by default. */
const SIDE_SHAPES = process.env.BENCH_SHAPES
  ? STREAM_SHAPES.filter((shape) => process.env.BENCH_SHAPES!.split(',').includes(shape))
  : STREAM_SHAPES;
const CONNECTIONS = 16;
const TARGET_P95_MS = 25;
/** Side by side: the API's concurrency and p95 target; Postgres's p95 at most this many times Meilisearch's. */
const API_CONNECTIONS = 4;
const API_TARGET_P95_MS = 50;
const TARGET_RATIO = 1.5;
const stops: TStops = [];

/** Each shape is a list of variants, cycled through, so caches see a realistic mix rather than one URL. */
const SHAPES: Record<string, Record<string, string>[]> = {
  'typo text query': [
    'gogle cloud',
    'mongdb',
    'kubernets',
    'pytorhc',
    'clodflare',
    'datadgo',
    'terrafrom',
    'elasticsaerch',
    'grafana labz',
    'postgrse',
  ].map((q) => ({ q })),
  'filter only': [['Kubernetes'], ['Rust'], ['Python', 'Go'], ['React']].flatMap((technologies) =>
    ['Europe', 'India'].map((regions) => ({ technologies: technologies.join(','), regions })),
  ),
  'text + filters + facets': ['cloud', 'security', 'data'].flatMap((q) =>
    ['Europe', 'APAC'].map((regions) => ({ q, regions, kind: 'sponsor', eventTypes: 'Hackathon,Meetup' })),
  ),
  'sort=name page 3': ['Europe', 'India', 'APAC', 'LATAM'].map((regions) => ({
    regions,
    sort: 'name',
    page: '3',
  })),
};

function toQuery(params: Record<string, string>): TDirectoryQuery {
  const list = (key: string) => params[key]?.split(',');
  return {
    q: params.q,
    kind: params.kind as TDirectoryQuery['kind'],
    technologies: list('technologies'),
    regions: list('regions'),
    eventTypes: list('eventTypes'),
    sort: (params.sort as TDirectoryQuery['sort']) ?? 'relevance',
    page: Number(params.page ?? 1),
    limit: 20,
    visibleCommunityIds: [],
  };
}

/** Grows the directory to `size` organizations: rows in `organizations`, documents through the adapter. */
async function grow(
  db: TDb,
  index: PostgresSearchIndex,
  from: number,
  size: number,
  communityIds: string[],
  meili: MeilisearchSearchIndex | null,
) {
  const started = Date.now();
  // Meilisearch gets the same documents in larger batches (each upsert waits for its indexing task).
  let pending: TOrganizationDocument[] = [];
  for (let n = from; n < size; n += 1_000) {
    const rows = await db
      .insert(organizations)
      .values(generateOrganizations(n, Math.min(1_000, size - n), communityIds))
      .returning();
    const docs = rows.map(toOrganizationDocument);
    await index.upsert(docs);
    pending.push(...docs);
    if (meili && (pending.length >= 10_000 || n + rows.length >= size)) {
      await meili.upsert(pending);
      pending = [];
    }
    process.stdout.write(`\r  generated ${n + rows.length}/${size}`);
  }
  await db.execute(sql`vacuum analyze organizations`);
  await db.execute(sql`vacuum analyze organization_search`);
  // The index's own tables too: each batch's statement triggers rewrite every facet value's bitmap (about 140 MB of
  // dead TOAST at 100k) and add words. Left to autovacuum, that vacuum ran a minute later, inside the measured passes.
  await db.execute(sql`vacuum analyze organization_search_facet`);
  await db.execute(sql`vacuum analyze organization_search_word`);
  console.log(` in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

type TStats = { rps: number; p50: number; p95: number; p99: number; errors: number };

function stats(latencies: number[], seconds: number, errors: number): TStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
  return { rps: sorted.length / seconds, p50: at(0.5), p95: at(0.95), p99: at(0.99), errors };
}

/** autocannon reports p97.5, not p95: every response time is recorded and the percentiles computed here. */
async function loadApi(url: string, variants: Record<string, string>[], seconds: number): Promise<TStats> {
  const latencies: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: variants.map((params) => ({
          method: 'GET' as const,
          path: `/api/v1/sponsors?${new URLSearchParams({ limit: '20', ...params })}`,
        })),
      },
      (err, done) => (err ? reject(err) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
      else errors++;
    });
  });
  return stats(latencies, seconds, errors + result.errors);
}

/** The adapter alone, in this process: 16 concurrent callers cycling through the variants. */
async function loadAdapter(
  index: PostgresSearchIndex,
  variants: Record<string, string>[],
  seconds: number,
): Promise<TStats> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const end = Date.now() + seconds * 1_000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const query = toQuery(variants[next++ % variants.length]!);
        const started = performance.now();
        try {
          await index.search(query);
          latencies.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
    }),
  );
  return stats(latencies, seconds, errors);
}

type TStatement = { text: string; values: unknown[] };
const captured = new AsyncLocalStorage<TStatement[]>();

/**
 * The pool, recording every statement sent through it inside `captured.run` (the recorder's searches): the adapter
 * sends its reads through the pool itself, and the rest through drizzle, which sends them to the same pool.
 */
function recordStatements(pool: pg.Pool): pg.Pool {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    const [first, second] = args;
    const config =
      typeof first === 'string' ? { text: first } : (first as { text: string; values?: unknown[] });
    captured.getStore()?.push({
      text: config.text,
      values: (Array.isArray(second) ? second : config.values) ?? [],
    });
    return query(...args);
  }) as typeof pool.query;
  return pool;
}

/**
 * The statements one search sent, straight through pg, keeping the adapter's dependencies: the typo
 * corrections first (the text query is built from them); with free text and relevance order the tier pages
 * wait for the counts; everything else goes out at once, as the adapter sends it.
 */
async function replayStatements(pool: pg.Pool, list: TStatement[], query: TDirectoryQuery) {
  const send = (st: TStatement) => pool.query(st.text, st.values);
  const words = list.filter((st) => st.text.includes('organization_search_word'));
  const counts = list.filter((st) => st.text.includes('facet_values'));
  const rest = list.filter((st) => !words.includes(st) && !counts.includes(st));
  await Promise.all(words.map(send));
  if (query.q && query.sort === 'relevance') {
    await Promise.all(counts.map(send));
    await Promise.all(rest.map(send));
  } else await Promise.all([...counts, ...rest].map(send));
}

/**
 * A full garbage collection, so a measured pass does not pay for the garbage of the pass before it (a floor pass
 * left the adapter pass after it a major collection: 266 against 100 ms of GC, pauses up to 82 ms at concurrency 16).
 */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** `queries` run by 16 concurrent callers, each query once, in order; latencies of the successful ones. */
async function drain<T>(
  queries: T[],
  run: (query: T, i: number) => Promise<unknown>,
  times?: number[],
): Promise<TStats> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  collectGarbage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < queries.length) {
        const i = next++;
        const begun = performance.now();
        try {
          await run(queries[i]!, i);
          latencies.push(performance.now() - begun);
          if (times) times[i] = performance.now() - begun;
        } catch {
          errors++;
        }
      }
    }),
  );
  return stats(latencies, (performance.now() - started) / 1000, errors);
}

/**
 * The adapter's floor: each never-repeating query through the adapter with its caches off, beside the same
 * SQL statements sent straight through pg. A first adapter pass records the statements each query sends
 * (and warms Postgres's buffers for both); the bare replay keeps the adapter's one dependency (with free
 * text and relevance order the tier pages wait for the counts), everything else goes out at once, as the
 * adapter sends it. The difference is the adapter's own work: typo corrections, SQL building, drizzle.
 */
async function adapterVersusSql(databaseUrl: string, size: number, lines: string[]) {
  // One pool for both: the same warm connections (a new backend's first queries load its catalog caches).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const recording = drizzle(recordStatements(pool), { casing: 'snake_case' });
  const plain = drizzle(pool, { casing: 'snake_case' });
  const recorder = new PostgresSearchIndex({ db: recording, resultTtlMs: 0, aggregateTtlMs: 0 });
  const adapter = new PostgresSearchIndex({ db: plain, resultTtlMs: 0, aggregateTtlMs: 0 });
  try {
    for (const shape of STREAM_SHAPES) {
      const queries = queryStream(shape, STREAM, size);
      const statements: TStatement[][] = queries.map(() => []);
      await drain(queries, (query, i) => captured.run(statements[i]!, () => recorder.search(query)));
      const replay = (list: TStatement[], query: TDirectoryQuery) => replayStatements(pool, list, query);
      const sqlStats = await drain(queries, (query, i) => replay(statements[i]!, query));
      const adapterStats = await drain(queries, (query) => adapter.search(query));
      const perQuery = statements.reduce((a, list) => a + list.length, 0) / queries.length;
      const ratio = adapterStats.p95 / sqlStats.p95;
      lines.push(
        `| ${String(size).padStart(6)} | ${shape.padEnd(16)} | ${String(queries.length).padStart(5)} | ${perQuery.toFixed(1).padStart(5)} | ${fmt(sqlStats.p50)} | ${fmt(sqlStats.p95)} | ${fmt(adapterStats.p50)} | ${fmt(adapterStats.p95)} | ${fmt(adapterStats.p99)} | ${`${ratio.toFixed(2)}x`.padStart(7)} | ${String(adapterStats.errors + sqlStats.errors).padStart(6)} |`,
      );
      console.log(lines[lines.length - 1]);
    }
  } finally {
    await recorder.close();
    await adapter.close();
    await pool.end();
  }
}

/** MEILI_URL, or the binary scripts/install-tools.sh unpacks, started on a loopback port with a temporary data directory. */
async function meilisearchServer(
  stops: TStops,
): Promise<{ url: string; key?: string; local: boolean } | null> {
  if (process.env.MEILI_URL) return { url: process.env.MEILI_URL, key: process.env.MEILI_KEY, local: false };
  const bin = findTool('meilisearch', 'MEILISEARCH_BIN');
  if (!bin) return null;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-bench-meili-'));
  const url = `http://127.0.0.1:${await freePort()}`;
  const key = randomUUID();
  const child = spawn(
    bin,
    ['--db-path', path.join(dir, 'meili'), '--http-addr', url.slice(7), '--master-key', key],
    {
      stdio: 'ignore',
      env: { MEILI_NO_ANALYTICS: 'true', MEILI_ENV: 'development' },
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  stops.push(async () => {
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  });
  for (const deadline = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 100))) {
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, key, local: true };
    if (Date.now() > deadline) throw new Error(`Meilisearch (${bin}) did not answer on ${url} within 30 s`);
  }
}

/** The directory route's query string for a directory query (the API's parameter names). */
function apiPath(query: TDirectoryQuery): string {
  const params = new URLSearchParams({
    sort: query.sort,
    page: String(query.page),
    limit: String(query.limit),
  });
  const lists: [string, string[] | undefined][] = [
    ['industry', query.industries],
    ['technologies', query.technologies],
    ['regions', query.regions],
    ['eventTypes', query.eventTypes],
    ['sponsorshipTypes', query.sponsorshipTypes],
  ];
  if (query.q) params.set('q', query.q);
  if (query.kind) params.set('kind', query.kind);
  for (const [name, values] of lists) if (values) params.set(name, values.join(','));
  return `/api/v1/sponsors?${params}`;
}

/** `queries` through `run` by `connections` concurrent callers, each once, in order. */
async function drainAt<T>(connections: number, queries: T[], run: (query: T, i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < queries.length) {
        const i = next++;
        const begun = performance.now();
        try {
          await run(queries[i]!, i);
          latencies.push(performance.now() - begun);
        } catch {
          errors++;
        }
      }
    }),
  );
  return stats(latencies, (performance.now() - started) / 1000, errors);
}

/**
 * Side by side on the same data and the same never-repeating stream, caches off: the bare SQL the Postgres
 * adapter sends (its floor), the Postgres adapter, Meilisearch; then the stream through the API at
 * concurrency 4. Every system is warmed by one pass of the stream first (buffers, JIT), so each measures its
 * steady state on data it has seen, none a cache of results.
 */
async function sideBySide(
  databaseUrl: string,
  size: number,
  meili: MeilisearchSearchIndex,
  apiUrl: string | null,
  lines: string[],
) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const recording = drizzle(recordStatements(pool), { casing: 'snake_case' });
  const recorder = new PostgresSearchIndex({ db: recording, resultTtlMs: 0, aggregateTtlMs: 0 });
  const ours = new PostgresSearchIndex({
    db: drizzle(pool, { casing: 'snake_case' }),
    resultTtlMs: 0,
    aggregateTtlMs: 0,
  });
  const hitIds = (docs: TOrganizationDocument[]) => docs.map((doc) => doc.id);
  try {
    for (const shape of SIDE_SHAPES) {
      const items = labelledQueryStream(shape, STREAM, size);
      const queries = items.map((item) => item.query);
      const statements: TStatement[][] = queries.map(() => []);
      await drain(queries, (query, i) => captured.run(statements[i]!, () => recorder.search(query)));
      await drain(queries, (query) => meili.search(query));
      const floorTimes: number[] = [];
      const pgTimes: number[] = [];
      const loop = monitorEventLoopDelay({ resolution: 5 });
      // Garbage collection pauses (counting the full collection drain forces before the pass) and this process's CPU
      // per query in each pass (JS time beside the SQL's).
      let gc: number[] = [];
      const gcObserver = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) gc.push(entry.duration);
      });
      gcObserver.observe({ entryTypes: ['gc'] });
      const gcOf = () => {
        const out = `GC ${gc.reduce((a, b) => a + b, 0).toFixed(0)} ms total, longest ${Math.max(0, ...gc).toFixed(0)}`;
        gc = [];
        return out;
      };
      let cpu = process.cpuUsage();
      const cpuOf = () => {
        const used = process.cpuUsage(cpu);
        cpu = process.cpuUsage();
        return `CPU ${((used.user + used.system) / 1000 / queries.length).toFixed(1)} ms/query`;
      };
      // Autovacuum and autoanalyze runs finished meanwhile (a vacuum inside a pass competes with it for the 2 cores).
      const maintenance = async () =>
        Number(
          (
            await pool.query<{ n: number }>(
              `select coalesce(sum(autovacuum_count + autoanalyze_count), 0)::int as n from pg_stat_all_tables`,
            )
          ).rows[0]?.n,
        );
      const maintenanceBefore = await maintenance();
      loop.enable();
      const floor = await drain(
        queries,
        (query, i) => replayStatements(pool, statements[i]!, query),
        floorTimes,
      );
      loop.disable();
      const floorLoop = [loop.percentile(99) / 1e6, loop.max / 1e6];
      const floorGc = `${gcOf()}, ${cpuOf()}`;
      loop.reset();
      const pgResults: { ids: string[]; total: number }[] = [];
      const meiliResults: { ids: string[]; total: number }[] = [];
      loop.enable();
      const pgStats = await drain(
        queries,
        async (query, i) => {
          const result = await ours.search(query);
          pgResults[i] = { ids: hitIds(result.hits), total: result.total };
        },
        pgTimes,
      );
      loop.disable();
      const pgGc = `${gcOf()}, ${cpuOf()}`;
      gcObserver.disconnect();
      // A second round, floor then adapter again: the table keeps the first (as in earlier runs); this shows how
      // much of a gap between the two is the order and the moment they ran (the machine's load moves).
      const floor2 = await drain(queries, (query, i) => replayStatements(pool, statements[i]!, query));
      const pg2 = await drain(queries, (query) => ours.search(query));
      console.log(
        `  ${shape}: p50 / p95 floor then adapter, round 1: ${floor.p50.toFixed(0)} / ${floor.p95.toFixed(0)}, ${pgStats.p50.toFixed(0)} / ${pgStats.p95.toFixed(0)}; round 2: ${floor2.p50.toFixed(0)} / ${floor2.p95.toFixed(0)}, ${pg2.p50.toFixed(0)} / ${pg2.p95.toFixed(0)}`,
      );
      // The adapter's slowest queries beside their floor times in the same stream, and the event loop's delay
      // in each pass (a stall delays every query in flight, not just its own).
      console.log(
        `  ${shape}: autovacuum/autoanalyze runs finished during the two rounds: ${(await maintenance()) - maintenanceBefore}`,
      );
      console.log(
        `  ${shape}: event loop delay p99 / max (ms): floor ${floorLoop.map((x) => x.toFixed(0)).join(' / ')} (${floorGc}), adapter ${(loop.percentile(99) / 1e6).toFixed(0)} / ${(loop.max / 1e6).toFixed(0)} (${pgGc})`,
      );
      const slowest = pgTimes
        .map((ms, i) => ({ ms, i }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 10);
      for (const { ms, i } of slowest) {
        const q = queries[i]!;
        const solo: number[] = [];
        for (const st of statements[i]!) {
          const begun = performance.now();
          await pool.query(st.text, st.values);
          solo.push(performance.now() - begun);
        }
        const begun = performance.now();
        await ours.search(q);
        const adapterSolo = performance.now() - begun;
        console.log(
          `    ${ms.toFixed(0)} ms (floor ${floorTimes[i]?.toFixed(0)}) q=${JSON.stringify(q.q)} sort=${q.sort} page=${q.page} statements solo ${solo.map((x) => x.toFixed(0)).join('+')} ms, adapter solo ${adapterSolo.toFixed(0)} ms, sizes ${statements[i]!.map((st) => st.text.length + JSON.stringify(st.values).length).join('+')} chars`,
        );
      }
      const meiliStats = await drain(queries, async (query, i) => {
        const result = await meili.search(query);
        meiliResults[i] = { ids: hitIds(result.hits), total: result.total };
      });
      const api = apiUrl
        ? await drainAt(API_CONNECTIONS, queries, async (query) => {
            const res = await fetch(`${apiUrl}${apiPath(query)}`);
            await res.arrayBuffer();
            if (res.status !== 200) throw new Error(`${res.status}`);
          })
        : null;

      // recall@20: the misspelt organization among the first 20 hits (first page only; listed targets only).
      const labelled = items.flatMap((item, i) =>
        item.target && item.query.page === 1 ? [{ ...item, i }] : [],
      );
      const recall = (results: { ids: string[] }[]) =>
        labelled.length === 0
          ? NaN
          : labelled.filter(({ target, i }) => results[i]?.ids.slice(0, 20).includes(target!)).length /
            labelled.length;
      // How much of Meilisearch's page Postgres returns too, and how often both count the same total.
      let overlap = 0;
      let sameTotal = 0;
      queries.forEach((_, i) => {
        const ours = new Set(pgResults[i]?.ids ?? []);
        const theirs = meiliResults[i]?.ids ?? [];
        overlap +=
          theirs.length === 0
            ? ours.size === 0
              ? 1
              : 0
            : theirs.filter((id) => ours.has(id)).length / theirs.length;
        if (pgResults[i] && pgResults[i]!.total === meiliResults[i]?.total) sameTotal++;
      });
      const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '-').padStart(6);
      const ratio = pgStats.p95 / meiliStats.p95;
      lines.push(
        `| ${String(size).padStart(6)} | ${shape.padEnd(14)} | ${String(queries.length).padStart(4)} | ${fmt(floor.p50)} | ${fmt(floor.p95)} | ${fmt(pgStats.p50)} | ${fmt(pgStats.p95)} | ${fmt(meiliStats.p50)} | ${fmt(meiliStats.p95)} | ${`${ratio.toFixed(2)}x`.padStart(7)} | ${pct(recall(pgResults))} | ${pct(recall(meiliResults))} | ${pct(overlap / queries.length)} | ${pct(sameTotal / queries.length)} | ${fmt(api?.p50 ?? NaN)} | ${fmt(api?.p95 ?? NaN)} | ${String(floor.errors + pgStats.errors + meiliStats.errors + (api?.errors ?? 0)).padStart(6)} |`,
      );
      console.log(lines[lines.length - 1]);
    }
  } finally {
    await recorder.close();
    await ours.close();
    await pool.end();
  }
}

/**
 * The API's floors (part `apistream`, issue 12 item 1: p95 <= 50 ms at concurrency 4): the never-repeating stream at
 * the API's concurrency (4), on the same data, through (1) the bare SQL the Postgres adapter sends for each query,
 * replayed through a plain pg pool (the floor: Postgres's own time for these queries at this concurrency), (2) the
 * Postgres adapter alone in this process, caches off, (3) GET /api/v1/sponsors (Postgres adapter), (4) the same route
 * on a second server on the Meilisearch adapter when Meilisearch runs in the bench, and (5) a no-op route of the first
 * server (GET /api/v1/meta/partner-categories: every middleware, no database; what HTTP, Hono and the client cost).
 * A recording pass of the adapter captures each query's statements (and warms Postgres's buffers for all). The passes
 * alternate per shape, two rounds with a stream of their own each (the servers' result caches are on, as in
 * production, and never see a query twice), so the machine's load drifts across all of them alike.
 */
async function apiVersusAdapter(
  databaseUrl: string,
  size: number,
  apiUrl: string,
  meiliApiUrl: string | null,
  lines: string[],
  cpuLines: string[],
) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const recorder = new PostgresSearchIndex({
    db: drizzle(recordStatements(pool), { casing: 'snake_case' }),
    resultTtlMs: 0,
    aggregateTtlMs: 0,
  });
  const adapter = new PostgresSearchIndex({
    db: drizzle(pool, { casing: 'snake_case' }),
    resultTtlMs: 0,
    aggregateTtlMs: 0,
  });
  const get = async (url: string) => {
    const res = await fetch(url);
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${res.status}`);
    return body.byteLength;
  };
  type TPass = 'sql' | 'adapter' | 'api' | 'meili' | 'noop';
  const passes: TPass[] = ['sql', 'adapter', 'api', ...(meiliApiUrl ? (['meili'] as const) : []), 'noop'];
  try {
    for (const shape of STREAM_SHAPES) {
      const rounds = [0, 1].map((round) => queryStream(shape, STREAM, size, 7 + round));
      // Warm-up on a stream of its own: Postgres's buffers, the servers' JIT and connections.
      const warm = queryStream(shape, 40, size, 99);
      await drainAt(API_CONNECTIONS, warm, (query) => adapter.search(query));
      await drainAt(API_CONNECTIONS, warm, (query) => get(`${apiUrl}${apiPath(query)}`));
      if (meiliApiUrl)
        await drainAt(API_CONNECTIONS, warm, (query) => get(`${meiliApiUrl}${apiPath(query)}`));
      const runs = Object.fromEntries(passes.map((p) => [p, [] as number[]])) as Record<TPass, number[]>;
      // CPU per request of each process, whatever the load: the API servers', Postgres's, Meilisearch's and this one's.
      const cpu = Object.fromEntries(passes.map((p) => [p, {}])) as Record<TPass, Record<string, number>>;
      let bytes = 0;
      let errors = 0;
      for (const queries of rounds) {
        const statements: TStatement[][] = queries.map(() => []);
        await drainAt(API_CONNECTIONS, queries, (query, i) =>
          captured.run(statements[i]!, () => recorder.search(query)),
        );
        const run: Record<TPass, (query: TDirectoryQuery, i: number) => Promise<unknown>> = {
          sql: (query, i) => replayStatements(pool, statements[i]!, query),
          adapter: (query) => adapter.search(query),
          api: async (query) => {
            bytes += await get(`${apiUrl}${apiPath(query)}`);
          },
          meili: (query) => get(`${meiliApiUrl}${apiPath(query)}`),
          noop: () => get(`${apiUrl}/api/v1/meta/partner-categories`),
        };
        for (const name of passes) {
          const latencies: number[] = [];
          let next = 0;
          collectGarbage();
          const meter = cpuMeter({
            api: (cmd) => cmd.includes('api-server.ts'),
            postgres: (cmd) => cmd.startsWith('postgres'),
            meili: (cmd) => cmd.includes('meilisearch'),
          });
          await Promise.all(
            Array.from({ length: API_CONNECTIONS }, async () => {
              while (next < queries.length) {
                const i = next++;
                const begun = performance.now();
                try {
                  await run[name](queries[i]!, i);
                  latencies.push(performance.now() - begun);
                } catch {
                  errors++;
                }
              }
            }),
          );
          runs[name].push(...latencies);
          for (const [cls, ms] of Object.entries(meter())) cpu[name][cls] = (cpu[name][cls] ?? 0) + ms;
        }
      }
      const s = Object.fromEntries(passes.map((p) => [p, stats(runs[p], 1, 0)])) as Record<TPass, TStats>;
      const none = { p50: NaN, p95: NaN } as TStats;
      const meili = s.meili ?? none;
      const per = (name: TPass, cls: string) =>
        (cpu[name] ? (cpu[name][cls] ?? 0) / Math.max(1, runs[name].length) : NaN).toFixed(1);
      cpuLines.push(
        `| ${String(size).padStart(6)} | ${shape.padEnd(14)} | ${per('sql', 'postgres').padStart(7)} | ${per('sql', 'load generator').padStart(7)} | ${per('adapter', 'postgres').padStart(7)} | ${per('adapter', 'load generator').padStart(7)} | ${per('api', 'api').padStart(7)} | ${per('api', 'postgres').padStart(7)} | ${per('meili', 'api').padStart(7)} | ${per('meili', 'meili').padStart(7)} | ${per('noop', 'api').padStart(7)} |`,
      );
      const x = (a: number, b: number) =>
        (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : '-').padStart(7);
      lines.push(
        `| ${String(size).padStart(6)} | ${shape.padEnd(14)} | ${String(runs.api.length).padStart(4)} | ${fmt(s.sql.p50)} | ${fmt(s.sql.p95)} | ${fmt(s.adapter.p50)} | ${fmt(s.adapter.p95)} | ${fmt(s.api.p50)} | ${fmt(s.api.p95)} | ${fmt(meili.p50)} | ${fmt(meili.p95)} | ${fmt(s.noop.p50)} | ${fmt(s.noop.p95)} | ${x(s.api.p95, s.sql.p95)} | ${x(s.api.p95, s.adapter.p95)} | ${fmt(s.api.p95 - s.adapter.p95)} | ${(bytes / 1024 / Math.max(1, runs.api.length)).toFixed(1).padStart(6)} | ${s.sql.p95 > API_TARGET_P95_MS ? '    yes' : '     no'} | ${s.api.p95 <= API_TARGET_P95_MS ? '    met' : 'not met'} | ${String(errors).padStart(6)} |`,
      );
      console.log(lines[lines.length - 1]);
    }
  } finally {
    await recorder.close();
    await adapter.close();
    await pool.end();
  }
}

async function routeAvailable(apiUrl: string): Promise<string | null> {
  try {
    const res = await fetch(`${apiUrl}/api/v1/sponsors?limit=1`);
    const body = (await res.json()) as { meta?: { adapter?: string } };
    if (res.status !== 200) return `GET /api/v1/sponsors answered ${res.status}`;
    if (body.meta?.adapter !== 'postgres')
      return `the API uses the ${body.meta?.adapter} adapter, not postgres`;
    return null;
  } catch (err) {
    return `GET /api/v1/sponsors failed: ${String(err)}`;
  }
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-').padStart(7);
const row = (size: number, target: string, shape: string, s: TStats) =>
  `| ${String(size).padStart(6)} | ${target.padEnd(24)} | ${shape.padEnd(24)} | ${s.rps.toFixed(0).padStart(6)} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${String(s.errors).padStart(6)} |`;

async function main() {
  const { databaseUrl, temporalAddress } = await infrastructure(stops);
  const { db, pool } = createDb(databaseUrl, 20);
  stops.push(() => pool.end());
  const ids = (
    await db
      .insert(communities)
      .values(
        Array.from({ length: 5 }, (_, i) => ({
          name: `Bench ${i}`,
          slug: `bench-${i}`,
          status: 'active' as const,
        })),
      )
      .returning()
  ).map((c) => c.id);
  // The writer: its NOTIFY on each batch also clears the API server's caches.
  const writer = new PostgresSearchIndex({ db });
  const cached = new PostgresSearchIndex({ db });
  const uncached = new PostgresSearchIndex({ db, resultTtlMs: 0, aggregateTtlMs: 0 });
  stops.push(
    () => writer.close(),
    () => cached.close(),
    () => uncached.close(),
  );

  const meiliServer = PARTS.has('side') || PARTS.has('apistream') ? await meilisearchServer(stops) : null;
  if (PARTS.has('side') && !meiliServer) {
    console.log(
      '  side-by-side part skipped: neither MEILI_URL nor .tools/bin/meilisearch (scripts/install-tools.sh).',
    );
  }
  const meili = meiliServer
    ? new MeilisearchSearchIndex({
        host: meiliServer.url,
        apiKey: meiliServer.key,
        // The bench's own server: the index an API server on Meilisearch reads ("organizations", its default).
        indexName: meiliServer.local ? 'organizations' : `bench_${Date.now()}`,
        taskTimeoutMs: 600_000,
      })
    : null;
  if (meili) {
    await meili.init();
    await meili.clear();
  }

  // Without the API (a server that does not start), the in-process parts still run.
  const api = await spawnServer(stops, 'bench/servers/api-server.ts', {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_POOL_MAX: '20',
    // bench/servers/api-server.ts asks its config for LOG_LEVEL silent, but src/logger.ts reads the environment: without
    // this the server wrote a request log line per request (synchronously, into a pipe this busy process drains).
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    // The server runs as in production, which refuses the public local webhook secret.
    STRIPE_WEBHOOK_SECRET: `whsec_bench_${randomUUID().replaceAll('-', '')}`,
  }).catch((err: unknown) => {
    console.log(`  API server did not start (${String(err)}): the API parts are skipped.`);
    return null;
  });
  const lines: string[] = [];
  const floorLines: string[] = [];
  const sideLines: string[] = [];
  const apiLines: string[] = [];
  let meiliApi: { url: string } | null = null;
  const apiCpuLines: string[] = [];
  let have = 0;
  for (const size of SIZES) {
    console.log(`\nDirectory of ${size} organizations`);
    await grow(db, writer, have, size, ids, meili);
    have = size;
    const missing = !api
      ? 'the server did not start'
      : PARTS.has('api')
        ? await routeAvailable(api.url)
        : 'not asked for (BENCH_PARTS)';
    if (missing) console.log(`  API part skipped: ${missing}.`);
    for (const [shape, variants] of PARTS.has('api') || PARTS.has('adapter') ? Object.entries(SHAPES) : []) {
      if (!missing && api) {
        await loadApi(api.url, variants, 2); // warm-up: JIT, pools, the word list, caches
        const s = await loadApi(api.url, variants, SECONDS);
        lines.push(row(size, 'API (GET /sponsors)', shape, s));
        console.log(lines[lines.length - 1]);
      }
      if (!PARTS.has('adapter')) continue;
      await loadAdapter(cached, variants, 1);
      for (const [name, index] of [
        ['adapter, cached', cached],
        ['adapter, no cache', uncached],
      ] as const) {
        const s = await loadAdapter(index, variants, Math.min(SECONDS, 5));
        lines.push(row(size, name, shape, s));
        console.log(lines[lines.length - 1]);
      }
    }
    if (PARTS.has('floor')) await adapterVersusSql(databaseUrl, size, floorLines);
    if (PARTS.has('apistream')) {
      const apiMissing = api ? await routeAvailable(api.url) : 'the server did not start';
      if (apiMissing || !api) console.log(`  API-versus-adapter part skipped: ${apiMissing}.`);
      else {
        // A second server on the Meilisearch adapter, when the bench runs its own Meilisearch (the index it fills).
        if (meiliServer?.local && !meiliApi) {
          meiliApi = await spawnServer(stops, 'bench/servers/api-server.ts', {
            DATABASE_URL: databaseUrl,
            TEMPORAL_ADDRESS: temporalAddress,
            DATABASE_POOL_MAX: '20',
            MEILI_URL: meiliServer.url,
            MEILI_KEY: meiliServer.key!,
            STRIPE_WEBHOOK_SECRET: `whsec_bench_${randomUUID().replaceAll('-', '')}`,
          }).catch((err: unknown) => {
            console.log(`  API server on Meilisearch did not start (${String(err)}): its column is empty.`);
            return null;
          });
        }
        await apiVersusAdapter(databaseUrl, size, api.url, meiliApi?.url ?? null, apiLines, apiCpuLines);
      }
    }
    if (meili && PARTS.has('side')) {
      const apiMissing = api ? await routeAvailable(api.url) : 'the server did not start';
      if (apiMissing) console.log(`  API column of the side-by-side part empty: ${apiMissing}.`);
      await sideBySide(databaseUrl, size, meili, apiMissing || !api ? null : api.url, sideLines);
    }
  }

  console.log(
    `\nDirectory search, Postgres adapter, concurrency ${CONNECTIONS}, ${SECONDS}s per API run, ${os.cpus().length} cores, ${os.cpus()[0]?.model}`,
  );
  if (lines.length > 0) {
    console.log(
      '|   size | target                   | shape                    |  req/s |  p50 ms |  p95 ms |  p99 ms | errors |',
    );
    console.log(
      '| ------ | ------------------------ | ------------------------ | ------ | ------- | ------- | ------- | ------ |',
    );
    for (const line of lines) console.log(line);
  }
  if (floorLines.length > 0) {
    console.log(
      `\nAdapter (caches off) over the bare SQL of the same queries: ${STREAM} distinct queries per shape that never repeat, concurrency ${CONNECTIONS}, in process (ms)`,
    );
    // stmts: statements per query; ad.: the adapter; ad./SQL: the adapter's p95 over the bare SQL's.
    console.log(
      '|   size | shape            |   qrs | stmts | SQL p50 | SQL p95 | ad. p50 | ad. p95 | ad. p99 | ad./SQL | errors |',
    );
    console.log(
      '| ------ | ---------------- | ----- | ----- | ------- | ------- | ------- | ------- | ------- | ------- | ------ |',
    );
    for (const line of floorLines) console.log(line);
  }
  if (sideLines.length > 0) {
    console.log(
      `\nSide by side, caches off, same organizations, ${STREAM} never-repeating queries per shape (typo names; text + filters; filters only; random pages and sorts), concurrency ${CONNECTIONS} in process, API at ${API_CONNECTIONS} (ms)`,
    );
    // floor: the bare SQL the Postgres adapter sent; pg/meili: p95 ratio (target <= 1.5x); recall: the
    // misspelt listed organization in the first 20 hits; overlap: share of Meilisearch's page Postgres
    // returns too; =total: queries where both count the same total.
    console.log(
      '|   size | shape          |  qrs | flr p50 | flr p95 |  pg p50 |  pg p95 | mei p50 | mei p95 | pg/mei | rec pg | rec me | overlp | =total | api p50 | api p95 | errors |',
    );
    console.log(
      '| ------ | -------------- | ---- | ------- | ------- | ------- | ------- | ------- | ------- | ------ | ------ | ------ | ------ | ------ | ------- | ------- | ------ |',
    );
    for (const line of sideLines) console.log(line);
    const worstRatio = Math.max(...sideLines.map((l) => Number.parseFloat(l.split('|')[10]!)));
    const worstApi = Math.max(...sideLines.map((l) => Number(l.split('|')[16])));
    console.log(
      `worst Postgres/Meilisearch p95 ratio: ${worstRatio.toFixed(2)}x (target <= ${TARGET_RATIO}x): ${worstRatio <= TARGET_RATIO ? 'met' : 'NOT met'}; ` +
        `worst API p95 at concurrency ${API_CONNECTIONS}: ${worstApi.toFixed(1)} ms (target <= ${API_TARGET_P95_MS} ms): ${worstApi <= API_TARGET_P95_MS ? 'met' : 'NOT met'}`,
    );
  }
  if (apiLines.length > 0) {
    console.log(
      `\nThe API over its floors: ${STREAM} never-repeating queries per shape at concurrency ${API_CONNECTIONS}, two alternating rounds, same data, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (ms)`,
    );
    // sql: the bare SQL the Postgres adapter sent for each query, through a plain pg pool (the floor); ad: the adapter
    // in process, caches off; api: GET /api/v1/sponsors (Postgres adapter); mei: the same route on a server on the
    // Meilisearch adapter ('-' without the bench's own Meilisearch); nop: GET /api/v1/meta/partner-categories (HTTP and
    // middleware, no database); api/sql and api/ad: p95 ratios; api-ad: what the API adds at p95; flr>50: the floor's
    // p95 alone is above the 50 ms target; target: the API's p95 <= 50 ms.
    console.log(
      '|   size | shape          |  qrs | sql p50 | sql p95 |  ad p50 |  ad p95 | api p50 | api p95 | mei p50 | mei p95 | nop p50 | nop p95 | api/sql |  api/ad |  api-ad | kB/rsp |  flr>50 |  target | errors |',
    );
    console.log(
      '| ------ | -------------- | ---- | ------- | ------- | ------- | ------- | ------- | ------- | ------- | ------- | ------- | ------- | ------- | ------- | ------- | ------ | ------- | ------- | ------ |',
    );
    for (const line of apiLines) console.log(line);
    const column = (n: number) => Math.max(...apiLines.map((l) => Number(l.split('|')[n])));
    const [worst, worstAdapter, worstSql] = [column(9), column(7), column(5)];
    console.log(
      `worst API p95 at concurrency ${API_CONNECTIONS}: ${worst.toFixed(1)} ms (target <= ${API_TARGET_P95_MS} ms): ${worst <= API_TARGET_P95_MS ? 'met' : 'NOT met'}; ` +
        `the adapter alone ${worstAdapter.toFixed(1)} ms; the bare SQL floor ${worstSql.toFixed(1)} ms (${worstSql > API_TARGET_P95_MS ? 'above the target by itself: the API cannot meet it on this floor' : 'within the target'})`,
    );
    // CPU ms per request (from /proc, whatever the load): bch = this process (the pg client and the adapter's JS).
    console.log(
      'CPU ms per request: bare SQL | adapter in process | API (Postgres) | API (Meilisearch) | no-op route',
    );
    console.log(
      '|   size | shape          |  sql pg | sql bch |   ad pg |  ad bch | api api |  api pg | mei api | mei mei | nop api |',
    );
    console.log(
      '| ------ | -------------- | ------- | ------- | ------- | ------- | ------- | ------- | ------- | ------- | ------- |',
    );
    for (const line of apiCpuLines) console.log(line);
  }
  const apiAtMax = lines.filter((l) => l.includes('API') && l.includes(String(Math.max(...SIZES))));
  if (apiAtMax.length > 0) {
    const worst = Math.max(...apiAtMax.map((l) => Number(l.split('|')[6])));
    console.log(
      `\nworst API p95 at ${Math.max(...SIZES)}: ${worst.toFixed(1)} ms (target <= ${TARGET_P95_MS} ms): ${worst <= TARGET_P95_MS ? 'met' : 'NOT met'}`,
    );
  }
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
}
