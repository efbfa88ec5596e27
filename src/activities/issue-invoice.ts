import { loadConfig, type TConfig } from '../config.js';
import type { TDb, TDbOrTx } from '../db/client.js';
import {
  findInvoiceByPayment,
  findReceiptByPayment,
  insertInvoice,
  insertReceipt,
  invoicePartiesOfDeal,
  lockDocumentCounter,
  paymentForInvoice,
  takeDocumentNumber,
  type TInvoiceRow,
  type TReceiptRow,
} from '../db/repositories/invoice-repository.js';
import type { DocumentStore } from '../documents/document-store.js';
import { fileRecord, renderedFiles, writeDocumentFiles } from '../documents/invoice-files.js';
import { effectiveFeeBps } from '../domain/fees.js';
import { effectiveTaxRateBps } from '../domain/tax.js';
import {
  buildInvoiceDocument,
  buildReceiptDocument,
  INVOICE_SERIES,
  invalidInvoiceInput,
  RECEIPT_SERIES,
  type TParty,
} from '../domain/invoice.js';
import { AppError, notFound } from '../errors.js';

/**
 * Invoices and receipts of a payment (issue 10), idempotent by payment id: a retry returns what the first call
 * issued. The number comes from a gap-free counter taken in the transaction that inserts the row. The row holds the
 * issued JSON and the keys and SHA-256 of both files (PDF and JSON), computed in that transaction: rendering is
 * deterministic (fixed dates, no producer stamp), so the files can be written after the commit, or again, with the
 * recorded bytes. `issueInvoice`/`issueReceipt` write them at once; the transactional `issuePaymentInvoice`/
 * `issuePaymentReceipt` (called inside the escrow's state-change transaction) leave them to `writeDocumentFiles` or
 * to the first download, which renders, checks the recorded hash and stores them.
 */

export type TInvoiceConfig = Pick<
  TConfig,
  | 'PLATFORM_FEE_BPS'
  | 'INVOICE_ISSUER_NAME'
  | 'INVOICE_ISSUER_ADDRESS'
  | 'INVOICE_ISSUER_TAX_ID'
  | 'INVOICE_TAX_RATE_BPS'
  | 'INVOICE_DUE_AFTER'
> &
  Partial<Pick<TConfig, 'INVOICE_TAX_RATE_BY_COMMUNITY'>>;
export type TInvoiceDeps = { db: TDb; documentStore: DocumentStore; config: TInvoiceConfig };

export type TIssueInvoiceInput = {
  paymentId: string;
  dealId: string;
  contractId?: string | null;
  /** One line per milestone, in order; their sum is the sponsorship amount (the subtotal). */
  milestones: readonly { id: string; description: string; amountMinor: number }[];
  /** The program's fee when it overrides the platform's PLATFORM_FEE_BPS. */
  platformFeeBps?: number | null;
  /** When payment is due; default INVOICE_DUE_AFTER after issue (pass the payment deadline). */
  dueAt?: Date | string | null;
};

export type TIssueReceiptInput = {
  paymentId: string;
  amountPaidMinor: number;
  paidAt: Date | string;
  processorFeeMinor?: number | null;
  /** e.g. the PaymentIntent or charge id. */
  processorReference?: string | null;
  paymentMethod?: string;
};

/** What a caller gets back: the number, the stored files and their hashes. */
export type TIssuedDocument = {
  id: string;
  paymentId: string;
  number: string;
  issuedAt: string;
  pdfKey: string;
  pdfSha256: string;
  jsonKey: string;
  jsonSha256: string;
};

const issuerOf = (config: TInvoiceConfig): TParty => ({
  kind: 'platform',
  id: null,
  name: config.INVOICE_ISSUER_NAME,
  legalName: null,
  address: config.INVOICE_ISSUER_ADDRESS ?? null,
  website: null,
  taxId: config.INVOICE_ISSUER_TAX_ID ?? null,
});

/**
 * The invoice row of a payment, inserted with the next number unless the payment has one. Runs in the caller's
 * transaction: when it rolls back, so does the number. Exposed for callers that issue inside their own transaction;
 * `issueInvoice` is the usual entry.
 */
