/**
 * Negotiations (open, 3 counter-offers, accept) through the HTTP API, beside the engine's floor in the same
 * run: a no-op workflow with the same start and the same 4 Updates, reached the same way (an HTTP API on
 * Hono in its own process -> Temporal client -> a worker in its own process; bench/floor/). On a shared
 * 2-core machine absolute figures move with the neighbours' load; the ratio to the floor is what to read.
 * A third stack, "required", is the floor plus the work no correct negotiation can skip, done as cheaply as it can be
 * (bench/floor/required-api-server.ts): the session and turn checked and each step committed durably in Postgres
 * before it is answered, the search attributes and details ops read at every step, the request's deadline, and the
 * contract workflow an acceptance starts. Its ratio to the floor is a lower bound for this architecture (a workflow per
 * negotiation and per contract, Postgres as the system of record); ours over it is what our design and business rules
 * cost on top.
 *
 *  1. Saturation, closed loop (all negotiations started at once): the floor's rate, then required's, then ours.
 *  2. Paced at half the floor's saturation rate (or BENCH_RATE), the three stacks in turn BENCH_ROUNDS
 *     times: counter latency (API call until the revision row is committed, which the Update waits for)
 *     and CPU per negotiation per component (from /proc), ours over the floor's. Target: within 1.3x.
 *
 *   npm run bench:negotiation      (BENCH_NEGOTIATIONS=200 per phase, BENCH_ROUNDS=1)
 *   BENCH_PG_DURABLE=0 BENCH_RATE=10 npm run bench:negotiation   (what Postgres durability costs, at a set rate)
 *   BENCH_TEMPORAL_DURABLE=0: the Temporal dev server keeps its history in memory (runs before session 22 did)
 *   BENCH_REFERENCE=local-activity or contract: the middle stack is one part of required alone instead of required,
 *     to read what it costs the engine by itself beside the floor (bench/floor/parts.workflow.ts): each Update awaiting
 *     a no-op local activity (how ours records a step), or the acceptance starting the contract's workflow
 *   BENCH_PG_WAITS=1: also print what our Postgres sessions wait on during our saturation run
 *   BENCH_PG_STATEMENTS=1: also print ours' statements per negotiation in its paced phases (pg_stat_statements)
 *   BENCH_CPU_PROF=api-server.ts: CPU profiles of every API (the floors' and ours; any comma-separated parts of the
 *     server scripts' paths), in scratch/prof/<script>/; `npx tsx bench/profile-summary.ts <file>` sums one up
 *
 * Then where the difference goes: Postgres transactions and rows written per negotiation (pg_stat_database), and the
 * workflow executions each stack's paced phase started (children and reputation runs included) with their history
 * events (Temporal's visibility), ours per workflow type.
 */
import os from 'node:os';
import pg from 'pg';
import { Agent, request } from 'undici';
import { createDb } from '../src/db/client.js';
import { connectTemporal } from '../src/infra/temporal-client.js';
import { FLOOR_TASK_QUEUE } from './floor/floor.workflow.js';
import { PARTS_TASK_QUEUE } from './floor/parts.workflow.js';
import { REQUIRED_TASK_QUEUE } from './floor/required.workflow.js';
import { organizationMembers, organizations, sessions, users } from '../src/db/schema/index.js';
import { randomToken, sha256Hex } from '../src/infra/secret-box.js';
import { cpuMeter } from './lib/cpu.js';
import { benchCommunity } from './lib/fixtures.js';
import { infrastructure, spawnServer, type TStops } from './lib/stack.js';
import { percentile } from './lib/concurrency.js';

