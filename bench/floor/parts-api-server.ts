// The API of a part of the "required" stack (bench/floor/parts.workflow.ts): the floor's API (bench/floor/api-server.ts),
// the same routes and client path, with BENCH_PART choosing the one thing added: `local-activity` (each Update awaits
// a no-op local activity) or `contract` (the acceptance then starts the contract's workflow, as required's API does).
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { connectTemporal } from '../../src/infra/temporal-client.js';
import {
  benchPartsContractWorkflow,
  benchPartsNegotiationWorkflow,
  PARTS_TASK_QUEUE,
  partsAcceptUpdate,
  partsCounterUpdate,
} from './parts.workflow.js';

const DAY = 86_400_000;
const part = process.env.BENCH_PART;
if (part !== 'local-activity' && part !== 'contract') throw new Error(`BENCH_PART is ${part}`);
const temporal = await connectTemporal(
  process.env.TEMPORAL_ADDRESS!,
  process.env.TEMPORAL_NAMESPACE ?? 'default',
);
const app = new Hono();

app.post('/api/v1/requests', async (c) => {
  await c.req.json();
  const id = randomUUID();
  await temporal.workflow.start(benchPartsNegotiationWorkflow, {
    workflowId: `bench-parts:${id}`,
    taskQueue: PARTS_TASK_QUEUE,
    args: [{ localActivity: part === 'local-activity' }],
  });
  return c.json({ success: true, data: { id, status: 'Pending', currentRevision: 1 } }, 201);
});
app.patch('/api/v1/requests/:id/negotiate', async (c) => {
  const body = await c.req.json();
  const view = await temporal.workflow
    .getHandle(`bench-parts:${c.req.param('id')}`)
    .executeUpdate(partsCounterUpdate, { args: [body] });
  return c.json({ success: true, data: { id: c.req.param('id'), ...view } });
});
app.patch('/api/v1/requests/:id/accept', async (c) => {
  const body = await c.req.json();
  const view = await temporal.workflow
    .getHandle(`bench-parts:${c.req.param('id')}`)
    .executeUpdate(partsAcceptUpdate, { args: [body] });
  if (part === 'contract')
    await temporal.workflow.start(benchPartsContractWorkflow, {
      workflowId: `bench-parts-contract:${c.req.param('id')}`,
      taskQueue: PARTS_TASK_QUEUE,
      args: [{ deadlineAt: Date.now() + 14 * DAY }],
    });
  return c.json({ success: true, data: { id: c.req.param('id'), ...view } });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '0.0.0.0' }, (info) =>
  console.log(`READY http://localhost:${info.port}`),
);
process.on('SIGTERM', () => server.close(() => void temporal.connection.close().then(() => process.exit(0))));
