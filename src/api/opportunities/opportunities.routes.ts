import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Actor } from '../../domain/access.js';
import { REQUEST_STATUSES } from '../../domain/negotiation.js';
import { ORGANIZATION_NEGOTIATORS } from '../../db/repositories/negotiation-repository.js';
import { findOpportunity, listOpportunities } from '../../db/repositories/opportunities-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { AppError, notFound } from '../../errors.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { created, envelope, errorResponses, jsonBody, jsonResponse, ok, ZPageMeta } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { createRouter } from '../router.js';
import { applyToOpportunity } from './apply-to-opportunity.js';
import { createOpportunity } from './create-opportunity.js';
import { toOpportunityDto, ZOpportunity } from './opportunities.responses.js';
import { editOpportunity } from './update-opportunity.js';
import {
  ZApplyToOpportunity,
  ZCreateOpportunity,
  ZOpportunityListQuery,
  ZOpportunityParams,
  ZUpdateOpportunity,
} from './opportunities.types.js';

const tags = ['opportunities'];

const createRouteDef = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Publish (or draft) a sponsorship opportunity for an event',
  middleware: [requireAuth] as const,
  request: { body: jsonBody(ZCreateOpportunity) },
  responses: { 201: jsonResponse(envelope(ZOpportunity), 'Created'), ...errorResponses },
});
const listRouteDef = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Browse open opportunities (verified organizations) or your community’s own',
  middleware: [requireAuth] as const,
  request: { query: ZOpportunityListQuery },
  responses: {
    200: jsonResponse(
      z.object({
        success: z.literal(true),
        data: z.array(
          ZOpportunity.extend({
            fit: z
              .number()
              .int()
              .describe("how many of the organization's preferences the event matches (0-3)"),
          }),
        ),
        meta: ZPageMeta,
      }),
      'Opportunities',
    ),
    ...errorResponses,
  },
});
const getRouteDef = createRoute({
  method: 'get',
  path: '/{opportunityId}',
  tags,
  summary: 'One opportunity',
  middleware: [requireAuth] as const,
  request: { params: ZOpportunityParams },
  responses: { 200: jsonResponse(envelope(ZOpportunity), 'Opportunity'), ...errorResponses },
});
const patchRouteDef = createRoute({
  method: 'patch',
  path: '/{opportunityId}',
  tags,
  summary: 'Edit while Draft or Open (or close it)',
  middleware: [requireAuth] as const,
  request: { params: ZOpportunityParams, body: jsonBody(ZUpdateOpportunity) },
  responses: {
    200: jsonResponse(envelope(ZOpportunity), 'Updated'),
    ...errorResponses,
    422: {
      description:
        'Not editable (Closed or Filled), a budget range whose maxMinor is below its minMinor, a decision deadline in the past or too far ahead, or a currency the platform does not handle',
    },
  },
});
const applyRouteDef = createRoute({
  method: 'post',
  path: '/{opportunityId}/apply',
  tags,
  summary: 'Apply with a first proposal (opens a request and its negotiation)',
  middleware: [requireAuth] as const,
  request: { params: ZOpportunityParams, body: jsonBody(ZApplyToOpportunity) },
  responses: {
    201: jsonResponse(
      envelope(
        z.object({ requestId: z.string(), status: z.enum(REQUEST_STATUSES), currentRevision: z.number() }),
      ),
      'Applied',
    ),
    ...errorResponses,
    409: { description: 'Already applied' },
    422: {
      description:
        'Not open or past its deadline, an organization or community not eligible, or a currency the platform does not handle',
    },
    429: { description: 'Application limit (stricter for new or low-trust organizations)' },
  },
});

export function opportunityRoutes(deps: TApiDeps) {
  const { db } = deps;
  const app = createRouter();

  /** Organizations the caller negotiates for that may use the marketplace (Verified/Active). */
  async function negotiatingOrganizations(actor: Actor) {
    const ids = actor.organizations
      .filter(
        (m) => m.status === 'active' && (ORGANIZATION_NEGOTIATORS as readonly string[]).includes(m.role),
      )
      .map((m) => m.organizationId);
    const orgs = await Promise.all(ids.map((id) => findOrganizationById(db, id)));
    return orgs.filter((o) => o && (o.status === 'Verified' || o.status === 'Active')) as NonNullable<
      (typeof orgs)[number]
    >[];
  }

  async function load(c: Context<TAppEnv>, opportunityId: string) {
    const row = await findOpportunity(db, opportunityId);
    if (!row) throw notFound('Opportunity');
    const actor = c.get('actor')!;
    const member =
      actor.isPlatformAdmin ||
      actor.communities.some((m) => m.communityId === row.communityId && m.status === 'Active');
    if (!member && (row.status === 'Draft' || (await negotiatingOrganizations(actor)).length === 0))
      throw notFound('Opportunity');
    return row;
  }

  app.openapi(createRouteDef, async (c) => {
    const row = await createOpportunity(deps, {
      body: c.req.valid('json'),
      actor: c.get('actor'),
      requestId: c.get('requestId'),
    });
    return created(c, toOpportunityDto(row));
  });

  app.openapi(listRouteDef, async (c) => {
    const q = c.req.valid('query');
    const actor = c.get('actor')!;
    const myCommunities = actor.communities.filter((m) => m.status === 'Active').map((m) => m.communityId);
    const orgs = await negotiatingOrganizations(actor);
    if (!actor.isPlatformAdmin && orgs.length === 0 && myCommunities.length === 0)
      throw new AppError(
        'FORBIDDEN',
        'browsing opportunities needs a Verified organization or a community membership',
      );
    const fitOrg = q.organizationId ? orgs.find((o) => o.id === q.organizationId) : orgs[0];
    if (q.organizationId && !fitOrg)
      throw new AppError('FORBIDDEN', 'you do not negotiate for this organization');
    const { rows, total } = await listOpportunities(db, q, {
      communityIds: myCommunities,
      isPlatformAdmin: actor.isPlatformAdmin,
      fitOrganization: fitOrg,
    });
    return c.json(
      {
        success: true as const,
        data: rows.map((r) => ({ ...toOpportunityDto(r.row), fit: r.fit })),
        meta: { page: q.page, limit: q.limit, total, totalPages: Math.ceil(total / q.limit) },
      },
      200,
    );
  });

  app.openapi(getRouteDef, async (c) =>
    ok(c, toOpportunityDto(await load(c, c.req.valid('param').opportunityId))),
  );

  app.openapi(patchRouteDef, async (c) => {
    const { opportunityId } = c.req.valid('param');
    const row = await editOpportunity(deps, {
      current: await load(c, opportunityId),
      body: c.req.valid('json'),
      actor: c.get('actor')!,
      requestId: c.get('requestId'),
    });
    return ok(c, toOpportunityDto(row));
  });

  app.openapi(applyRouteDef, async (c) => {
    const request = await applyToOpportunity(deps, {
      opportunityId: c.req.valid('param').opportunityId,
      body: c.req.valid('json'),
      actor: c.get('actor')!,
    });
    return created(c, { requestId: request.id, status: request.status, currentRevision: 1 });
  });

  return app;
}
