import { createRoute, z } from '@hono/zod-openapi';
import { COMMUNITY_NEGOTIATORS } from '../../db/repositories/negotiation-repository.js';
import { findOpportunity } from '../../db/repositories/opportunities-repository.js';
import type { TOrganizationDocument } from '../../domain/directory.js';
import { AppError, notFound } from '../../errors.js';
import { toOrganizationDocument } from '../../search/organization-document.js';
import { matchOpportunities, matchOrganizations, opportunityForMatching } from '../../search/matching.js';
import type { TApiDeps } from '../context.js';
import { errorResponses, jsonResponse } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { createRouter } from '../router.js';
import { loadAuthorizedOrganization } from '../sponsors/sponsor-profile.js';
import {
  ZMatchMeta,
  ZMatchQuery,
  ZOpportunityMatch,
  ZOpportunityMatchParams,
  ZOrganizationMatch,
  ZOrganizationMatchParams,
} from './matching.types.js';

const tags = ['matching'];

const opportunityMatchesRoute = createRoute({
  method: 'get',
  path: '/opportunities/{opportunityId}/matches',
  tags,
  summary:
    "Organizations ranked for an opportunity, each with its score and reasons (the opportunity's community negotiators)",
  middleware: [requireAuth] as const,
  request: { params: ZOpportunityMatchParams, query: ZMatchQuery },
  responses: {
    200: jsonResponse(
      z.object({ success: z.literal(true), data: z.array(ZOrganizationMatch), meta: ZMatchMeta }),
      'Best matches first',
    ),
    ...errorResponses,
  },
});
const organizationMatchesRoute = createRoute({
  method: 'get',
  path: '/sponsors/{organizationId}/matches',
  tags,
  summary:
    "Open opportunities ranked for an organization, each with its score and reasons (the organization's members)",
  middleware: [requireAuth] as const,
  request: { params: ZOrganizationMatchParams, query: ZMatchQuery },
  responses: {
    200: jsonResponse(
      z.object({ success: z.literal(true), data: z.array(ZOpportunityMatch), meta: ZMatchMeta }),
      'Best matches first',
    ),
    ...errorResponses,
    422: { description: 'The organization is not Verified or Active' },
  },
});

/** The directory's public fields only: matching never shows contacts, members or deals of an organization. */
function organizationView(doc: TOrganizationDocument) {
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
  };
}

export function matchingRoutes(deps: TApiDeps) {
  const { db } = deps;
  const app = createRouter();

  app.openapi(opportunityMatchesRoute, async (c) => {
    const { opportunityId } = c.req.valid('param');
    const { limit } = c.req.valid('query');
    const actor = c.get('actor')!;
    const row = await findOpportunity(db, opportunityId);
    const membership = row
      ? actor.communities.find((m) => m.communityId === row.communityId && m.status === 'Active')
      : undefined;
    // Strangers learn nothing about drafts; anyone else who may see the opportunity is told why not.
    if (!row || (!membership && !actor.isPlatformAdmin && row.status === 'Draft'))
      throw notFound('Opportunity');
    if (
      !actor.isPlatformAdmin &&
      !(membership && (COMMUNITY_NEGOTIATORS as readonly string[]).includes(membership.role))
    )
      throw new AppError(
        'FORBIDDEN',
        `matches of an opportunity are for its community's negotiators (${COMMUNITY_NEGOTIATORS.join(', ')})`,
      );
    const { matches, candidates } = await matchOrganizations(deps, opportunityForMatching(row), { limit });
    return c.json(
      {
        success: true as const,
        data: matches.map((m) => ({
          score: m.match.score,
          reasons: m.match.reasons,
          organization: organizationView(m.organization),
        })),
        meta: { limit, candidates, adapter: deps.searchIndex.adapter },
      },
      200,
    );
  });

  app.openapi(organizationMatchesRoute, async (c) => {
    const { organizationId } = c.req.valid('param');
    const { limit } = c.req.valid('query');
    const org = await loadAuthorizedOrganization(
      db,
      c.get('actor'),
      organizationId,
      'organization:read_private',
    );
    if (org.status !== 'Verified' && org.status !== 'Active')
      throw new AppError(
        'BUSINESS_RULE',
        `${org.displayName} is ${org.status}; only Verified or Active organizations are matched with opportunities`,
      );
    const { matches, candidates } = await matchOpportunities(deps, toOrganizationDocument(org), { limit });
    return c.json(
      {
        success: true as const,
        data: matches.map((m) => {
          const o = m.row.opportunity;
          const event = o.eventSnapshot as {
            type: z.infer<typeof ZOpportunityMatch>['opportunity']['event']['type'];
            category: z.infer<typeof ZOpportunityMatch>['opportunity']['event']['category'];
            region: string | null;
            expectedParticipants: number | null;
          };
          return {
            score: m.match.score,
            reasons: m.match.reasons,
            opportunity: {
              id: o.id,
              title: o.title,
              community: { id: o.communityId, name: m.row.communityName },
              event: {
                type: event.type,
                category: event.category,
                region: event.region ?? null,
                expectedParticipants: event.expectedParticipants ?? null,
              },
              desiredCategory: o.desiredCategory,
              budgetRange: { minMinor: o.budgetMinMinor, maxMinor: o.budgetMaxMinor, currency: o.currency },
              decisionDeadline: o.decisionDeadline.toISOString(),
            },
          };
        }),
        meta: { limit, candidates },
      },
      200,
    );
  });

  return app;
}
