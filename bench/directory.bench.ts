/**
 * The organization directory on the Postgres search adapter with 10k and then 100k generated
 * organizations: GET /api/v1/sponsors through the real API at concurrency 16 (target: p95 <= 25 ms at
 * 100k), and the adapter in-process at the same concurrency, with its caches on and off.
 *   npx tsx bench/directory.bench.ts          (embedded Postgres and Temporal unless DATABASE_URL / TEMPORAL_ADDRESS)
 *   BENCH_SECONDS=20 BENCH_SIZES=10000,100000 npx tsx bench/directory.bench.ts
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { createDb, type TDb } from '../src/db/client.js';
import { communities, organizations } from '../src/db/schema/index.js';
import type { TDirectoryQuery } from '../src/domain/directory.js';
import { toOrganizationDocument } from '../src/search/organization-document.js';
import { PostgresSearchIndex } from '../src/search/postgres-search-index.js';
import { infrastructure, spawnServer, type TStops } from './lib/stack.js';
import { generateOrganizations } from './servers/directory-data.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const CONNECTIONS = 16;
const TARGET_P95_MS = 25;
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
async function grow(db: TDb, index: PostgresSearchIndex, from: number, size: number, communityIds: string[]) {
  const started = Date.now();
  for (let n = from; n < size; n += 1_000) {
    const rows = await db
      .insert(organizations)
      .values(generateOrganizations(n, Math.min(1_000, size - n), communityIds))
      .returning();
    await index.upsert(rows.map(toOrganizationDocument));
    process.stdout.write(`\r  generated ${n + rows.length}/${size}`);
  }
  await db.execute(sql`vacuum analyze organizations`);
  await db.execute(sql`vacuum analyze organization_search`);
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

  const api = await spawnServer(stops, 'bench/servers/api-server.ts', {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_POOL_MAX: '20',
  });
  const lines: string[] = [];
  let have = 0;
  for (const size of SIZES) {
    console.log(`\nDirectory of ${size} organizations`);
    await grow(db, writer, have, size, ids);
    have = size;
    const missing = await routeAvailable(api.url);
    if (missing) console.log(`  API part skipped: ${missing}. The adapter is measured in-process below.`);
    for (const [shape, variants] of Object.entries(SHAPES)) {
      if (!missing) {
        await loadApi(api.url, variants, 2); // warm-up: JIT, pools, the word list, caches
        const s = await loadApi(api.url, variants, SECONDS);
        lines.push(row(size, 'API (GET /sponsors)', shape, s));
        console.log(lines[lines.length - 1]);
      }
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
  }

  console.log(
    `\nDirectory search, Postgres adapter, concurrency ${CONNECTIONS}, ${SECONDS}s per API run, ${os.cpus().length} cores, ${os.cpus()[0]?.model}`,
  );
  console.log(
    '|   size | target                   | shape                    |  req/s |  p50 ms |  p95 ms |  p99 ms | errors |',
  );
  console.log(
    '| ------ | ------------------------ | ------------------------ | ------ | ------- | ------- | ------- | ------ |',
  );
  for (const line of lines) console.log(line);
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