export async function createInvoiceRecord(
  tx: TDbOrTx,
  config: TInvoiceConfig,
  input: TIssueInvoiceInput,
  now = new Date(),
): Promise<{ invoice: TInvoiceRow; created: boolean }> {
  const existing = await findInvoiceByPayment(tx, input.paymentId);
  if (existing) return { invoice: existing, created: false };
  const parties = await invoicePartiesOfDeal(tx, input.dealId);
  if (!parties) throw notFound('Deal');
  const bps = effectiveFeeBps(config.PLATFORM_FEE_BPS, input.platformFeeBps);
  // The community's jurisdiction may have its own rate; otherwise the platform's.
  const taxRateBps = effectiveTaxRateBps(
    config.INVOICE_TAX_RATE_BPS,
    config.INVOICE_TAX_RATE_BY_COMMUNITY ?? {},
    parties.community.id,
  );
  const dueAt = input.dueAt ? new Date(input.dueAt) : new Date(now.getTime() + config.INVOICE_DUE_AFTER);
  if (Number.isNaN(dueAt.getTime()))
    throw new AppError('BUSINESS_RULE', `dueAt is not a date: ${String(input.dueAt)}`);
  const invalid = invalidInvoiceInput({
    milestones: input.milestones,
    platformFeeBps: bps,
    taxRateBps,
    issuedAt: now,
    dueAt,
  });
  if (invalid)
    throw new AppError('BUSINESS_RULE', `invoice for payment ${input.paymentId} refused: ${invalid}`);

  const year = now.getUTCFullYear();
  await lockDocumentCounter(tx, INVOICE_SERIES, year);
  // Another issuer of this payment held the counter until it committed: look again now that we hold it.
  const raced = await findInvoiceByPayment(tx, input.paymentId);
  if (raced) return { invoice: raced, created: false };
  const number = await takeDocumentNumber(tx, INVOICE_SERIES, year);
  const document = buildInvoiceDocument({
    number,
    issuedAt: now,
    dueAt,
    paymentId: input.paymentId,
    dealId: input.dealId,
    contractId: input.contractId ?? null,
    currency: parties.deal.currency,
    issuer: issuerOf(config),
    seller: {
      kind: 'community',
      id: parties.community.id,
      name: parties.community.name,
      legalName: null,
      address: null,
      website: null,
      taxId: null,
    },
    buyer: {
      kind: 'organization',
      id: parties.organization.id,
      name: parties.organization.displayName,
      legalName: parties.organization.legalName,
      address: null,
      website: parties.organization.website,
      taxId: null,
    },
    event: parties.event
      ? {
          title: parties.event.title,
          startsAt: parties.event.startsAt.toISOString(),
          endsAt: parties.event.endsAt.toISOString(),
        }
      : null,
    milestones: input.milestones,
    platformFeeBps: bps,
    taxRateBps,
  });
  const files = await renderedFiles('invoice', input.paymentId, document);
  const invoice = await insertInvoice(tx, {
    ...fileRecord(files),
    paymentId: input.paymentId,
    dealId: input.dealId,
    number,
    issuedAt: now,
    dueAt,
    currency: document.currency,
    subtotalMinor: document.subtotalMinor,
    platformFeeBps: bps,
    platformFeeMinor: document.platformFee.amountMinor,
    taxRateBps: document.tax.rateBps,
    taxMinor: document.tax.amountMinor,
    totalMinor: document.totalMinor,
    document,
  });
  return { invoice, created: true };
}

function issued(row: TInvoiceRow | TReceiptRow): TIssuedDocument {
  return {
    id: row.id,
    paymentId: row.paymentId,
    number: row.number,
    issuedAt: row.issuedAt.toISOString(),
    pdfKey: row.pdfKey,
    pdfSha256: row.pdfSha256,
    jsonKey: row.jsonKey,
    jsonSha256: row.jsonSha256,
  };
}

/**
 * Issues the payment's invoice (or returns the one issued) and writes its PDF and JSON to the store; with its tax and
 * total (what the sponsor is charged).
 */
export async function issueInvoice(
  deps: TInvoiceDeps,
  input: TIssueInvoiceInput,
): Promise<TIssuedDocument & { taxMinor: number; totalMinor: number }> {
  const { invoice } = await deps.db.transaction((tx) => createInvoiceRecord(tx, deps.config, input));
  await writeDocumentFiles(deps.documentStore, invoice);
  return { ...issued(invoice), taxMinor: invoice.taxMinor, totalMinor: invoice.totalMinor };
}

