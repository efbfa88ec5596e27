import { z } from '@hono/zod-openapi';
import {
  EVENT_CATEGORIES,
  EVENT_TYPES,
  ORGANIZATION_KINDS,
  ORGANIZATION_STATUSES,
  PARTNER_AND_SPONSOR_CATEGORIES,
} from '../../domain/commdesk-facts.js';
import { MATCH_SIGNALS } from '../../domain/matching.js';
import { ZUuid } from '../http.js';
import { ZCurrency } from '../sponsors/sponsors.types.js';

export const ZMatchQuery = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(50).default(10).describe('how many of the best matches'),
  })
  .openapi('MatchQuery');
export const ZOpportunityMatchParams = z.object({ opportunityId: ZUuid });
export const ZOrganizationMatchParams = z.object({ organizationId: ZUuid });

const ZBudgetRangeView = z.object({
  minMinor: z.number().int(),
  maxMinor: z.number().int(),
  currency: ZCurrency,
});

export const ZMatchReason = z
  .object({
    signal: z.enum(MATCH_SIGNALS),
    weight: z.number().describe('points this signal is worth (the weights sum to 100)'),
    value: z.number().min(0).max(1),
    contribution: z.number().describe('weight x value; the contributions sum to the score'),
    detail: z.string(),
  })
  .openapi('MatchReason');

export const ZOrganizationMatch = z
  .object({
    score: z.number().min(0).max(100),
    reasons: z.array(ZMatchReason),
    organization: z.object({
      id: z.uuid(),
      kind: z.enum(ORGANIZATION_KINDS),
      displayName: z.string(),
      industry: z.string().nullable(),
      shortDescription: z.string().nullable(),
      website: z.string(),
      logoUrl: z.string().nullable(),
      technologies: z.array(z.string()),
      supportedRegions: z.array(z.string()),
      preferredEventTypes: z.array(z.string()),
      sponsorshipTypes: z.array(z.string()),
      budgetRange: ZBudgetRangeView.nullable(),
      verificationStatus: z.enum(ORGANIZATION_STATUSES),
    }),
  })
  .openapi('OrganizationMatch');

export const ZOpportunityMatch = z
  .object({
    score: z.number().min(0).max(100),
    reasons: z.array(ZMatchReason),
    opportunity: z.object({
      id: z.uuid(),
      title: z.string(),
      community: z.object({ id: z.uuid(), name: z.string() }),
      event: z.object({
        type: z.enum(EVENT_TYPES),
        category: z.enum(EVENT_CATEGORIES),
        region: z.string().nullable(),
        expectedParticipants: z.number().int().nullable(),
      }),
      desiredCategory: z.enum(PARTNER_AND_SPONSOR_CATEGORIES),
      budgetRange: ZBudgetRangeView,
      decisionDeadline: z.iso.datetime({ offset: true }),
    }),
  })
  .openapi('OpportunityMatch');

export const ZMatchMeta = z.object({
  limit: z.number().int(),
  candidates: z.number().int().describe('how many candidates were scored'),
  adapter: z.string().optional().describe('the SearchIndex adapter the candidates came from'),
});
