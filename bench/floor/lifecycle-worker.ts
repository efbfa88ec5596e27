// The lifecycle floor's worker, alone in its process like the real one, with only the no-op workflows.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { installTemporalRuntime } from '../../src/infra/temporal-client.js';
import { LIFECYCLE_FLOOR_TASK_QUEUE } from './lifecycle-floor.workflow.js';

await installTemporalRuntime('error');
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue: LIFECYCLE_FLOOR_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./lifecycle-floor.workflow.ts', import.meta.url)),
});
console.log('READY lifecycle-floor-worker');
process.on('SIGTERM', () => worker.getState() === 'RUNNING' && worker.shutdown());
await worker.run();
await connection.close();
process.exit(0);
