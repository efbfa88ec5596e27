import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  COMMUNITY_NEGOTIATORS,
  ORGANIZATION_NEGOTIATORS,
  findRequest,
  findRequestWithStanding,
} from '../../db/repositories/negotiation-repository.js';
import { currentContractIdOfDeal, findDeal } from '../../db/repositories/contract-repository.js';
import type { TSessionRequest } from '../../db/repositories/identity-repository.js';
import {
  listInbox,
  markRequestRead,
  requestHistory,
  type TOpeningIds,
} from '../../db/repositories/requests-read-repository.js';
import { REQUEST_STATUSES } from '../../domain/negotiation.js';
import { AppError, notFound } from '../../errors.js';
import type { TNegotiationView } from '../../workflows/negotiation/negotiation.contract.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { created, envelope, errorResponses, jsonBody, jsonResponse, ok } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { openCommunityRequest } from './open-community-request.js';
import { requireSupportedCurrency } from '../money.js';
import { createRouter } from '../router.js';
import { acceptRevision } from './accept-revision.js';
import { counterOffer } from './counter-offer.js';
import { requireCommunityEligible, sideOf, type TNegotiationParty } from './negotiation-service.js';
import { postMessage } from './post-message.js';
import { rejectRevision } from './reject-revision.js';
import { withdrawRequest } from './withdraw-request.js';
import {
  ZAcceptBody,
  ZCreateRequest,
  ZDealParams,
  ZInboxQuery,
  ZMessageBody,
  ZNegotiateBody,
  ZRejectBody,
  ZRequestParams,
  ZWithdrawBody,
} from './requests.types.js';
import { ZDeal, ZInboxPage, ZRequestDetail, type TTimelineEntry } from './requests.responses.js';

const tags = ['requests and negotiation'];

const ZRequestState = z
  .object({
    id: z.uuid(),
    status: z.enum(REQUEST_STATUSES),
    currentRevision: z.number().int(),
    currentAuthor: z.enum(['community', 'organization']),
    dealId: z.uuid().nullable(),
    deadline: z.iso.datetime({ offset: true }),
  })
  .openapi('RequestState');
const stateResponses = {
  200: jsonResponse(envelope(ZRequestState), 'The request after the step'),
  ...errorResponses,
  409: {
    description: 'Stale revision, wrong party or wrong state, or a party is not in good standing (disabled)',
  },
  429: { description: 'Counter-offer limit' },
};

const createRequestRoute = createRoute({
  method: 'post',
  path: '/requests',
  tags,
  summary: 'A community asks an organization to sponsor (first proposal included)',
  middleware: [requireAuth] as const,
  request: { body: jsonBody(ZCreateRequest) },
  responses: {
    201: jsonResponse(envelope(ZRequestState), 'Opened'),
    ...errorResponses,
    409: { description: 'An open request exists' },
    422: {
      description:
        'A business rule refused it (the message says which): the organization is not Verified or Active, the ' +
        'proposal currency is not one this platform handles, or the deadline is not in the future',
    },
    429: { description: 'Daily limit' },
  },
});
const inboxRoute = createRoute({
  method: 'get',
  path: '/requests',
  tags,
  summary: "The caller's inbox: incoming requests, applications, negotiations, deals",
  middleware: [requireAuth] as const,
  request: { query: ZInboxQuery },
  responses: {
    200: jsonResponse(ZInboxPage, 'Inbox'),
    ...errorResponses,
  },
});
const detailRoute = createRoute({
  method: 'get',
  path: '/requests/{requestId}',
  tags,
  summary: 'A request with its revisions (and diffs), messages and timeline',
  middleware: [requireAuth] as const,
  request: { params: ZRequestParams },
  responses: { 200: jsonResponse(envelope(ZRequestDetail), 'Request'), ...errorResponses },
});
const negotiateRoute = createRoute({
  method: 'patch',
  path: '/requests/{requestId}/negotiate',
  tags,
  summary: 'Counter-offer: a new revision answering the current one',
  middleware: [requireAuth] as const,
  request: { params: ZRequestParams, body: jsonBody(ZNegotiateBody) },
  responses: stateResponses,
});
const acceptRoute = createRoute({
  method: 'patch',
  path: '/requests/{requestId}/accept',
  tags,
  summary: "Accept the other side's current revision (creates the deal)",
  middleware: [requireAuth] as const,
  request: { params: ZRequestParams, body: jsonBody(ZAcceptBody) },
  responses: stateResponses,
});
const rejectRoute = createRoute({
  method: 'patch',
  path: '/requests/{requestId}/reject',
  tags,
  summary: "Reject the other side's current revision",
  middleware: [requireAuth] as const,
  request: { params: ZRequestParams, body: jsonBody(ZRejectBody) },
  responses: stateResponses,
});
const withdrawRoute = createRoute({
  method: 'patch',
  path: '/requests/{requestId}/withdraw',
  tags,
  summary: 'Withdraw (the side that opened the request, before an outcome)',
  middleware: [requireAuth] as const,
  request: { params: ZRequestParams, body: jsonBody(ZWithdrawBody) },
  responses: stateResponses,
});
const messageRoute = createRoute({
  method: 'post',
  path: '/negotiations/message',
  tags,
  summary: 'A threaded message (never changes the terms)',
  middleware: [requireAuth] as const,
  request: { body: jsonBody(ZMessageBody) },
  responses: {
    201: jsonResponse(envelope(z.object({ messageId: z.string() })), 'Posted'),
    ...errorResponses,
    409: { description: 'Negotiation closed' },
    429: { description: 'Message limit of the organization (stricter for new or low-trust organizations)' },
  },
});
const dealRoute = createRoute({
  method: 'get',
  path: '/deals/{dealId}',
  tags: ['deals'],
  summary: 'A deal (its parties and platform admins only)',
  middleware: [requireAuth] as const,
  request: { params: ZDealParams },
  responses: { 200: jsonResponse(envelope(ZDeal), 'Deal'), ...errorResponses },
});

