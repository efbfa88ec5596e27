import { z } from '@hono/zod-openapi';
import {
  EVENT_TYPES,
  PARTNER_AND_SPONSOR_CATEGORIES,
  PARTNERS_AND_SPONSORS_TIER,
} from '../../domain/commdesk-facts.js';
import { BENEFIT_KEYS } from '../../domain/event-partners.js';
import { REQUEST_STATUSES, REQUEST_TIMELINE_TYPES } from '../../domain/negotiation.js';
import { ZPageMeta } from '../http.js';
import { ZCurrency } from '../sponsors/sponsors.types.js';

/** Response shapes of the request, negotiation and deal operations (what the handlers return, field by field). */

const ZSide = z.enum(['community', 'organization']);
const ZStatus = z.enum(REQUEST_STATUSES);
const ZCategory = z.enum(PARTNER_AND_SPONSOR_CATEGORIES);
const ZDateTime = z.iso.datetime({ offset: true });

export const ZBenefitView = z
  .object({ key: z.enum(BENEFIT_KEYS), label: z.string().optional(), detail: z.string().optional() })
  .openapi('BenefitView');

const ZChange = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value });

export const ZProposalDiff = z
  .object({
    amountMinor: ZChange(z.number().int()).optional(),
    currency: ZChange(z.string()).optional(),
    category: ZChange(z.string()).optional(),
    benefitsAdded: z.array(ZBenefitView),
    benefitsRemoved: z.array(ZBenefitView),
    benefitsChanged: z.array(z.object({ key: z.string(), from: ZBenefitView, to: ZBenefitView })),
    termsChanged: z.boolean(),
  })
  .openapi('ProposalDiff');

export const ZInboxItem = z
  .object({
    id: z.uuid(),
    status: ZStatus,
    initiator: ZSide,
    direction: z.enum(['incoming', 'outgoing']),
    community: z.object({ id: z.uuid(), name: z.string() }),
    organization: z.object({ id: z.uuid(), name: z.string() }),
    event: z
      .object({
        id: z.uuid(),
        title: z.string().nullable(),
        type: z.enum(EVENT_TYPES).nullable(),
        region: z.string().nullable(),
      })
      .nullable(),
    opportunityId: z.uuid().nullable(),
    programId: z
      .uuid()
      .nullable()
      .describe('the long-term program whose renewal this is (null for any other request)'),
    currentRevision: z.number().int(),
    current: z.object({ amountMinor: z.number().int(), currency: ZCurrency, category: ZCategory }),
    dealId: z.uuid().nullable(),
    deadline: ZDateTime,
    lastActivityAt: ZDateTime,
    unread: z.boolean(),
  })
  .openapi('InboxItem');

export const ZInboxPage = z.object({
  success: z.literal(true),
  data: z.array(ZInboxItem),
  meta: ZPageMeta.extend({ unread: z.number().int().describe('unread requests among all that match') }),
});

export const ZRevision = z
  .object({
    number: z.number().int(),
    authorSide: ZSide,
    amountMinor: z.number().int(),
    currency: ZCurrency,
    category: ZCategory,
    tierKeyword: z.enum(PARTNERS_AND_SPONSORS_TIER),
    benefits: z.array(ZBenefitView),
    terms: z.string(),
    message: z.string().nullable(),
    diff: ZProposalDiff.nullable().describe('what changed from the previous revision (null for the first)'),
    createdAt: ZDateTime,
  })
  .openapi('Revision');

export const ZThreadMessage = z
  .object({
    id: z.uuid(),
    parentMessageId: z.uuid().nullable(),
    authorSide: ZSide,
    authorUserId: z.uuid().nullable(),
    body: z.string(),
    attachments: z.array(z.object({ url: z.string(), name: z.string().optional() })),
    createdAt: ZDateTime,
  })
  .openapi('ThreadMessage');

export const ZTimelineEntry = z
  .object({
    seq: z.number().int(),
    type: z
      .enum(REQUEST_TIMELINE_TYPES)
      .describe(
        'opened, counter (a counter-offer), the outcome (accepted, rejected, withdrawn, expired), or a repair by the reconciler (reconciled, needs_attention)',
      ),
    actorSide: ZSide.nullable(),
    actorUserId: z.uuid().nullable(),
    fromStatus: ZStatus.nullable(),
    toStatus: ZStatus.nullable(),
    revision: z.number().int().nullable(),
    detail: z
      .object({
        reason: z.string().optional(),
        cause: z.string().optional(),
        outcome: z.string().optional(),
        detail: z.string().optional(),
      })
      .nullable(),
    at: ZDateTime,
  })
  .openapi('TimelineEntry');

export const ZRequestDetail = z
  .object({
    id: z.uuid(),
    status: ZStatus,
    initiator: ZSide,
    communityId: z.uuid(),
    organizationId: z.uuid(),
    eventId: z.uuid().nullable(),
    opportunityId: z.uuid().nullable(),
    programId: z
      .uuid()
      .nullable()
      .describe('the long-term program whose renewal this is (null for any other request)'),
    currentRevision: z.number().int(),
    currentAuthor: ZSide,
    dealId: z.uuid().nullable(),
    deadline: ZDateTime,
    revisions: z.array(ZRevision),
    messages: z.array(ZThreadMessage),
    timeline: z.array(ZTimelineEntry),
  })
  .openapi('RequestDetail');

export const ZDeal = z
  .object({
    id: z.uuid(),
    requestId: z.uuid(),
    communityId: z.uuid(),
    organizationId: z.uuid(),
    eventId: z.uuid().nullable(),
    acceptedRevision: z.number().int(),
    amountMinor: z.number().int(),
    currency: ZCurrency,
    category: ZCategory,
    tierKeyword: z.enum(PARTNERS_AND_SPONSORS_TIER),
    benefits: z.array(ZBenefitView),
    terms: z.string(),
    status: z.enum(['Accepted', 'Contracted', 'Cancelled']),
    /** The deal's current contract: the live one, else the latest cancelled or expired one; null before any. */
    contractId: z.uuid().nullable(),
    createdAt: ZDateTime,
    updatedAt: ZDateTime,
  })
  .openapi('Deal');
export type TTimelineEntry = z.infer<typeof ZTimelineEntry>;
