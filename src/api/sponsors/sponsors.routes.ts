import { createRoute, z } from '@hono/zod-openapi';
import {
  ORGANIZATION_KINDS,
  ORGANIZATION_ROLES,
  ORGANIZATION_STATUSES,
} from '../../domain/commdesk-facts.js';
import { VERIFICATION_PHASES, VERIFICATION_STATUSES } from '../../domain/verification.js';
import type { Context } from 'hono';
import type { TOrganizationDocument } from '../../domain/directory.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { notFound } from '../../errors.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import {
  accepted,
  clientIp,
  created,
  envelope,
  errorResponses,
  jsonBody,
  jsonResponse,
  ok,
  OPTIONAL_AUTH,
  PUBLIC_OPERATION,
} from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { ZDashboardProgram } from '../programs/dashboard-programs.js';
import { createRouter } from '../router.js';
import { authorize } from '../authorize.js';
import { applyForVerification } from './apply.js';
import { confirmClaim } from './confirm-claim.js';
import { disableOrganization, enableOrganization } from './disable.js';
import { updateSponsorProfile } from './update-profile.js';
import { sponsorDashboard } from './dashboard.js';
import { buildProfile, canView } from './sponsor-profile.js';
import {
  ZApplyBody,
  ZConfirmClaimBody,
  ZDirectoryEntry,
  ZDirectoryQuery,
  ZDisableBody,
  ZOrganizationParams,
  ZProfilePatch,
  ZResendBody,
  ZSponsorProfile,
  ZVerifyBody,
} from './sponsors.types.js';
import { decideVerification } from './decide-verification.js';
import { resendActivation } from './resend-activation.js';

const tags = ['sponsors'];
const ZApplied = z.object({
  id: z.string(),
  status: z.enum(ORGANIZATION_STATUSES),
  kind: z.enum(ORGANIZATION_KINDS),
  displayName: z.string(),
  claimed: z.boolean(),
  verification: z
    .enum(['awaiting_confirmation', 'checking'])
    .describe(
      'awaiting_confirmation for a claim of a listed organization: nothing changes until the link emailed to officialEmail is opened and an admin approves',
    ),
});

const applyRoute = createRoute({
  method: 'post',
  path: '/apply',
  tags,
  summary: 'Apply as a sponsor or partner (public, rate-limited); starts verification',
  security: OPTIONAL_AUTH,
  request: { body: jsonBody(ZApplyBody) },
  responses: {
    201: jsonResponse(envelope(ZApplied), 'Application received'),
    ...errorResponses,
    409: { description: 'The domain belongs to an existing organization' },
    422: {
      description:
        'A claim of a listed organization from an email address outside its domain, a website without a registrable domain, a budget range whose maxMinor is below its minMinor, or a currency the platform does not handle',
    },
    429: { description: 'Too many applications' },
  },
});
const confirmClaimRoute = createRoute({
  method: 'post',
  path: '/claims/confirm',
  tags,
  summary: "Confirm a claim with the single-use link emailed to the claimant's address at the domain",
  security: PUBLIC_OPERATION,
  request: { body: jsonBody(ZConfirmClaimBody) },
  responses: {
    200: jsonResponse(
      envelope(z.object({ organizationId: z.string(), phase: z.string() })),
      'Confirmed; the claim goes to review',
    ),
    ...errorResponses,
    404: { description: 'No such link (a well-formed token that was never issued)' },
    409: { description: 'Already confirmed, or the claim is no longer waiting' },
    410: { description: 'The link expired' },
  },
});
const directoryRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'The organization directory: typo-tolerant search, filters, facets, sorting',
  security: OPTIONAL_AUTH,
  request: { query: ZDirectoryQuery },
  responses: {
    200: jsonResponse(
      z.object({
        success: z.literal(true),
        data: z.array(ZDirectoryEntry),
        meta: z.object({
          page: z.number(),
          limit: z.number(),
          total: z.number(),
          totalPages: z.number(),
          facets: z.record(z.string(), z.record(z.string(), z.number())),
          adapter: z.string(),
        }),
      }),
      'Directory page',
    ),
    ...errorResponses,
    422: { description: 'budgetMin or budgetMax without budgetCurrency' },
  },
});
const ZDashboardEntry = z
  .object({
    organization: z.object({
      id: z.uuid(),
      displayName: z.string(),
      kind: z.enum(ORGANIZATION_KINDS),
      status: z.enum(ORGANIZATION_STATUSES),
    }),
    role: z.enum(ORGANIZATION_ROLES),
    verification: z
      .object({
        status: z.enum(VERIFICATION_STATUSES),
        decidedAt: z.iso.datetime({ offset: true }).nullable(),
      })
      .nullable(),
    waitingOnYou: z.array(
      z.object({
        type: z.enum([
          'info_requested',
          'verification_pending',
          'disabled',
          'pending_invitations',
          'profile_incomplete',
        ]),
        message: z.string(),
      }),
    ),
    programs: z
      .array(ZDashboardProgram)
      .describe('its running long-term programs and their next renewal dates'),
  })
  .openapi('DashboardEntry');