const NEGOTIATIONS = Number(process.env.BENCH_NEGOTIATIONS ?? 200);
/** Set: the paced phase runs at this many arrivals per second instead of half the floor's saturation. */
const FIXED_RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : null;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const WARMUP = 10;
const TARGET_RATIO = 1.3;
/** Set: count ours' statements during its paced phases (pg_stat_statements) and print the most frequent per negotiation. */
const PG_STATEMENTS = process.env.BENCH_PG_STATEMENTS === '1';
/** Set: sample what Postgres sessions wait on during our saturation run and print the most frequent. */
const PG_WAITS = process.env.BENCH_PG_WAITS === '1';
/** The middle stack of the table (its key stays 'required'): required itself, or one of its parts alone. */
const REFERENCES = {
  required: {
    label: 'required',
    api: 'bench/floor/required-api-server.ts',
    worker: 'bench/floor/required-worker.ts',
    queue: REQUIRED_TASK_QUEUE,
    about: 'the floor plus the work no negotiation can skip (bench/floor/required-api-server.ts)',
  },
  'local-activity': {
    label: 'LA-step',
    api: 'bench/floor/parts-api-server.ts',
    worker: 'bench/floor/parts-worker.ts',
    queue: PARTS_TASK_QUEUE,
    about: 'the floor with each Update awaiting a no-op local activity (bench/floor/parts.workflow.ts)',
  },
  contract: {
    label: 'contract',
    api: 'bench/floor/parts-api-server.ts',
    worker: 'bench/floor/parts-worker.ts',
    queue: PARTS_TASK_QUEUE,
    about: "the floor plus the contract's workflow the acceptance starts (bench/floor/parts.workflow.ts)",
  },
} as const;
const REFERENCE_NAME = process.env.BENCH_REFERENCE ?? 'required';
if (!(REFERENCE_NAME in REFERENCES))
  throw new Error(`BENCH_REFERENCE is required, local-activity or contract`);
const REFERENCE = REFERENCES[REFERENCE_NAME as keyof typeof REFERENCES];
const stops: TStops = [];
const dispatcher = new Agent({ connections: 256, pipelining: 1 });

type TSponsor = { organizationId: string; token: string };
type TFixtures = { communityId: string; eventId: string; organizerToken: string; sponsors: TSponsor[] };
type TStack = 'floor' | 'required' | 'ours';
const STACKS: TStack[] = ['floor', 'required', 'ours'];
type TRun = {
  counterMs: number[];
  seconds: number;
  cpu: Record<string, number>;
  count: number;
  /** Seconds until the stack was idle again after the last answer (counted in cpu, not in seconds). */
  tail: number;
  /** Postgres transactions (an autocommit statement is one) and rows written, from pg_stat_database. */
  db: { transactions: number; written: number };
  /** Workflow executions the phase started on the stack's task queue, per type: how many and their history events. */
  workflows: Record<string, { count: number; events: number }>;
};

