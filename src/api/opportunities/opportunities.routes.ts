import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Actor } from '../../domain/access.js';
import {
  EVENT_CATEGORIES,
  EVENT_PHASES,
  EVENT_TYPES,
  PARTNER_AND_SPONSOR_CATEGORIES,
} from '../../domain/commdesk-facts.js';
import { defaultBenefitsFor } from '../../domain/event-partners.js';
import { eventPhase, findEventWithCommunity } from '../../db/repositories/events-repository.js';
import { ORGANIZATION_NEGOTIATORS } from '../../db/repositories/negotiation-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import { communities, opportunities } from '../../db/schema/index.js';
import { AppError, notFound } from '../../errors.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { created, envelope, errorResponses, jsonBody, jsonResponse, ok, ZPageMeta } from '../http.js';
import { ZBenefitView } from '../requests/requests.responses.js';
import { requireAuth } from '../middleware/session.js';
import { requireOrganizationWithinLimit } from '../reputation/trust-limits.js';
import {
  openRequest,
  requireCommunityEligible,
  requireOrganizationEligible,
} from '../requests/negotiation-service.js';
import { authorize, communityResource } from '../authorize.js';
import { requireDecisionDeadline, requireSupportedCurrency } from '../money.js';
import { createRouter } from '../router.js';
import {
  ZApplyToOpportunity,
  ZCreateOpportunity,
  ZOpportunityListQuery,
  ZOpportunityParams,
  ZUpdateOpportunity,
} from './opportunities.types.js';

type TOpportunityRow = typeof opportunities.$inferSelect;
const tags = ['opportunities'];
const ZDateTime = z.iso.datetime({ offset: true });
const ZOpportunity = z
  .object({
    id: z.uuid(),
    communityId: z.uuid(),
    eventId: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    event: z
      .object({
        title: z.string(),
        type: z.enum(EVENT_TYPES),
        category: z.enum(EVENT_CATEGORIES),
        startsAt: ZDateTime,
        endsAt: ZDateTime,
        region: z.string().nullable(),
        city: z.string().nullable(),
        country: z.string().nullable(),
        expectedParticipants: z.number().int().nullable(),
        phase: z.enum(EVENT_PHASES),
      })
      .describe('the event as it was when the opportunity was published'),
    desiredCategory: z.enum(PARTNER_AND_SPONSOR_CATEGORIES),
    budgetRange: z.object({ minMinor: z.number().int(), maxMinor: z.number().int(), currency: z.string() }),
    benefits: z.array(ZBenefitView),
    timeline: z.string().nullable(),
    decisionDeadline: ZDateTime,
    slots: z.number().int(),
    status: z.enum(['Draft', 'Open', 'Closed', 'Filled']),
    createdAt: ZDateTime,
    updatedAt: ZDateTime,
  })
  .openapi('Opportunity');
type TOpportunity = z.infer<typeof ZOpportunity>;

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
    422: { description: 'Not editable' },
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
      envelope(z.object({ requestId: z.string(), status: z.string(), currentRevision: z.number() })),
      'Applied',
    ),
    ...errorResponses,
    409: { description: 'Already applied' },
    422: { description: 'Not open, or organization not eligible' },
    429: { description: 'Application limit (stricter for new or low-trust organizations)' },
  },
});

