/**
 * GET and POST /api/v1/events/:eventId/partners at concurrency 32, through the real API and through a bare
 * node:http + pg server running the same SQL, in the same run against the same database.
 *   npm run bench            (embedded Postgres and Temporal dev server unless DATABASE_URL / TEMPORAL_ADDRESS)
 *   BENCH_SECONDS=20 npm run bench
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import autocannon from 'autocannon';
import { categoryInfo, SPONSOR_CATEGORIES, PARTNER_CATEGORIES } from '../src/domain/commdesk-facts.js';
import { createDb } from '../src/db/client.js';
import { eventPartnerLinks, organizations } from '../src/db/schema/index.js';
import { benchCommunity } from './lib/fixtures.js';
import { infrastructure, spawnServer, type TStops } from './lib/stack.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const stops: TStops = [];

async function fixtures(databaseUrl: string) {
  const { db, pool } = createDb(databaseUrl, 4);
  const bench = await benchCommunity(db);
  const token = bench.organizerToken;
  const event = bench.event;
  const listEvent = await event();
  const labels = [...SPONSOR_CATEGORIES, ...PARTNER_CATEGORIES];
  for (let i = 0; i < 50; i++) {
    const domain = `bench-org-${i}.io`;
    const [org] = await db
      .insert(organizations)
      .values({
        kind: 'sponsor',
        displayName: `Org ${i}`,
        normalizedDomain: domain,
        website: `https://${domain}`,
        status: 'Active',
      })
      .returning();
    const info = categoryInfo(labels[i % labels.length]!);
    await db.insert(eventPartnerLinks).values({
      eventId: listEvent.id,
      organizationId: org!.id,
      displayCategory: info.label,
      kind: info.kind,
      tierKeyword: info.tierKeyword,
      band: info.band,
      nameSnapshot: `Org ${i}`,
      logoUrlSnapshot: `https://${domain}/logo.png`,
      websiteSnapshot: `https://${domain}`,
      benefits: [{ key: 'logo_placement' }],
      displayOrder: i,
    });
  }
  const postEvents = { api: await event(), bare: await event() };
  await pool.end();
  return { token, listEventId: listEvent.id, postEvents };
}

type TResult = { rps: number; p50: number; p99: number; non2xx: number; errors: number };

async function load(opts: autocannon.Options): Promise<TResult> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function main() {
  const { databaseUrl, temporalAddress } = await infrastructure(stops);
  const { token, listEventId, postEvents } = await fixtures(databaseUrl);
  const env = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, DATABASE_POOL_MAX: '20' };
  const api = await spawnServer(stops, 'bench/servers/api-server.ts', env);
  const bare = await spawnServer(stops, 'bench/servers/bare-server.ts', env);
  const listPath = `/api/v1/events/${listEventId}/partners?limit=50`;

  const sanity = await (await fetch(`${api.url}${listPath}`)).json();
  if (sanity.data.length !== 50) throw new Error('the API did not list 50 assignments');

  // Warm both (JIT, pools), then alternate so drift in machine load hits both sides alike.
  await load({ url: `${api.url}${listPath}`, duration: 3 });
  await load({ url: `${bare.url}${listPath}`, duration: 3 });
  const runs: Record<'api' | 'bare', TResult[]> = { api: [], bare: [] };
  for (let round = 0; round < 3; round++) {
    runs.api.push(await load({ url: `${api.url}${listPath}` }));
    runs.bare.push(await load({ url: `${bare.url}${listPath}` }));
  }
  const best = (rs: TResult[]) => rs.reduce((a, b) => (b.rps > a.rps ? b : a));
  const listApi = best(runs.api);
  const listBare = best(runs.bare);

  const postLoad = (url: string, eventId: string, headers: Record<string, string>) =>
    load({
      url: `${url}/api/v1/events/${eventId}/partners`,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      requests: [
        {
          setupRequest: (req) => {
            const id = randomUUID().slice(0, 12);
            return {
              ...req,
              body: JSON.stringify({ name: `Bench ${id}`, website: `https://bench-${id}.io` }),
            };
          },
        },
      ],
    });
  const postApi = await postLoad(api.url, postEvents.api.id, { authorization: `Bearer ${token}` });
  const postBare = await postLoad(bare.url, postEvents.bare.id, {});

  const row = (name: string, r: TResult) =>
    `| ${name.padEnd(28)} | ${r.rps.toFixed(0).padStart(7)} | ${String(r.p50).padStart(6)} | ${String(r.p99).padStart(6)} | ${String(r.non2xx + r.errors).padStart(6)} |`;
  console.log(
    `\nPartner panel, concurrency ${CONNECTIONS}, ${SECONDS}s per run, ${os.cpus().length} cores, ${os.cpus()[0]?.model}`,
  );
  console.log('| target                       |   req/s | p50 ms | p99 ms | errors |');
  console.log('| ---------------------------- | ------- | ------ | ------ | ------ |');
  console.log(row('GET list (50) API', listApi));
  console.log(row('GET list (50) bare node+pg', listBare));
  console.log(row('POST create API', postApi));
  console.log(row('POST create bare node+pg', postBare));
  console.log(`\nGET ratio API/bare: ${((listApi.rps / listBare.rps) * 100).toFixed(1)}% (target >= 70%)`);
  console.log(`POST ratio API/bare: ${((postApi.rps / postBare.rps) * 100).toFixed(1)}%`);
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
}
