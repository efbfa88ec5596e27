import { feeBreakdown, formatBps, invalidFeeBps } from './fees.js';
import { invalidTaxBps, taxMinorOf } from './tax.js';

/**
 * Invoices and receipts (pure): numbering and the document content. The invoice goes to the sponsor before it pays;
 * the platform fee is shown apart (it is part of the sponsorship amount, deducted from what the community is paid,
 * not added to the sponsor's bill); tax is added on top at the configured rate (0 by default, with a note saying so).
 */

export const INVOICE_SERIES = 'INV';
export const RECEIPT_SERIES = 'RCP';

/** `INV-2026-000123`: series, the UTC year of issue, the number within that year (at least six digits). */
export function formatDocumentNumber(series: string, year: number, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`document numbers start at 1, got ${n}`);
  return `${series}-${year}-${String(n).padStart(6, '0')}`;
}

/** Who appears on an invoice: the platform issues it, the community sells, the organization buys. */
export const INVOICE_PARTY_KINDS = ['platform', 'community', 'organization'] as const;

export type TParty = {
  kind: (typeof INVOICE_PARTY_KINDS)[number];
  id: string | null;
  name: string;
  legalName: string | null;
  address: string | null;
  website: string | null;
  taxId: string | null;
};

export type TInvoiceLine = {
  milestoneId: string;
  description: string;
  quantity: 1;
  unitAmountMinor: number;
  amountMinor: number;
  /** This milestone's share of the platform fee (already inside amountMinor). */
  platformFeeMinor: number;
};

export type TInvoiceDocument = {
  type: 'invoice';
  number: string;
  issuedAt: string;
  dueAt: string;
  paymentId: string;
  dealId: string;
  contractId: string | null;
  currency: string;
  issuer: TParty;
  seller: TParty;
  buyer: TParty;
  event: { title: string; startsAt: string; endsAt: string } | null;
  lines: TInvoiceLine[];
  subtotalMinor: number;
  platformFee: { bps: number; amountMinor: number; netToCommunityMinor: number; note: string };
  tax: {
    rateBps: number;
    amountMinor: number;
    sellerTaxId: string | null;
    buyerTaxId: string | null;
    note: string;
  };
  totalMinor: number;
  amountDueMinor: number;
};

export type TReceiptDocument = {
  type: 'receipt';
  number: string;
  invoiceNumber: string;
  issuedAt: string;
  paidAt: string;
  paymentId: string;
  dealId: string;
  currency: string;
  issuer: TParty;
  seller: TParty;
  buyer: TParty;
  lines: TInvoiceLine[];
  amountPaidMinor: number;
  platformFee: { bps: number; amountMinor: number; netToCommunityMinor: number };
  taxMinor: number;
  processorFeeMinor: number | null;
  paymentMethod: string;
  processorReference: string | null;
  note: string;
};

export type TInvoiceInput = {
  number: string;
  issuedAt: Date;
  dueAt: Date;
  paymentId: string;
  dealId: string;
  contractId: string | null;
  currency: string;
  issuer: TParty;
  seller: TParty;
  buyer: TParty;
  event: TInvoiceDocument['event'];
  milestones: readonly { id: string; description: string; amountMinor: number }[];
  platformFeeBps: number;
  taxRateBps: number;
};

/** Why the invoice cannot be issued, or null. */
export function invalidInvoiceInput(
  input: Pick<TInvoiceInput, 'milestones' | 'platformFeeBps' | 'taxRateBps' | 'issuedAt' | 'dueAt'>,
): string | null {
  if (input.milestones.length === 0) return 'an invoice needs at least one line (milestone)';
  for (const m of input.milestones)
    if (!Number.isSafeInteger(m.amountMinor) || m.amountMinor < 0)
      return `milestone ${m.id}: the amount must be a non-negative integer in minor units, got ${m.amountMinor}`;
  if (input.milestones.every((m) => m.amountMinor === 0))
    return 'an invoice for nothing cannot be issued (subtotal 0)';
  const fee = invalidFeeBps(input.platformFeeBps);
  if (fee) return fee;
  const tax = invalidTaxBps(input.taxRateBps);
  if (tax) return tax;
  if (input.dueAt.getTime() < input.issuedAt.getTime()) return 'the due date cannot be before the issue date';
  return null;
}

