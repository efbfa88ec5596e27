// The real worker, alone in its process, for benchmarks.
import { loadConfig } from '../../src/config.js';
import { installTemporalRuntime } from '../../src/infra/temporal-client.js';
import { createWorker } from '../../src/worker.js';

const config = loadConfig({
  ...process.env,
  LOG_LEVEL: 'silent',
  NODE_ENV: 'production',
  ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
  // Production refuses the public local webhook secret; a bench that sends no webhooks still needs one of its own.
  STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_bench_servers',
});
await installTemporalRuntime('error');
const { worker, shutdown, close } = await createWorker({
  config,
  databaseUrl: process.env.DATABASE_URL!,
  temporalAddress: process.env.TEMPORAL_ADDRESS!,
});
console.log('READY worker');
process.on('SIGTERM', () => shutdown());
await worker.run();
await close();
process.exit(0);