/** Each negotiation needs a sponsor of its own (one open request per community, organization and event). */
async function fixtures(databaseUrl: string, count: number): Promise<TFixtures> {
  const { db, pool } = createDb(databaseUrl, 4);
  const bench = await benchCommunity(db);
  const event = await bench.event();
  const sponsors: TSponsor[] = [];
  for (let from = 0; from < count; from += 500) {
    const ids = Array.from({ length: Math.min(500, count - from) }, (_, k) => from + k);
    const orgs = await db
      .insert(organizations)
      .values(
        ids.map((i) => ({
          kind: 'sponsor' as const,
          displayName: `Sponsor ${i}`,
          normalizedDomain: `bench-sponsor-${i}.io`,
          website: `https://bench-sponsor-${i}.io`,
          status: 'Active' as const,
        })),
      )
      .returning();
    const people = await db
      .insert(users)
      .values(ids.map((i) => ({ email: `admin-${i}@bench-sponsor-${i}.io`, name: `Admin ${i}` })))
      .returning();
    await db.insert(organizationMembers).values(
      ids.map((_, k) => ({
        organizationId: orgs[k]!.id,
        userId: people[k]!.id,
        role: 'Sponsor Admin' as const,
        status: 'active' as const,
      })),
    );
    const tokens = ids.map(() => randomToken(32));
    await db.insert(sessions).values(
      ids.map((_, k) => ({
        userId: people[k]!.id,
        tokenHash: sha256Hex(tokens[k]!),
        expiresAt: new Date(Date.now() + 86_400_000),
      })),
    );
    ids.forEach((_, k) => sponsors.push({ organizationId: orgs[k]!.id, token: tokens[k]! }));
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

/** One negotiation, the same calls and bodies for both stacks (the floor ignores the tokens). */
async function negotiate(base: string, f: TFixtures, s: TSponsor, i: number, counterMs: number[]) {
  const opened = await call(base, 'POST', '/api/v1/requests', f.organizerToken, {
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
    const counter = await call(base, 'PATCH', `/api/v1/requests/${id}/negotiate`, token, {
      inReplyToRevision: revision,
      proposal: proposal(900_000 + revision),
    });
    counterMs.push(counter.ms);
  }
  const accepted = await call(base, 'PATCH', `/api/v1/requests/${id}/accept`, f.organizerToken, {
    revision: 4,
  });
  if (accepted.data.status !== 'Accepted') throw new Error(`negotiation ${id} ended ${accepted.data.status}`);
}

/** Samples pg_stat_activity (active sessions: what they wait on, which statement) until stopped. */
function sampleWaits(databaseUrl: string, databaseName: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ w: string }>(
        `select coalesce(wait_event_type || ':' || wait_event, 'CPU') || '  ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 70) as w
         from pg_stat_activity where datname = $1 and state = 'active' and pid <> pg_backend_pid()`,
        [databaseName],
      );
      samples++;
      for (const { w } of rows) counts.set(w, (counts.get(w) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      return [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([w, n]) => `  ${(n / samples).toFixed(2).padStart(6)} sessions  ${w}`)
        .join('\n');
    },
  };
}

async function main() {
  const { databaseUrl, temporalAddress } = await infrastructure(stops);
  const databaseName = new URL(databaseUrl).pathname.slice(1);
  const perStack = WARMUP + NEGOTIATIONS * (1 + ROUNDS);
  const f = await fixtures(databaseUrl, perStack);
  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_POOL_MAX: '30',
    REQUESTS_PER_COMMUNITY_PER_DAY: '100000',
    COUNTER_OFFERS_PER_WINDOW: '100',
  };
  const urls: Record<TStack, string> = {
    floor: (await spawnServer(stops, 'bench/floor/api-server.ts', env)).url,
    required: (await spawnServer(stops, REFERENCE.api, { ...env, BENCH_PART: REFERENCE_NAME })).url,
    ours: (await spawnServer(stops, 'bench/servers/api-server.ts', env)).url,
  };
  await spawnServer(stops, 'bench/floor/worker.ts', env);
  await spawnServer(stops, REFERENCE.worker, env);
  await spawnServer(stops, 'bench/servers/worker-process.ts', env);

  const temporalPort = new URL(`http://${temporalAddress}`).port;
  const scripts: Record<TStack, { api: string; worker: string }> = {
    floor: { api: 'bench/floor/api-server.ts', worker: 'bench/floor/worker.ts' },
    required: { api: REFERENCE.api, worker: REFERENCE.worker },
    ours: { api: 'bench/servers/api-server.ts', worker: 'bench/servers/worker-process.ts' },
  };
  /** Every component of every stack is counted in every phase: the idle stacks show what idling costs. */
  const meter = (stack: TStack) =>
    cpuMeter({
      api: (cmd) => cmd.includes(scripts[stack].api),
      worker: (cmd) => cmd.includes(scripts[stack].worker),
      temporal: (cmd) => cmd.includes('start-dev') && cmd.includes(` ${temporalPort} `),
      postgres: (cmd) => cmd.startsWith('postgres: ') && cmd.includes(` ${databaseName} `),
      'idle others': (cmd) =>
        STACKS.some(
          (other) =>
            other !== stack && (cmd.includes(scripts[other].api) || cmd.includes(scripts[other].worker)),
        ),
    });
  const next: Record<TStack, number> = { floor: 0, required: 0, ours: 0 };

  /** `count` negotiations on one stack, all at once (rate null) or arriving at `rate` per second. */
  async function run(stack: TStack, count: number, rate: number | null): Promise<TRun> {
    const counterMs: number[] = [];
    const first = next[stack];
    next[stack] += count;
    const cpu = meter(stack);
    const dbBefore = await dbCounters();
    const startedAt = new Date();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: count }, async (_, k) => {
        if (rate) await new Promise((r) => setTimeout(r, (k / rate) * 1000));
        await negotiate(urls[stack], f, f.sponsors[first + k]!, first + k, counterMs);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const tail = await settle(stack);
    const totals = cpu();
    const dbAfter = await dbCounters();
    return {
      counterMs,
      seconds,
      cpu: totals,
      count,
      tail,
      db: {
        transactions: dbAfter.transactions - dbBefore.transactions,
        written: dbAfter.written - dbBefore.written,
      },
      workflows: await workflowsStarted(stack, startedAt, new Date()),
    };
  }

  const stats = new pg.Client({ connectionString: databaseUrl });
  await stats.connect();
  stops.push(() => stats.end());
  if (PG_STATEMENTS) await stats.query('create extension if not exists pg_stat_statements');
  /** Ours' statements over its paced phases, summed across rounds (pg_stat_statements is reset before each). */
  const statements = new Map<string, { calls: number; ms: number }>();
  /** Counters of the bench database (flushed by each backend at most a second after its work: read after settle). */
  async function dbCounters() {
    const { rows } = await stats.query<{ transactions: string; written: string }>(
      `select xact_commit + xact_rollback as transactions, tup_inserted + tup_updated + tup_deleted as written
       from pg_stat_database where datname = $1`,
      [databaseName],
    );
    return { transactions: Number(rows[0]!.transactions), written: Number(rows[0]!.written) };
  }
  const temporal = await connectTemporal(temporalAddress, process.env.TEMPORAL_NAMESPACE ?? 'default');
  stops.push(() => temporal.connection.close());
  const queues: Record<TStack, string> = {
    floor: FLOOR_TASK_QUEUE,
    required: REFERENCE.queue,
    ours: 'commdesk-marketplace',
  };
  /** What the phase asked of Temporal: the executions it started (children and reputation runs included). */
  async function workflowsStarted(stack: TStack, from: Date, to: Date) {
    const found: Record<string, { count: number; events: number }> = {};
    const query = `TaskQueue = '${queues[stack]}' AND StartTime >= '${from.toISOString()}' AND StartTime < '${to.toISOString()}'`;
    for await (const w of temporal.workflow.list({ query })) {
      const entry = (found[w.type] ??= { count: 0, events: 0 });
      entry.count++;
      // Visibility records the length of closed histories only: a running one (a contract awaiting signatures) is read.
      entry.events +=
        w.status.name === 'RUNNING'
          ? (await temporal.workflow.getHandle(w.workflowId, w.runId).describe()).historyLength
          : w.historyLength;
    }
    return found;
  }

  /**
   * Work a negotiation leaves running after its last answer (a child workflow started at acceptance, for
   * instance) is part of its cost and must not fall into the next phase: wait until the stack is idle
   * (under 5% of a core for two half-second windows in a row, at most a minute). Returns the seconds waited.
   */
  async function settle(stack: TStack): Promise<number> {
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

  // Warm-up: JIT, connection pools, workflow bundles and caches, at a gentle pace.
  for (const stack of STACKS) await run(stack, WARMUP, 5);

  const floorSaturated = await run('floor', NEGOTIATIONS, null);
  const requiredSaturated = await run('required', NEGOTIATIONS, null);
  const waits = PG_WAITS ? sampleWaits(databaseUrl, databaseName) : null;
  const oursSaturated = await run('ours', NEGOTIATIONS, null);
  const waited = await waits?.stop();
  const floorRate = NEGOTIATIONS / floorSaturated.seconds;
  const rate = FIXED_RATE ?? Math.round((floorRate / 2) * 10) / 10;
  const paced: Record<TStack, TRun[]> = { floor: [], required: [], ours: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating the order, so a drift of the machine's load falls on all three.
    const order = round % 2 === 0 ? STACKS : [...STACKS].reverse();
    for (const stack of order) {
      const counting = PG_STATEMENTS && stack === 'ours';
      if (counting) await stats.query('select pg_stat_statements_reset()');
      paced[stack].push(await run(stack, NEGOTIATIONS, rate));
      if (counting) {
        const { rows } = await stats.query<{ query: string; calls: string; ms: number }>(
          `select regexp_replace(left(query, 110), '\\s+', ' ', 'g') as query, calls, total_exec_time as ms
           from pg_stat_statements s join pg_database d on d.oid = s.dbid
           where d.datname = $1 and query not like '%pg_stat%'`,
          [databaseName],
        );
        for (const r of rows) {
          const entry = statements.get(r.query) ?? { calls: 0, ms: 0 };
          statements.set(r.query, { calls: entry.calls + Number(r.calls), ms: entry.ms + r.ms });
        }
      }
    }
  }

  const merged = (runs: TRun[]): TRun => ({
    counterMs: runs.flatMap((r) => r.counterMs),
    seconds: runs.reduce((a, r) => a + r.seconds, 0),
    count: runs.reduce((a, r) => a + r.count, 0),
    tail: runs.reduce((a, r) => a + r.tail, 0),
    db: {
      transactions: runs.reduce((a, r) => a + r.db.transactions, 0),
      written: runs.reduce((a, r) => a + r.db.written, 0),
    },
    workflows: runs.reduce<TRun['workflows']>((acc, r) => {
      for (const [type, w] of Object.entries(r.workflows)) {
        const entry = (acc[type] ??= { count: 0, events: 0 });
        entry.count += w.count;
        entry.events += w.events;
      }
      return acc;
    }, {}),
    cpu: runs.reduce<Record<string, number>>((acc, r) => {
      for (const [k, v] of Object.entries(r.cpu)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {}),
  });
  const floor = merged(paced.floor);
  const required = merged(paced.required);
  const ours = merged(paced.ours);
  const durable =
    process.env.DATABASE_URL !== undefined
      ? 'as configured (DATABASE_URL)'
      : process.env.BENCH_PG_DURABLE === '0'
        ? 'OFF (BENCH_PG_DURABLE=0: fsync, synchronous_commit, full_page_writes off)'
        : 'on (fsync, synchronous_commit, full_page_writes)';

  console.log(
    `\nNegotiation benchmark: open + 3 counters + accept; ${os.cpus().length} cores, ${os.cpus()[0]?.model}; Postgres durability ${durable}; Temporal history ${process.env.TEMPORAL_ADDRESS ? 'as configured (TEMPORAL_ADDRESS)' : process.env.BENCH_TEMPORAL_DURABLE === '0' ? 'in memory (BENCH_TEMPORAL_DURABLE=0)' : 'in a synced SQLite file, like npm start'}`,
  );
  console.log(
    `saturation (closed loop, ${NEGOTIATIONS} started at once): floor ${floorRate.toFixed(1)} negotiations/s, ${REFERENCE.label} ${(NEGOTIATIONS / requiredSaturated.seconds).toFixed(1)}/s, ours ${(NEGOTIATIONS / oursSaturated.seconds).toFixed(1)}/s (counter p95 at saturation: floor ${percentile(floorSaturated.counterMs, 95).toFixed(1)} ms, ${REFERENCE.label} ${percentile(requiredSaturated.counterMs, 95).toFixed(1)} ms, ours ${percentile(oursSaturated.counterMs, 95).toFixed(1)} ms)`,
  );
  if (waited) console.log(`Postgres sessions of ours at saturation, sampled every 50 ms:\n${waited}`);
  console.log(
    `paced at ${rate}/s (${FIXED_RATE ? 'BENCH_RATE' : "half the floor's saturation"}), ${NEGOTIATIONS} negotiations x ${ROUNDS} round(s) per stack, in turn:`,
  );
  console.log(
    `  floor: the no-op workflow, the same start and Updates; ${REFERENCE.label}: ${REFERENCE.about}`,
  );
  const IDLE = ' not counted above';
  /** Not the system under test: the same bench process drives every stack, so counting it pulls every ratio to 1. */
  const NOT_COUNTED = ['load generator'];
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');
  const cell = (v: number) => v.toFixed(1).padStart(8);
  const line = (label: string, f: number, r: number, o: number, note = '') =>
    `| ${label.padEnd(28)} | ${cell(f)} | ${cell(r)} | ${cell(o)} | ${(note === IDLE ? '-' : ratio(o, f)).padStart(10)} | ${(note === IDLE ? '-' : ratio(r, f)).padStart(14)} | ${(note === IDLE ? '-' : ratio(o, r)).padStart(13)} |${note}`;
  const cpuPer = (r: TRun, key?: string) =>
    (key === undefined
      ? Object.entries(r.cpu)
          .filter(([k]) => !k.startsWith('idle ') && !NOT_COUNTED.includes(k))
          .reduce((a, [, v]) => a + v, 0)
      : (r.cpu[key] ?? 0)) / r.count;
  const p95 = (r: TRun) => percentile(r.counterMs, 95);
  const verdict = (ratioOf: number, floorRatio: number) =>
    ` target <= ${TARGET_RATIO}x: ${ratioOf <= TARGET_RATIO ? 'met' : 'NOT met'}${floorRatio > TARGET_RATIO ? ` (${REFERENCE_NAME === 'required' ? 'the required work' : REFERENCE.label} alone is ${floorRatio.toFixed(2)}x)` : ''}`;
  const each = (f: (r: TRun) => number) => [f(floor), f(required), f(ours)] as const;
  console.log(
    `| ${''.padEnd(28)} |    floor | ${REFERENCE.label.padStart(8)} |     ours | ours/floor | ${`${REFERENCE.label}/floor`.padStart(14)} | ${`ours/${REFERENCE.label}`.padStart(13)} |`,
  );
  console.log(
    `| ${'-'.repeat(28)} | -------- | -------- | -------- | ---------- | -------------- | ------------- |`,
  );
  const counter = (q: number) => each((r) => percentile(r.counterMs, q));
  console.log(line('counter p50 ms', ...counter(50)));
  console.log(
    line('counter p95 ms', ...counter(95), verdict(p95(ours) / p95(floor), p95(required) / p95(floor))),
  );
  console.log(line('counter p99 ms', ...counter(99)));
  console.log(
    line(
      'CPU ms per negotiation',
      ...each((r) => cpuPer(r)),
      verdict(cpuPer(ours) / cpuPer(floor), cpuPer(required) / cpuPer(floor)),
    ),
  );
  for (const key of ['temporal', 'worker', 'api', 'postgres'])
    console.log(line(`  ${key}`, ...each((r) => cpuPer(r, key))));
  console.log(line('  (load generator)', ...each((r) => cpuPer(r, 'load generator')), IDLE));
  console.log(line('  (idle other stacks)', ...each((r) => cpuPer(r, 'idle others')), IDLE));
  console.log(line('achieved negotiations/s', ...each((r) => r.count / r.seconds)));
  console.log(line('s until idle after the last', ...each((r) => r.tail / ROUNDS), ' CPU counted'));
  // Where the difference goes: what a negotiation asks of Postgres and of Temporal on each stack.
  const per = (r: TRun, v: number) => v / r.count;
  const sum = (r: TRun, k: 'count' | 'events') => Object.values(r.workflows).reduce((a, w) => a + w[k], 0);
  console.log(line('Postgres transactions / neg.', ...each((r) => per(r, r.db.transactions))));
  console.log(line('Postgres rows written / neg.', ...each((r) => per(r, r.db.written))));
  console.log(line('workflow executions / neg.', ...each((r) => per(r, sum(r, 'count')))));
  console.log(line('history events / neg.', ...each((r) => per(r, sum(r, 'events')))));
  for (const [name, r] of [
    [REFERENCE.label, required],
    ['ours', ours],
  ] as const)
    for (const [type, w] of Object.entries(r.workflows).sort((a, b) => b[1].events - a[1].events))
      console.log(
        `  ${name}' ${type}: ${per(r, w.count).toFixed(2)} per negotiation, ${(w.events / w.count).toFixed(1)} history events each`,
      );
  if (ROUNDS > 1) {
    // The spread between rounds is the noise a claim about the ratios has to clear.
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    console.log(
      `per round (CPU; counter p95): ours/floor, ${REFERENCE.label}/floor, ours/${REFERENCE.label}`,
    );
    for (let round = 0; round < ROUNDS; round++) {
      const [f, r, o] = [paced.floor[round]!, paced.required[round]!, paced.ours[round]!];
      console.log(
        `  round ${round + 1}: CPU ${x(cpuPer(o), cpuPer(f))}, ${x(cpuPer(r), cpuPer(f))}, ${x(cpuPer(o), cpuPer(r))}; p95 ${x(p95(o), p95(f))}, ${x(p95(r), p95(f))}, ${x(p95(o), p95(r))}`,
      );
    }
  }
  if (PG_STATEMENTS) {
    console.log(
      `ours' statements per negotiation in its paced phases (calls, execution ms), most frequent first:`,
    );
    for (const [query, st] of [...statements].sort((x, y) => y[1].calls - x[1].calls).slice(0, 40))
      console.log(
        `  ${(st.calls / ours.count).toFixed(2).padStart(6)}  ${(st.ms / ours.count).toFixed(2).padStart(6)} ms  ${query}`,
      );
  }
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await dispatcher.close();
}