const STEP_PATH =
  /^\/api\/v1\/requests\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(?:negotiate|accept|reject|withdraw)$/i;

/**
 * The request a negotiation step (PATCH /requests/{requestId}/negotiate, accept, reject, withdraw) names, for the
 * session middleware to read with the session in one statement; null for any other call (or an id that is no UUID,
 * which the route refuses with a 400).
 */
export function stepRequestIdOf(method: string, path: string): string | null {
  return method === 'PATCH' ? (STEP_PATH.exec(path)?.[1] ?? null) : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The JSON media types the body validator reads (as hono's validator tests them). */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * The ids a request opening (POST /requests) names in its JSON body, for the session middleware to read the opening's
 * targets with the session in one statement; null for any other call, or a body it cannot use (not JSON, ids that are
 * no UUIDs), which the route then validates and answers as usual. The body is parsed once more by the validator.
 */
export async function openingIdsOf(c: Context<TAppEnv>): Promise<TOpeningIds | null> {
  if (c.req.method !== 'POST' || c.req.path !== '/api/v1/requests') return null;
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  if (!JSON_MEDIA_TYPE.test(mediaType)) return null;
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return null; // the validator answers for a body that is not JSON
  }
  if (typeof body !== 'object' || body === null) return null;
  const { communityId, organizationId, eventId, opportunityId } = body as Record<string, unknown>;
  const id = (value: unknown) => typeof value === 'string' && UUID.test(value);
  const optionalId = (value: unknown) => value === undefined || id(value);
  if (!id(communityId) || !id(organizationId) || !optionalId(eventId) || !optionalId(opportunityId))
    return null;
  return {
    communityId: communityId as string,
    organizationId: organizationId as string,
    eventId: (eventId as string | undefined) ?? null,
    opportunityId: (opportunityId as string | undefined) ?? null,
  };
}

const toState = (id: string, view: TNegotiationView) => ({
  id,
  status: view.status,
  currentRevision: view.currentRevision,
  currentAuthor: view.currentAuthor,
  dealId: view.dealId,
  deadline: new Date(view.deadlineAt).toISOString(),
});

/** A request read with the session, in findRequestWithStanding's shape. */
const standingOf = (r: TSessionRequest | null) =>
  r && {
    request: {
      id: r.id,
      communityId: r.communityId,
      organizationId: r.organizationId,
      initiator: r.initiator,
    },
    standing: {
      community: { name: r.communityName, status: r.communityStatus },
      organization: { name: r.organizationName, status: r.organizationStatus },
    },
  };

export function requestRoutes(deps: TApiDeps) {
  const { db, config } = deps;
  const app = createRouter();

  /** Loads a request the caller negotiates on (404 for strangers, so ids reveal nothing). */
  async function loadForSide(c: Context<TAppEnv>, requestId: string): Promise<TNegotiationParty> {
    // Both parties' standing comes with the request: the workflow's validators refuse a step forward when either
    // party is not in good standing. A step's request was read with the session (stepRequestOf); a message's is read here.
    const prefetched = c.get('stepRequest');
    const found =
      prefetched?.id === requestId
        ? standingOf(prefetched.found)
        : await findRequestWithStanding(db, requestId);
    const request = found?.request;
    const side = request ? sideOf(c.get('actor'), request) : null;
    if (!found || !request || !side) throw notFound('Request');
    // The statuses came with the session's memberships: no further queries on the negotiation hot path.
    const memberships = c.get('memberships')!;
    if (side === 'community') {
      const community = memberships.communities.find((m) => m.communityId === request.communityId)!;
      requireCommunityEligible(community.communityStatus);
    } else {
      const org = memberships.organizations.find((m) => m.organizationId === request.organizationId)!;
      if (org.organizationStatus === 'Disabled')
        throw new AppError('FORBIDDEN', 'the organization is disabled');
    }
    return { request, side, standing: found.standing, actorUserId: c.get('actor')!.userId };
  }

  app.openapi(createRequestRoute, async (c) => {
    const request = await openCommunityRequest(deps, {
      body: c.req.valid('json'),
      actor: c.get('actor')!,
      prefetched: c.get('opening'),
    });
    return created(c, {
      id: request.id,
      status: request.status,
      currentRevision: 1,
      currentAuthor: 'community',
      dealId: null,
      deadline: request.deadline.toISOString(),
    });
  });

  app.openapi(inboxRoute, async (c) => {
    const q = c.req.valid('query');
    const actor = c.get('actor')!;
    const myCommunities = actor.communities
      .filter((m) => m.status === 'Active' && (COMMUNITY_NEGOTIATORS as readonly string[]).includes(m.role))
      .map((m) => m.communityId);
    const myOrganizations = actor.organizations
      .filter(
        (m) => m.status === 'active' && (ORGANIZATION_NEGOTIATORS as readonly string[]).includes(m.role),
      )
      .map((m) => m.organizationId);
    if (q.communityId && !myCommunities.includes(q.communityId))
      throw new AppError('FORBIDDEN', 'you do not negotiate for this community');
    if (q.organizationId && !myOrganizations.includes(q.organizationId))
      throw new AppError('FORBIDDEN', 'you do not negotiate for this organization');
    const communityIds = q.communityId ? [q.communityId] : q.organizationId ? [] : myCommunities;
    const organizationIds = q.organizationId ? [q.organizationId] : q.communityId ? [] : myOrganizations;
    if (communityIds.length + organizationIds.length === 0)
      return c.json(
        {
          success: true as const,
          data: [],
          meta: { page: q.page, limit: q.limit, total: 0, totalPages: 0, unread: 0 },
        },
        200,
      );

    // "incoming" = opened by the other side; the caller's side is the community side when listing communities.
    const callerSide = communityIds.length ? 'community' : 'organization';
    const rows = await listInbox(db, {
      userId: actor.userId,
      communityIds,
      organizationIds,
      callerSide,
      filters: q,
      limit: q.limit,
      offset: (q.page - 1) * q.limit,
    });
    const total = rows[0]?.total ?? 0;
    return c.json(
      {
        success: true as const,
        data: rows.map((r) => ({
          id: r.request.id,
          status: r.request.status,
          initiator: r.request.initiator,
          direction: r.request.initiator === callerSide ? 'outgoing' : 'incoming',
          community: { id: r.request.communityId, name: r.communityName },
          organization: { id: r.request.organizationId, name: r.organizationName },
          event: r.request.eventId
            ? { id: r.request.eventId, title: r.eventTitle, type: r.eventType, region: r.region }
            : null,
          opportunityId: r.request.opportunityId,
          programId: r.request.programId,
          currentRevision: r.request.currentRevision,
          current: { amountMinor: r.amountMinor, currency: r.currency, category: r.category },
          dealId: r.request.dealId,
          deadline: r.request.deadline.toISOString(),
          lastActivityAt: r.request.lastActivityAt.toISOString(),
          unread: r.unread,
        })),
        meta: {
          page: q.page,
          limit: q.limit,
          total,
          totalPages: Math.ceil(total / q.limit),
          unread: rows[0]?.unreadTotal ?? 0,
        },
      },
      200,
    );
  });

  app.openapi(detailRoute, async (c) => {
    const { requestId } = c.req.valid('param');
    const request = await findRequest(db, requestId);
    const actor = c.get('actor')!;
    if (!request || (!sideOf(actor, request) && !actor.isPlatformAdmin)) throw notFound('Request');
    const [{ revisions, messages, timeline }] = await Promise.all([
      requestHistory(db, requestId),
      markRequestRead(db, requestId, actor.userId),
    ]);
    return ok(c, {
      id: request.id,
      status: request.status,
      initiator: request.initiator,
      communityId: request.communityId,
      organizationId: request.organizationId,
      eventId: request.eventId,
      opportunityId: request.opportunityId,
      programId: request.programId,
      currentRevision: request.currentRevision,
      currentAuthor: request.currentAuthor,
      dealId: request.dealId,
      deadline: request.deadline.toISOString(),
      revisions: revisions.map((r) => ({
        number: r.number,
        authorSide: r.authorSide,
        amountMinor: r.amountMinor,
        currency: r.currency,
        category: r.category,
        tierKeyword: r.tierKeyword,
        benefits: r.benefits,
        terms: r.terms,
        message: r.message,
        diff: r.diff,
        createdAt: r.createdAt.toISOString(),
      })),
      messages: messages.map((m) => ({
        id: m.id,
        parentMessageId: m.parentMessageId,
        authorSide: m.authorSide,
        authorUserId: m.authorUserId,
        body: m.body,
        attachments: m.attachments,
        createdAt: m.createdAt.toISOString(),
      })),
      timeline: timeline.map((t) => ({
        seq: t.seq,
        type: t.type,
        actorSide: t.actorSide,
        actorUserId: t.actorUserId,
        fromStatus: t.fromStatus,
        toStatus: t.toStatus,
        revision: t.revision,
        // jsonb written only by the timeline writers (reason/cause of a step, a reconciliation's outcome/detail).
        detail: t.detail as TTimelineEntry['detail'],
        at: t.createdAt.toISOString(),
      })),
    });
  });

  app.openapi(negotiateRoute, async (c) => {
    const { requestId } = c.req.valid('param');
    const body = c.req.valid('json');
    requireSupportedCurrency(config, body.proposal.currency, 'proposal.currency');
    const party = await loadForSide(c, requestId);
    const view = await counterOffer(deps, party, body);
    return ok(c, toState(requestId, view));
  });

  app.openapi(acceptRoute, async (c) => {
    const { requestId } = c.req.valid('param');
    const party = await loadForSide(c, requestId);
    const view = await acceptRevision(deps, party, c.req.valid('json').revision);
    return ok(c, toState(requestId, view));
  });

  app.openapi(rejectRoute, async (c) => {
    const { requestId } = c.req.valid('param');
    const party = await loadForSide(c, requestId);
    const view = await rejectRevision(deps, party, c.req.valid('json'));
    return ok(c, toState(requestId, view));
  });

  app.openapi(withdrawRoute, async (c) => {
    const { requestId } = c.req.valid('param');
    const party = await loadForSide(c, requestId);
    const view = await withdrawRequest(deps, party, c.req.valid('json').reason);
    return ok(c, toState(requestId, view));
  });

  app.openapi(messageRoute, async (c) => {
    const body = c.req.valid('json');
    const party = await loadForSide(c, body.requestId);
    return created(c, await postMessage(deps, party, body));
  });

  app.openapi(dealRoute, async (c) => {
    const { dealId } = c.req.valid('param');
    const deal = await findDeal(db, dealId);
    const actor = c.get('actor')!;
    const party =
      deal &&
      (actor.isPlatformAdmin ||
        actor.communities.some((m) => m.communityId === deal.communityId && m.status === 'Active') ||
        actor.organizations.some((m) => m.organizationId === deal.organizationId && m.status === 'active'));
    if (!deal || !party) throw notFound('Deal');
    return ok(c, {
      ...deal,
      contractId: await currentContractIdOfDeal(db, deal.id),
      createdAt: deal.createdAt.toISOString(),
      updatedAt: deal.updatedAt.toISOString(),
    });
  });

  return app;
}
