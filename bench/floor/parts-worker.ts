// The worker of the parts of the "required" stack (bench/floor/parts.workflow.ts), alone in its process like the
// other floors': the same SDK, connection and default worker options, on a task queue of its own, with the no-op
// step the local-activity part awaits.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { installTemporalRuntime } from '../../src/infra/temporal-client.js';
import { PARTS_TASK_QUEUE, type TPartsActivities } from './parts.workflow.js';

const activities: TPartsActivities = { step: async () => null };
await installTemporalRuntime('error');
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue: PARTS_TASK_QUEUE,
  activities,
  workflowsPath: fileURLToPath(new URL('./parts.workflow.ts', import.meta.url)),
});
console.log('READY parts-worker');
process.on('SIGTERM', () => worker.getState() === 'RUNNING' && worker.shutdown());
await worker.run();
await connection.close();
process.exit(0);
