import { z } from '@hono/zod-openapi';
import { FULFILLMENT_STATUSES, PROOF_FILE_TYPES } from '../../domain/fulfillment.js';
import { zText } from '../../domain/text.js';
import { ZUuid } from '../http.js';

export { ZProofInput } from '../../domain/fulfillment.js';

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
  });

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
        type: z.string(),
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
    currency: z.string(),
    category: z.string(),
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