/** The receipt row of a payment, inserted with the next number unless the payment has one (caller's transaction). */
export async function createReceiptRecord(
  tx: TDbOrTx,
  input: TIssueReceiptInput,
  now = new Date(),
): Promise<{ receipt: TReceiptRow; created: boolean }> {
  if (!Number.isSafeInteger(input.amountPaidMinor) || input.amountPaidMinor <= 0)
    throw new AppError(
      'BUSINESS_RULE',
      `the amount paid must be a positive integer in minor units, got ${input.amountPaidMinor}`,
    );
  const paidAt = new Date(input.paidAt);
  if (Number.isNaN(paidAt.getTime()))
    throw new AppError('BUSINESS_RULE', `paidAt is not a date: ${String(input.paidAt)}`);
  const existing = await findReceiptByPayment(tx, input.paymentId);
  if (existing) return { receipt: existing, created: false };
  const invoice = await findInvoiceByPayment(tx, input.paymentId);
  if (!invoice)
    throw new AppError(
      'BUSINESS_RULE',
      `payment ${input.paymentId} has no invoice: issue it before the receipt`,
    );
  const year = now.getUTCFullYear();
  await lockDocumentCounter(tx, RECEIPT_SERIES, year);
  const raced = await findReceiptByPayment(tx, input.paymentId);
  if (raced) return { receipt: raced, created: false };
  const number = await takeDocumentNumber(tx, RECEIPT_SERIES, year);
  const document = buildReceiptDocument({
    number,
    issuedAt: now,
    paidAt,
    invoice: invoice.document,
    amountPaidMinor: input.amountPaidMinor,
    processorFeeMinor: input.processorFeeMinor ?? null,
    paymentMethod: input.paymentMethod ?? 'card, through Stripe',
    processorReference: input.processorReference ?? null,
  });
  const files = await renderedFiles('receipt', input.paymentId, document);
  const receipt = await insertReceipt(tx, {
    ...fileRecord(files),
    paymentId: input.paymentId,
    invoiceId: invoice.id,
    number,
    issuedAt: now,
    paidAt,
    currency: invoice.currency,
    amountPaidMinor: input.amountPaidMinor,
    document,
  });
  return { receipt, created: true };
}

/** Issues the payment's receipt (or returns the one issued); the invoice must exist: the sponsor pays an invoice. */
export async function issueReceipt(deps: TInvoiceDeps, input: TIssueReceiptInput): Promise<TIssuedDocument> {
  const { receipt } = await deps.db.transaction((tx) => createReceiptRecord(tx, input));
  await writeDocumentFiles(deps.documentStore, receipt);
  return issued(receipt);
}

let envConfig: TInvoiceConfig | null = null;
/** The process's configuration, for callers that do not pass theirs (parsed once). */
function defaultConfig(): TInvoiceConfig {
  envConfig ??= loadConfig();
  return envConfig;
}

/**
 * The invoice of an escrow payment, from its rows (payments + payment_milestones: one line per milestone, the
 * payment's fee rate), inside the caller's transaction. Files are recorded, not written: call `writeDocumentFiles`
 * after the commit, or let the first download write them.
 */
export async function issuePaymentInvoice(
  tx: TDbOrTx,
  input: { paymentId: string; dueAt?: Date | string | null },
  config: TInvoiceConfig = defaultConfig(),
): Promise<TIssuedDocument & { row: TInvoiceRow; created: boolean }> {
  const existing = await findInvoiceByPayment(tx, input.paymentId);
  if (existing) return { ...issued(existing), row: existing, created: false };
  const found = await paymentForInvoice(tx, input.paymentId);
  if (!found) throw notFound('Payment');
  const { invoice, created } = await createInvoiceRecord(tx, config, {
    paymentId: found.payment.id,
    dealId: found.payment.dealId,
    contractId: found.payment.contractId,
    milestones: found.milestones.map((m) => ({ id: m.id, description: m.label, amountMinor: m.amountMinor })),
    platformFeeBps: found.payment.feeBps,
    dueAt: input.dueAt ?? null,
  });
  return { ...issued(invoice), row: invoice, created };
}

/**
 * The receipt of an escrow payment, inside the caller's transaction (the one that records the money arriving). What
 * was paid defaults to the payment row (gross, paidAt or now, processor fee, charge or PaymentIntent id); pass what
 * the transaction knows but has not written yet.
 */
export async function issuePaymentReceipt(
  tx: TDbOrTx,
  input: {
    paymentId: string;
    amountPaidMinor?: number;
    paidAt?: Date | string;
    processorFeeMinor?: number | null;
    processorReference?: string | null;
  },
): Promise<TIssuedDocument & { row: TReceiptRow; created: boolean }> {
  const existing = await findReceiptByPayment(tx, input.paymentId);
  if (existing) return { ...issued(existing), row: existing, created: false };
  const found = await paymentForInvoice(tx, input.paymentId);
  if (!found) throw notFound('Payment');
  const p = found.payment;
  // The sponsor paid the invoice: the gross and its tax.
  const invoice = await findInvoiceByPayment(tx, p.id);
  const { receipt, created } = await createReceiptRecord(tx, {
    paymentId: p.id,
    amountPaidMinor: input.amountPaidMinor ?? invoice?.totalMinor ?? p.grossMinor,
    paidAt: input.paidAt ?? p.paidAt ?? new Date(),
    processorFeeMinor:
      input.processorFeeMinor !== undefined ? input.processorFeeMinor : p.processorFeeMinor || null,
    processorReference: input.processorReference ?? p.stripeChargeId ?? p.stripePaymentIntentId,
  });
  return { ...issued(receipt), row: receipt, created };
}
