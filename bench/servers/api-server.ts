// The real API (Hono + Drizzle + auth middleware), alone in its process, for the partner benchmark.
import { loadConfig } from '../../src/config.js';
import { startApiServer } from '../../src/server.js';

const config = loadConfig({
  ...process.env,
  LOG_LEVEL: 'silent',
  NODE_ENV: 'production',
  ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
  // Production refuses the public local webhook secret; a bench that sends no webhooks still needs one of its own.
  STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_bench_servers',
});
const server = await startApiServer({
  config,
  databaseUrl: process.env.DATABASE_URL!,
  temporalAddress: process.env.TEMPORAL_ADDRESS!,
  port: 0,
});
console.log(`READY ${server.url}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
