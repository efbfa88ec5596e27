import { z } from '@hono/zod-openapi';
import {
  EVENT_TYPES,
  ORGANIZATION_KINDS,
  ORGANIZATION_ROLES,
  ORGANIZATION_STATUSES,
} from '../../domain/commdesk-facts.js';
import { DIRECTORY_SORTS } from '../../domain/directory.js';
import { ZContacts } from '../../domain/organization-contacts.js';
import { ZReputation } from '../reputation/reputation.types.js';
import { ADMIN_DECISIONS, VERIFICATION_STATUSES } from '../../domain/verification.js';
import { ISO_4217_CODES } from '../../domain/money.js';
import { listPattern, zHttpUrl, zText } from '../../domain/text.js';
import { BUSINESS_RULE_ISSUE, ZPagination, ZUuid } from '../http.js';

const ZHttpUrl = zHttpUrl();
const ZLabel = zText({ min: 1, max: 80 });
const ZLabels = z.array(ZLabel).max(50);
/**
 * Any current ISO 4217 code; money is written only in the platform's supported currencies (SUPPORTED_CURRENCIES,
 * listed by GET /api/v1/meta), so another ISO code gets a 422 where money is written.
 */
export const ZCurrency = z
  .enum(ISO_4217_CODES as [string, ...string[]], {
    message: 'must be an ISO 4217 currency code such as INR or USD',
  })
  .openapi('Currency', {
    description:
      'ISO 4217 code. Money is written only in the platform’s supported currencies (GET /api/v1/meta/vocabulary: currencies); another code gets 422.',
  });

/**
 * The currency of money a body writes (budgets, proposals, a program's budget). The validator reads any ISO 4217 code
 * (another value is a 400) and the use case refuses an ISO code outside SUPPORTED_CURRENCIES with a 422
 * (requireSupportedCurrency); the served document lists exactly the supported ones (finishDocument narrows this enum to
 * the deployment's configuration), so what it calls valid is what is accepted. Filters and responses keep Currency.
 */
export const ZSupportedCurrency = z
  .enum(ISO_4217_CODES as [string, ...string[]], {
    message: 'must be an ISO 4217 currency code such as INR or USD',
  })
  .openapi('SupportedCurrency', {
    description:
      'A currency the platform handles (SUPPORTED_CURRENCIES; GET /api/v1/meta/vocabulary lists them too). Another ISO 4217 code is a 422 (BUSINESS_RULE), anything else a 400.',
  });

export const ZBudgetRange = z
  .strictObject({
    minMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    maxMinor: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .describe(
        'at least minMinor: a lower one is a 422 (one field against another, which no schema states)',
      ),
    currency: ZSupportedCurrency,
  })
  // One field against another: JSON Schema cannot say it, so it is a 422 (see BUSINESS_RULE_ISSUE).
  .refine((b) => b.maxMinor >= b.minMinor, {
    message: 'maxMinor must be at least minMinor',
    path: ['maxMinor'],
    params: BUSINESS_RULE_ISSUE,
  });

export const ZApplyBody = z
  .strictObject({
    kind: z.enum(ORGANIZATION_KINDS),
    companyName: zText({ min: 1, max: 200 }),
    legalName: zText({ min: 1, max: 200 }).optional(),
    logoUrl: ZHttpUrl,
    website: ZHttpUrl,
    officialEmail: z.email().max(254),
    applicantName: zText({ min: 1, max: 200 }),
    industry: zText({ min: 1, max: 100 }),
    budgetRange: ZBudgetRange,
    sponsorshipTypes: z.array(ZLabel).min(1).max(20),
    shortDescription: zText({ max: 500, multiline: true }).optional(),
  })
  .openapi('SponsorApplication');
export type TApplyBody = z.infer<typeof ZApplyBody>;

export const ZOrganizationParams = z.object({ organizationId: ZUuid });
export const ZMemberParams = z.object({ organizationId: ZUuid, userId: ZUuid });

export const ZProfilePatch = z
  .strictObject({
    legalName: zText({ min: 1, max: 200 }).nullable().optional(),
    displayName: zText({ min: 1, max: 200 }).optional(),
    logoUrl: ZHttpUrl.nullable().optional(),
    website: ZHttpUrl.optional(),
    industry: zText({ min: 1, max: 100 }).nullable().optional(),
    shortDescription: zText({ max: 500, multiline: true }).nullable().optional(),
    longDescription: zText({ max: 10_000, multiline: true }).nullable().optional(),
    technologies: ZLabels.optional(),
    developerTools: ZLabels.optional(),
    supportedRegions: ZLabels.optional(),
    preferredEventTypes: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length).optional(),
    supportedCommunityTypes: ZLabels.optional(),
    budgetRange: ZBudgetRange.nullable().optional(),
    availableSponsorshipTypes: z.array(ZLabel).max(20).optional(),
    contacts: ZContacts.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' })
  .openapi('SponsorProfilePatch', { minProperties: 1 });
export type TProfilePatch = z.infer<typeof ZProfilePatch>;
export const IDENTITY_FIELDS = [
  'legalName',
  'displayName',
  'logoUrl',
  'website',
  'industry',
  'shortDescription',
  'longDescription',
] as const;

export const ZVerifyBody = z
  .strictObject({ decision: z.enum(ADMIN_DECISIONS), reason: zText({ min: 1, max: 2000, multiline: true }) })
  .openapi('VerificationDecision');
export const ZDisableBody = z.strictObject({ reason: zText({ min: 1, max: 2000, multiline: true }) });
export const ZResendBody = z.strictObject({ email: z.email().max(254) });
export const ZConfirmClaimBody = z
  .strictObject({
    token: z
      .string()
      .min(20)
      .max(200)
      .regex(/^[A-Za-z0-9_-]+$/, 'not a link token'),
  })
  .openapi('ConfirmClaimBody');

export const ZInviteBody = z
  .strictObject({
    email: z.email().max(254),
    name: zText({ min: 1, max: 200 }).optional(),
    role: z.enum(ORGANIZATION_ROLES),
  })
  .openapi('OrganizationInvite');
export const ZRoleBody = z.strictObject({ role: z.enum(ORGANIZATION_ROLES) });

/**
 * A comma-separated filter. The document describes the list as read (items trimmed, empty ones dropped, at most 50,
 * each an enum value or a label), so that a string it admits is never refused.
 */
const csv = <T extends z.ZodType<string, string>>(item: T, values?: readonly string[]) =>
  zText({ max: 2000 })
    .meta({ pattern: listPattern({ maxItems: 50, ...(values ? { values } : { itemMax: 80 }) }) })
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(50));
const DIRECTORY_STATUSES = ['Verified', 'Active'] as const;

