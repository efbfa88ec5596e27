import { z } from '@hono/zod-openapi';
import { EVENT_TYPES } from '../../domain/commdesk-facts.js';
import { ZBenefit, ZPartnerCategory } from '../../domain/event-partners.js';
import { REQUEST_STATUSES } from '../../domain/negotiation.js';
import { zHttpUrl, zText } from '../../domain/text.js';
import { ZPagination, ZUuid } from '../http.js';
import { ZCurrency, ZSupportedCurrency } from '../sponsors/sponsors.types.js';

export const ZProposal = z
  .strictObject({
    amountMinor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    currency: ZSupportedCurrency.describe(
      'a currency the platform handles; a counter-offer keeps the currency of the negotiation’s first revision (another is a 422)',
    ),
    category: ZPartnerCategory,
    benefits: z.array(ZBenefit).max(30).default([]),
    terms: zText({ max: 20_000, multiline: true }).default(''),
    message: zText({ max: 5_000, multiline: true }).optional(),
  })
  .openapi('Proposal');
export type TProposalBody = z.infer<typeof ZProposal>;

export const ZCreateRequest = z
  .strictObject({
    communityId: ZUuid,
    organizationId: ZUuid,
    eventId: ZUuid.optional(),
    opportunityId: ZUuid.optional(),
    deadline: z.iso.datetime({ offset: true }).optional(),
    proposal: ZProposal,
  })
  .openapi('CreateRequest');
export type TCreateRequest = z.infer<typeof ZCreateRequest>;

export const ZRequestParams = z.object({ requestId: ZUuid });
export const ZNegotiateBody = z
  .strictObject({ inReplyToRevision: z.number().int().min(1), proposal: ZProposal })
  .openapi('CounterOffer');
export const ZAcceptBody = z.strictObject({ revision: z.number().int().min(1) });
export const ZRejectBody = z.strictObject({
  revision: z.number().int().min(1),
  reason: zText({ min: 1, max: 2_000, multiline: true }),
});
export const ZWithdrawBody = z.strictObject({ reason: zText({ max: 2_000, multiline: true }).optional() });
export const ZMessageBody = z
  .strictObject({
    requestId: ZUuid,
    body: zText({ min: 1, max: 10_000, multiline: true }),
    parentMessageId: ZUuid.optional(),
    attachments: z
      .array(
        z.strictObject({
          url: zHttpUrl(),
          name: zText({ max: 200 }).optional(),
        }),
      )
      .max(10)
      .default([]),
  })
  .openapi('NegotiationMessage');

export const ZInboxQuery = ZPagination.extend({
  communityId: ZUuid.optional(),
  organizationId: ZUuid.optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  direction: z.enum(['incoming', 'outgoing']).optional(),
  eventType: z.enum(EVENT_TYPES).optional(),
  region: zText({ max: 80 }).optional(),
  budgetCurrency: ZCurrency.optional(),
  budgetMin: z.coerce.number().int().min(0).optional(),
  budgetMax: z.coerce.number().int().min(0).optional(),
}).strict();

export const ZDealParams = z.object({ dealId: ZUuid });
