// The lifecycle floor's worker, alone in its process like the real one (bench/servers/worker-process.ts): OUR workflows
// (the same bundle) on a task queue of their own, with every activity replaced by its no-op
// (bench/floor/lifecycle-noop-activities.ts). Children start on their parent's task queue, so the contract, escrow,
// fulfillment and reputation workflows of a floor deal run here too.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../../src/activities/index.js';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/client.js';
import { createMailer, fileTransport } from '../../src/infra/mailer.js';
import { secretBoxFor } from '../../src/infra/runtime.js';
import { createSearchIndex } from '../../src/search/create-search-index.js';
import { WORKFLOWS_PATH } from '../../src/worker.js';
import { runFloorWorker } from './floor-worker.js';
import { LIFECYCLE_FLOOR_TASK_QUEUE, noopActivities } from './lifecycle-noop-activities.js';

const config = loadConfig({
  ...process.env,
  LOG_LEVEL: 'silent',
  NODE_ENV: 'production',
  ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
  STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_bench_servers',
});
// The real set, built only for its names (the pool never connects: nothing here runs a query).
const { db, pool } = createDb(process.env.DATABASE_URL!, 1);
const real = createActivities({
  db,
  searchIndex: createSearchIndex({ db, meiliUrl: undefined, meiliKey: undefined }),
  config,
  secretBox: secretBoxFor(config),
  mailer: createMailer({ db }),
  transport: fileTransport(await mkdtemp(path.join(os.tmpdir(), 'commdesk-floor-outbox-'))),
});
await runFloorWorker({
  name: 'lifecycle-floor-worker',
  taskQueue: LIFECYCLE_FLOOR_TASK_QUEUE,
  workflowsPath: WORKFLOWS_PATH,
  activities: noopActivities(config, Object.keys(real)),
  closed: () => pool.end(),
});
