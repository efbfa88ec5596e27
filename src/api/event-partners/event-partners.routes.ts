import { authorize, communityResource } from '../authorize.js';
import { createRouter } from '../router.js';
import { createRoute, z } from '@hono/zod-openapi';
import { can } from '../../domain/access.js';
import { categoryInfo, DEFAULT_PARTNER_CATEGORY, type PartnerKind } from '../../domain/commdesk-facts.js';
import { normalizeWebsiteDomain } from '../../domain/organizations.js';
import type { WebhookEventType } from '../../domain/webhooks.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  deleteLink,
  findLink,
  findLinkByOrganization,
  findOrCreateCommunityAddedOrganization,
  findOrganization,
  insertLink,
  listPanel,
  nextDisplayOrder,
  updateLink,
  type TLinkRow,
} from '../../db/repositories/event-partners-repository.js';
import { findEventWithCommunity } from '../../db/repositories/events-repository.js';
import { publishWebhookEvent } from '../../db/repositories/webhooks-repository.js';
import type { TTx } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { TApiDeps } from '../context.js';
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
import { dispatchDeliveries } from '../webhooks/dispatch.js';
import { requestSearchSync } from '../search-sync.js';
import {
  ZAssignment,
  ZCreateAssignment,
  ZCreateSponsorAssignment,
  ZEventParams,
  ZLinkParams,
  ZPanelQuery,
  ZUpdateAssignment,
  type TAssignment,
  type TCreateAssignment,
} from './event-partners.types.js';

