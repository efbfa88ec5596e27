/**
 * `npm start`: the whole system on embedded defaults. PostgreSQL in ./data/postgres and the Temporal dev
 * server (with its UI, on SQLite in ./data) unless DATABASE_URL / TEMPORAL_ADDRESS are given; then
 * migrations, search attributes, first-run seed, the worker and the API in this process.
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { count } from 'drizzle-orm';
import { LOCAL_STRIPE_WEBHOOK_SECRET, loadConfigOrExit } from './config.js';
import { createDb } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { users } from './db/schema/index.js';
import { demoAccountLines, seed, seedDemoPayoutAccount } from './db/seed.js';
import { createSearchIndex } from './search/create-search-index.js';
import { rebuildDirectory, rebuildDirectoryIfBehind } from './search/reindex.js';
import { startEmbeddedPostgres } from './infra/embedded-postgres.js';
import {
  ensureSearchAttributes,
  MissingToolError,
  startTemporalDevServer,
} from './infra/temporal-dev-server.js';
import { installTemporalRuntime } from './infra/temporal-client.js';
import { ensureHousekeeping } from './infra/housekeeping.js';
import { loadSealCertificate } from './infra/seal-certificate.js';
import { createStripe, startStripeMock } from './infra/stripe.js';
import { logger } from './logger.js';
import { startApiServer } from './server.js';
import { createWorker } from './worker.js';

const config = loadConfigOrExit();
const stops: (() => Promise<void>)[] = [];
let stopping = false;

async function shutdown(code: number) {
  if (stopping) {
    console.log('Still stopping (PostgreSQL is writing its checkpoint)...');
    return;
  }
  stopping = true;
  console.log('\nStopping...');
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (err) {
      console.warn(`While stopping: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  process.exit(code);
}
// Ordered shutdown: API, then worker, then Temporal, then Postgres.
// The servers run in their own process group, so a terminal's Ctrl-C reaches only us; a second one must not
// kill us half-way and leave them running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));

function fail(message: string): never {
  console.error(`\n${message}\n`);
  void shutdown(1);
  throw new Error('unreachable');
}

async function main() {
  await installTemporalRuntime(config.LOG_LEVEL);
  const dataDir = path.resolve(config.DATA_DIR);

  let databaseUrl = config.DATABASE_URL;
  let pgDataDir = '';
  if (!databaseUrl) {
    try {
      const pg = await startEmbeddedPostgres({
        dir: path.join(dataDir, 'postgres'),
        port: config.EMBEDDED_PG_PORT,
        database: 'commdesk',
        durable: true,
        detached: true,
        sharedDir: config.EMBEDDED_PG_SHARED_DIR,
      });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      pgDataDir = pg.dataDir;
    } catch (err) {
      fail(
        `Could not start the embedded PostgreSQL: ${err instanceof Error ? err.message : String(err)}\n` +
          `Or point at an existing server: DATABASE_URL=postgres://user:pass@host:5432/db npm start`,
      );
    }
  }

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    try {
      const dev = await startTemporalDevServer({
        port: config.TEMPORAL_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        dbFile: path.join(dataDir, 'temporal.db'),
        namespace: config.TEMPORAL_NAMESPACE,
        detached: true,
      });
      stops.push(dev.stop);
      temporalAddress = dev.address;
      temporalUi = dev.uiUrl;
    } catch (err) {
      if (err instanceof MissingToolError) fail(err.message);
      fail(`Could not start the Temporal dev server: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  // stripe-mock on a loopback port unless Stripe (STRIPE_SECRET_KEY) or another mock (STRIPE_API_BASE) is given.
  let stripeLine = config.STRIPE_SECRET_KEY
    ? `Stripe (${config.STRIPE_SECRET_KEY.includes('_live_') ? 'live' : 'test'} key)${config.STRIPE_API_BASE ? ` at ${config.STRIPE_API_BASE}` : ''}`
    : `${config.STRIPE_API_BASE ?? ''}  (STRIPE_API_BASE)`;
  if (!config.STRIPE_SECRET_KEY && !config.STRIPE_API_BASE) {
    try {
      const mock = await startStripeMock({
        detached: true,
        pidFile: path.join(dataDir, 'stripe-mock.pid'),
      });
      stops.push(mock.stop);
      config.STRIPE_API_BASE = mock.url;
      stripeLine = `${mock.url}  (stripe-mock)`;
    } catch (err) {
      fail(`Could not start stripe-mock: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  await runMigrations(databaseUrl);
  const connection = await Connection.connect({ address: temporalAddress });
  await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
  await ensureHousekeeping(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), config);
  await connection.close();

  const { db, pool } = createDb(databaseUrl, 2);
  const [{ value: userCount } = { value: 0 }] = await db.select({ value: count() }).from(users);
  const firstRun = userCount === 0;
  if (firstRun) {
    await seed(db, config.SEED_PASSWORD);
    await rebuildDirectory(db, config);
  } else {
    const index = createSearchIndex({ db, meiliUrl: config.MEILI_URL, meiliKey: config.MEILI_KEY });
    try {
      const rebuilt = await rebuildDirectoryIfBehind(db, index);
      if (rebuilt)
        console.log(
          `Directory: the ${index.adapter} index held ${rebuilt.indexed} of ${rebuilt.total} organizations; rebuilt from Postgres.`,
        );
    } finally {
      await index.close();
    }
  }
  // Every start in local mode, not only the first: a data directory from before payouts existed gets it too.
  const demoPayouts =
    !config.STRIPE_SECRET_KEY && config.STRIPE_API_BASE
      ? await seedDemoPayoutAccount(db, createStripe(config))
      : null;
  await pool.end();
  // The platform certificate that seals signed contracts: a self-signed one in the data directory on first start.
  await loadSealCertificate({
    p12Path: config.contractSealP12,
    passphrase: config.CONTRACT_SEAL_P12_PASSPHRASE,
    production: config.NODE_ENV === 'production',
  });

  const {
    worker,
    shutdown: shutdownWorker,
    close: closeWorker,
  } = await createWorker({
    config,
    databaseUrl,
    temporalAddress,
  });
  const workerRun = worker.run();
  stops.push(async () => {
    shutdownWorker();
    await workerRun;
    await closeWorker();
  });

  const api = await startApiServer({ config, databaseUrl, temporalAddress, port: config.PORT });
  stops.push(api.close);

  const lines = [
    '',
    'CommDesk Marketplace is running.',
    `  API          ${api.url}/api/v1   (health: ${api.url}/api/v1/health)`,
    `  API docs     ${api.url}/docs     (OpenAPI: ${api.url}/openapi.json)`,
    `  Temporal UI  ${temporalUi ?? '(external Temporal: see your cluster UI)'}`,
    `  Temporal     ${temporalAddress}`,
    `  Database     ${config.DATABASE_URL ? '(DATABASE_URL)' : `${databaseUrl}  (data: ${pgDataDir})`}`,
    `  Outbox       ${path.resolve(config.outboxDir)}`,
    `  Stripe       ${stripeLine}`,
    `  Stripe hook  ${api.url}/api/v1/stripe/webhook  (signing secret: ${config.STRIPE_WEBHOOK_SECRET === LOCAL_STRIPE_WEBHOOK_SECRET ? LOCAL_STRIPE_WEBHOOK_SECRET : 'STRIPE_WEBHOOK_SECRET'})`,
    ...(demoPayouts
      ? [
          `  Payouts      Demo Community's connected account ${demoPayouts.stripeAccountId} has payouts enabled (local mode)`,
        ]
      : []),
    '',
    `Demo accounts (password: ${config.SEED_PASSWORD === 'commdesk-demo' ? 'commdesk-demo' : 'SEED_PASSWORD'})${firstRun ? ', seeded now' : ''}:`,
    ...demoAccountLines().map((a) => `  ${a.email.padEnd(30)} ${a.role}`),
    '',
    'Press Ctrl-C to stop everything.',
  ];
  console.log(lines.join('\n'));
}

main().catch((err) => {
  if (stopping) return;
  // One sentence for the user; the stack only in debug logs.
  logger.debug({ err }, 'start-up failed');
  console.error(`\nStart-up failed: ${err instanceof Error ? err.message : String(err)}`);
  void shutdown(1);
});
