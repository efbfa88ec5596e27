// The worker of the parts of the "required" stack (bench/floor/parts.workflow.ts, bench/floor/floor-worker.ts), with
// the no-op step the local-activity part awaits.
import { fileURLToPath } from 'node:url';
import { PARTS_TASK_QUEUE, type TPartsActivities } from './parts.workflow.js';
import { runFloorWorker } from './floor-worker.js';

const activities: TPartsActivities = { step: async () => null };
await runFloorWorker({
  name: 'parts-worker',
  taskQueue: PARTS_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./parts.workflow.ts', import.meta.url)),
  activities,
});
