/**
 * Whole deals from request to released money through the HTTP API (API, worker and stripe-mock in their own
 * processes), beside the floor of the same workflows in the same run.
 *
 * Per deal, `BENCH_CONCURRENCY` in flight (closed loop): POST /requests -> PATCH accept -> (contract generated) ->
 * GET /contracts/:id -> both sign -> (sealed; the escrow invoices and creates the PaymentIntent) -> POST /payments
 * (the sponsor's client secret) -> POST /stripe/webhook payment_intent.succeeded (signed) -> (InEscrow) ->
 * release-request -> approve -> (transferred, Released). The bench watches Postgres for the steps the workflows take
 * on their own, so it adds no API load. Reported: deals per second, p50/p95 of each API step and of a whole deal, and
 * CPU per deal per component (API, worker, Temporal server, Postgres, stripe-mock), ours beside the floor's.
 *
 * The floor: OUR workflows (negotiation, contract, escrow, and the fulfillment, reputation and other children they
 * start) on a worker of their own whose every activity is a no-op of the same name and answer shape
 * (bench/floor/lifecycle-noop-activities.ts), driven by the same deal through a Hono API making the same Temporal
 * client calls as ours with no session, database or validation (bench/floor/lifecycle-api-server.ts). Ours over the
 * floor is what our activities, API and Postgres cost; the engine and our workflow code are in both.
 *
 *   npm run bench:lifecycle      (BENCH_DEALS=30 per stack, BENCH_CONCURRENCY=6, BENCH_ROUNDS=1)
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
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
import type { TFloorEvent } from './floor/lifecycle-noop-activities.js';
import { cpuMeter } from './lib/cpu.js';
import { benchCommunity } from './lib/fixtures.js';
import { infrastructure, spawnServer, type TStops } from './lib/stack.js';
import { percentile, pool } from './lib/concurrency.js';

const DEALS = Number(process.env.BENCH_DEALS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);
/** Floor and ours each run BENCH_DEALS deals this many times, alternating which goes first. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
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

/** The floor worker's `EVENT {json}` lines (bench/floor/lifecycle-noop-activities.ts), awaited per deal. */
function floorEvents(stdout: NodeJS.ReadableStream) {
  const seen = new Map<string, TFloorEvent[]>();
  const waiting = new Set<{
    dealId: string;
    match: (e: TFloorEvent) => boolean;
    resolve: (e: TFloorEvent) => void;
  }>();
  createInterface({ input: stdout }).on('line', (line) => {
    if (!line.startsWith('EVENT ')) return;
    const event = JSON.parse(line.slice('EVENT '.length)) as TFloorEvent;
    const list = seen.get(event.dealId) ?? [];
    list.push(event);
    seen.set(event.dealId, list);
    for (const w of waiting)
      if (w.dealId === event.dealId && w.match(event)) {
        waiting.delete(w);
        w.resolve(event);
      }
  });
  return {
    until<T extends TFloorEvent>(
      dealId: string,
      what: string,
      match: (e: TFloorEvent) => e is T,
    ): Promise<T> {
      const found = seen.get(dealId)?.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const w = { dealId, match, resolve: resolve as (e: TFloorEvent) => void };
        waiting.add(w);
        setTimeout(() => {
          if (waiting.delete(w))
            reject(new Error(`floor deal ${dealId}: ${what} not seen within ${WAIT_MS / 1000} s`));
        }, WAIT_MS).unref();
      });
    },
    forget(dealId: string) {
      seen.delete(dealId);
    },
  };
}

