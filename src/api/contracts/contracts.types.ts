import { z } from '@hono/zod-openapi';
import { ORGANIZATION_ROLES, PARTNER_AND_SPONSOR_CATEGORIES } from '../../domain/commdesk-facts.js';
import { CANCELLATION_STATUSES, CONTRACT_EVENT_TYPES, CONTRACT_STATUSES } from '../../domain/contract.js';
import { REQUEST_STATUSES } from '../../domain/negotiation.js';
import { zText } from '../../domain/text.js';
import { ZUuid } from '../http.js';
import { ZCurrency } from '../sponsors/sponsors.types.js';

const ZSide = z.enum(['community', 'organization']);
const ZSha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256 as 64 lower-case hex digits' })
  .openapi({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
const ZDateTime = z.iso.datetime({ offset: true });

export const ZContractParams = z.object({ contractId: ZUuid });
export const ZCreateContractBody = z.strictObject({ dealId: ZUuid });
export const ZCreateDealBody = z.strictObject({ requestId: ZUuid });
export const ZSignBody = z.strictObject({
  documentSha256: ZSha256.describe(
    'SHA-256 of the document the signer read (documentSha256 of the contract)',
  ),
  fullName: zText({ min: 1, max: 200 }).describe('The signer types their full name'),
  consent: z.literal(true, { message: 'consent must be true: the signer agrees to sign electronically' }),
});
export const ZCancelBody = z.strictObject({ reason: zText({ min: 1, max: 2_000, multiline: true }) });

export const ZCancellationBody = z.strictObject({
  reason: zText({ min: 1, max: 2_000, multiline: true }).describe(
    'Why the proposer wants to cancel the signed contract (shown to the other side)',
  ),
});

export const ZCancellation = z
  .object({
    contractId: z.uuid(),
    proposalId: z.string().describe('One proposal; a new one after a closed proposal gets a new id'),
    status: z.enum(CANCELLATION_STATUSES),
    proposedBy: ZSide,
    reason: z.string(),
    deadline: ZDateTime.describe('Until when the other side may confirm or decline; then it lapses'),
    closedBy: ZSide.nullable().describe(
      'The side whose answer closed the proposal; null while open or lapsed',
    ),
    contractStatus: z.enum(CONTRACT_STATUSES),
  })
  .openapi('ContractCancellation');

export const ZSignature = z
  .object({
    side: ZSide,
    userId: z.uuid(),
    fullName: z.string(),
    signedAt: ZDateTime,
    documentSha256: ZSha256,
  })
  .openapi('ContractSignature');

/** What a timeline entry adds, by type (created, generated, signed, reminder, cancelled, expired, sealed). */
const ZContractEventDetail = z
  .object({
    dealId: z.uuid().optional(),
    templateVersion: z.string().optional(),
    deadline: ZDateTime.nullable().optional(),
    fullName: z.string().optional(),
    reminder: z.number().int().optional(),
    waitingOn: z.array(ZSide).optional(),
    reason: z.string().optional(),
    deal: z.string().optional().describe('What the step did to the deal'),
    signedDocumentSha256: ZSha256.optional(),
    proposalId: z.string().optional().describe('The cancellation proposal the entry belongs to'),
  })
  .openapi('ContractEventDetail');
export type TContractEventDetail = z.infer<typeof ZContractEventDetail>;

export const ZContract = z
  .object({
    id: z.uuid(),
    dealId: z.uuid(),
    status: z.enum(CONTRACT_STATUSES),
    templateVersion: z.string().nullable(),
    sequential: z.boolean(),
    signingOrder: z.array(ZSide),
    parties: z.object({
      community: z.object({ id: z.uuid(), name: z.string() }),
      organization: z.object({ id: z.uuid(), name: z.string() }),
    }),
    /** The document to sign; null while it is being generated (status Draft). */
    documentSha256: ZSha256.nullable(),
    /** The sealed final PDF with its certificate page; null until Signed. */
    signedSha256: ZSha256.nullable(),
    deadline: ZDateTime.nullable(),
    signedAt: ZDateTime.nullable(),
    cancelReason: z.string().nullable(),
    signatures: z.array(ZSignature),
    timeline: z.array(
      z.object({
        type: z.enum(CONTRACT_EVENT_TYPES),
        side: ZSide.nullable(),
        actorUserId: z.uuid().nullable(),
        fromStatus: z.enum(CONTRACT_STATUSES).nullable(),
        toStatus: z.enum(CONTRACT_STATUSES).nullable(),
        documentSha256: ZSha256.nullable(),
        detail: ZContractEventDetail.nullable(),
        at: ZDateTime,
      }),
    ),
    createdAt: ZDateTime,
  })
  .openapi('Contract');

export const ZDealSummary = z
  .object({
    id: z.uuid(),
    requestId: z.uuid(),
    requestStatus: z.enum(REQUEST_STATUSES),
    status: z.enum(['Accepted', 'Contracted', 'Cancelled']),
    communityId: z.uuid(),
    organizationId: z.uuid(),
    eventId: z.uuid().nullable(),
    amountMinor: z.number().int(),
    currency: ZCurrency,
    category: z.enum(PARTNER_AND_SPONSOR_CATEGORIES),
    contractId: z.uuid().nullable(),
  })
  .openapi('DealSummary');

export const ZDocumentQuery = z.object({
  version: z
    .enum(['current', 'signed'])
    .default('current')
    .describe(
      'current: the document to sign; signed: the sealed PDF with its certificate page (once Signed)',
    ),
});
export const ZDocumentLinkBody = z.strictObject({
  version: z.enum(['current', 'signed']).default('current'),
});
export const ZDocumentLink = z
  .object({ url: z.string(), expiresAt: ZDateTime })
  .openapi('ContractDocumentLink');
export const ZSharedDocumentQuery = z.object({
  version: z.enum(['current', 'signed']),
  // Required: coerced, it would be documented as optional and nullable, and a missing value read as NaN.
  expires: z.coerce
    .number()
    .int()
    .min(0)
    .describe('Epoch milliseconds after which the link is refused')
    .openapi({ type: 'integer', minimum: 0, param: { required: true } }),
  // HMAC-SHA256, base64url without padding (secretBox.mac)
  signature: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, { message: 'must be the link signature (43 base64url characters)' }),
});

export const ZEvidence = z
  .object({
    contractId: z.uuid(),
    dealId: z.uuid(),
    status: z.enum(CONTRACT_STATUSES),
    templateVersion: z.string().nullable(),
    documentSha256: ZSha256.nullable(),
    signedSha256: ZSha256.nullable(),
    signatures: z.array(
      z.object({
        side: ZSide,
        userId: z.uuid(),
        fullName: z.string(),
        signedAt: ZDateTime,
        ip: z.string(),
        userAgent: z.string(),
        sessionId: z.string(),
        documentSha256: ZSha256,
      }),
    ),
    events: z.array(
      z.object({
        at: ZDateTime,
        type: z.enum(CONTRACT_EVENT_TYPES),
        side: ZSide.nullable(),
        actorUserId: z.uuid().nullable(),
        fromStatus: z.enum(CONTRACT_STATUSES).nullable(),
        toStatus: z.enum(CONTRACT_STATUSES).nullable(),
        ip: z.string().nullable(),
        userAgent: z.string().nullable(),
        sessionId: z.string().nullable(),
        documentSha256: ZSha256.nullable(),
        detail: ZContractEventDetail.nullable(),
      }),
    ),
    exportedAt: ZDateTime,
  })
  .openapi('ContractEvidence');

export const ZVerifyBody = z
  .object({
    file: z.any().openapi({ type: 'string', format: 'binary', description: 'The PDF to check' }),
  })
  // z.any() admits undefined, so the document would not list the file as required; the route needs it.
  .openapi({ required: ['file'] });
export const ZVerification = z
  .object({
    sealed: z.boolean().describe('The file carries a digital signature'),
    intact: z.boolean().describe('Not one byte changed since it was signed'),
    ours: z.boolean().describe('Sealed with the CommDesk Marketplace certificate'),
    contractId: z.uuid().nullable().describe('The contract whose sealed PDF this exactly is, if any'),
    sha256: ZSha256,
    reason: z.string(),
  })
  .openapi('ContractVerification');

export const ZSignerParams = z.object({ organizationId: ZUuid, userId: ZUuid });
export const ZOrganizationParams = z.object({ organizationId: ZUuid });
export const ZDelegatedSigner = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    role: z
      .enum(ORGANIZATION_ROLES)
      .nullable()
      .describe("The member's role in the organization (null once they left it)"),
    delegatedBy: z.uuid().nullable(),
    createdAt: ZDateTime,
  })
  .openapi('DelegatedSigner');
