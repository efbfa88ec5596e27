import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../../src/db/migrate.js';
import {
  EmbeddedPostgresError,
  ensureDatabase,
  startEmbeddedPostgres,
} from '../../src/infra/embedded-postgres.js';
import { startStripeMock } from '../../src/infra/stripe.js';
import { findTool, startTemporalDevServer } from '../../src/infra/temporal-dev-server.js';
import { WORKFLOW_PRELOAD_MODULES, WORKFLOWS_PATH } from '../../src/worker.js';

export const TEMPLATE_DB = 'commdesk_test_template';

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * A port nothing listens on, chosen below Linux's ephemeral range (32768-60999): a port the system handed out with
 * listen(0) can be handed out again, before our server binds it, to any process listening on port 0 (stripe-mock
 * does) or to an outgoing connection, and the server then fails with EADDRINUSE (seen in CI).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if ((await canListen(port, '0.0.0.0')) && (await canListen(port, '127.0.0.1'))) return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

/** DATABASE_URL's server with the `postgres` maintenance database, where test databases are created. */
function adminUrlOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: { adminUrl: string; templateDb: string; temporalAddress: string; workflowBundlePath: string };
    /** A Meilisearch server for the adapter's tests: MEILI_URL, else the binary install-tools unpacked; null: none. */
    meili: { url: string; key: string | undefined } | null;
    /** stripe-mock's base URL (STRIPE_API_BASE of every test stack): STRIPE_API_BASE, else one started here. */
    stripe: { apiBase: string };
  }
}

/**
 * Starts what the environment does not give: a real PostgreSQL (embedded) unless DATABASE_URL is set,
 * the real Temporal dev server unless TEMPORAL_ADDRESS is set. Migrates a template database once;
 * each test file clones it.
 */
export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = [];
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'commdesk-test-'));
  // initdb runs as the postgres user when we are root: every parent of the data directory must be traversable.
  await chmod(tmp, 0o755);
  stops.push(() => rm(tmp, { recursive: true, force: true }));

  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = adminUrlOf(process.env.DATABASE_URL);
  } else {
    const pg = await startEmbeddedPostgres({
      dir: path.join(tmp, 'pg'),
      port: await freePort(),
      database: 'postgres',
      // Test databases are thrown away after the run: no fsync, asynchronous commit, no full-page writes.
      durable: false,
      persistent: false,
      // As for `npm start`: where root copies the binaries when the checkout is private (a 700 parent).
      sharedDir: process.env.EMBEDDED_PG_SHARED_DIR || undefined,
    }).catch(async (err: unknown) => {
      // A problem the user can fix: one sentence, as `npm start` says it, not vitest's stack trace.
      if (!(err instanceof EmbeddedPostgresError)) throw err;
      console.error(`\nCould not start the embedded PostgreSQL for the tests: ${err.message}\n`);
      await rm(tmp, { recursive: true, force: true });
      process.exit(1);
    });
    stops.push(pg.stop);
    adminUrl = adminUrlOf(pg.url);
  }
  const templateDb = `${TEMPLATE_DB}_${process.pid}`;
  await ensureDatabase(adminUrl, templateDb);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${templateDb}`;
  await runMigrations(templateUrl.toString());

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const dev = await startTemporalDevServer({ port: await freePort() });
    stops.push(dev.stop);
    temporalAddress = dev.address;
  }

  const bundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    // As the worker bundles it (src/worker.ts), so the tests run the shared modules the way production does.
    preloadModules: WORKFLOW_PRELOAD_MODULES,
    logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} },
  });
  const workflowBundlePath = path.join(tmp, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);

  project.provide('stack', { adminUrl, templateDb, temporalAddress, workflowBundlePath });

  let meili: { url: string; key: string | undefined } | null = process.env.MEILI_URL
    ? { url: process.env.MEILI_URL, key: process.env.MEILI_KEY }
    : null;
  const meiliBin = meili ? undefined : findTool('meilisearch', 'MEILISEARCH_BIN');
  if (meiliBin) {
    const port = await freePort();
    const key = randomUUID();
    const child = spawn(
      meiliBin,
      ['--db-path', path.join(tmp, 'meili'), '--http-addr', `127.0.0.1:${port}`, '--master-key', key],
      { stdio: 'ignore', env: { MEILI_NO_ANALYTICS: 'true', MEILI_ENV: 'development' } },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    stops.push(async () => {
      child.kill('SIGTERM');
      await exited;
    });
    const url = `http://127.0.0.1:${port}`;
    for (const deadline = Date.now() + 30_000; ;) {
      const healthy = await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (healthy) break;
      if (Date.now() > deadline)
        throw new Error(`Meilisearch (${meiliBin}) did not answer on ${url} within 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    meili = { url, key };
  }
  project.provide('meili', meili);

  // Tests never talk to Stripe itself, whatever STRIPE_SECRET_KEY the environment holds: always a stripe-mock, and
  // a given one only on loopback.
  let stripeApiBase = process.env.STRIPE_API_BASE;
  if (stripeApiBase && !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(stripeApiBase).hostname))
    throw new Error(
      `STRIPE_API_BASE=${stripeApiBase}: tests use a stripe-mock on loopback only (unset it to start one)`,
    );
  if (!stripeApiBase) {
    const mock = await startStripeMock();
    stops.push(mock.stop);
    stripeApiBase = mock.url;
  }
  project.provide('stripe', { apiBase: stripeApiBase });

  return async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
}
