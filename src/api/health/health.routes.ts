import { createRoute, z } from '@hono/zod-openapi';
import { pingDatabase } from '../../db/repositories/health-repository.js';
import type { TApiDeps } from '../context.js';
import { jsonResponse, PUBLIC_OPERATION } from '../http.js';
import { createRouter } from '../router.js';

const ZComponent = z.object({
  status: z.enum(['ok', 'down']),
  latencyMs: z.number(),
  detail: z.string().optional(),
});
const ZHealth = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: ZComponent,
    temporal: ZComponent,
    search: ZComponent.extend({ adapter: z.string() }),
  })
  .openapi('Health');

const healthRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['health'],
  summary: 'Database, Temporal and search status',
  security: PUBLIC_OPERATION,
  responses: {
    200: jsonResponse(z.object({ success: z.literal(true), data: ZHealth }), 'Everything answers'),
    503: jsonResponse(
      z.object({ success: z.literal(false), message: z.string(), data: ZHealth }),
      'Something is down',
    ),
  },
});

async function probe(check: () => Promise<unknown>, timeoutMs = 2_000): Promise<z.infer<typeof ZComponent>> {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs),
      ),
    ]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      detail: err instanceof Error ? err.message : String(err),
    };
  }
}

export function healthRoutes(deps: TApiDeps) {
  const app = createRouter();
  app.openapi(healthRoute, async (c) => {
    const [database, temporal] = await Promise.all([
      probe(() => pingDatabase(deps.db)),
      probe(() => deps.temporal.connection.workflowService.getSystemInfo({})),
    ]);
    // The embedded search adapter runs on the same Postgres; Meilisearch arrives with the directory.
    const search = { ...database, adapter: 'postgres' };
    const data = {
      status: database.status === 'ok' && temporal.status === 'ok' ? ('ok' as const) : ('degraded' as const),
      database,
      temporal,
      search,
    };
    if (data.status === 'ok') return c.json({ success: true as const, data }, 200);
    return c.json({ success: false as const, message: 'a dependency is down', data }, 503);
  });
  return app;
}
