// The API of a part of the "required" stack (bench/floor/parts.workflow.ts): the floor's routes and client path
// (bench/floor/floor-app.ts), with BENCH_PART choosing the one thing added: `local-activity` (each Update awaits a
// no-op local activity) or `contract` (the acceptance then starts the contract's workflow, as required's API does).
import { serveFloor } from './floor-app.js';
import {
  benchRequiredContractWorkflow,
  benchPartsNegotiationWorkflow,
  PARTS_TASK_QUEUE,
  partsAcceptUpdate,
  partsCounterUpdate,
} from './parts.workflow.js';

const DAY = 86_400_000;
const part = process.env.BENCH_PART;
if (part !== 'local-activity' && part !== 'contract') throw new Error(`BENCH_PART is ${part}`);

await serveFloor({
  open: (temporal, id) =>
    temporal.workflow.start(benchPartsNegotiationWorkflow, {
      workflowId: `bench-parts:${id}`,
      taskQueue: PARTS_TASK_QUEUE,
      args: [{ localActivity: part === 'local-activity' }],
    }),
  counter: (temporal, id, body) =>
    temporal.workflow.getHandle(`bench-parts:${id}`).executeUpdate(partsCounterUpdate, { args: [body] }),
  async accept(temporal, id, body) {
    const view = await temporal.workflow
      .getHandle(`bench-parts:${id}`)
      .executeUpdate(partsAcceptUpdate, { args: [body] });
    if (part === 'contract')
      await temporal.workflow.start(benchRequiredContractWorkflow, {
        workflowId: `bench-parts-contract:${id}`,
        taskQueue: PARTS_TASK_QUEUE,
        args: [{ deadlineAt: Date.now() + 14 * DAY }],
      });
    return view;
  },
});
