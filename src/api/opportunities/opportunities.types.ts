import { z } from '@hono/zod-openapi';
import { EVENT_TYPES } from '../../domain/commdesk-facts.js';
import { ZBenefit, ZPartnerCategory } from '../../domain/event-partners.js';
import { zText } from '../../domain/text.js';
import { ZPagination, ZUuid } from '../http.js';
import { ZProposal } from '../requests/requests.types.js';
import { ZBudgetRange, ZCurrency } from '../sponsors/sponsors.types.js';

const opportunityFields = {
  title: zText({ min: 1, max: 200 }),
  description: zText({ max: 5_000, multiline: true }).optional(),
  desiredCategory: ZPartnerCategory,
  budgetRange: ZBudgetRange,
  benefits: z.array(ZBenefit).max(30).optional(),
  timeline: zText({ max: 2_000, multiline: true }).optional(),
  decisionDeadline: z.iso.datetime({ offset: true }),
  slots: z.number().int().min(1).max(100).optional(),
};

export const ZCreateOpportunity = z
  .strictObject({ eventId: ZUuid, ...opportunityFields, status: z.enum(['Draft', 'Open']).default('Draft') })
  .openapi('CreateOpportunity');
export type TCreateOpportunity = z.infer<typeof ZCreateOpportunity>;

export const ZUpdateOpportunity = z
  .strictObject({
    title: opportunityFields.title.optional(),
    description: opportunityFields.description,
    desiredCategory: opportunityFields.desiredCategory.optional(),
    budgetRange: opportunityFields.budgetRange.optional(),
    benefits: opportunityFields.benefits,
    timeline: opportunityFields.timeline,
    decisionDeadline: opportunityFields.decisionDeadline.optional(),
    slots: opportunityFields.slots,
    status: z.enum(['Draft', 'Open', 'Closed']).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' })
  .openapi('UpdateOpportunity', { minProperties: 1 });
export type TUpdateOpportunity = z.infer<typeof ZUpdateOpportunity>;

export const ZOpportunityParams = z.object({ opportunityId: ZUuid });

export const ZOpportunityListQuery = ZPagination.extend({
  search: zText({ max: 200 }).optional(),
  eventType: z.enum(EVENT_TYPES).optional(),
  category: ZPartnerCategory.optional(),
  region: zText({ max: 80 }).optional(),
  communityId: ZUuid.optional(),
  budgetCurrency: ZCurrency.optional(),
  budgetMin: z.coerce.number().int().min(0).optional(),
  budgetMax: z.coerce.number().int().min(0).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(['Draft', 'Open', 'Closed', 'Filled']).optional(),
  sort: z.enum(['deadline', 'fit']).default('deadline'),
  organizationId: ZUuid.optional().describe('whose fit to rank by (defaults to the caller’s organization)'),
}).strict();

export const ZApplyToOpportunity = z
  .strictObject({ organizationId: ZUuid.optional(), proposal: ZProposal })
  .openapi('OpportunityApplication');
export type TApplyToOpportunity = z.infer<typeof ZApplyToOpportunity>;
