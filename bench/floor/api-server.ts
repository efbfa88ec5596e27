// The floor's API (bench/floor/floor-app.ts): start the no-op workflow, send its Updates.
import {
  benchFloorWorkflow,
  FLOOR_TASK_QUEUE,
  floorAcceptUpdate,
  floorCounterUpdate,
} from './floor.workflow.js';
import { serveFloor } from './floor-app.js';

await serveFloor({
  open: (temporal, id) =>
    temporal.workflow.start(benchFloorWorkflow, {
      workflowId: `bench-floor:${id}`,
      taskQueue: FLOOR_TASK_QUEUE,
    }),
  counter: (temporal, id, body) =>
    temporal.workflow.getHandle(`bench-floor:${id}`).executeUpdate(floorCounterUpdate, { args: [body] }),
  accept: (temporal, id, body) =>
    temporal.workflow.getHandle(`bench-floor:${id}`).executeUpdate(floorAcceptUpdate, { args: [body] }),
});
