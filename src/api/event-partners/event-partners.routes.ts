import { authorize, communityResource } from '../authorize.js';
import { createRouter } from '../router.js';
import { createRoute, z } from '@hono/zod-openapi';
import { can } from '../../domain/access.js';
import { categoryInfo, DEFAULT_PARTNER_CATEGORY, type PartnerKind } from '../../domain/commdesk-facts.js';
import { findEventWithCommunity } from '../../db/repositories/events-repository.js';
import { listPanel } from '../../db/repositories/event-partners-repository.js';
import { AppError, notFound } from '../../errors.js';
import type { Context } from 'hono';
import type { TApiDeps, TAppEnv } from '../context.js';
import { assignEventPartner } from './assign-event-partner.js';
import { toAssignment } from './event-partners.responses.js';
import { removeEventPartner } from './remove-event-partner.js';
import { updateEventPartner } from './update-event-partner.js';
import {
  envelope,
  errorResponses,
  jsonBody,
  jsonResponse,
  listEnvelope,
  ok,
  okList,
  created,
  OPTIONAL_AUTH,
} from '../http.js';
import { requireAuth } from '../middleware/session.js';
import {
  ZAssignment,
  ZCreateAssignment,
  ZCreateSponsorAssignment,
  ZEventParams,
  ZLinkParams,
  ZPanelQuery,
  ZUpdateAssignment,
  type TCreateAssignment,
} from './event-partners.types.js';

const conflictResponse = { description: 'The organization is already assigned to this event' };
const tags = ['event partners'];

const ZSponsorPanelQuery = ZPanelQuery.extend({ kind: z.enum(['sponsor']).optional() });

function panelRoutes(view: 'partners' | 'sponsors') {
  const kindNote = view === 'sponsors' ? ' (sponsor-kind assignments only)' : '';
  return {
    list: createRoute({
      method: 'get',
      path: `/{eventId}/${view}`,
      tags,
      summary: `List the event's ${view} panel${kindNote}, ordered by display band then display order`,
      security: OPTIONAL_AUTH,
      // The sponsors view admits only kind=sponsor, so the document says so (a partner kind is a 400 there).
      request: { params: ZEventParams, query: view === 'sponsors' ? ZSponsorPanelQuery : ZPanelQuery },
      responses: { 200: jsonResponse(listEnvelope(ZAssignment), 'Assignments'), ...errorResponses },
    }),
    create: createRoute({
      method: 'post',
      path: `/{eventId}/${view}`,
      tags,
      summary: `Assign an organization to the event${kindNote}`,
      middleware: [requireAuth] as const,
      request: {
        params: ZEventParams,
        body: jsonBody(view === 'sponsors' ? ZCreateSponsorAssignment : ZCreateAssignment),
      },
      responses: {
        201: jsonResponse(envelope(ZAssignment), 'Assigned'),
        ...errorResponses,
        409: conflictResponse,
        422: {
          description:
            'The website has no registrable domain, logoUrl and imageUrl differ, or the organization is Disabled or Rejected',
        },
      },
    }),
  };
}

const updateRoute = createRoute({
  method: 'patch',
  path: '/{eventId}/partners/{linkId}',
  tags,
  summary: 'Change an assignment (category, benefits, visibility, order, display snapshots)',
  middleware: [requireAuth] as const,
  request: { params: ZLinkParams, body: jsonBody(ZUpdateAssignment) },
  responses: { 200: jsonResponse(envelope(ZAssignment), 'Updated'), ...errorResponses },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/{eventId}/partners/{linkId}',
  tags,
  summary: 'Remove an assignment from the event',
  middleware: [requireAuth] as const,
  request: { params: ZLinkParams },
  responses: {
    200: jsonResponse(envelope(z.object({ id: z.string(), deleted: z.literal(true) })), 'Removed'),
    ...errorResponses,
  },
});

export function eventPartnerRoutes(deps: TApiDeps) {
  const { db } = deps;
  const app = createRouter();
  const actorOf = (c: Context<TAppEnv>) => ({
    actorUserId: c.get('actor')!.userId,
    requestId: c.get('requestId'),
  });

  async function loadEvent(eventId: string) {
    const found = await findEventWithCommunity(db, eventId);
    if (!found) throw notFound('Event');
    return found;
  }

  function registerView(view: 'partners' | 'sponsors') {
    const routes = panelRoutes(view);
    const onlyKind: PartnerKind | undefined = view === 'sponsors' ? 'sponsor' : undefined;

    app.openapi(routes.list, async (c) => {
      const { eventId } = c.req.valid('param');
      const q = c.req.valid('query');
      const { event, community } = await loadEvent(eventId);
      const actor = c.get('actor');
      const member = can(actor, 'event_partner:read', {
        type: 'community',
        communityId: community.id,
        communityStatus: community.status,
      }).allowed;
      const isPublicEvent = event.isPublic && event.status === 'published';
      if (!member && !isPublicEvent) {
        if (!actor)
          throw new AppError(
            'UNAUTHENTICATED',
            'This event is not public: log in as a member of its community',
          );
        throw new AppError('FORBIDDEN', 'This event is visible only to members of its community');
      }
      if (onlyKind && q.kind && q.kind !== onlyKind)
        throw new AppError('VALIDATION', 'the sponsors view lists sponsor-kind assignments only', [
          { path: 'kind', message: 'must be sponsor here' },
        ]);
      const { rows, total } = await listPanel(db, eventId, {
        ...q,
        kind: onlyKind ?? q.kind,
        publicOnly: !member,
      });
      return okList(c, rows.map(toAssignment), { page: q.page, limit: q.limit, total });
    });

    app.openapi(routes.create, async (c) => {
      const { eventId } = c.req.valid('param');
      const body: TCreateAssignment = c.req.valid('json');
      const { event, community } = await loadEvent(eventId);
      authorize(c.get('actor'), 'event_partner:write', communityResource(community));

      if (onlyKind && !body.category) {
        throw new AppError(
          'VALIDATION',
          'category is required on the sponsors view and must be a sponsor label',
          [{ path: 'category', message: 'required' }],
        );
      }
      const category = body.category ?? DEFAULT_PARTNER_CATEGORY;
      if (onlyKind && categoryInfo(category).kind !== onlyKind) {
        throw new AppError(
          'VALIDATION',
          `"${category}" is a partner label; the sponsors view takes sponsor labels only`,
          [{ path: 'category', message: 'must be a sponsor label' }],
        );
      }
      const assigned = await assignEventPartner(
        deps,
        actorOf(c),
        { id: eventId, title: event.title, communityId: community.id },
        body,
        category,
      );
      return created(c, assigned);
    });
  }

  registerView('partners');
  registerView('sponsors');

  app.openapi(updateRoute, async (c) => {
    const { eventId, linkId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { community } = await loadEvent(eventId);
    authorize(c.get('actor'), 'event_partner:write', communityResource(community));
    const dto = await updateEventPartner(
      deps,
      actorOf(c),
      { eventId, linkId, communityId: community.id },
      body,
    );
    return ok(c, dto);
  });

  app.openapi(deleteRoute, async (c) => {
    const { eventId, linkId } = c.req.valid('param');
    const { community } = await loadEvent(eventId);
    authorize(c.get('actor'), 'event_partner:write', communityResource(community));
    await removeEventPartner(deps, actorOf(c), { eventId, linkId, communityId: community.id });
    return ok(c, { id: linkId, deleted: true as const });
  });

  return app;
}
