import { z } from '@hono/zod-openapi';
import {
  EVENT_CATEGORIES,
  EVENT_PHASES,
  EVENT_TYPES,
  PARTNER_AND_SPONSOR_CATEGORIES,
} from '../../domain/commdesk-facts.js';
import type { TOpportunityRow } from '../../db/repositories/opportunities-repository.js';
import { ZBenefitView } from '../requests/requests.responses.js';
import { ZCurrency } from '../sponsors/sponsors.types.js';

const ZDateTime = z.iso.datetime({ offset: true });
export const ZOpportunity = z
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
    budgetRange: z.object({ minMinor: z.number().int(), maxMinor: z.number().int(), currency: ZCurrency }),
    benefits: z.array(ZBenefitView),
    timeline: z.string().nullable(),
    decisionDeadline: ZDateTime,
    slots: z.number().int(),
    status: z.enum(['Draft', 'Open', 'Closed', 'Filled']),
    createdAt: ZDateTime,
    updatedAt: ZDateTime,
  })
  .openapi('Opportunity');
export type TOpportunity = z.infer<typeof ZOpportunity>;

/** An opportunity as the API shows it (and as its audit rows record it). */
export function toOpportunityDto(row: TOpportunityRow): TOpportunity {
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
