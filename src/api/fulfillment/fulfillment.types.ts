import { z } from '@hono/zod-openapi';
import { PARTNER_AND_SPONSOR_CATEGORIES } from '../../domain/commdesk-facts.js';
import {
  FULFILLMENT_EVENT_TYPE_PATTERN,
  FULFILLMENT_STATUSES,
  PROOF_FILE_MAX_BYTES,
  PROOF_FILE_TYPES,
} from '../../domain/fulfillment.js';
import { zHttpUrl, zText } from '../../domain/text.js';
import { ZUuid } from '../http.js';
import { ZCurrency } from '../sponsors/sponsors.types.js';

// Zod stays out of src/domain/fulfillment.ts: the workflow bundle imports that module, and building schemas there
// cost every new workflow about 15 ms of CPU.
const ZProofNote = zText({ max: 1000, multiline: true }).optional();

const PROOF_FIELDS = {
  link: ['url'],
  file: ['fileName', 'contentType', 'contentBase64'],
  metric: ['name', 'value', 'measuredAt'],
} as const;
const OPTIONAL_FIELDS = { link: [], file: [], metric: ['unit'] } as const;

/**
 * A proof as sent to `POST /deals/:id/benefits/:itemId/proof`: `type` says which fields it needs (link: url; file:
 * fileName, contentType, contentBase64; metric: name, value, measuredAt and optionally unit; note with any). One flat
 * object rather than a union, so that a bad value is reported at its own field whatever the type.
 */
export const ZProofInput = z
  .strictObject({
    type: z.enum(['link', 'file', 'metric']),
    url: zHttpUrl().optional(),
    fileName: zText({ min: 1, max: 200 }).optional(),
    contentType: z
      .enum(PROOF_FILE_TYPES, { message: `contentType must be one of: ${PROOF_FILE_TYPES.join(', ')}` })
      .optional(),
    contentBase64: z
      .string()
      .min(1)
      .max(Math.ceil(PROOF_FILE_MAX_BYTES / 3) * 4, {
        message: `the file must be at most ${PROOF_FILE_MAX_BYTES} bytes`,
      })
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'must be base64 (RFC 4648, no line breaks)' })
      .meta({ contentEncoding: 'base64' })
      .optional(),
    name: zText({ min: 1, max: 120 }).optional(),
    value: z.number().finite().optional(),
    unit: zText({ max: 40 }).optional(),
    measuredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
    note: ZProofNote,
  })
  // The document states the same per-type rule as the check below: which fields each type needs and admits.
  .openapi({
    oneOf: (Object.keys(PROOF_FIELDS) as (keyof typeof PROOF_FIELDS)[]).map((type) => ({
      properties: { type: { const: type } },
      required: ['type', ...PROOF_FIELDS[type]],
      propertyNames: { enum: ['type', 'note', ...PROOF_FIELDS[type], ...OPTIONAL_FIELDS[type]] },
    })),
  })
  .superRefine((proof, ctx) => {
    const needed: readonly string[] = PROOF_FIELDS[proof.type];
    const allowed = new Set([...needed, ...OPTIONAL_FIELDS[proof.type], 'type', 'note']);
    for (const field of needed)
      if (proof[field as keyof typeof proof] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `required for a ${proof.type} proof` });
    for (const [field, value] of Object.entries(proof))
      if (value !== undefined && !allowed.has(field))
        ctx.addIssue({ code: 'custom', path: [field], message: `not part of a ${proof.type} proof` });
  })
  .transform((p): TProofInputValue => {
    const note = p.note ? { note: p.note } : {};
    if (p.type === 'link') return { type: 'link', url: p.url!, ...note };
    if (p.type === 'file')
      return {
        type: 'file',
        fileName: p.fileName!,
        contentType: p.contentType!,
        contentBase64: p.contentBase64!,
        ...note,
      };
    return {
      type: 'metric',
      name: p.name!,
      value: p.value!,
      ...(p.unit ? { unit: p.unit } : {}),
      measuredAt: p.measuredAt!,
      ...note,
    };
  });
type TProofInputValue =
  | { type: 'link'; url: string; note?: string }
  | {
      type: 'file';
      fileName: string;
      contentType: (typeof PROOF_FILE_TYPES)[number];
      contentBase64: string;
      note?: string;
    }
  | { type: 'metric'; name: string; value: number; unit?: string; measuredAt: string; note?: string };
export type TProofInput = z.infer<typeof ZProofInput>;

const SIDES = ['community', 'organization'] as const;

export const ZDealParams = z.object({ dealId: ZUuid });
export const ZItemParams = z.object({ dealId: ZUuid, itemId: ZUuid });

