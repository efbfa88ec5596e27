// The floor's worker (bench/floor/floor-worker.ts), with only the no-op workflow.
import { fileURLToPath } from 'node:url';
import { FLOOR_TASK_QUEUE } from './floor.workflow.js';
import { runFloorWorker } from './floor-worker.js';

await runFloorWorker({
  name: 'floor-worker',
  taskQueue: FLOOR_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./floor.workflow.ts', import.meta.url)),
});
