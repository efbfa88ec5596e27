import { z } from '@hono/zod-openapi';
import {
  EVENT_CATEGORIES,
  EVENT_TYPES,
  PARTNER_AND_SPONSOR_CATEGORIES,
} from '../../domain/commdesk-facts.js';
import { BENEFIT_KEYS, ZBenefit } from '../../domain/event-partners.js';
import {
  CARRY_OVER_RULES,
  CYCLE_STATUSES,
  PARTICIPATION_STATUSES,
  PROGRAM_PERIODS,
  PROGRAM_STATUSES,
  RENEWAL_STATUSES,
  startDateProblem,
} from '../../domain/programs.js';
import { MAX_FEE_BPS } from '../../domain/fees.js';
import { zText } from '../../domain/text.js';
import { ZUuid } from '../http.js';
import { ZCurrency, ZSupportedCurrency } from '../sponsors/sponsors.types.js';

const ZMinor = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
// The patterns carry into the document what the server checks, so a date the document admits is one it accepts:
// a start date on day 1-28 exists in every month, and lies in 2000-2099, the years a Schedule's calendar is written
// for (Temporal takes calendar years 2000-2100; LAST_SCHEDULED_YEAR); an end date is any calendar date, written out month by month
// (31, 30 or 28 days) with February 29 only in leap years (divisible by 4, centuries only by 400).
const START_DATE = /^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])$/;
export const CALENDAR_DATE =
  /^(?:[12]\d{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))|(?:[12]\d(?:0[48]|[2468][048]|[13579][26])|(?:1[26]|2[048])00)-02-29)$/;
const ZStartDate = z
  .string()
  .regex(START_DATE, {
    message: 'must be a calendar date YYYY-MM-DD in 2000-2099, on day 1 to 28 of its month',
  })
  .superRefine((value, ctx) => {
    // The pattern already refused a malformed value: one message per problem.
    if (!START_DATE.test(value)) return;
    const problem = startDateProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .openapi({
    description:
      'YYYY-MM-DD in 2000-2099, day 1 to 28: every period starts on that day of the month (the renewal Schedule is written for those years)',
    example: '2027-01-01',
  });
const ZEndDate = z.string().regex(CALENDAR_DATE, { message: 'must be a calendar date YYYY-MM-DD' }).openapi({
  description:
    'YYYY-MM-DD: no period starts on or after it. After startDate (the one sent or the program’s): an end on or before it is a 422',
  example: '2028-01-01',
});
const ZList = <T extends z.ZodType>(item: T) => z.array(item).max(50);

export const ZProposalTemplate = z
  .strictObject({
    category: z.enum(PARTNER_AND_SPONSOR_CATEGORIES),
    amountMinor: ZMinor.describe(
      'what each community is offered at most (lowered by the cap and the allocation)',
    ),
    currency: ZCurrency.optional().describe(
      "the budget's currency, the only one allowed: another is a 422 (one field against another, which no schema states)",
    ),
    benefits: z.array(ZBenefit).max(30).default([]),
    terms: zText({ max: 20_000, multiline: true }).default(''),
    message: zText({ max: 5_000, multiline: true }).optional(),
  })
  .openapi('ProgramProposalTemplate');

export const ZContractTemplate = z
  .strictObject({
    terms: zText({ max: 20_000, multiline: true }).describe(
      'with proposalTemplate.terms at most 20,000 characters together (a proposal carries both): more is a 422',
    ),
  })
  .openapi('ProgramContractTemplate');

const programFields = {
  name: zText({ min: 1, max: 200 }),
  period: z.enum(PROGRAM_PERIODS),
  startDate: ZStartDate,
  endDate: ZEndDate.optional(),
  budgetPerPeriod: z.strictObject({ amountMinor: ZMinor, currency: ZSupportedCurrency }),
  regions: ZList(zText({ min: 1, max: 80 })).default([]),
  eventTypes: ZList(z.enum(EVENT_TYPES)).default([]),
  categories: ZList(z.enum(EVENT_CATEGORIES)).default([]),
  technologies: ZList(zText({ min: 1, max: 80 })).default([]),
  perCommunityCapMinor: ZMinor.optional(),
  carryOver: z.enum(CARRY_OVER_RULES).default('none'),
  platformFeeBps: z
    .number()
    .int('platformFeeBps is a whole number of basis points')
    .min(0, 'platformFeeBps is at least 0')
    .max(MAX_FEE_BPS, `platformFeeBps is at most ${MAX_FEE_BPS} (100 %)`)
    .optional()
    .describe(
      "platform admins only: the platform fee of this program's deals in basis points, instead of PLATFORM_FEE_BPS; fixed on each payment when its escrow opens",
    ),
  proposalTemplate: ZProposalTemplate,
  contractTemplate: ZContractTemplate.optional(),
};

export const ZMatchedCommunities = z
  .strictObject({
    mode: z.literal('matched'),
    limit: z
      .number()
      .int('limit is a whole number of communities')
      .min(1, 'limit is at least 1')
      .max(500, 'limit is at most 500')
      .describe(
        'invite matched communities until this many are invited or taking part (explicit ones count)',
      ),
  })
  .describe(
    "communities matched to the program's targeting (event types, regions, technologies, categories, budget) by their open opportunities: invited within seconds of the create (or of a PATCH turning matching on or raising the limit), then each firing of the Schedule invites the best-fitting ones not invited yet; they accept like any invited community",
  )
  .openapi('ProgramMatchedCommunities');

export const ZCreateProgram = z
  .strictObject({
    organizationId: ZUuid.optional().describe(
      'the organization the program is for; may be left out when the caller administers exactly one organization (leaving it out answers 403 when the caller administers none, 422 when several or a platform admin)',
    ),
    ...programFields,
    communityIds: z
      .array(ZUuid)
      .min(1)
      .max(500)
      .optional()
      .describe('communities invited to take part (required unless communities is matched)'),
    communities: ZMatchedCommunities.optional(),
  })
  // Either list or both (explicit ones count towards the matched limit): JSON Schema states it as anyOf.
  .refine((b) => b.communityIds !== undefined || b.communities !== undefined, {
    message: "required unless communities is { mode: 'matched' }",
    path: ['communityIds'],
  })
  .openapi('CreateProgram', { anyOf: [{ required: ['communityIds'] }, { required: ['communities'] }] });
export type TCreateProgram = z.infer<typeof ZCreateProgram>;

export const ZPatchProgram = z
  .strictObject({
    revision: z.number().int().min(1).optional().describe('the revision you read: 409 when it changed since'),
    name: programFields.name.optional(),
    period: programFields.period.optional(),
    startDate: ZStartDate.optional(),
    endDate: ZEndDate.nullable().optional(),
    budgetPerPeriod: programFields.budgetPerPeriod.optional(),
    regions: ZList(zText({ min: 1, max: 80 })).optional(),
    eventTypes: ZList(z.enum(EVENT_TYPES)).optional(),
    categories: ZList(z.enum(EVENT_CATEGORIES)).optional(),
    technologies: ZList(zText({ min: 1, max: 80 })).optional(),
    perCommunityCapMinor: ZMinor.nullable().optional(),
    carryOver: programFields.carryOver.optional(),
    platformFeeBps: programFields.platformFeeBps
      .unwrap()
      .nullable()
      .optional()
      .describe(
        'platform admins only: the platform fee of its deals in basis points; null returns to PLATFORM_FEE_BPS (payments already opened keep theirs)',
      ),
    proposalTemplate: ZProposalTemplate.optional(),
    contractTemplate: ZContractTemplate.nullable().optional(),
    inviteCommunityIds: z.array(ZUuid).min(1).max(500).optional().describe('more communities to invite'),
    communities: ZMatchedCommunities.nullable()
      .optional()
      .describe(
        'communities matched (see CreateProgram); null stops inviting matched communities (invitations stay)',
      ),
  })
  .openapi('PatchProgram');
export type TPatchProgram = z.infer<typeof ZPatchProgram>;

export const ZProgramParams = z.object({ programId: ZUuid });
export const ZParticipationBody = z
  .strictObject({
    decision: z.enum(['accept', 'decline']),
    communityId: ZUuid.optional().describe('required when you manage more than one invited community'),
  })
  .openapi('ProgramParticipation');
export const ZPauseBody = z.strictObject({ reason: zText({ min: 1, max: 500 }) }).openapi('PauseProgram');
export const ZEmptyBody = z.strictObject({});
export const ZReportQuery = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });

