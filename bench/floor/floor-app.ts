// The floors' HTTP API, served like ours (Hono on @hono/node-server, one process, the same Temporal client), with the
// negotiation's three routes reduced to what the engine needs: start the workflow, execute an Update, answer JSON. No
// session lookup, validation, database or audit: that is the business logic the benchmark compares against a floor.
// Each floor's API (api-server.ts, parts-api-server.ts) is its own script, so the bench tells their processes apart.
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Client } from '@temporalio/client';
import { connectTemporal } from '../../src/infra/temporal-client.js';

type TView = { status: string; currentRevision: number };

/** What a floor does at each route: start its workflow, and send its two Updates (what follows an acceptance too). */
export type TFloorSteps = {
  open(temporal: Client, id: string): Promise<unknown>;
  counter(temporal: Client, id: string, body: unknown): Promise<TView>;
  accept(temporal: Client, id: string, body: unknown): Promise<TView>;
};

/** Connects, serves the routes on a free port (printing READY <url>) and closes on SIGTERM. */
export async function serveFloor(steps: TFloorSteps): Promise<void> {
  const temporal = await connectTemporal(
    process.env.TEMPORAL_ADDRESS!,
    process.env.TEMPORAL_NAMESPACE ?? 'default',
  );
  const app = new Hono();
  app.post('/api/v1/requests', async (c) => {
    await c.req.json();
    const id = randomUUID();
    await steps.open(temporal, id);
    return c.json({ success: true, data: { id, status: 'Pending', currentRevision: 1 } }, 201);
  });
  app.patch('/api/v1/requests/:id/negotiate', async (c) => {
    const view = await steps.counter(temporal, c.req.param('id'), await c.req.json());
    return c.json({ success: true, data: { id: c.req.param('id'), ...view } });
  });
  app.patch('/api/v1/requests/:id/accept', async (c) => {
    const view = await steps.accept(temporal, c.req.param('id'), await c.req.json());
    return c.json({ success: true, data: { id: c.req.param('id'), ...view } });
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '0.0.0.0' }, (info) =>
    console.log(`READY http://localhost:${info.port}`),
  );
  process.on('SIGTERM', () =>
    server.close(() => void temporal.connection.close().then(() => process.exit(0))),
  );
}
