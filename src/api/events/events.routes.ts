import { createRouter } from '../router.js';
import { createRoute } from '@hono/zod-openapi';
import { eventPhase, listEvents } from '../../db/repositories/events-repository.js';
import type { TApiDeps } from '../context.js';
import { errorResponses, jsonResponse, listEnvelope, okList, OPTIONAL_AUTH } from '../http.js';
import { ZEvent, ZEventListQuery } from './events.types.js';

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['events'],
  summary: 'Events the caller may see (public ones without a session)',
  security: OPTIONAL_AUTH,
  request: { query: ZEventListQuery },
  responses: {
    200: jsonResponse(listEnvelope(ZEvent), 'Events'),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

export function eventRoutes(deps: TApiDeps) {
  const app = createRouter();
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const { rows, total } = await listEvents(deps.db, c.get('actor'), {
      ...q,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    });
    const now = new Date();
    const data = rows.map(({ event, communityName }) =>
      ZEvent.parse({
        ...event,
        communityName,
        startsAt: event.startsAt.toISOString(),
        endsAt: event.endsAt.toISOString(),
        phase: eventPhase(event, now),
      }),
    );
    return okList(c, data, { page: q.page, limit: q.limit, total });
  });
  return app;
}
