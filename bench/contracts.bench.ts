/**
 * Contracts generated, signed by both sides and sealed, through the HTTP API (API and worker in their own
 * processes, bench/servers/), beside the floor in the same run: the same rendering and sealing functions the
 * activities call (pdf-lib render + SHA-256, certificate page, PAdES seal with @signpdf + SHA-256), on the same
 * documents, in this process, without Temporal, HTTP or Postgres.
 *
 * Setup (not timed): each deal is brought to acceptance through the API (open a request, the sponsor accepts).
 * Acceptance starts a contract by itself; the bench waits for it and cancels it through the API, so the deal is
 * Accepted with no live contract. Timed, per contract, `BENCH_CONCURRENCY` in flight (closed loop):
 * POST /contracts {dealId} (201, starts contract:<id>) -> generated (the bench watches the contracts table) ->
 * GET /contracts/:id (the signer reads the hash) -> the sponsor signs -> the organizer signs -> Signed (sealed,
 * the deal Contracted). After the last, the bench waits until the stack is idle (the benefit manager a signed
 * contract starts): that CPU is counted too.
 * The floor renders each measured contract again from the same rows and checks the SHA-256 equals the one the
 * worker recorded (the same document), then appends the same certificate and seals it, one at a time: its rate is
 * one core's; CPU per contract is the comparison that does not depend on how many cores the stack can use.
 *
 *   npm run bench:contracts      (BENCH_CONTRACTS=50, BENCH_CONCURRENCY=8)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Agent, request } from 'undici';
import { contractDocumentInput } from '../src/activities/contract.activities.js';
import { loadConfig } from '../src/config.js';
import { createDb, type TDb } from '../src/db/client.js';
import {
  findContractWithDeal,
  listContractEvents,
  listSignatures,
} from '../src/db/repositories/contract-repository.js';
import { organizationMembers, organizations, sessions, users } from '../src/db/schema/index.js';
import {
  appendCertificate,
  certificateOf,
  renderContractPdf,
  sealPdf,
  sha256Hex,
} from '../src/documents/contract-pdf.js';
import { randomToken, sha256Hex as tokenHash } from '../src/infra/secret-box.js';
import { loadSealCertificate } from '../src/infra/seal-certificate.js';
import { cpuMeter } from './lib/cpu.js';
import { benchCommunity } from './lib/fixtures.js';
import { infrastructure, spawnServer, type TStops } from './lib/stack.js';
import { percentile, pool } from './lib/concurrency.js';

const CONTRACTS = Number(process.env.BENCH_CONTRACTS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP = 5;
/** Longest a contract may take to be generated or sealed before the bench gives up. */
const WAIT_MS = 180_000;
const stops: TStops = [];
const dispatcher = new Agent({ connections: 64, pipelining: 1 });

type TSponsor = { organizationId: string; token: string };
type TDeal = { dealId: string; sponsor: TSponsor };
type TContractRow = { id: string; deal_id: string; status: string; document_sha256: string | null };