/** The invoice as issued: lines per milestone, the fee split by the rule in fees.ts, tax, totals. */
export function buildInvoiceDocument(input: TInvoiceInput): TInvoiceDocument {
  const invalid = invalidInvoiceInput(input);
  if (invalid) throw new RangeError(invalid);
  const fees = feeBreakdown(
    input.milestones.map((m) => ({ id: m.id, amountMinor: m.amountMinor })),
    input.platformFeeBps,
  );
  const lines: TInvoiceLine[] = input.milestones.map((m, i) => ({
    milestoneId: m.id,
    description: m.description,
    quantity: 1,
    unitAmountMinor: m.amountMinor,
    amountMinor: m.amountMinor,
    platformFeeMinor: fees.milestones[i]!.platformFeeMinor,
  }));
  // On the subtotal, once, half up (tax.ts); the platform fee and the community's share do not change with it.
  const taxMinor = taxMinorOf(fees.grossMinor, input.taxRateBps);
  const total = fees.grossMinor + taxMinor;
  return {
    type: 'invoice',
    number: input.number,
    issuedAt: input.issuedAt.toISOString(),
    dueAt: input.dueAt.toISOString(),
    paymentId: input.paymentId,
    dealId: input.dealId,
    contractId: input.contractId,
    currency: input.currency,
    issuer: input.issuer,
    seller: input.seller,
    buyer: input.buyer,
    event: input.event,
    lines,
    subtotalMinor: fees.grossMinor,
    platformFee: {
      bps: fees.bps,
      amountMinor: fees.platformFeeMinor,
      netToCommunityMinor: fees.netMinor,
      note: `Platform fee ${formatBps(fees.bps)}, included in the amounts above (not added to them): deducted from what ${input.seller.name} is paid when each milestone is released.`,
    },
    tax: {
      rateBps: input.taxRateBps,
      amountMinor: taxMinor,
      sellerTaxId: input.seller.taxId,
      buyerTaxId: input.buyer.taxId,
      note:
        input.taxRateBps === 0
          ? 'No tax charged on this invoice (tax rate 0). The buyer accounts for any tax due where it applies.'
          : `Tax at ${formatBps(input.taxRateBps)} of the subtotal.`,
    },
    totalMinor: total,
    amountDueMinor: total,
  };
}

/** The receipt for a paid invoice: what was paid, when, how, and the fee shown apart again. */
export function buildReceiptDocument(input: {
  number: string;
  issuedAt: Date;
  paidAt: Date;
  invoice: TInvoiceDocument;
  amountPaidMinor: number;
  processorFeeMinor: number | null;
  paymentMethod: string;
  processorReference: string | null;
}): TReceiptDocument {
  if (!Number.isSafeInteger(input.amountPaidMinor) || input.amountPaidMinor <= 0)
    throw new RangeError(
      `the amount paid must be a positive integer in minor units, got ${input.amountPaidMinor}`,
    );
  const inv = input.invoice;
  return {
    type: 'receipt',
    number: input.number,
    invoiceNumber: inv.number,
    issuedAt: input.issuedAt.toISOString(),
    paidAt: input.paidAt.toISOString(),
    paymentId: inv.paymentId,
    dealId: inv.dealId,
    currency: inv.currency,
    issuer: inv.issuer,
    seller: inv.seller,
    buyer: inv.buyer,
    lines: inv.lines,
    amountPaidMinor: input.amountPaidMinor,
    platformFee: {
      bps: inv.platformFee.bps,
      amountMinor: inv.platformFee.amountMinor,
      netToCommunityMinor: inv.platformFee.netToCommunityMinor,
    },
    taxMinor: inv.tax.amountMinor,
    processorFeeMinor: input.processorFeeMinor,
    paymentMethod: input.paymentMethod,
    processorReference: input.processorReference,
    note:
      input.amountPaidMinor === inv.totalMinor
        ? `Paid in full: invoice ${inv.number}. The money is held in escrow and released to ${inv.seller.name} milestone by milestone.`
        : `Paid ${input.amountPaidMinor} of ${inv.totalMinor} minor units due on invoice ${inv.number}.`,
  };
}

/** Minor units to a display amount with the currency's own decimals (JPY 0, USD 2, BHD 3). */
export function formatMoney(minor: number, currency: string): string {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
  } catch {
    // not a currency Intl knows: two decimals
  }
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 10 ** digits);
  const frac = digits ? `.${String(abs % 10 ** digits).padStart(digits, '0')}` : '';
  return `${sign}${currency} ${whole.toLocaleString('en')}${frac}`;
}
