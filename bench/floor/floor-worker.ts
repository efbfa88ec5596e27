// A floor's worker, alone in its process like the real one (bench/servers/worker-process.ts): the same SDK, connection
// and default worker options, on the floor's own task queue. Each floor keeps its own script, so the bench tells their
// processes apart by path; this is what they share.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { installTemporalRuntime } from '../../src/infra/temporal-client.js';

/** Runs until SIGTERM, then closes the connection, runs `closed` and exits. Prints READY <name> once polling. */
export async function runFloorWorker(options: {
  name: string;
  taskQueue: string;
  workflowsPath: string;
  activities?: WorkerOptions['activities'];
  closed?: () => Promise<void>;
}): Promise<never> {
  await installTemporalRuntime('error');
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: options.taskQueue,
    workflowsPath: options.workflowsPath,
    ...(options.activities ? { activities: options.activities } : {}),
  });
  console.log(`READY ${options.name}`);
  process.on('SIGTERM', () => worker.getState() === 'RUNNING' && worker.shutdown());
  await worker.run();
  await connection.close();
  await options.closed?.();
  process.exit(0);
}
