/**
 * 200 concurrent negotiations driven through the HTTP API to acceptance, 3 counter-offer rounds each:
 * the latency of one counter (API call until the revision row is committed, which the Update waits for)
 * and full negotiations per second. The API and the worker run in their own processes, as in production.
 *   npm run bench:negotiation      (BENCH_NEGOTIATIONS=200 by default)
 */
import os from 'node:os';
import { Agent, request } from 'undici';
import { createDb } from '../src/db/client.js';
import { organizationMembers, organizations, users } from '../src/db/schema/index.js';
import { cpuMeter, describeCpu } from './lib/cpu.js';
import { benchCommunity, sessionToken } from './lib/fixtures.js';
import { infrastructure, spawnServer, type TStops } from './lib/stack.js';

const NEGOTIATIONS = Number(process.env.BENCH_NEGOTIATIONS ?? 200);
/** Unset: all negotiations start at once (closed loop). Set: they arrive at this many per second (open loop). */
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : null;
const stops: TStops = [];
const dispatcher = new Agent({ connections: 256, pipelining: 1 });

async function fixtures(databaseUrl: string) {
  const { db, pool } = createDb(databaseUrl, 4);
  const bench = await benchCommunity(db);
  const event = await bench.event();
  const sponsors = [];
  for (let i = 0; i < NEGOTIATIONS; i++) {
    const [org] = await db
      .insert(organizations)
      .values({
        kind: 'sponsor',
        displayName: `Sponsor ${i}`,
        normalizedDomain: `bench-sponsor-${i}.io`,
        website: `https://bench-sponsor-${i}.io`,
        status: 'Active',
      })
      .returning();
    const [user] = await db
      .insert(users)
      .values({ email: `admin-${i}@bench-sponsor-${i}.io`, name: `Admin ${i}` })
      .returning();
    await db
      .insert(organizationMembers)
      .values({ organizationId: org!.id, userId: user!.id, role: 'Sponsor Admin', status: 'active' });
    sponsors.push({ organizationId: org!.id, token: await sessionToken(db, user!.id) });
  }
  await pool.end();
  return {
    communityId: bench.communityId,
    eventId: event.id,
    organizerToken: bench.organizerToken,
    sponsors,
  };
}

// undici's request API rather than fetch: the load generator shares the 2 cores with the system under test.
async function call(base: string, method: 'POST' | 'PATCH', path: string, token: string, body: unknown) {
  const started = performance.now();
  const res = await request(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    dispatcher,
  });
  const json = (await res.body.json()) as {
    data?: { id?: string; status?: string; currentRevision?: number };
  };
  if (res.statusCode >= 300)
    throw new Error(`${method} ${path} -> ${res.statusCode} ${JSON.stringify(json)}`);
  return { ms: performance.now() - started, data: json.data! };
}

const proposal = (amountMinor: number) => ({
  amountMinor,
  currency: 'INR',
  category: 'Gold Sponsor',
  benefits: [{ key: 'logo_placement' }],
  terms: 'Standard terms.',
});

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const { databaseUrl, temporalAddress } = await infrastructure(stops);
  const databaseName = new URL(databaseUrl).pathname.slice(1);
  const f = await fixtures(databaseUrl);
  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_POOL_MAX: '30',
    REQUESTS_PER_COMMUNITY_PER_DAY: '100000',
    COUNTER_OFFERS_PER_WINDOW: '100',
  };
  await spawnServer(stops, 'bench/servers/worker-process.ts', env);
  const api = await spawnServer(stops, 'bench/servers/api-server.ts', env);

  const counterMs: number[] = [];
  const temporalPort = new URL(`http://${temporalAddress}`).port;
  const cpu = cpuMeter({
    worker: (cmd) => cmd.includes('bench/servers/worker-process.ts'),
    api: (cmd) => cmd.includes('bench/servers/api-server.ts'),
    temporal: (cmd) => cmd.includes('start-dev') && cmd.includes(` ${temporalPort} `),
    postgres: (cmd) => cmd.startsWith('postgres: ') && cmd.includes(` ${databaseName} `),
  });
  const started = performance.now();
  await Promise.all(
    f.sponsors.map(async (s, i) => {
      if (RATE) await new Promise((r) => setTimeout(r, (i / RATE) * 1000));
      const opened = await call(api.url, 'POST', '/api/v1/requests', f.organizerToken, {
        communityId: f.communityId,
        organizationId: s.organizationId,
        eventId: f.eventId,
        proposal: proposal(1_000_000 + i),
      });
      const id = opened.data.id!;
      const rounds: [string, number][] = [
        [s.token, 1],
        [f.organizerToken, 2],
        [s.token, 3],
      ];
      for (const [token, revision] of rounds) {
        const counter = await call(api.url, 'PATCH', `/api/v1/requests/${id}/negotiate`, token, {
          inReplyToRevision: revision,
          proposal: proposal(900_000 + revision),
        });
        counterMs.push(counter.ms);
      }
      const accepted = await call(api.url, 'PATCH', `/api/v1/requests/${id}/accept`, f.organizerToken, {
        revision: 4,
      });
      if (accepted.data.status !== 'Accepted')
        throw new Error(`negotiation ${id} ended ${accepted.data.status}`);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuTotals = cpu();
  console.log(
    `\n${NEGOTIATIONS} negotiations (open + 3 counters + accept), ${RATE ? `arriving at ${RATE}/s` : 'all started at once'}, ${os.cpus().length} cores, ${os.cpus()[0]?.model}`,
  );
  console.log(
    `counter latency: p50 ${percentile(counterMs, 50).toFixed(1)} ms, p95 ${percentile(counterMs, 95).toFixed(1)} ms, p99 ${percentile(counterMs, 99).toFixed(1)} ms (n=${counterMs.length}; target p95 <= 60 ms)`,
  );
  console.log(
    `throughput: ${(NEGOTIATIONS / seconds).toFixed(1)} negotiations/s over ${seconds.toFixed(1)} s (target >= 20/s)`,
  );
  console.log(describeCpu(cpuTotals, seconds, NEGOTIATIONS, 'negotiation'));
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await dispatcher.close();
}
