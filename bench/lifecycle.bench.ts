/**
 * Whole deals from request to released money through the HTTP API (API, worker and stripe-mock in their own
 * processes), beside the engine's floor in the same run.
 *
 * Per deal, `BENCH_CONCURRENCY` in flight (closed loop): POST /requests -> PATCH accept -> (contract generated) ->
 * GET /contracts/:id -> both sign -> (sealed; the escrow invoices and creates the PaymentIntent) -> POST /payments
 * (the sponsor's client secret) -> POST /stripe/webhook payment_intent.succeeded (signed) -> (InEscrow) ->
 * release-request -> approve -> (transferred, Released). The bench watches Postgres for the steps the workflows take
 * on their own, so it adds no API load. Reported: deals per second, p50/p95 of each API step and of a whole deal, and
 * CPU per deal per component (worker, Temporal, API, Postgres, stripe-mock).
 *
 * The floor: per deal, three no-op workflows (bench/floor/lifecycle-floor.workflow.ts) receiving the same Updates and
 * the payment signal and starting each other as ours do, on a worker of their own; no activity, database or HTTP. Its
 * CPU per deal (worker + Temporal) is what the engine costs; ours above it is our code, Postgres, Stripe and the API.
 *
 *   npm run bench:lifecycle      (BENCH_DEALS=30, BENCH_CONCURRENCY=6)
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import Stripe from 'stripe';
import { Agent, request } from 'undici';
import { loadConfig } from '../src/config.js';
import { createDb, type TDb } from '../src/db/client.js';
import { insertPayoutAccount } from '../src/db/repositories/stripe-repository.js';
import { organizationMembers, organizations, sessions, users } from '../src/db/schema/index.js';
import { randomToken, sha256Hex as tokenHash } from '../src/infra/secret-box.js';
import { loadSealCertificate } from '../src/infra/seal-certificate.js';
import { startStripeMock } from '../src/infra/stripe.js';
import {
  floorPaidSignal,
  floorStepUpdate,
  LIFECYCLE_FLOOR_TASK_QUEUE,
  lifecycleFloorWorkflow,
} from './floor/lifecycle-floor.workflow.js';
import { cpuMeter } from './lib/cpu.js';
import { benchCommunity } from './lib/fixtures.js';
import { infrastructure, spawnServer, type TStops } from './lib/stack.js';
import { percentile, pool } from './lib/concurrency.js';

const DEALS = Number(process.env.BENCH_DEALS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);
const WARMUP = 3;
const WAIT_MS = 180_000;
const WEBHOOK_SECRET = 'whsec_benchlifecycle';
const stops: TStops = [];
const dispatcher = new Agent({ connections: 64, pipelining: 1 });

type TSponsor = { organizationId: string; token: string };
const STEPS = [
  'POST /requests',
  'PATCH accept',
  'GET /contracts/:id',
  'POST sign (sponsor)',
  'POST sign (organizer)',
  'POST /payments',
  'POST /stripe/webhook',
  'POST release-request',
  'POST approve',
] as const;
type TStep = (typeof STEPS)[number];

async function sponsors(db: TDb, count: number): Promise<TSponsor[]> {
  const ids = Array.from({ length: count }, (_, i) => i);
  const orgs = await db
    .insert(organizations)
    .values(
      ids.map((i) => ({
        kind: 'sponsor' as const,
        displayName: `Sponsor ${i}`,
        legalName: `Sponsor ${i} Inc.`,
        normalizedDomain: `bench-lifecycle-${i}.io`,
        website: `https://bench-lifecycle-${i}.io`,
        status: 'Active' as const,
      })),
    )
    .returning();
  const people = await db
    .insert(users)
    .values(ids.map((i) => ({ email: `admin-${i}@bench-lifecycle-${i}.io`, name: `Admin ${i}` })))
    .returning();
  await db.insert(organizationMembers).values(
    ids.map((i) => ({
      organizationId: orgs[i]!.id,
      userId: people[i]!.id,
      role: 'Sponsor Admin' as const,
      status: 'active' as const,
    })),
  );
  const tokens = ids.map(() => randomToken(32));
  await db.insert(sessions).values(
    ids.map((i) => ({
      userId: people[i]!.id,
      tokenHash: tokenHash(tokens[i]!),
      expiresAt: new Date(Date.now() + 86_400_000),
    })),
  );
  return ids.map((i) => ({ organizationId: orgs[i]!.id, token: tokens[i]! }));
}

async function call(
  base: string,
  method: 'GET' | 'POST' | 'PATCH',
  urlPath: string,
  headers: Record<string, string>,
  body?: string,
) {
  const started = performance.now();
  const res = await request(`${base}${urlPath}`, {
    method,
    headers: {
      'user-agent': 'commdesk-bench/1.0',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body,
    dispatcher,
  });
  const json = (await res.body.json()) as { data?: Record<string, unknown> };
  if (res.statusCode >= 300)
    throw new Error(`${method} ${urlPath} -> ${res.statusCode} ${JSON.stringify(json)}`);
  return { ms: performance.now() - started, data: (json.data ?? {}) as Record<string, any> };
}

/** One query every 20 ms for all the deals waited on: contracts and payments as the workflows leave them. */
function dealWatcher(databaseUrl: string) {
  type TRow = {
    deal_id: string;
    contract_id: string | null;
    contract_status: string | null;
    document_sha256: string | null;
    payment_status: string | null;
    intent: string | null;
  };
  const client = new pg.Client({ connectionString: databaseUrl });
  type TWaiter = {
    until: (row: TRow) => boolean;
    resolve: (row: TRow) => void;
    reject: (e: Error) => void;
    deadline: number;
    what: string;
  };
  const waiting = new Map<string, TWaiter>();
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      if (waiting.size > 0) {
        const { rows } = await client.query<TRow>(
          `select d.id as deal_id, c.id as contract_id, c.status as contract_status, c.document_sha256,
                  p.status as payment_status, p.stripe_payment_intent_id as intent
           from deals d left join contracts c on c.deal_id = d.id left join payments p on p.deal_id = d.id
           where d.id = any($1::uuid[])`,
          [[...waiting.keys()]],
        );
        for (const [dealId, w] of waiting) {
          const row = rows.find((r) => r.deal_id === dealId && w.until(r));
          if (row) {
            waiting.delete(dealId);
            w.resolve(row);
          } else if (Date.now() > w.deadline) {
            waiting.delete(dealId);
            w.reject(new Error(`deal ${dealId}: ${w.what} not seen within ${WAIT_MS / 1000} s`));
          }
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    until(dealId: string, what: string, until: TWaiter['until']) {
      return new Promise<TRow>((resolve, reject) =>
        waiting.set(dealId, { until, resolve, reject, deadline: Date.now() + WAIT_MS, what }),
      );
    },
    async stop() {
      running = false;
      await loop;
      await client.end();
    },
  };
}

async function main() {
  const { databaseUrl, temporalAddress } = await infrastructure(stops);
  const databaseName = new URL(databaseUrl).pathname.slice(1);
  const mock = await startStripeMock();
  stops.push(mock.stop);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-bench-data-'));
  stops.push(() => rm(dataDir, { recursive: true, force: true }));
  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_POOL_MAX: '30',
    DATA_DIR: dataDir,
    REQUESTS_PER_COMMUNITY_PER_DAY: '100000',
    STRIPE_API_BASE: mock.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    // One approver per release: the bench measures the path, not the separation of duties.
    ESCROW_SECOND_APPROVAL_ABOVE: '0',
  };
  const config = loadConfig({ ...process.env, ...env });
  // Production refuses to invent a sealing certificate: create it first, as npm start does on a first start.
  await loadSealCertificate({
    p12Path: config.contractSealP12,
    passphrase: config.CONTRACT_SEAL_P12_PASSPHRASE,
    production: false,
  });

  const { db, pool: dbPool } = createDb(databaseUrl, 4);
  stops.push(() => dbPool.end());
  const bench = await benchCommunity(db);
  const event = await bench.event();
  const organizer = bench.organizerToken;
  await insertPayoutAccount(db, {
    communityId: bench.communityId,
    stripeAccountId: 'acct_1BenchCommunity',
    createdBy: null,
    state: {
      payoutsEnabled: true,
      chargesEnabled: true,
      detailsSubmitted: true,
      requirements: {},
      country: 'US',
      defaultCurrency: 'usd',
    },
  });
  const everyone = await sponsors(db, WARMUP + DEALS);

  const api = (await spawnServer(stops, 'bench/servers/api-server.ts', env)).url;
  await spawnServer(stops, 'bench/servers/worker-process.ts', env);
  await spawnServer(stops, 'bench/floor/lifecycle-worker.ts', env);
  const watcher = dealWatcher(databaseUrl);
  stops.push(() => watcher.stop());
  const connection = await Connection.connect({ address: temporalAddress });
  stops.push(() => connection.close());
  const temporal = new Client({ connection });

  const temporalPort = new URL(`http://${temporalAddress}`).port;
  const meter = () =>
    cpuMeter({
      api: (cmd) => cmd.includes('bench/servers/api-server.ts'),
      worker: (cmd) => cmd.includes('bench/servers/worker-process.ts'),
      'floor worker': (cmd) => cmd.includes('bench/floor/lifecycle-worker.ts'),
      temporal: (cmd) => cmd.includes('start-dev') && cmd.includes(` ${temporalPort} `),
      postgres: (cmd) => cmd.startsWith('postgres: ') && cmd.includes(` ${databaseName} `),
      'stripe-mock': (cmd) => cmd.includes('stripe-mock'),
    });
  async function settle(): Promise<number> {
    const started = performance.now();
    for (let quiet = 0; quiet < 2 && performance.now() - started < 60_000;) {
      const window = meter();
      await new Promise((r) => setTimeout(r, 500));
      const t = window();
      const busy = ['api', 'worker', 'temporal', 'postgres'].reduce((a, k) => a + (t[k] ?? 0), 0);
      quiet = busy < 25 ? quiet + 1 : 0;
    }
    return (performance.now() - started) / 1000;
  }

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  /** One deal from the request to released money: the calls a client (and Stripe) makes. */
  async function deal(sponsor: TSponsor, i: number, out: { steps: Map<TStep, number[]>; totalMs: number[] }) {
    const record = (step: TStep, ms: number) => out.steps.get(step)!.push(ms);
    const started = performance.now();
    const opened = await call(
      api,
      'POST',
      '/api/v1/requests',
      auth(organizer),
      JSON.stringify({
        communityId: bench.communityId,
        organizationId: sponsor.organizationId,
        eventId: event.id,
        proposal: {
          amountMinor: 25_000_000 + i,
          currency: 'USD',
          category: 'Gold Sponsor',
          benefits: [{ key: 'logo_placement' }],
          terms: 'Logo on the website.',
        },
      }),
    );
    record('POST /requests', opened.ms);
    const accepted = await call(
      api,
      'PATCH',
      `/api/v1/requests/${opened.data.id}/accept`,
      auth(sponsor.token),
      JSON.stringify({ revision: 1 }),
    );
    record('PATCH accept', accepted.ms);
    const dealId = accepted.data.dealId as string;
    const generated = await watcher.until(
      dealId,
      'the contract generated',
      (r) => r.contract_status === 'PendingSignature' && !!r.document_sha256,
    );
    const contractId = generated.contract_id!;
    const shown = await call(api, 'GET', `/api/v1/contracts/${contractId}`, auth(sponsor.token));
    record('GET /contracts/:id', shown.ms);
    for (const [token, fullName, step] of [
      [sponsor.token, 'Sponsor Admin', 'POST sign (sponsor)'],
      [organizer, 'Organizer', 'POST sign (organizer)'],
    ] as const) {
      const signed = await call(
        api,
        'POST',
        `/api/v1/contracts/${contractId}/sign`,
        auth(token),
        JSON.stringify({ documentSha256: shown.data.documentSha256, fullName, consent: true }),
      );
      record(step, signed.ms);
    }
    await watcher.until(dealId, 'the invoice and PaymentIntent', (r) => !!r.intent);
    const payment = await call(
      api,
      'POST',
      '/api/v1/payments',
      auth(sponsor.token),
      JSON.stringify({ dealId }),
    );
    record('POST /payments', payment.ms);
    if (!payment.data.clientSecret) throw new Error(`deal ${dealId}: no client secret`);
    const paymentId = payment.data.id as string;
    const eventBody = JSON.stringify({
      id: `evt_bench${randomUUID().replace(/-/g, '')}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      api_version: Stripe.API_VERSION,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          id: payment.data.stripe.paymentIntentId,
          object: 'payment_intent',
          amount: payment.data.amounts.grossMinor,
          amount_received: payment.data.amounts.grossMinor,
          currency: 'usd',
          status: 'succeeded',
          latest_charge: 'ch_bench',
          metadata: { paymentId, dealId, contractId },
        },
      },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload: eventBody,
      secret: WEBHOOK_SECRET,
    });
    const hook = await call(
      api,
      'POST',
      '/api/v1/stripe/webhook',
      { 'stripe-signature': signature },
      eventBody,
    );
    record('POST /stripe/webhook', hook.ms);
    await watcher.until(dealId, 'InEscrow', (r) => r.payment_status === 'InEscrow');
    const milestoneId = payment.data.milestones[0].id as string;
    const requested = await call(
      api,
      'POST',
      `/api/v1/payments/${paymentId}/milestones/${milestoneId}/release-request`,
      auth(organizer),
      JSON.stringify({ note: 'Delivered', proofUrl: 'https://example.com/proof' }),
    );
    record('POST release-request', requested.ms);
    const approved = await call(
      api,
      'POST',
      `/api/v1/payments/${paymentId}/milestones/${milestoneId}/approve`,
      auth(sponsor.token),
    );
    record('POST approve', approved.ms);
    await watcher.until(dealId, 'Released', (r) => r.payment_status === 'Released');
    out.totalMs.push(performance.now() - started);
  }
  const fresh = () => ({ steps: new Map(STEPS.map((s) => [s, [] as number[]])), totalMs: [] as number[] });

  const warm = fresh();
  await pool(everyone.slice(0, WARMUP), 2, (s, i) => deal(s, i, warm));
  await settle();

  const ours = fresh();
  const oursCpu = meter();
  const oursStarted = performance.now();
  await pool(everyone.slice(WARMUP), CONCURRENCY, (s, i) => deal(s, WARMUP + i, ours));
  const oursSeconds = (performance.now() - oursStarted) / 1000;
  const tail = await settle();
  const oursTotals = oursCpu();

  // The floor: the same Temporal work per deal (3 workflows chained, 3 + 2 + 2 Updates and the payment signal).
  async function floorDeal(i: number, run: string) {
    const base = `floor-${run}-${i}`;
    const escrow = { updates: 2, paid: true, id: `${base}-escrow`, next: null };
    const contract = { updates: 2, paid: false, id: `${base}-contract`, next: escrow };
    const handle = await temporal.workflow.start(lifecycleFloorWorkflow, {
      workflowId: `${base}-negotiation`,
      taskQueue: LIFECYCLE_FLOOR_TASK_QUEUE,
      args: [{ updates: 1, paid: false, next: contract }],
    });
    await handle.executeUpdate(floorStepUpdate, { args: ['accept'] });
    const started = async (id: string) => {
      for (;;) {
        try {
          await temporal.workflow.getHandle(id).describe();
          return temporal.workflow.getHandle(id);
        } catch {
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const c = await started(contract.id);
    for (const who of ['sponsor', 'organizer']) await c.executeUpdate(floorStepUpdate, { args: [who] });
    const e = await started(escrow.id);
    await e.signal(floorPaidSignal);
    for (const step of ['request', 'approve']) await e.executeUpdate(floorStepUpdate, { args: [step] });
    await e.result();
  }
  const run = randomUUID().slice(0, 8);
  await pool(
    Array.from({ length: WARMUP }, (_, i) => i),
    2,
    (i) => floorDeal(i, `${run}-warm`),
  );
  const floorCpu = meter();
  const floorStarted = performance.now();
  await pool(
    Array.from({ length: DEALS }, (_, i) => i),
    CONCURRENCY,
    (i) => floorDeal(i, run),
  );
  const floorSeconds = (performance.now() - floorStarted) / 1000;
  await settle();
  const floorTotals = floorCpu();

  const n = DEALS;
  const per = (t: Record<string, number>, key: string) => (t[key] ?? 0) / n;
  const STACK = ['worker', 'temporal', 'api', 'postgres', 'stripe-mock'];
  console.log(
    `\nLifecycle benchmark: ${n} deals (request -> accept -> both sign -> payment webhook -> release request -> approve -> transferred), concurrency ${CONCURRENCY}; ` +
      `${os.cpus().length} cores, ${os.cpus()[0]?.model}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  console.log(
    `ours: ${(n / oursSeconds).toFixed(2)} deals/s (${oursSeconds.toFixed(1)} s, then ${tail.toFixed(1)} s until idle, counted); ` +
      `a whole deal p50 ${percentile(ours.totalMs, 50).toFixed(0)} ms, p95 ${percentile(ours.totalMs, 95).toFixed(0)} ms`,
  );
  console.log(
    `floor (same Temporal work, no-op workflows): ${(n / floorSeconds).toFixed(2)} deals/s (${floorSeconds.toFixed(1)} s)`,
  );
  console.log(`| API step                     |  p50 ms |  p95 ms |`);
  console.log(`| ---------------------------- | ------- | ------- |`);
  for (const step of STEPS) {
    const values = ours.steps.get(step)!;
    console.log(
      `| ${step.padEnd(28)} | ${percentile(values, 50).toFixed(1).padStart(7)} | ${percentile(values, 95).toFixed(1).padStart(7)} |`,
    );
  }
  console.log(`| CPU ms per deal              |   floor |    ours |`);
  console.log(`| ---------------------------- | ------- | ------- |`);
  const floorWorker = per(floorTotals, 'floor worker');
  console.log(
    `| ${'worker'.padEnd(28)} | ${floorWorker.toFixed(1).padStart(7)} | ${per(oursTotals, 'worker').toFixed(1).padStart(7)} |`,
  );
  for (const key of STACK.slice(1))
    console.log(
      `| ${key.padEnd(28)} | ${(key === 'temporal' ? per(floorTotals, key) : 0).toFixed(1).padStart(7)} | ${per(oursTotals, key).toFixed(1).padStart(7)} |`,
    );
  const oursAll = STACK.reduce((a, k) => a + per(oursTotals, k), 0);
  const floorAll = floorWorker + per(floorTotals, 'temporal');
  console.log(
    `| ${'total'.padEnd(28)} | ${floorAll.toFixed(1).padStart(7)} | ${oursAll.toFixed(1).padStart(7)} |`,
  );
  console.log(`(load generator, not counted: ${per(oursTotals, 'load generator').toFixed(1)} ms per deal)`);
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await dispatcher.close();
}
