// The "required" floor's worker (bench/floor/required.workflow.ts), alone in its process like ours and the no-op
// floor's: the same SDK, connection and default worker options, on a task queue of its own.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { installTemporalRuntime } from '../../src/infra/temporal-client.js';
import { REQUIRED_TASK_QUEUE } from './required.workflow.js';

await installTemporalRuntime('error');
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue: REQUIRED_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./required.workflow.ts', import.meta.url)),
});
console.log('READY required-worker');
process.on('SIGTERM', () => worker.getState() === 'RUNNING' && worker.shutdown());
await worker.run();
await connection.close();
process.exit(0);