function toDto(row: TOpportunityRow): TOpportunity {
  return {
    id: row.id,
    communityId: row.communityId,
    eventId: row.eventId,
    title: row.title,
    description: row.description,
    // Written once from the event at publication (see create below), in exactly this shape.
    event: row.eventSnapshot as TOpportunity['event'],
    desiredCategory: row.desiredCategory,
    budgetRange: { minMinor: row.budgetMinMinor, maxMinor: row.budgetMaxMinor, currency: row.currency },
    benefits: row.benefits,
    timeline: row.timeline,
    decisionDeadline: row.decisionDeadline.toISOString(),
    slots: row.slots,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

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
    const [row] = await db.select().from(opportunities).where(eq(opportunities.id, opportunityId));
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
    const body = c.req.valid('json');
    const found = await findEventWithCommunity(db, body.eventId);
    if (!found)
      throw new AppError('NOT_FOUND', 'Event not found', [
        { location: 'body', path: 'eventId', message: 'no such event' },
      ]);
    const { event, community } = found;
    authorize(c.get('actor'), 'event_partner:write', communityResource(community));
    const deadline = new Date(body.decisionDeadline);
    requireDecisionDeadline(deps.config, deadline, 'decisionDeadline');
    requireSupportedCurrency(deps.config, body.budgetRange.currency, 'budgetRange.currency');
    const row = await db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(opportunities)
        .values({
          communityId: community.id,
          eventId: event.id,
          title: body.title,
          description: body.description ?? null,
          eventSnapshot: {
            title: event.title,
            type: event.type,
            category: event.category,
            startsAt: event.startsAt.toISOString(),
            endsAt: event.endsAt.toISOString(),
            region: event.region,
            city: event.city,
            country: event.country,
            expectedParticipants: event.expectedParticipants,
            phase: eventPhase(event),
          },
          desiredCategory: body.desiredCategory,
          budgetMinMinor: body.budgetRange.minMinor,
          budgetMaxMinor: body.budgetRange.maxMinor,
          currency: body.budgetRange.currency,
          benefits: body.benefits ?? defaultBenefitsFor(body.desiredCategory),
          timeline: body.timeline ?? null,
          decisionDeadline: deadline,
          slots: body.slots ?? 1,
          status: body.status,
          createdBy: c.get('actor')!.userId,
        })
        .returning();
      await writeAudit(tx, {
        actorUserId: c.get('actor')!.userId,
        action: 'opportunity.created',
        entityType: 'opportunity',
        entityId: inserted!.id,
        after: toDto(inserted!),
        requestId: c.get('requestId'),
      });
      return inserted!;
    });
    return created(c, toDto(row));
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
    const snapshot = (key: string) => sql`${opportunities.eventSnapshot} ->> ${key}`;
    // Open opportunities for everyone allowed to browse; drafts and closed ones only for the owning community.
    const visibility = or(
      eq(opportunities.status, 'Open'),
      myCommunities.length ? inArray(opportunities.communityId, myCommunities) : undefined,
      actor.isPlatformAdmin ? sql`true` : undefined,
    );
    const filters: (SQL | undefined)[] = [
      visibility,
      q.status ? eq(opportunities.status, q.status) : undefined,
      q.search ? ilike(opportunities.title, `%${q.search.replace(/[\\%_]/g, '\\$&')}%`) : undefined,
      q.eventType ? sql`${snapshot('type')} = ${q.eventType}` : undefined,
      q.category ? eq(opportunities.desiredCategory, q.category) : undefined,
      q.region ? sql`${snapshot('region')} = ${q.region}` : undefined,
      q.communityId ? eq(opportunities.communityId, q.communityId) : undefined,
      q.budgetCurrency ? eq(opportunities.currency, q.budgetCurrency) : undefined,
      q.budgetMin !== undefined ? gte(opportunities.budgetMaxMinor, q.budgetMin) : undefined,
      q.budgetMax !== undefined ? lte(opportunities.budgetMinMinor, q.budgetMax) : undefined,
      q.from ? sql`(${snapshot('startsAt')})::timestamptz >= ${new Date(q.from)}` : undefined,
      q.to ? sql`(${snapshot('startsAt')})::timestamptz <= ${new Date(q.to)}` : undefined,
    ];
    // Fit: the organization's preferred event types, regions and budget currency, each worth a point.
    const fit = fitOrg
      ? sql<number>`((${snapshot('type')} = any(${sql.param(fitOrg.preferredEventTypes)}::text[]))::int + (${snapshot('region')} = any(${sql.param(fitOrg.supportedRegions)}::text[]))::int + (${opportunities.currency} = ${fitOrg.budgetCurrency ?? ''})::int)`
      : sql<number>`0`;
    const rows = await db
      .select({
        row: opportunities,
        fit: fit.mapWith(Number),
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(opportunities)
      .where(and(...filters))
      .orderBy(
        // Without an organization the fit is the constant 0, and `ORDER BY 0` would name a column position (500).
        ...(q.sort === 'fit' && fitOrg
          ? [desc(fit), asc(opportunities.decisionDeadline)]
          : [asc(opportunities.decisionDeadline)]),
        asc(opportunities.id),
      )
      .limit(q.limit)
      .offset((q.page - 1) * q.limit);
    const total = rows[0]?.total ?? 0;
    return c.json(
      {
        success: true as const,
        data: rows.map((r) => ({ ...toDto(r.row), fit: r.fit })),
        meta: { page: q.page, limit: q.limit, total, totalPages: Math.ceil(total / q.limit) },
      },
      200,
    );
  });

  app.openapi(getRouteDef, async (c) => ok(c, toDto(await load(c, c.req.valid('param').opportunityId))));

  app.openapi(patchRouteDef, async (c) => {
    const { opportunityId } = c.req.valid('param');
    const body = c.req.valid('json');
    const current = await load(c, opportunityId);
    const [community] = await db.select().from(communities).where(eq(communities.id, current.communityId));
    authorize(c.get('actor'), 'event_partner:write', communityResource(community!));
    if (body.decisionDeadline)
      requireDecisionDeadline(deps.config, new Date(body.decisionDeadline), 'decisionDeadline');
    requireSupportedCurrency(deps.config, body.budgetRange?.currency, 'budgetRange.currency');
    const row = await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(opportunities)
        .where(eq(opportunities.id, opportunityId))
        .for('update');
      if (before!.status !== 'Draft' && before!.status !== 'Open')
        throw new AppError(
          'BUSINESS_RULE',
          `the opportunity is ${before!.status} and can no longer be edited`,
        );
      const [after] = await tx
        .update(opportunities)
        .set({
          ...(body.title !== undefined ? { title: body.title } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.desiredCategory !== undefined ? { desiredCategory: body.desiredCategory } : {}),
          ...(body.budgetRange
            ? {
                budgetMinMinor: body.budgetRange.minMinor,
                budgetMaxMinor: body.budgetRange.maxMinor,
                currency: body.budgetRange.currency,
              }
            : {}),
          ...(body.benefits !== undefined ? { benefits: body.benefits } : {}),
          ...(body.timeline !== undefined ? { timeline: body.timeline } : {}),
          ...(body.decisionDeadline ? { decisionDeadline: new Date(body.decisionDeadline) } : {}),
          ...(body.slots !== undefined ? { slots: body.slots } : {}),
          ...(body.status !== undefined ? { status: body.status } : {}),
          updatedAt: new Date(),
        })
        .where(eq(opportunities.id, opportunityId))
        .returning();
      await writeAudit(tx, {
        actorUserId: c.get('actor')!.userId,
        action: 'opportunity.updated',
        entityType: 'opportunity',
        entityId: opportunityId,
        before: toDto(before!),
        after: toDto(after!),
        requestId: c.get('requestId'),
      });
      return after!;
    });
    return ok(c, toDto(row));
  });

  app.openapi(applyRouteDef, async (c) => {
    const { opportunityId } = c.req.valid('param');
    const body = c.req.valid('json');
    const actor = c.get('actor')!;
    const [opportunity] = await db.select().from(opportunities).where(eq(opportunities.id, opportunityId));
    if (!opportunity || opportunity.status === 'Draft') throw notFound('Opportunity');
    const memberships = actor.organizations.filter(
      (m) => m.status === 'active' && (ORGANIZATION_NEGOTIATORS as readonly string[]).includes(m.role),
    );
    const membership = body.organizationId
      ? memberships.find((m) => m.organizationId === body.organizationId)
      : memberships.length === 1
        ? memberships[0]
        : undefined;
    if (!membership) {
      throw new AppError(
        'FORBIDDEN',
        memberships.length > 1 && !body.organizationId
          ? 'you negotiate for several organizations: name one with organizationId'
          : 'applying needs a Sponsor Admin/Manager or Partner Admin/Partnership Manager role',
      );
    }
    const org = (await findOrganizationById(db, membership.organizationId))!;
    requireOrganizationEligible(org);
    if (opportunity.status !== 'Open')
      throw new AppError('BUSINESS_RULE', `the opportunity is ${opportunity.status}`);
    if (opportunity.decisionDeadline.getTime() <= Date.now())
      throw new AppError('BUSINESS_RULE', 'the opportunity’s decision deadline has passed');
    const [community] = await db
      .select({ status: communities.status })
      .from(communities)
      .where(eq(communities.id, opportunity.communityId));
    requireCommunityEligible(community!.status);
    await requireOrganizationWithinLimit(deps, org, 'applications');
    const request = await openRequest(deps, {
      communityId: opportunity.communityId,
      organizationId: org.id,
      eventId: opportunity.eventId,
      opportunityId,
      initiator: 'organization',
      actorUserId: actor.userId,
      deadline: opportunity.decisionDeadline,
      proposal: body.proposal,
    });
    return created(c, { requestId: request.id, status: request.status, currentRevision: 1 });
  });

  return app;
}