export const ZPatchItemBody = z
  .strictObject({
    ownerUserId: ZUuid.optional().describe('An Active member of the community'),
    dueAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
      .optional()
      .describe('In the future; not for a Missed item'),
    status: z
      .enum(['Planned', 'InProgress'], {
        message:
          'status may be Planned or InProgress here; Delivered, Verified, Disputed and Waived have their own endpoints (proof, verify, dispute, waive)',
      })
      .optional(),
  })
  .refine((b) => b.ownerUserId !== undefined || b.dueAt !== undefined || b.status !== undefined, {
    message: 'send at least one of ownerUserId, dueAt, status',
  })
  // The object admits only these three fields, so "at least one of them" is minProperties: 1.
  .openapi({ minProperties: 1 });

export const ZReasonBody = z.strictObject({ reason: zText({ min: 1, max: 1000, multiline: true }) });

export const ZReportQuery = z.object({
  format: z.enum(['json', 'pdf']).default('json').describe('pdf: the stored PDF of the final report'),
});

const ZProofView = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('link'), url: z.string(), note: z.string().optional() }),
    z.object({
      type: z.literal('file'),
      fileName: z.string(),
      contentType: z.enum(PROOF_FILE_TYPES),
      sizeBytes: z.number().int(),
      sha256: z.string(),
      note: z.string().optional(),
    }),
    z.object({
      type: z.literal('metric'),
      name: z.string(),
      value: z.number(),
      unit: z.string().optional(),
      measuredAt: z.string(),
      note: z.string().optional(),
    }),
  ])
  .openapi('BenefitProof');

const ZStatus = z.enum(FULFILLMENT_STATUSES);
const ZUserRef = z.object({ id: z.uuid(), name: z.string() });

export const ZBenefitItem = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    benefitKey: z.string(),
    title: z.string(),
    detail: z.string().nullable(),
    owner: ZUserRef,
    dueAt: z.string(),
    status: ZStatus,
    proof: ZProofView.nullable(),
    disputeReason: z.string().nullable(),
    waivedBy: z.array(z.enum(SIDES)),
    deliveredAt: z.string().nullable(),
    verifiedAt: z.string().nullable(),
    missedAt: z.string().nullable(),
    waivedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('BenefitItem');

const ZCompletion = z.object({
  total: z.number().int(),
  done: z.number().int().describe('Verified or Waived'),
  percent: z.number(),
});

export const ZBenefits = z
  .object({
    dealId: z.uuid(),
    contractId: z.uuid(),
    status: z.enum(['Fulfilling', 'Completed']),
    endAt: z.string().describe("The event's end: the alarm and the report count from it"),
    completion: ZCompletion,
    alarm: z
      .object({ checkedAt: z.string(), raised: z.boolean(), percent: z.number().nullable() })
      .nullable(),
    reportProducedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    items: z.array(ZBenefitItem),
    timeline: z.array(
      z.object({
        type: z
          .string()
          .regex(new RegExp(FULFILLMENT_EVENT_TYPE_PATTERN))
          .describe(
            'a step (started, reminder, missed, alarm, report, completed, waived) or the actions of one item change joined with + (edit+deliver)',
          ),
        itemId: z.uuid().nullable(),
        actorUserId: z.uuid().nullable(),
        actorSide: z.enum(SIDES).nullable(),
        fromStatus: ZStatus.nullable(),
        toStatus: ZStatus.nullable(),
        reason: z.string().nullable(),
        at: z.string(),
      }),
    ),
  })
  .openapi('DealBenefits');

export const ZSponsorReport = z
  .object({
    dealId: z.uuid(),
    contractId: z.uuid(),
    kind: z.enum(['final', 'preview']).describe('preview until the report is produced after the event'),
    generatedAt: z.string(),
    community: z.object({ id: z.uuid(), name: z.string() }),
    organization: z.object({ id: z.uuid(), name: z.string() }),
    event: z.object({ id: z.uuid(), title: z.string(), startsAt: z.string(), endsAt: z.string() }).nullable(),
    amountMinor: z.number().int(),
    currency: ZCurrency,
    category: z.enum(PARTNER_AND_SPONSOR_CATEGORIES),
    summary: ZCompletion.extend({
      byStatus: z.object(
        Object.fromEntries(FULFILLMENT_STATUSES.map((s) => [s, z.number().int()])) as {
          [K in (typeof FULFILLMENT_STATUSES)[number]]: z.ZodNumber;
        },
      ),
    }),
    items: z.array(
      z.object({
        id: z.uuid(),
        benefitKey: z.string(),
        title: z.string(),
        detail: z.string().nullable(),
        owner: ZUserRef,
        dueAt: z.string(),
        status: ZStatus,
        proof: ZProofView.nullable(),
        disputeReason: z.string().nullable(),
        deliveredAt: z.string().nullable(),
        verifiedAt: z.string().nullable(),
        missedAt: z.string().nullable(),
        waivedAt: z.string().nullable(),
        late: z.boolean(),
      }),
    ),
    pdfSha256: z.string().nullable().describe('SHA-256 of the stored PDF (final report only)'),
  })
  .openapi('SponsorReport');
