import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './api/app.js';
import { loadConfigOrExit, type TConfig } from './config.js';
import { createDb } from './db/client.js';
import { connectTemporal } from './infra/temporal-client.js';
import { secretBoxFor } from './infra/runtime.js';
import { logger } from './logger.js';
import { createSearchIndex } from './search/create-search-index.js';

export async function createApiDeps(config: TConfig, databaseUrl: string, temporalAddress: string) {
  const { db, pool } = createDb(databaseUrl, config.DATABASE_POOL_MAX);
  const temporal = await connectTemporal(temporalAddress, config.TEMPORAL_NAMESPACE);
  const searchIndex = createSearchIndex({ db, meiliUrl: config.MEILI_URL, meiliKey: config.MEILI_KEY });
  await searchIndex.init();
  const deps = { config, db, temporal, searchIndex, secretBox: secretBoxFor(config), logger };
  return {
    deps,
    async close() {
      await temporal.connection.close();
      await searchIndex.close();
      await pool.end();
    },
  };
}

export async function startApiServer(opts: {
  config: TConfig;
  databaseUrl: string;
  temporalAddress: string;
  port: number;
}) {
  // src/logger.ts takes its level from the environment when it loads; a config built in code (the benchmarks'
  // servers ask for 'silent') must win, or the server writes a line per request that nobody asked for.
  logger.level = opts.config.LOG_LEVEL;
  const { deps, close } = await createApiDeps(opts.config, opts.databaseUrl, opts.temporalAddress);
  const app = createApp(deps);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: '0.0.0.0' }, () => resolve(s));
    // Without a listener a taken port is an unhandled 'error' event and a stack trace instead of one sentence.
    s.once('error', (err: NodeJS.ErrnoException) => {
      void close();
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `port ${opts.port} is already in use by another program: stop it, or set PORT to a free port`,
            )
          : err,
      );
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://localhost:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would hold close() open until they time out.
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      await close();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    console.error(
      'npm run api needs DATABASE_URL and TEMPORAL_ADDRESS (npm start runs an embedded stack instead).',
    );
    process.exit(1);
  }
  const server = await startApiServer({
    config,
    databaseUrl: config.DATABASE_URL,
    temporalAddress: config.TEMPORAL_ADDRESS,
    port: config.PORT,
  });
  logger.info({ url: server.url }, 'API listening');
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
