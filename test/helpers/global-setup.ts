import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../../src/db/migrate.js';
import { ensureDatabase, startEmbeddedPostgres } from '../../src/infra/embedded-postgres.js';
import { startTemporalDevServer } from '../../src/infra/temporal-dev-server.js';
import { WORKFLOWS_PATH } from '../../src/worker.js';

export const TEMPLATE_DB = 'commdesk_test_template';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
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
    logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} },
  });
  const workflowBundlePath = path.join(tmp, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);

  project.provide('stack', { adminUrl, templateDb, temporalAddress, workflowBundlePath });

  return async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
}