export function toAssignment(row: TLinkRow): TAssignment {
  return {
    id: row.id,
    eventId: row.eventId,
    organizationId: row.organizationId,
    name: row.nameSnapshot,
    logoUrl: row.logoUrlSnapshot,
    imageUrl: row.logoUrlSnapshot,
    website: row.websiteSnapshot,
    category: row.displayCategory,
    kind: row.kind,
    tierKeyword: row.tierKeyword,
    band: row.band,
    benefits: row.benefits,
    visibility: row.visibility,
    displayOrder: row.displayOrder,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

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

  async function loadEvent(eventId: string) {
    const found = await findEventWithCommunity(db, eventId);
    if (!found) throw notFound('Event');
    return found;
  }

  /** Runs a write, its audit row and its webhook fan-out in one transaction, then starts the deliveries. */
  async function writeWithWebhook<T>(
    communityId: string,
    type: WebhookEventType,
    work: (tx: TTx) => Promise<{ result: T; payload: unknown }>,
  ): Promise<T> {
    const { result, deliveryIds } = await db.transaction(async (tx) => {
      const { result, payload } = await work(tx);
      const { deliveryIds } = await publishWebhookEvent(tx, { communityId, type, payload });
      return { result, deliveryIds };
    });
    if (deliveryIds.length)
      await dispatchDeliveries(
        deps,
        deliveryIds.map((id) => ({ id, run: 1 })),
        { communityId, eventType: type },
      );
    return result;
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
      const info = categoryInfo(category);
      if (onlyKind && info.kind !== onlyKind) {
        throw new AppError(
          'VALIDATION',
          `"${category}" is a partner label; the sponsors view takes sponsor labels only`,
          [{ path: 'category', message: 'must be a sponsor label' }],
        );
      }

      const actor = c.get('actor')!;
      const assigned = await writeWithWebhook(community.id, 'event_partner_assigned', async (tx) => {
        let organization;
        let createdOrganization = false;
        let snapshot: { name: string; logoUrl: string | null; website: string | null };
        if (body.organizationId) {
          organization = await findOrganization(tx, body.organizationId);
          if (!organization)
            throw new AppError('NOT_FOUND', 'Organization not found', [
              { path: 'organizationId', message: 'no such organization' },
            ]);
          snapshot = {
            name: organization.displayName,
            logoUrl: organization.logoUrl,
            website: organization.website,
          };
        } else {
          const domain = normalizeWebsiteDomain(body.website!);
          if (!domain)
            throw new AppError('BUSINESS_RULE', 'website has no registrable domain', [
              { path: 'website', message: 'must be a public website' },
            ]);
          const logoUrl = body.logoUrl ?? body.imageUrl ?? null;
          const found = await findOrCreateCommunityAddedOrganization(tx, {
            normalizedDomain: domain,
            displayName: body.name!,
            website: body.website!,
            logoUrl,
            kind: info.kind,
            communityId: community.id,
          });
          organization = found.organization;
          createdOrganization = found.created;
          snapshot = { name: body.name!, logoUrl, website: body.website! };
          if (found.created) {
            await writeAudit(tx, {
              actorUserId: actor.userId,
              action: 'organization.community_added',
              entityType: 'organization',
              entityId: organization.id,
              after: {
                displayName: organization.displayName,
                normalizedDomain: domain,
                status: organization.status,
              },
              requestId: c.get('requestId'),
            });
          }
        }
        if (organization.status === 'Disabled' || organization.status === 'Rejected') {
          throw new AppError(
            'BUSINESS_RULE',
            `the organization is ${organization.status} and cannot be assigned to events`,
          );
        }
        const row = await insertLink(tx, {
          eventId,
          organizationId: organization.id,
          displayCategory: category,
          kind: info.kind,
          tierKeyword: info.tierKeyword,
          band: info.band,
          nameSnapshot: snapshot.name,
          logoUrlSnapshot: snapshot.logoUrl,
          websiteSnapshot: snapshot.website,
          benefits: body.benefits ?? [],
          visibility: body.visibility ?? 'public',
          displayOrder: body.displayOrder ?? (await nextDisplayOrder(tx, eventId)),
          createdBy: actor.userId,
        });
        if (!row) {
          const existing = await findLinkByOrganization(tx, eventId, organization.id);
          throw new AppError('CONFLICT', `${organization.displayName} is already assigned to this event`, {
            existingLinkId: existing?.id,
          });
        }
        const dto = toAssignment(row);
        await writeAudit(tx, {
          actorUserId: actor.userId,
          action: 'event_partner.assigned',
          entityType: 'event_partner_link',
          entityId: row.id,
          after: dto,
          requestId: c.get('requestId'),
        });
        return {
          result: { dto, createdOrganization },
          payload: { eventId, eventTitle: event.title, assignment: dto },
        };
      });
      if (assigned.createdOrganization) await requestSearchSync(deps, assigned.dto.organizationId);
      return created(c, assigned.dto);
    });
  }

  registerView('partners');
  registerView('sponsors');

  app.openapi(updateRoute, async (c) => {
    const { eventId, linkId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { community } = await loadEvent(eventId);
    authorize(c.get('actor'), 'event_partner:write', communityResource(community));
    const dto = await writeWithWebhook(community.id, 'event_partner_updated', async (tx) => {
      const before = await findLink(tx, eventId, linkId, true);
      if (!before) throw notFound('Assignment');
      const info = body.category ? categoryInfo(body.category) : undefined;
      const logo = body.logoUrl !== undefined ? body.logoUrl : body.imageUrl;
      const after = await updateLink(tx, linkId, {
        ...(info
          ? { displayCategory: info.label, kind: info.kind, tierKeyword: info.tierKeyword, band: info.band }
          : {}),
        ...(body.name !== undefined ? { nameSnapshot: body.name } : {}),
        ...(logo !== undefined ? { logoUrlSnapshot: logo } : {}),
        ...(body.website !== undefined ? { websiteSnapshot: body.website } : {}),
        ...(body.benefits !== undefined ? { benefits: body.benefits } : {}),
        ...(body.visibility !== undefined ? { visibility: body.visibility } : {}),
        ...(body.displayOrder !== undefined ? { displayOrder: body.displayOrder } : {}),
      });
      const beforeDto = toAssignment(before);
      const afterDto = toAssignment(after);
      await writeAudit(tx, {
        actorUserId: c.get('actor')!.userId,
        action: 'event_partner.updated',
        entityType: 'event_partner_link',
        entityId: linkId,
        before: beforeDto,
        after: afterDto,
        requestId: c.get('requestId'),
      });
      return { result: afterDto, payload: { eventId, assignment: afterDto, previous: beforeDto } };
    });
    return ok(c, dto);
  });

  app.openapi(deleteRoute, async (c) => {
    const { eventId, linkId } = c.req.valid('param');
    const { community } = await loadEvent(eventId);
    authorize(c.get('actor'), 'event_partner:write', communityResource(community));
    await writeWithWebhook(community.id, 'event_partner_removed', async (tx) => {
      const before = await findLink(tx, eventId, linkId, true);
      if (!before) throw notFound('Assignment');
      await deleteLink(tx, linkId);
      const beforeDto = toAssignment(before);
      await writeAudit(tx, {
        actorUserId: c.get('actor')!.userId,
        action: 'event_partner.removed',
        entityType: 'event_partner_link',
        entityId: linkId,
        before: beforeDto,
        requestId: c.get('requestId'),
      });
      return { result: null, payload: { eventId, assignment: beforeDto } };
    });
    return ok(c, { id: linkId, deleted: true as const });
  });

  return app;
}
