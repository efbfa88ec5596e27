// The floor's API: served like ours (Hono on @hono/node-server, one process, the same Temporal client),
// with the negotiation's three routes reduced to what the engine needs: start the workflow, execute an
// Update, answer JSON. No session lookup, validation, database or audit: that is the business logic
// the benchmark compares against this floor.
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { connectTemporal } from '../../src/infra/temporal-client.js';
import {
  benchFloorWorkflow,
  FLOOR_TASK_QUEUE,
  floorAcceptUpdate,
  floorCounterUpdate,
} from './floor.workflow.js';

const temporal = await connectTemporal(
  process.env.TEMPORAL_ADDRESS!,
  process.env.TEMPORAL_NAMESPACE ?? 'default',
);
const app = new Hono();

app.post('/api/v1/requests', async (c) => {
  await c.req.json();
  const id = randomUUID();
  await temporal.workflow.start(benchFloorWorkflow, {
    workflowId: `bench-floor:${id}`,
    taskQueue: FLOOR_TASK_QUEUE,
  });
  return c.json({ success: true, data: { id, status: 'Pending', currentRevision: 1 } }, 201);
});
app.patch('/api/v1/requests/:id/negotiate', async (c) => {
  const body = await c.req.json();
  const view = await temporal.workflow
    .getHandle(`bench-floor:${c.req.param('id')}`)
    .executeUpdate(floorCounterUpdate, { args: [body] });
  return c.json({ success: true, data: { id: c.req.param('id'), ...view } });
});
app.patch('/api/v1/requests/:id/accept', async (c) => {
  const body = await c.req.json();
  const view = await temporal.workflow
    .getHandle(`bench-floor:${c.req.param('id')}`)
    .executeUpdate(floorAcceptUpdate, { args: [body] });
  return c.json({ success: true, data: { id: c.req.param('id'), ...view } });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '0.0.0.0' }, (info) =>
  console.log(`READY http://localhost:${info.port}`),
);
process.on('SIGTERM', () => server.close(() => void temporal.connection.close().then(() => process.exit(0))));
