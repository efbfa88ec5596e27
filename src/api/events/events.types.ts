import { z } from '@hono/zod-openapi';
import { EVENT_CATEGORIES, EVENT_PHASES, EVENT_STATUSES, EVENT_TYPES } from '../../domain/commdesk-facts.js';
import { zText } from '../../domain/text.js';
import { ZPagination, ZUuid } from '../http.js';

export const ZEventListQuery = ZPagination.extend({
  search: zText({ max: 200 }).optional(),
  status: z.enum(EVENT_STATUSES).optional(),
  type: z.enum(EVENT_TYPES).optional(),
  category: z.enum(EVENT_CATEGORIES).optional(),
  communityId: ZUuid.optional(),
  phase: z.enum(EVENT_PHASES).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(['startsAt', '-startsAt', 'title']).default('startsAt'),
}).strict();

export const ZEvent = z
  .object({
    id: z.string(),
    communityId: z.string(),
    communityName: z.string(),
    title: z.string(),
    type: z.enum(EVENT_TYPES),
    category: z.enum(EVENT_CATEGORIES),
    startsAt: z.string(),
    endsAt: z.string(),
    timezone: z.string(),
    city: z.string().nullable(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    expectedParticipants: z.number().nullable(),
    status: z.enum(EVENT_STATUSES),
    phase: z.enum(EVENT_PHASES),
    isPublic: z.boolean(),
  })
  .openapi('Event');
