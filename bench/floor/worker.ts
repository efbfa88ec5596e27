// The floor's worker, alone in its process like the real one (bench/servers/worker-process.ts): the same
// SDK, connection and default worker options, on a task queue of its own, with only the no-op workflow.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { installTemporalRuntime } from '../../src/infra/temporal-client.js';
import { FLOOR_TASK_QUEUE } from './floor.workflow.js';

await installTemporalRuntime('error');
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue: FLOOR_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./floor.workflow.ts', import.meta.url)),
});
console.log('READY floor-worker');
process.on('SIGTERM', () => worker.getState() === 'RUNNING' && worker.shutdown());
await worker.run();
await connection.close();
process.exit(0);
