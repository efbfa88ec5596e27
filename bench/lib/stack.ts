/** Shared benchmark plumbing: the real services (embedded unless given) and server child processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runMigrations } from '../../src/db/migrate.js';
import { ensureDatabase, startEmbeddedPostgres } from '../../src/infra/embedded-postgres.js';
import { startTemporalDevServer } from '../../src/infra/temporal-dev-server.js';
import { freePort } from '../../test/helpers/global-setup.js';

export type TStops = (() => Promise<unknown>)[];

export async function infrastructure(stops: TStops) {
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-bench-'));
    await chmod(dir, 0o755);
    const server = await startEmbeddedPostgres({
      dir: path.join(dir, 'pg'),
      port: await freePort(),
      database: 'bench',
      // Durable like npm start, so figures are what users get; BENCH_PG_DURABLE=0 measures what durability costs.
      durable: process.env.BENCH_PG_DURABLE !== '0',
      persistent: false,
      // BENCH_PG_STATEMENTS=1: per-statement counts (pg_stat_statements), for a bench that prints them.
      settings:
        process.env.BENCH_PG_STATEMENTS === '1' ? ['shared_preload_libraries=pg_stat_statements'] : [],
    });
    stops.push(server.stop, () => rm(dir, { recursive: true, force: true }));
    databaseUrl = server.url;
  } else {
    const url = new URL(databaseUrl);
    const name = `bench_${Date.now()}`;
    await ensureDatabase(databaseUrl, name);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    // Durable like npm start's (a SQLite file that syncs every commit), so figures are what users get;
    // BENCH_TEMPORAL_DURABLE=0 keeps its history in memory instead.
    const durable = process.env.BENCH_TEMPORAL_DURABLE !== '0';
    const dir = durable ? await mkdtemp(path.join(os.tmpdir(), 'commdesk-bench-temporal-')) : null;
    const dev = await startTemporalDevServer({
      port: await freePort(),
      ...(dir ? { dbFile: path.join(dir, 'temporal.db') } : {}),
    });
    stops.push(dev.stop);
    if (dir) stops.push(() => rm(dir, { recursive: true, force: true }));
    temporalAddress = dev.address;
  }
  await runMigrations(databaseUrl);
  return { databaseUrl, temporalAddress };
}

export async function spawnServer(
  stops: TStops,
  script: string,
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_CPU_PROF: the servers to profile, as parts of their script paths separated by commas (api-server.ts profiles
  // both APIs, the floor's and ours). Each writes .cpuprofile files into its own folder under BENCH_CPU_PROF_DIR, named
  // after its script (bench-floor-api-server, ...); bench/profile-summary.ts reads them.
  const profiled = (process.env.BENCH_CPU_PROF ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .some((part) => script.includes(part));
  const profileDir = path.join(
    process.env.BENCH_CPU_PROF_DIR ?? 'scratch/prof',
    script.replace(/\.ts$/, '').replace(/[^A-Za-z0-9]+/g, '-'),
  );
  const profile = profiled ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  stops.push(async () => {
    // A child that already exited (a server that failed to start) emits no second 'exit' to wait for.
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /READY (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { url, child };
}