const dashboardRoute = createRoute({
  method: 'get',
  path: '/dashboard',
  tags,
  summary: "The caller's organizations: status and what is waiting on them",
  middleware: [requireAuth] as const,
  responses: {
    200: jsonResponse(envelope(z.array(ZDashboardEntry)), 'Dashboard'),
    ...errorResponses,
  },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{organizationId}',
  tags,
  summary: 'An organization profile (contacts only for its members)',
  security: OPTIONAL_AUTH,
  request: { params: ZOrganizationParams },
  responses: { 200: jsonResponse(envelope(ZSponsorProfile), 'Profile'), ...errorResponses },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/{organizationId}',
  tags,
  summary: 'Edit the profile: identity fields need an org admin; a website change re-runs verification',
  middleware: [requireAuth] as const,
  request: { params: ZOrganizationParams, body: jsonBody(ZProfilePatch) },
  responses: {
    200: jsonResponse(envelope(ZSponsorProfile), 'Updated'),
    ...errorResponses,
    409: { description: 'Domain taken or verification running' },
  },
});
const verifyRoute = createRoute({
  method: 'post',
  path: '/{organizationId}/verify',
  tags,
  summary: "A platform admin's verification decision (approve, reject, request_info)",
  middleware: [requireAuth] as const,
  request: { params: ZOrganizationParams, body: jsonBody(ZVerifyBody) },
  responses: {
    200: jsonResponse(
      envelope(z.object({ phase: z.enum(VERIFICATION_PHASES), status: z.enum(ORGANIZATION_STATUSES) })),
      'Decision recorded',
    ),
    ...errorResponses,
    409: { description: 'No decision is possible now' },
  },
});
const disableRoute = createRoute({
  method: 'post',
  path: '/{organizationId}/disable',
  tags,
  summary:
    'Disable an organization (platform admin): it leaves the directory and cannot act; its open requests are withdrawn',
  middleware: [requireAuth] as const,
  request: { params: ZOrganizationParams, body: jsonBody(ZDisableBody) },
  responses: {
    200: jsonResponse(
      envelope(
        z.object({
          id: z.string(),
          status: z.enum(ORGANIZATION_STATUSES),
          withdrawnRequestIds: z
            .array(z.string())
            .describe('open requests withdrawn because of this (each with a timeline entry)'),
        }),
      ),
      'Disabled',
    ),
    ...errorResponses,
  },
});
const enableRoute = createRoute({
  method: 'post',
  path: '/{organizationId}/enable',
  tags,
  summary: 'Re-enable a disabled organization (platform admin)',
  middleware: [requireAuth] as const,
  request: { params: ZOrganizationParams },
  responses: {
    200: jsonResponse(
      envelope(z.object({ id: z.string(), status: z.enum(ORGANIZATION_STATUSES) })),
      'Enabled',
    ),
    ...errorResponses,
  },
});
const resendRoute = createRoute({
  method: 'post',
  path: '/{organizationId}/activation/resend',
  tags,
  summary: "Send a new activation link to the applicant's email (the previous link stops working)",
  security: OPTIONAL_AUTH,
  request: { params: ZOrganizationParams, body: jsonBody(ZResendBody) },
  responses: {
    202: jsonResponse(
      envelope(z.object({ accepted: z.literal(true) })),
      'If the email matches a pending activation, a new link is on its way',
    ),
    ...errorResponses,
    429: { description: 'Too many resend requests from this address' },
  },
});

function toDirectoryEntry(doc: TOrganizationDocument) {
  return {
    id: doc.id,
    kind: doc.kind,
    displayName: doc.displayName,
    industry: doc.industry,
    shortDescription: doc.shortDescription,
    website: doc.website,
    logoUrl: doc.logoUrl,
    technologies: doc.technologies,
    supportedRegions: doc.supportedRegions,
    preferredEventTypes: doc.preferredEventTypes,
    sponsorshipTypes: doc.sponsorshipTypes,
    budgetRange:
      doc.budgetMinMinor !== null && doc.budgetMaxMinor !== null && doc.budgetCurrency
        ? { minMinor: doc.budgetMinMinor, maxMinor: doc.budgetMaxMinor, currency: doc.budgetCurrency }
        : null,
    verificationStatus: doc.status,
    reputationScore: doc.reputationScore,
  };
}