/** Each deal needs a sponsor of its own (one open request per community, organization and event). */
async function sponsors(db: TDb, count: number): Promise<TSponsor[]> {
  const ids = Array.from({ length: count }, (_, i) => i);
  const orgs = await db
    .insert(organizations)
    .values(
      ids.map((i) => ({
        kind: 'sponsor' as const,
        displayName: `Sponsor ${i}`,
        legalName: `Sponsor ${i} Private Limited`,
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

// undici's request API rather than fetch: the load generator shares the 2 cores with the system under test.
async function call(
  base: string,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  token: string,
  body?: unknown,
) {
  const started = performance.now();
  const res = await request(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'user-agent': 'commdesk-bench/1.0',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher,
  });
  const json = (await res.body.json()) as {
    data?: { id?: string; dealId?: string; status?: string; documentSha256?: string | null };
  };
  if (res.statusCode >= 300)
    throw new Error(`${method} ${path} -> ${res.statusCode} ${JSON.stringify(json)}`);
  return { ms: performance.now() - started, status: res.statusCode, data: json.data! };
}

/**
 * Watches the contracts table (one query every 20 ms for every deal waited on), so the bench learns when the
 * worker has generated or sealed a contract without polling the API, which would add load the stack then measures.
 */
function contractWatcher(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  type TWaiter = {
    until: (rows: TContractRow[]) => TContractRow | undefined;
    resolve: (row: TContractRow) => void;
    reject: (err: Error) => void;
    deadline: number;
    what: string;
  };
  const waiting = new Map<string, TWaiter>();
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      if (waiting.size > 0) {
        const { rows } = await client.query<TContractRow>(
          'select id, deal_id, status, document_sha256 from contracts where deal_id = any($1::uuid[]) order by created_at',
          [[...waiting.keys()]],
        );
        for (const [dealId, w] of waiting) {
          const row = w.until(rows.filter((r) => r.deal_id === dealId));
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
      return new Promise<TContractRow>((resolve, reject) =>
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

/**
 * What the worker's activities feed the rendering and sealing functions, read from the same rows the same way
 * (generateContract and sealContract in src/activities/contract.activities.ts); the floor checks the rendered
 * document's SHA-256 against the recorded one, so a drift between this and the activity fails the bench.
 */
async function floorInputs(db: TDb, contractId: string) {
  const { contract, deal } = (await findContractWithDeal(db, contractId))!;
  const { snapshot, template } = await contractDocumentInput(db, contract, deal);
  const signatures = await listSignatures(db, contractId);
  // The timeline as it was when the worker sealed: every event before 'sealed'.
  const events = await listContractEvents(db, contractId);
  const sealedAt = events.findIndex((e) => e.type === 'sealed');
  const timeline = sealedAt === -1 ? events : events.slice(0, sealedAt);
  const certificate = certificateOf({
    contractId,
    documentSha256: contract.documentSha256!,
    legalNames: { community: snapshot.community.legalName, organization: snapshot.organization.legalName },
    signatures,
    events: timeline,
  });
  const lastSignedAt = signatures.reduce((t, s) => (s.signedAt > t ? s.signedAt : t), new Date(0));
  return {
    snapshot,
    template,
    certificate,
    lastSignedAt,
    documentSha256: contract.documentSha256!,
    sealedSha256: contract.sealedSha256,
  };
}

async function main() {
  const { databaseUrl, temporalAddress } = await infrastructure(stops);
  const databaseName = new URL(databaseUrl).pathname.slice(1);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-bench-data-'));
  stops.push(() => rm(dataDir, { recursive: true, force: true }));
  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_POOL_MAX: '30',
    DATA_DIR: dataDir,
    REQUESTS_PER_COMMUNITY_PER_DAY: '100000',
  };
  // The bench servers run as production, which refuses to invent a sealing certificate: create it first, as
  // npm start does on a first start; the floor seals with the same one.
  const config = loadConfig({ ...process.env, ...env });
  const p12 = await loadSealCertificate({
    p12Path: config.contractSealP12,
    passphrase: config.CONTRACT_SEAL_P12_PASSPHRASE,
    production: false,
  });

  const { db, pool: dbPool } = createDb(databaseUrl, 4);
  stops.push(() => dbPool.end());
  const bench = await benchCommunity(db);
  const event = await bench.event();
  const organizer = bench.organizerToken;
  const everyone = await sponsors(db, WARMUP + CONTRACTS);

  const api = (await spawnServer(stops, 'bench/servers/api-server.ts', env)).url;
  await spawnServer(stops, 'bench/servers/worker-process.ts', env);
  const watcher = contractWatcher(databaseUrl);
  stops.push(() => watcher.stop());

  const temporalPort = new URL(`http://${temporalAddress}`).port;
  const meter = () =>
    cpuMeter({
      api: (cmd) => cmd.includes('bench/servers/api-server.ts'),
      worker: (cmd) => cmd.includes('bench/servers/worker-process.ts'),
      temporal: (cmd) => cmd.includes('start-dev') && cmd.includes(` ${temporalPort} `),
      postgres: (cmd) => cmd.startsWith('postgres: ') && cmd.includes(` ${databaseName} `),
    });
  /** Waits until the stack is idle (under 5% of a core for two half-second windows in a row, at most a minute). */
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

  // Setup: every deal accepted through the API; the contract its acceptance started is cancelled.
  const setupStarted = performance.now();
  const deals: TDeal[] = [];
  await pool(everyone, 4, async (sponsor, i) => {
    const opened = await call(api, 'POST', '/api/v1/requests', organizer, {
      communityId: bench.communityId,
      organizationId: sponsor.organizationId,
      eventId: event.id,
      proposal: {
        amountMinor: 25_000_000 + i,
        currency: 'INR',
        category: 'Gold Sponsor',
        benefits: [{ key: 'logo_placement' }, { key: 'booth', detail: '3x3 m' }],
        terms: 'Logo on the website and stage banner.',
      },
    });
    const accepted = await call(api, 'PATCH', `/api/v1/requests/${opened.data.id}/accept`, sponsor.token, {
      revision: 1,
    });
    const dealId = accepted.data.dealId!;
    const first = await watcher.until(dealId, 'the contract started at acceptance', (rows) =>
      rows.find((r) => r.status === 'PendingSignature'),
    );
    await call(api, 'POST', `/api/v1/contracts/${first.id}/cancel`, organizer, {
      reason: 'Benchmark setup: the measured contract is started with POST /contracts',
    });
    deals[i] = { dealId, sponsor };
  });
  console.log(
    `setup: ${deals.length} deals accepted through the API, their first contracts cancelled, in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
  );
  await settle();

  /** One contract from POST /contracts to Signed; the same calls a client makes. */
  async function contract(deal: TDeal, out: { signMs: number[]; generatedMs: number[]; totalMs: number[] }) {
    const started = performance.now();
    const created = await call(api, 'POST', '/api/v1/contracts', organizer, { dealId: deal.dealId });
    if (created.status !== 201)
      throw new Error(`POST /contracts for deal ${deal.dealId} -> ${created.status}`);
    const id = created.data.id!;
    await watcher.until(deal.dealId, `contract ${id} generated`, (rows) =>
      rows.find((r) => r.id === id && r.status === 'PendingSignature' && r.document_sha256),
    );
    out.generatedMs.push(performance.now() - started);
    const shown = await call(api, 'GET', `/api/v1/contracts/${id}`, deal.sponsor.token);
    const documentSha256 = shown.data.documentSha256!;
    const signers: [string, string][] = [
      [deal.sponsor.token, 'Sponsor Admin'],
      [organizer, 'Organizer'],
    ];
    for (const [token, fullName] of signers) {
      const signed = await call(api, 'POST', `/api/v1/contracts/${id}/sign`, token, {
        documentSha256,
        fullName,
        consent: true,
      });
      out.signMs.push(signed.ms);
    }
    await watcher.until(deal.dealId, `contract ${id} sealed`, (rows) =>
      rows.find((r) => r.id === id && r.status === 'Signed'),
    );
    out.totalMs.push(performance.now() - started);
    return id;
  }

  // Warm-up: JIT, pools, workflow bundles, the first seal.
  const warm = { signMs: [], generatedMs: [], totalMs: [] };
  const warmIds: string[] = [];
  await pool(deals.slice(0, WARMUP), 2, async (d) => void warmIds.push(await contract(d, warm)));
  await settle();
  // What the stack burns doing nothing (the Temporal dev server polls, workers long-poll): part of ours' figure.
  const idleCpu = meter();
  const idleStarted = performance.now();
  await new Promise((r) => setTimeout(r, 3000));
  const idle = idleCpu();
  const idleSeconds = (performance.now() - idleStarted) / 1000;

  const ours = { signMs: [] as number[], generatedMs: [] as number[], totalMs: [] as number[] };
  const measuredIds: string[] = [];
  const oursCpu = meter();
  const oursStarted = performance.now();
  await pool(deals.slice(WARMUP), CONCURRENCY, async (d) => void measuredIds.push(await contract(d, ours)));
  const oursSeconds = (performance.now() - oursStarted) / 1000;
  const tail = await settle();
  const oursTotals = oursCpu();

  // The floor: the same documents, the same functions, in this process, one at a time.
  const inputs = await Promise.all([...warmIds, ...measuredIds].map((id) => floorInputs(db, id)));
  const floorStep = { render: 0, certificate: 0, seal: 0 };
  const floorMs: number[] = [];
  let sameSealed = 0;
  async function floorOne(input: (typeof inputs)[number], measured: boolean) {
    const t0 = performance.now();
    const pdf = await renderContractPdf(input.snapshot, input.template);
    const documentSha256 = sha256Hex(pdf);
    const t1 = performance.now();
    if (documentSha256 !== input.documentSha256)
      throw new Error(`floor rendered another document for ${input.snapshot.contractId}`);
    const certified = await appendCertificate(pdf, input.certificate);
    const t2 = performance.now();
    const sealed = await sealPdf(certified, p12, config.CONTRACT_SEAL_P12_PASSPHRASE, input.lastSignedAt);
    const sealedSha256 = sha256Hex(sealed);
    const t3 = performance.now();
    if (!measured) return;
    floorStep.render += t1 - t0;
    floorStep.certificate += t2 - t1;
    floorStep.seal += t3 - t2;
    floorMs.push(t3 - t0);
    if (sealedSha256 === input.sealedSha256) sameSealed++;
  }
  for (const input of inputs.slice(0, WARMUP)) await floorOne(input, false);
  const floorCpu = meter();
  const floorStarted = performance.now();
  for (const input of inputs.slice(WARMUP)) await floorOne(input, true);
  const floorSeconds = (performance.now() - floorStarted) / 1000;
  const floorTotals = floorCpu();

  const n = measuredIds.length;
  const oursRate = n / oursSeconds;
  const floorRate = n / floorSeconds;
  const per = (t: Record<string, number>, key: string) => (t[key] ?? 0) / n;
  const STACK = ['worker', 'temporal', 'api', 'postgres'];
  const oursCpuPer = STACK.reduce((a, k) => a + per(oursTotals, k), 0);
  const floorCpuPer = per(floorTotals, 'load generator');
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');
  const line = (label: string, floor: number | null, mine: number, note = '') =>
    `| ${label.padEnd(32)} | ${(floor === null ? '-' : floor.toFixed(1)).padStart(8)} | ${mine.toFixed(1).padStart(8)} | ${(floor === null ? '-' : ratio(mine, floor)).padStart(10)} |${note}`;

  console.log(
    `\nContract benchmark: ${n} contracts (POST /contracts -> generated -> both sign -> sealed), concurrency ${CONCURRENCY}; ` +
      `${os.cpus().length} cores, ${os.cpus()[0]?.model}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  console.log(
    `floor: render + SHA-256 + certificate page + PAdES seal + SHA-256 in this process, one at a time (one core): ` +
      `render ${(floorStep.render / n).toFixed(1)} ms, certificate ${(floorStep.certificate / n).toFixed(1)} ms, ` +
      `seal ${(floorStep.seal / n).toFixed(1)} ms per contract; ${n}/${n} documents identical to the worker's (SHA-256), ` +
      `${sameSealed}/${n} sealed files byte-identical`,
  );
  console.log(`| ${''.padEnd(32)} |    floor |     ours | ours/floor |`);
  console.log(`| ${'-'.repeat(32)} | -------- | -------- | ---------- |`);
  console.log(
    line(
      'contracts per second',
      floorRate,
      oursRate,
      `  the floor is ${(floorRate / oursRate).toFixed(1)}x ours`,
    ),
  );
  console.log(line('per contract p50 ms', percentile(floorMs, 50), percentile(ours.totalMs, 50)));
  console.log(line('per contract p95 ms', percentile(floorMs, 95), percentile(ours.totalMs, 95)));
  console.log(line('  POST until generated p50 ms', null, percentile(ours.generatedMs, 50)));
  console.log(line('sign request p50 ms', null, percentile(ours.signMs, 50)));
  console.log(line('sign request p95 ms', null, percentile(ours.signMs, 95)));
  console.log(line('sign request p99 ms', null, percentile(ours.signMs, 99)));
  console.log(line('CPU ms per contract', floorCpuPer, oursCpuPer));
  for (const key of STACK) console.log(line(`  ${key}`, null, per(oursTotals, key)));
  console.log(line('  (load generator, not counted)', null, per(oursTotals, 'load generator')));
  console.log(
    `ours: ${oursSeconds.toFixed(1)} s for ${n}, then ${tail.toFixed(1)} s until the stack was idle (that CPU counted); ` +
      `floor: ${floorSeconds.toFixed(1)} s`,
  );
  const idlePerSecond = STACK.reduce((a, k) => a + (idle[k] ?? 0), 0) / idleSeconds;
  console.log(
    `the idle stack burns ${idlePerSecond.toFixed(0)} ms CPU per second (measured for ${idleSeconds.toFixed(1)} s ` +
      `before ours): ${((idlePerSecond * (oursSeconds + tail)) / n).toFixed(1)} ms of ours' CPU per contract`,
  );
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await dispatcher.close();
}
