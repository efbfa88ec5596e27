import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { ensureDatabase } from '../../src/infra/embedded-postgres.js';
import { createApiDeps } from '../../src/server.js';
import { createWorker } from '../../src/worker.js';

export type TResponse<T = any> = { status: number; body: T; headers: Headers };

/**
 * One isolated stack per test file: a fresh database cloned from the migrated template, a worker on
 * its own task queue (real Temporal dev server), and the Hono app called without a socket.
 */
export async function startTestStack(env: Record<string, string> = {}) {
  const { adminUrl, templateDb, temporalAddress, workflowBundlePath } = inject('stack');
  const dbName = `t_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  await ensureDatabase(adminUrl, dbName, templateDb);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const databaseUrl = dbUrl.toString();
  const outboxDir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-outbox-'));
  // Contract documents and the self-signed sealing certificate go to a directory of this test file's own.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-data-'));

  const config = loadConfig({
    NODE_ENV: 'test',
    // stripe-mock on loopback (global setup); a test may put a recording proxy in front of it via `env`.
    STRIPE_API_BASE: inject('stripe').apiBase,
    LOG_LEVEL: 'silent',
    TEMPORAL_TASK_QUEUE: `test-${dbName}`,
    WEBHOOK_RETRY_SCHEDULE: '0,100ms,200ms',
    WEBHOOK_CONNECT_TIMEOUT: '1s',
    WEBHOOK_RESPONSE_TIMEOUT: '2s',
    TRUST_PROXY: 'true',
    OUTBOX_DIR: outboxDir,
    DATA_DIR: dataDir,
    DATABASE_POOL_MAX: '10',
    ...env,
  });
  const api = await createApiDeps(config, databaseUrl, temporalAddress);
  const app = createApp(api.deps);

  let worker: Awaited<ReturnType<typeof createWorker>> | null = null;
  let workerRun: Promise<void> | null = null;
  /** `databaseUrl` lets a test put something (a proxy it can cut) between the worker and Postgres. */
  async function startWorker(opts: { databaseUrl?: string } = {}) {
    worker = await createWorker({
      config,
      databaseUrl: opts.databaseUrl ?? databaseUrl,
      temporalAddress,
      workflowBundle: { codePath: workflowBundlePath },
    });
    workerRun = worker.worker.run();
  }
  async function stopWorker() {
    if (!worker) return;
    worker.shutdown();
    await workerRun;
    await worker.close();
    worker = null;
  }
  await startWorker();

  async function request<T = any>(
    method: string,
    urlPath: string,
    opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<TResponse<T>> {
    const headers: Record<string, string> = { 'x-forwarded-for': '203.0.113.10', ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await app.request(urlPath, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (docs page)
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  return {
    app,
    db: api.deps.db,
    deps: api.deps,
    config,
    databaseUrl,
    outboxDir,
    dataDir,
    request,
    startWorker,
    stopWorker,
    async close() {
      await stopWorker();
      await api.close();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${admin.escapeIdentifier(dbName)} with (force)`);
      await admin.end();
    },
  };
}

export type TTestStack = Awaited<ReturnType<typeof startTestStack>>;
