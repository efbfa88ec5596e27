import { z } from '@hono/zod-openapi';
import {
  CATEGORY_INFO,
  ORGANIZATION_KINDS,
  PARTNER_AND_SPONSOR_CATEGORIES,
  type PartnerCategory,
} from '../../domain/commdesk-facts.js';
import { ZBenefit, ZPartnerCategory, ZVisibility } from '../../domain/event-partners.js';
import { zHttpUrl, zText } from '../../domain/text.js';
import { BUSINESS_RULE_ISSUE, ZPagination, ZUuid } from '../http.js';

const ZHttpUrl = zHttpUrl();

export const ZEventParams = z.object({ eventId: ZUuid });
export const ZLinkParams = z.object({ eventId: ZUuid, linkId: ZUuid });

export const ZPanelQuery = ZPagination.extend({
  search: zText({ max: 200 }).optional(),
  category: ZPartnerCategory.optional(),
  kind: z.enum(ORGANIZATION_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).strict();

const assignmentFields = {
  category: ZPartnerCategory.optional(),
  benefits: z.array(ZBenefit).max(50).optional(),
  visibility: ZVisibility.optional(),
  displayOrder: z.number().int().min(0).max(100_000).optional(),
};

const CARD_FIELDS = ['name', 'logoUrl', 'imageUrl', 'website'] as const;
/** The document's form of the check below: an organization and no card field, or a card with name and website. */
const ORGANIZATION_OR_CARD = [
  { required: ['organizationId'], not: { anyOf: CARD_FIELDS.map((field) => ({ required: [field] })) } },
  { required: ['name', 'website'], not: { required: ['organizationId'] } },
];

/** The sponsor labels (`... Sponsor`): the sponsors view takes only these, and requires one. */
const SPONSOR_LABELS = CATEGORY_INFO.filter((info) => info.kind === 'sponsor').map((info) => info.label);
const ZSponsorCategory = z
  .string()
  .refine((value) => (SPONSOR_LABELS as string[]).includes(value), {
    message: `the sponsors view takes a sponsor label: ${SPONSOR_LABELS.join(', ')}`,
  })
  .transform((value) => value as PartnerCategory)
  .meta({ enum: SPONSOR_LABELS });

/**
 * Either an existing organization (`organizationId`) or an inline card (`name` + `website`, with
 * `logoUrl`, or the Event System's legacy `imageUrl`).
 */
const createAssignment = <C extends z.ZodType<PartnerCategory | undefined>>(category: C) =>
  z
    .strictObject({
      organizationId: ZUuid.optional(),
      name: zText({ min: 1, max: 200 }).optional(),
      logoUrl: ZHttpUrl.optional(),
      imageUrl: ZHttpUrl.optional(),
      website: ZHttpUrl.optional(),
      ...assignmentFields,
      category,
    })
    .superRefine((body, ctx) => {
      if (body.organizationId) {
        for (const field of CARD_FIELDS) {
          if (body[field] !== undefined)
            ctx.addIssue({
              code: 'custom',
              path: [field],
              message: `give either organizationId or ${field}, not both`,
            });
        }
        return;
      }
      if (!body.name)
        ctx.addIssue({
          code: 'custom',
          path: ['name'],
          message: 'name is required when organizationId is not given',
        });
      if (!body.website)
        ctx.addIssue({
          code: 'custom',
          path: ['website'],
          message: 'website is required when organizationId is not given',
        });
      if (body.logoUrl && body.imageUrl && body.logoUrl !== body.imageUrl) {
        ctx.addIssue({
          code: 'custom',
          path: ['imageUrl'],
          message: 'imageUrl is the legacy name of logoUrl; give one of them',
          // Two values compared: JSON Schema cannot say it, so a 422.
          params: BUSINESS_RULE_ISSUE,
        });
      }
    });

export const ZCreateAssignment = createAssignment(ZPartnerCategory.optional()).openapi('CreateEventPartner', {
  oneOf: ORGANIZATION_OR_CARD,
});
export const ZCreateSponsorAssignment = createAssignment(ZSponsorCategory).openapi('CreateEventSponsor', {
  oneOf: ORGANIZATION_OR_CARD,
});
export type TCreateAssignment = z.infer<typeof ZCreateAssignment>;

export const ZUpdateAssignment = z
  .strictObject({
    name: zText({ min: 1, max: 200 }).optional(),
    logoUrl: ZHttpUrl.nullable().optional(),
    imageUrl: ZHttpUrl.nullable().optional(),
    website: ZHttpUrl.optional(),
    ...assignmentFields,
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' })
  .openapi('UpdateEventPartner', { minProperties: 1 });

export type TUpdateAssignment = z.infer<typeof ZUpdateAssignment>;

export const ZAssignment = z
  .object({
    id: z.string(),
    eventId: z.string(),
    organizationId: z.string(),
    name: z.string(),
    logoUrl: z.string().nullable(),
    imageUrl: z.string().nullable().describe('legacy alias of logoUrl'),
    website: z.string().nullable(),
    category: z.enum(PARTNER_AND_SPONSOR_CATEGORIES),
    kind: z.enum(ORGANIZATION_KINDS),
    tierKeyword: z.string(),
    band: z.number().int(),
    benefits: z.array(ZBenefit),
    visibility: ZVisibility,
    displayOrder: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('EventPartner');
export type TAssignment = z.infer<typeof ZAssignment>;
