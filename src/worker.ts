import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from './activities/index.js';
import { loadConfigOrExit, type TConfig } from './config.js';
import { createDb } from './db/client.js';
import { createMailer, fileTransport } from './infra/mailer.js';
import { secretBoxFor } from './infra/runtime.js';
import { ensureHousekeeping } from './infra/housekeeping.js';
import { ensureReputationRefresher } from './infra/reputation-schedule.js';
import { connectTemporal, installTemporalRuntime } from './infra/temporal-client.js';
import { logger } from './logger.js';
import { stripeConfigured } from './infra/stripe.js';
import { createSearchIndex } from './search/create-search-index.js';

/**
 * Without a grace period a shutdown (a deploy, Ctrl-C) cancels in-flight activities at once, which aborts a Temporal
 * client call still in progress (the activity that opens a program's renewal starts its negotiation with one): the
 * attempt ends as cancelled, which the server did not ask for, so it is retried only after its start-to-close
 * timeout. With it, they finish and report first; a drain that only waits is told by `shuttingDown` instead.
 */
const WORKER_SHUTDOWN_GRACE = '20 seconds';

export const WORKFLOWS_PATH = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

/**
 * Pure domain modules the workflows import, evaluated once per worker thread and shared by every workflow run. Without
 * this the SDK's reusable V8 context evaluates every module of the bundle again for each new run (its own copy of
 * module state): in the negotiation bench that was about a sixteenth of the workflow thread's CPU, most of it these
 * modules (matching's tables above all). Sharing is safe only for modules that hold no per-run state and touch no
 * workflow API when they load: these are constants and pure functions, and import neither @temporalio/* nor zod (the
 * SDK deep-freezes shared modules, and zod caches into its schemas). A module added here must stay that way.
 */
export const WORKFLOW_PRELOAD_MODULES = [
  'commdesk-facts',
  'directory',
  'matching',
  'fees',
  'negotiation',
  'verification',
  'ops-view',
  'contract',
  'escrow',
  'fulfillment',
  'payouts',
  'programs',
  'reconcile',
].map((name) => fileURLToPath(new URL(`./domain/${name}.ts`, import.meta.url)));

/** A worker for every workflow and activity; `bundle` lets tests reuse one pre-built workflow bundle. */
export async function createWorker(opts: {
  config: TConfig;
  databaseUrl: string;
  temporalAddress: string;
  workflowBundle?: WorkerOptions['workflowBundle'];
}) {
  const { db, pool } = createDb(opts.databaseUrl, 10);
  const connection = await NativeConnection.connect({ address: opts.temporalAddress });
  const searchIndex = createSearchIndex({
    db,
    meiliUrl: opts.config.MEILI_URL,
    meiliKey: opts.config.MEILI_KEY,
  });
  const shuttingDown = new AbortController();
  const activities = createActivities({
    shuttingDown: shuttingDown.signal,
    db,
    searchIndex,
    config: opts.config,
    secretBox: secretBoxFor(opts.config),
    mailer: createMailer({ db }),
    transport: fileTransport(opts.config.outboxDir),
  });
  const worker = await Worker.create({
    connection,
    namespace: opts.config.TEMPORAL_NAMESPACE,
    taskQueue: opts.config.TEMPORAL_TASK_QUEUE,
    activities,
    shutdownGraceTime: WORKER_SHUTDOWN_GRACE,
    ...(opts.workflowBundle
      ? { workflowBundle: opts.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { preloadModules: WORKFLOW_PRELOAD_MODULES } }),
  });
  // The queue's reputation refresher must run wherever a worker does (tests and benches start no housekeeping).
  const starter = await Connection.connect({ address: opts.temporalAddress });
  try {
    await ensureReputationRefresher(
      new Client({ connection: starter, namespace: opts.config.TEMPORAL_NAMESPACE }),
      opts.config.TEMPORAL_TASK_QUEUE,
    );
  } finally {
    await starter.close();
  }
  return {
    worker,
    /** Begins a graceful shutdown: running activities get WORKER_SHUTDOWN_GRACE to finish; `worker.run()` then resolves. */
    shutdown() {
      shuttingDown.abort();
      if (worker.getState() === 'RUNNING') worker.shutdown();
    },
    async close() {
      await connection.close();
      await searchIndex.close();
      await pool.end();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    console.error(
      'npm run worker needs DATABASE_URL and TEMPORAL_ADDRESS (npm start runs an embedded stack instead).',
    );
    process.exit(1);
  }
  await installTemporalRuntime(config.LOG_LEVEL);
  const client = await connectTemporal(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  await ensureHousekeeping(client, config);
  await client.connection.close();
  const { worker, shutdown, close } = await createWorker({
    config,
    databaseUrl: config.DATABASE_URL,
    temporalAddress: config.TEMPORAL_ADDRESS,
  });
  const stop = () => shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker started');
  if (!stripeConfigured(config))
    logger.warn(
      'Stripe is not configured (STRIPE_SECRET_KEY, or STRIPE_API_BASE for a stripe-mock): escrow steps that call Stripe fail and retry until it is',
    );
  await worker.run();
  await close();
}
