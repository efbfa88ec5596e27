/**
 * A worker in a process of its own, so a test can SIGKILL it mid-step (the escrow crash test). Configured by the
 * parent through ESCROW_TEST_WORKER (JSON: the config env, database URL, Temporal address, workflow bundle path);
 * prints "ready" once it polls.
 */
import { loadConfig } from '../../src/config.js';
import { createWorker } from '../../src/worker.js';

const opts = JSON.parse(process.env.ESCROW_TEST_WORKER ?? '{}') as {
  env: Record<string, string>;
  databaseUrl: string;
  temporalAddress: string;
  workflowBundlePath: string;
};
const config = loadConfig(opts.env);
const { worker } = await createWorker({
  config,
  databaseUrl: opts.databaseUrl,
  temporalAddress: opts.temporalAddress,
  workflowBundle: { codePath: opts.workflowBundlePath },
});
const running = worker.run();
process.stdout.write('ready\n');
await running;
