import { z } from '@hono/zod-openapi';
import { INVOICE_PARTY_KINDS } from '../../domain/invoice.js';
import { ZUuid } from '../http.js';
import { ZCurrencyCode, ZId } from './payments.types.js';

const ZAt = z.string().meta({ format: 'date-time' });
const ZMinor = z.number().int();

export const ZInvoiceParams = z.object({ paymentId: ZUuid });
export const ZInvoiceQuery = z.object({
  format: z
    .enum(['pdf', 'json'])
    .default('pdf')
    .describe('pdf: the document to read or print; json: the same document as issued (machine-readable)'),
});

const ZParty = z.object({
  kind: z.enum(INVOICE_PARTY_KINDS),
  id: ZId.nullable().describe('null for the platform'),
  name: z.string(),
  legalName: z.string().nullable(),
  address: z.string().nullable(),
  website: z.string().nullable(),
  taxId: z.string().nullable(),
});

const ZLine = z.object({
  milestoneId: ZId,
  description: z.string(),
  quantity: z.literal(1),
  unitAmountMinor: ZMinor,
  amountMinor: ZMinor,
  platformFeeMinor: ZMinor.describe("this milestone's share of the platform fee (inside amountMinor)"),
});

export const ZInvoiceDocument = z
  .object({
    type: z.literal('invoice'),
    number: z
      .string()
      .regex(/^INV-\d{4}-\d{6,}$/)
      .describe('gap-free per platform: INV-<year>-<number>'),
    issuedAt: ZAt,
    dueAt: ZAt,
    paymentId: ZId,
    dealId: ZId,
    contractId: ZId.nullable(),
    currency: ZCurrencyCode,
    issuer: ZParty,
    seller: ZParty,
    buyer: ZParty,
    event: z.object({ title: z.string(), startsAt: ZAt, endsAt: ZAt }).nullable(),
    lines: z.array(ZLine),
    subtotalMinor: ZMinor,
    platformFee: z.object({
      bps: z.number().int(),
      amountMinor: ZMinor,
      netToCommunityMinor: ZMinor,
      note: z.string(),
    }),
    tax: z.object({
      rateBps: z.number().int(),
      amountMinor: ZMinor,
      sellerTaxId: z.string().nullable(),
      buyerTaxId: z.string().nullable(),
      note: z.string(),
    }),
    totalMinor: ZMinor,
    amountDueMinor: ZMinor,
  })
  .openapi('InvoiceDocument');

export const ZReceiptDocument = z
  .object({
    type: z.literal('receipt'),
    number: z
      .string()
      .regex(/^RCP-\d{4}-\d{6,}$/)
      .describe('gap-free per platform: RCP-<year>-<number>'),
    invoiceNumber: z.string().regex(/^INV-\d{4}-\d{6,}$/),
    issuedAt: ZAt,
    paidAt: ZAt,
    paymentId: ZId,
    dealId: ZId,
    currency: ZCurrencyCode,
    issuer: ZParty,
    seller: ZParty,
    buyer: ZParty,
    lines: z.array(ZLine),
    amountPaidMinor: ZMinor,
    platformFee: z.object({ bps: z.number().int(), amountMinor: ZMinor, netToCommunityMinor: ZMinor }),
    taxMinor: ZMinor,
    processorFeeMinor: ZMinor.nullable(),
    paymentMethod: z.string(),
    processorReference: z.string().nullable(),
    note: z.string(),
  })
  .openapi('ReceiptDocument');