/** How a deal finds what the workflows did on their own: ours from Postgres, the floor's from its worker's events. */
type TStack = {
  name: 'ours' | 'floor';
  api: string;
  communityId: string;
  eventId: string;
  organizer: string;
  sponsors: TSponsor[];
  generated(dealId: string): Promise<{ contractId: string; documentSha256: string | null }>;
  invoiced(
    dealId: string,
  ): Promise<{ paymentId: string | null; milestoneId: string | null; grossMinor: number | null }>;
  status(dealId: string, status: 'InEscrow' | 'Released'): Promise<void>;
};
type TOut = { steps: Map<TStep, number[]>; totalMs: number[] };
const fresh = (): TOut => ({ steps: new Map(STEPS.map((s) => [s, [] as number[]])), totalMs: [] });

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
/** One deal from the request to released money: the calls a client (and Stripe) makes, the same for both stacks. */
async function deal(stack: TStack, sponsor: TSponsor, i: number, out: TOut) {
  const { api, organizer } = stack;
  const record = (step: TStep, ms: number) => out.steps.get(step)!.push(ms);
  const started = performance.now();
  const opened = await call(
    api,
    'POST',
    '/api/v1/requests',
    auth(organizer),
    JSON.stringify({
      communityId: stack.communityId,
      organizationId: sponsor.organizationId,
      eventId: stack.eventId,
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
  const generated = await stack.generated(dealId);
  const contractId = generated.contractId;
  const shown = await call(api, 'GET', `/api/v1/contracts/${contractId}`, auth(sponsor.token));
  record('GET /contracts/:id', shown.ms);
  const documentSha256 = (shown.data.documentSha256 as string | undefined) ?? generated.documentSha256;
  for (const [token, fullName, step] of [
    [sponsor.token, 'Sponsor Admin', 'POST sign (sponsor)'],
    [organizer, 'Organizer', 'POST sign (organizer)'],
  ] as const) {
    const signed = await call(
      api,
      'POST',
      `/api/v1/contracts/${contractId}/sign`,
      auth(token),
      JSON.stringify({ documentSha256, fullName, consent: true }),
    );
    record(step, signed.ms);
  }
  const invoiced = await stack.invoiced(dealId);
  const payment = await call(
    api,
    'POST',
    '/api/v1/payments',
    auth(sponsor.token),
    JSON.stringify({ dealId }),
  );
  record('POST /payments', payment.ms);
  if (stack.name === 'ours' && !payment.data.clientSecret)
    throw new Error(`deal ${dealId}: no client secret`);
  const paymentId = (invoiced.paymentId ?? payment.data.id) as string;
  const grossMinor = invoiced.grossMinor ?? (payment.data.amounts.grossMinor as number);
  const milestoneId = invoiced.milestoneId ?? (payment.data.milestones[0].id as string);
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
        id: payment.data.stripe?.paymentIntentId ?? `pi_floor${i}`,
        object: 'payment_intent',
        amount: grossMinor,
        amount_received: grossMinor,
        currency: 'usd',
        status: 'succeeded',
        latest_charge: 'ch_bench',
        metadata: { paymentId, dealId, contractId },
      },
    },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: eventBody, secret: WEBHOOK_SECRET });
  const hook = await call(
    api,
    'POST',
    '/api/v1/stripe/webhook',
    { 'stripe-signature': signature },
    eventBody,
  );
  record('POST /stripe/webhook', hook.ms);
  await stack.status(dealId, 'InEscrow');
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
  await stack.status(dealId, 'Released');
  out.totalMs.push(performance.now() - started);
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
  const perStack = WARMUP + DEALS * ROUNDS;

  const oursApi = (await spawnServer(stops, 'bench/servers/api-server.ts', env)).url;
  await spawnServer(stops, 'bench/servers/worker-process.ts', env);
  const floorApi = (await spawnServer(stops, 'bench/floor/lifecycle-api-server.ts', env)).url;
  const floorWorker = await spawnServer(stops, 'bench/floor/lifecycle-worker.ts', env);
  const watcher = dealWatcher(databaseUrl);
  stops.push(() => watcher.stop());
  const events = floorEvents(floorWorker.child.stdout!);

  const ours: TStack = {
    name: 'ours',
    api: oursApi,
    communityId: bench.communityId,
    eventId: event.id,
    organizer: bench.organizerToken,
    sponsors: await sponsors(db, perStack),
    async generated(dealId) {
      const row = await watcher.until(
        dealId,
        'the contract generated',
        (r) => r.contract_status === 'PendingSignature' && !!r.document_sha256,
      );
      return { contractId: row.contract_id!, documentSha256: null };
    },
    async invoiced(dealId) {
      await watcher.until(dealId, 'the invoice and PaymentIntent', (r) => !!r.intent);
      return { paymentId: null, milestoneId: null, grossMinor: null };
    },
    async status(dealId, status) {
      await watcher.until(dealId, status, (r) => r.payment_status === status);
    },
  };
  const floor: TStack = {
    name: 'floor',
    api: floorApi,
    // Ids of their own: the floor's reputation workflows (keyed by subject) must not be ours.
    communityId: randomUUID(),
    eventId: randomUUID(),
    organizer: 'floor-organizer',
    sponsors: Array.from({ length: perStack }, (_, i) => ({
      organizationId: randomUUID(),
      token: `floor-sponsor-${i}`,
    })),
    async generated(dealId) {
      const e = await events.until(dealId, 'the contract generated', (x) => x.kind === 'generated');
      return { contractId: e.contractId, documentSha256: e.documentSha256 };
    },
    async invoiced(dealId) {
      const e = await events.until(dealId, 'the invoice', (x) => x.kind === 'invoiced');
      return { paymentId: e.paymentId, milestoneId: e.milestoneIds[0]!, grossMinor: e.grossMinor };
    },
    async status(dealId, status) {
      await events.until(dealId, status, (x): x is TFloorEvent => x.kind === 'escrow' && x.status === status);
      if (status === 'Released') events.forget(dealId);
    },
  };

  const temporalPort = new URL(`http://${temporalAddress}`).port;
  const scripts = {
    ours: { api: 'bench/servers/api-server.ts', worker: 'bench/servers/worker-process.ts' },
    floor: { api: 'bench/floor/lifecycle-api-server.ts', worker: 'bench/floor/lifecycle-worker.ts' },
  };
  /** Both stacks' processes are counted in every phase: the idle one shows what idling costs. */
  const meter = (stack: 'ours' | 'floor') => {
    const other = stack === 'ours' ? 'floor' : 'ours';
    return cpuMeter({
      api: (cmd) => cmd.includes(scripts[stack].api),
      worker: (cmd) => cmd.includes(scripts[stack].worker),
      temporal: (cmd) => cmd.includes('start-dev') && cmd.includes(` ${temporalPort} `),
      postgres: (cmd) => cmd.startsWith('postgres: ') && cmd.includes(` ${databaseName} `),
      'stripe-mock': (cmd) => cmd.includes('stripe-mock'),
      'idle other stack': (cmd) => cmd.includes(scripts[other].api) || cmd.includes(scripts[other].worker),
    });
  };
  async function settle(stack: 'ours' | 'floor'): Promise<number> {
    const started = performance.now();
    for (let quiet = 0; quiet < 2 && performance.now() - started < 60_000;) {
      const window = meter(stack);
      await new Promise((r) => setTimeout(r, 500));
      const t = window();
      const busy = ['api', 'worker', 'temporal', 'postgres'].reduce((a, k) => a + (t[k] ?? 0), 0);
      quiet = busy < 25 ? quiet + 1 : 0;
    }
    return (performance.now() - started) / 1000;
  }

  type TRun = { out: TOut; seconds: number; tail: number; cpu: Record<string, number>; count: number };
  const next = { ours: 0, floor: 0 };
  async function run(stack: TStack, count: number, concurrency: number): Promise<TRun> {
    const first = next[stack.name];
    next[stack.name] += count;
    const out = fresh();
    const cpu = meter(stack.name);
    const started = performance.now();
    await pool(stack.sponsors.slice(first, first + count), concurrency, (s, k) =>
      deal(stack, s, first + k, out),
    );
    const seconds = (performance.now() - started) / 1000;
    const tail = await settle(stack.name);
    return { out, seconds, tail, cpu: cpu(), count };
  }

  // Warm-up of both: JIT, pools, workflow bundles and caches.
  await run(floor, WARMUP, 2);
  await run(ours, WARMUP, 2);
  const runs: Record<'ours' | 'floor', TRun[]> = { ours: [], floor: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating which goes first, so a drift of the machine's load falls on both.
    for (const stack of round % 2 === 0 ? [floor, ours] : [ours, floor])
      runs[stack.name].push(await run(stack, DEALS, CONCURRENCY));
  }
  const merged = (list: TRun[]): TRun => ({
    out: {
      steps: new Map(STEPS.map((s) => [s, list.flatMap((r) => r.out.steps.get(s)!)])),
      totalMs: list.flatMap((r) => r.out.totalMs),
    },
    seconds: list.reduce((a, r) => a + r.seconds, 0),
    tail: list.reduce((a, r) => a + r.tail, 0),
    count: list.reduce((a, r) => a + r.count, 0),
    cpu: list.reduce<Record<string, number>>((acc, r) => {
      for (const [k, v] of Object.entries(r.cpu)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {}),
  });
  const o = merged(runs.ours);
  const f = merged(runs.floor);

  console.log(
    `\nLifecycle benchmark: ${DEALS} deals x ${ROUNDS} round(s) per stack (request -> accept -> both sign -> payment webhook -> release request -> approve -> transferred), concurrency ${CONCURRENCY}; ` +
      `${os.cpus().length} cores, ${os.cpus()[0]?.model}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');
  const num = (v: number) => v.toFixed(1).padStart(8);
  const row = (label: string, fl: number, ou: number, note = '') =>
    `| ${label.padEnd(28)} | ${num(fl)} | ${num(ou)} | ${ratio(ou, fl).padStart(10)} |${note}`;
  console.log(`| ${''.padEnd(28)} |    floor |     ours | ours/floor |`);
  console.log(`| ${'-'.repeat(28)} | -------- | -------- | ---------- |`);
  console.log(row('deals/s', f.count / f.seconds, o.count / o.seconds));
  console.log(row('s until idle after the last', f.tail / ROUNDS, o.tail / ROUNDS, ' (CPU counted)'));
  console.log(row('whole deal p50 ms', percentile(f.out.totalMs, 50), percentile(o.out.totalMs, 50)));
  console.log(row('whole deal p95 ms', percentile(f.out.totalMs, 95), percentile(o.out.totalMs, 95)));
  for (const step of STEPS)
    console.log(
      row(`${step} p95 ms`, percentile(f.out.steps.get(step)!, 95), percentile(o.out.steps.get(step)!, 95)),
    );
  const per = (r: TRun, key: string) => (r.cpu[key] ?? 0) / r.count;
  const COMPONENTS = ['api', 'worker', 'temporal', 'postgres', 'stripe-mock'];
  const total = (r: TRun) => COMPONENTS.reduce((a, k) => a + per(r, k), 0);
  console.log(row('CPU ms per deal', total(f), total(o)));
  for (const key of COMPONENTS) console.log(row(`  ${key}`, per(f, key), per(o, key)));
  console.log(
    `| ${'  (idle other stack)'.padEnd(28)} | ${num(per(f, 'idle other stack'))} | ${num(per(o, 'idle other stack'))} |          - | not counted above`,
  );
  console.log(
    `| ${'  (load generator)'.padEnd(28)} | ${num(per(f, 'load generator'))} | ${num(per(o, 'load generator'))} |          - | not counted above`,
  );
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await dispatcher.close();
}
