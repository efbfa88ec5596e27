import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTES, type TSearchAttributeType } from '../domain/search-attributes.js';
import { stopLeftoverProcess } from './leftover-process.js';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_INSTALL_HINT =
  `The Temporal CLI (dev server) was not found. Install it with:\n` +
  `  scripts/install-tools.sh\n` +
  `(or: GOBIN=$PWD/.tools/bin go install github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION};\n` +
  ` with internet and no Go: TEMPORAL_CLI_DOWNLOAD=1 npm start uses the SDK's cached download)`;

export class MissingToolError extends Error {}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** TEMPORAL_CLI, then the project's .tools/bin, then PATH. */
export function findTool(name: string, envVar: string): string | undefined {
  const explicit = process.env[envVar];
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  const candidates = [
    path.resolve('.tools/bin', name),
    ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, name)),
  ];
  return candidates.find(isExecutable);
}

export type TTemporalDevServer = { address: string; uiUrl?: string; stop: () => Promise<void> };

export async function startTemporalDevServer(opts: {
  port: number;
  uiPort?: number;
  dbFile?: string;
  namespace?: string;
  /** Own process group, as for the embedded PostgreSQL: Ctrl-C reaches the launcher, which stops us in order. */
  detached?: boolean;
  onLog?: (line: string) => void;
}): Promise<TTemporalDevServer> {
  const bin = findTool('temporal', 'TEMPORAL_CLI');
  if (!bin && process.env.TEMPORAL_CLI_DOWNLOAD === '1') return startDownloadedDevServer(opts);
  if (!bin) throw new MissingToolError(TEMPORAL_INSTALL_HINT);
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    opts.namespace ?? 'default',
    '--log-level',
    'warn',
  ];
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  const pidFile = opts.dbFile ? `${path.resolve(opts.dbFile)}.pid` : undefined;
  if (opts.dbFile) {
    mkdirSync(path.dirname(path.resolve(opts.dbFile)), { recursive: true });
    // SQLite's defaults already sync every commit; said explicitly because history the server acknowledged
    // must survive a power cut (WAL with synchronous=FULL fsyncs the log at each commit).
    args.push('--db-filename', path.resolve(opts.dbFile));
    args.push('--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=FULL');
  }
  if (pidFile) {
    const leftover = await stopLeftoverProcess(pidFile, 'temporal');
    if (leftover) (opts.onLog ?? (() => {}))(`stopped a Temporal dev server (pid ${leftover}) left running`);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES))
    args.push('--search-attribute', `${name}=${type}`);

  const child: ChildProcess = spawn(bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });
  if (pidFile && child.pid) writeFileSync(pidFile, `${child.pid}\n`);
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const log = opts.onLog ?? (() => {});
  child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString()));
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const address = `127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited)
      throw new Error(`the Temporal dev server exited during start-up (is port ${opts.port} in use?)`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the Temporal dev server did not answer on ${address} within 60 s`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    address,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : undefined,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (pidFile) rmSync(pidFile, { force: true });
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

/**
 * Fallback for machines with internet and no Go: the Temporal SDK downloads (and caches) the same CLI
 * dev server. Needs the dev dependency @temporalio/testing.
 */
async function startDownloadedDevServer(
  opts: Parameters<typeof startTemporalDevServer>[0],
): Promise<TTemporalDevServer> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: opts.port,
      ui: Boolean(opts.uiPort),
      uiPort: opts.uiPort,
      dbFilename: opts.dbFile ? path.resolve(opts.dbFile) : undefined,
      namespace: opts.namespace ?? 'default',
      extraArgs: Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
        '--search-attribute',
        `${name}=${type}`,
      ]),
    },
  });
  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : undefined,
    stop: () => env.teardown(),
  };
}

const { IndexedValueType } = proto.temporal.api.enums.v1;
const INDEXED_TYPES: Record<TSearchAttributeType, proto.temporal.api.enums.v1.IndexedValueType> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/** Idempotent: registering an attribute that already exists is not an error. */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = Object.entries(SEARCH_ATTRIBUTES).filter(
    ([name]) => !(name in (existing.customAttributes ?? {})),
  );
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED_TYPES[type]])),
  });
}