export function sponsorRoutes(deps: TApiDeps) {
  const { db, config } = deps;
  const app = createRouter();

  const actorOf = (c: Context<TAppEnv>) => ({
    actorUserId: c.get('actor')!.userId,
    requestId: c.get('requestId'),
  });
  const requirePlatformAdmin = (c: Context<TAppEnv>) =>
    authorize(c.get('actor'), 'organization:verify', { type: 'platform' });

  app.openapi(applyRoute, async (c) => {
    const result = await applyForVerification(deps, {
      body: c.req.valid('json'),
      ip: clientIp(c, config.TRUST_PROXY),
      actorUserId: c.get('actor')?.userId ?? null,
      requestId: c.get('requestId'),
    });
    return created(c, result);
  });

  app.openapi(confirmClaimRoute, async (c) => {
    const { token } = c.req.valid('json');
    return ok(
      c,
      await confirmClaim(deps, {
        token,
        actorUserId: c.get('actor')?.userId ?? null,
        requestId: c.get('requestId'),
      }),
    );
  });

  app.openapi(directoryRoute, async (c) => {
    const q = c.req.valid('query');
    const actor = c.get('actor');
    const result = await deps.searchIndex.search({
      q: q.q,
      kind: q.kind,
      industries: q.industry,
      technologies: q.technologies,
      regions: q.regions,
      eventTypes: q.eventTypes,
      sponsorshipTypes: q.sponsorshipTypes,
      statuses: q.status,
      budget: q.budgetCurrency
        ? { currency: q.budgetCurrency, minMinor: q.budgetMin, maxMinor: q.budgetMax }
        : undefined,
      sort: q.sort,
      page: q.page,
      limit: q.limit,
      visibleCommunityIds:
        actor?.communities.filter((m) => m.status === 'Active').map((m) => m.communityId) ?? [],
    });
    return c.json(
      {
        success: true as const,
        data: result.hits.map(toDirectoryEntry),
        meta: {
          page: q.page,
          limit: q.limit,
          total: result.total,
          totalPages: Math.ceil(result.total / q.limit),
          facets: result.facets,
          adapter: deps.searchIndex.adapter,
        },
      },
      200,
    );
  });

  app.openapi(dashboardRoute, async (c) => ok(c, await sponsorDashboard(deps, c.get('actor')!)));

  app.openapi(getRoute, async (c) => {
    const { organizationId } = c.req.valid('param');
    const org = await findOrganizationById(db, organizationId);
    if (!org || !canView(c.get('actor'), org)) throw notFound('Organization');
    return ok(c, await buildProfile(db, deps.secretBox, c.get('actor'), org));
  });

  app.openapi(patchRoute, async (c) => {
    const { organizationId } = c.req.valid('param');
    const actor = c.get('actor')!;
    const user = c.get('user')!;
    const updated = await updateSponsorProfile(deps, {
      organizationId,
      body: c.req.valid('json'),
      actor,
      editor: { name: user.name, email: user.email, ip: clientIp(c, config.TRUST_PROXY) },
      requestId: c.get('requestId'),
    });
    return ok(c, await buildProfile(db, deps.secretBox, actor, updated));
  });

  app.openapi(verifyRoute, async (c) => {
    requirePlatformAdmin(c);
    const { organizationId } = c.req.valid('param');
    const { decision, reason } = c.req.valid('json');
    return ok(
      c,
      await decideVerification(deps, organizationId, {
        decision,
        reason,
        actorUserId: c.get('actor')!.userId,
      }),
    );
  });

  app.openapi(disableRoute, async (c) => {
    requirePlatformAdmin(c);
    const { organizationId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    return ok(c, await disableOrganization(deps, { organizationId, reason, ...actorOf(c) }));
  });

  app.openapi(enableRoute, async (c) => {
    requirePlatformAdmin(c);
    const { organizationId } = c.req.valid('param');
    return ok(c, await enableOrganization(deps, { organizationId, ...actorOf(c) }));
  });

  app.openapi(resendRoute, async (c) => {
    const { organizationId } = c.req.valid('param');
    const { email } = c.req.valid('json');
    await resendActivation(deps, {
      organizationId,
      email,
      ip: clientIp(c, config.TRUST_PROXY),
      actorUserId: c.get('actor')?.userId ?? null,
    });
    return accepted(c, { accepted: true as const });
  });

  return app;
}