const ZDateTime = z.iso.datetime({ offset: true });
const ZNextRenewal = z
  .object({ period: z.string(), startsAt: ZDateTime, noticeAt: ZDateTime })
  .nullable()
  .openapi('ProgramNextRenewal');
const ZParticipant = z.object({
  communityId: z.uuid(),
  communityName: z.string(),
  status: z.enum(PARTICIPATION_STATUSES),
  decidedAt: ZDateTime.nullable(),
});
const ZBenefitView = z.object({
  key: z.enum(BENEFIT_KEYS),
  label: z.string().optional(),
  detail: z.string().optional(),
});
const ZTemplateView = z.object({
  category: z.enum(PARTNER_AND_SPONSOR_CATEGORIES),
  amountMinor: z.number().int(),
  benefits: z.array(ZBenefitView),
  terms: z.string(),
  message: z.string().optional(),
});
const commonView = {
  id: z.uuid(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  name: z.string(),
  status: z.enum(PROGRAM_STATUSES),
  period: z.enum(PROGRAM_PERIODS),
  startDate: z.string(),
  endDate: z.string().nullable(),
  currency: ZCurrency,
  regions: z.array(z.string()),
  eventTypes: z.array(z.string()),
  categories: z.array(z.string()),
  technologies: z.array(z.string()),
  nextRenewal: ZNextRenewal,
};

export const ZProgramOrganizationView = z
  .object({
    view: z.literal('organization'),
    ...commonView,
    budgetPerPeriod: z.object({ amountMinor: z.number().int(), currency: ZCurrency }),
    perCommunityCapMinor: z.number().int().nullable(),
    carryOver: z.enum(CARRY_OVER_RULES),
    platformFeeBps: z
      .number()
      .int()
      .nullable()
      .describe(
        "the program's platform fee override in basis points; null = the platform's PLATFORM_FEE_BPS",
      ),
    proposalTemplate: ZTemplateView,
    contractTemplate: z.object({ terms: z.string() }).nullable(),
    communities: z
      .object({ mode: z.literal('matched'), limit: z.number().int() })
      .nullable()
      .describe('communities matched up to limit; null = only the communities invited explicitly'),
    pausedReason: z.string().nullable(),
    revision: z.number().int(),
    scheduleId: z.string().describe("the program's Temporal Schedule"),
    participants: z.array(ZParticipant),
    createdAt: ZDateTime,
    updatedAt: ZDateTime,
  })
  .openapi('ProgramOrganizationView');

/** What an invited community sees: the program and its own participation, no budget and no other community. */
export const ZProgramCommunityView = z
  .object({
    view: z.literal('community'),
    ...commonView,
    proposal: z.object({
      category: z.enum(PARTNER_AND_SPONSOR_CATEGORIES),
      benefits: z.array(ZBenefitView),
      terms: z.string(),
    }),
    participation: z.array(ZParticipant),
  })
  .openapi('ProgramCommunityView');

export const ZProgramView = z
  .discriminatedUnion('view', [ZProgramOrganizationView, ZProgramCommunityView])
  .openapi('Program');

export const ZRenewalView = z
  .object({
    communityId: z.uuid(),
    communityName: z.string(),
    allocatedMinor: z.number().int(),
    status: z.enum(RENEWAL_STATUSES),
    requestId: z.uuid().nullable(),
    dealId: z.uuid().nullable(),
    acceptedMinor: z.number().int().nullable(),
    reason: z.string().nullable(),
  })
  .openapi('ProgramRenewal');

export const ZCycleReport = z
  .object({
    budgetMinor: z.number().int(),
    carryInMinor: z.number().int(),
    availableMinor: z.number().int(),
    allocatedMinor: z.number().int(),
    acceptedMinor: z.number().int(),
    communitiesReached: z.number().int(),
    opened: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    expired: z.number().int(),
    withdrawn: z.number().int(),
    skipped: z.number().int(),
    renewalRate: z.number().nullable(),
    carryOutMinor: z.number().int(),
  })
  .openapi('ProgramCycleReport');

export const ZCycleView = z
  .object({
    id: z.uuid(),
    period: z.string(),
    periodStartAt: ZDateTime,
    periodEndAt: ZDateTime,
    status: z.enum(CYCLE_STATUSES),
    workflowId: z.string(),
    currency: ZCurrency,
    budgetMinor: z.number().int().nullable().describe('null for an invited community'),
    carryInMinor: z.number().int().nullable(),
    noticeSentAt: ZDateTime.nullable(),
    note: z.string().nullable(),
    report: ZCycleReport.nullable().describe('once closed; null for an invited community'),
    closedAt: ZDateTime.nullable(),
    renewals: z.array(ZRenewalView).describe('an invited community sees only its own'),
  })
  .openapi('ProgramCycle');

export const ZReportRow = z
  .object({
    period: z.string(),
    status: z.enum(CYCLE_STATUSES),
    budgetMinor: z.number().int(),
    carryInMinor: z.number().int(),
    allocatedMinor: z.number().int(),
    acceptedMinor: z.number().int(),
    spendMinor: z
      .number()
      .int()
      .describe(
        "money, from the escrow's ledger: what the sponsor paid for the deals its renewals produced, less refunds (heldMinor + releasedMinor); 0 until a deal is paid",
      ),
    heldMinor: z.number().int().describe('of spendMinor, what escrow still holds'),
    releasedMinor: z
      .number()
      .int()
      .describe('of spendMinor, what left escrow for the communities (with the platform fee)'),
    communitiesReached: z.number().int(),
    deals: z.number().int(),
    events: z.number().int(),
    participants: z.number().int().describe("the deals' events' expected participants"),
    renewalRate: z.number().nullable(),
    fulfillmentRate: z
      .number()
      .nullable()
      .describe('benefit items Verified or Waived among all of its deals'),
    carryOutMinor: z.number().int(),
  })
  .openapi('ProgramReportRow');

export const ZProgramReport = z
  .object({
    programId: z.uuid(),
    currency: ZCurrency,
    periods: z.array(ZReportRow),
    totals: z.object({
      budgetMinor: z.number().int(),
      acceptedMinor: z.number().int(),
      spendMinor: z.number().int(),
      heldMinor: z.number().int(),
      releasedMinor: z.number().int(),
      deals: z.number().int(),
      events: z.number().int(),
      participants: z.number().int(),
      renewalRate: z.number().nullable(),
      fulfillmentRate: z.number().nullable(),
    }),
  })
  .openapi('ProgramReport');

export const ZTriggerResult = z
  .object({
    period: z.string().nullable().describe('the period this firing prepares; null when none is due'),
    cycleWorkflowId: z.string().nullable(),
    alreadyRan: z.boolean().describe('that period already has its cycle: the firing starts nothing new'),
  })
  .openapi('ProgramTrigger');