export const ZDirectoryQuery = ZPagination.extend({
  q: zText({ max: 200 }).optional(),
  kind: z.enum(ORGANIZATION_KINDS).optional(),
  industry: csv(ZLabel).optional(),
  technologies: csv(ZLabel).optional(),
  regions: csv(ZLabel).optional(),
  eventTypes: csv(z.enum(EVENT_TYPES), EVENT_TYPES).optional(),
  sponsorshipTypes: csv(ZLabel).optional(),
  status: csv(z.enum(DIRECTORY_STATUSES), DIRECTORY_STATUSES).optional(),
  budgetCurrency: ZCurrency.optional(),
  budgetMin: z.coerce.number().int().min(0).optional(),
  budgetMax: z.coerce.number().int().min(0).optional(),
  sort: z.enum(DIRECTORY_SORTS).default('relevance'),
})
  .strict()
  // Query parameters are described one by one: a dependency between two of them is a 422.
  .refine((q) => q.budgetCurrency || (q.budgetMin === undefined && q.budgetMax === undefined), {
    message: 'budgetMin/budgetMax need budgetCurrency',
    path: ['budgetCurrency'],
    params: BUSINESS_RULE_ISSUE,
  });

const ZBudget = z.object({ minMinor: z.number(), maxMinor: z.number(), currency: ZCurrency }).nullable();

export const ZDirectoryEntry = z
  .object({
    id: z.string(),
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
    budgetRange: ZBudget,
    verificationStatus: z.enum(ORGANIZATION_STATUSES),
    reputationScore: z.number(),
  })
  .openapi('DirectoryEntry');

export const ZSponsorProfile = z
  .object({
    id: z.string(),
    kind: z.enum(ORGANIZATION_KINDS),
    identity: z.object({
      legalName: z.string().nullable(),
      displayName: z.string(),
      logoUrl: z.string().nullable(),
      website: z.string(),
      normalizedDomain: z.string(),
      industry: z.string().nullable(),
      shortDescription: z.string().nullable(),
      longDescription: z.string().nullable(),
    }),
    capability: z.object({
      technologies: z.array(z.string()),
      developerTools: z.array(z.string()),
      supportedRegions: z.array(z.string()),
      preferredEventTypes: z.array(z.string()),
      supportedCommunityTypes: z.array(z.string()),
      budgetRange: ZBudget,
      availableSponsorshipTypes: z.array(z.string()),
    }),
    contacts: z
      .record(z.string(), z.string().nullable())
      .nullable()
      .describe('null unless the caller may see contacts'),
    trust: z.object({
      verificationStatus: z.enum(ORGANIZATION_STATUSES),
      reputationScore: z.number(),
      communitiesSupportedCount: z.number(),
      eventsSponsoredCount: z.number(),
      developersReachedCount: z.number(),
    }),
    reputation: ZReputation.describe(
      'the score with its per-signal breakdown (trust.reputationScore is it rounded)',
    ),
    verification: z
      .object({
        status: z.enum(VERIFICATION_STATUSES),
        riskScore: z.number().nullable(),
        signals: z.array(z.object({ name: z.string(), weight: z.number(), reason: z.string() })),
        claim: z
          .object({
            applicantName: z.string().nullable(),
            applicantEmail: z.string().nullable(),
            confirmedAt: z.string().nullable(),
            proposed: z.object({
              kind: z.enum(ORGANIZATION_KINDS),
              displayName: z.string(),
              legalName: z.string().nullable(),
              website: z.string(),
              logoUrl: z.string(),
              industry: z.string(),
              shortDescription: z.string().nullable(),
              budgetRange: z.object({ minMinor: z.number(), maxMinor: z.number(), currency: ZCurrency }),
              availableSponsorshipTypes: z.array(z.string()),
            }),
          })
          .nullable()
          .describe(
            'platform admins only: what a claim of a Community Added organization proposes (applied only on approval)',
          ),
      })
      .nullable()
      .describe('only for the organization’s members and platform admins'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SponsorProfile');
export type TSponsorProfile = z.infer<typeof ZSponsorProfile>;
