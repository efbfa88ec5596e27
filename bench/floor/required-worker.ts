// The "required" floor's worker (bench/floor/required.workflow.ts, bench/floor/floor-worker.ts).
import { fileURLToPath } from 'node:url';
import { REQUIRED_TASK_QUEUE } from './required.workflow.js';
import { runFloorWorker } from './floor-worker.js';

await runFloorWorker({
  name: 'required-worker',
  taskQueue: REQUIRED_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./required.workflow.ts', import.meta.url)),
});
