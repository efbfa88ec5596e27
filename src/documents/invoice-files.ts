import { sha256Hex } from './contract-pdf.js';
import type { DocumentStore } from './document-store.js';
import { renderInvoicePdf, renderReceiptPdf } from './invoice-pdf.js';
import type { TInvoiceDocument, TReceiptDocument } from '../domain/invoice.js';

/**
 * The files of an issued invoice or receipt: a PDF and a JSON, both rendered from the issued JSON and the same bytes
 * every time, so their SHA-256 is recorded with the row in the issuing transaction and the files can be written (or
 * written again) after it commits.
 */

export const invoiceKeys = (paymentId: string) => ({
  pdfKey: `payments/${paymentId}/invoice.pdf`,
  jsonKey: `payments/${paymentId}/invoice.json`,
});
export const receiptKeys = (paymentId: string) => ({
  pdfKey: `payments/${paymentId}/receipt.pdf`,
  jsonKey: `payments/${paymentId}/receipt.json`,
});

/** Objects with their keys sorted, recursively: jsonb does not keep key order, and the file's hash must not move. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** JSON files are the issued document with sorted keys, pretty-printed, ending with a newline. */
const jsonBytes = (document: unknown) =>
  new TextEncoder().encode(`${JSON.stringify(sortedKeys(document), null, 2)}\n`);

type TRendered = { pdfKey: string; jsonKey: string; pdf: Uint8Array; json: Uint8Array };

/** Both files of an issued document, rendered from its JSON (the same bytes every time). */
export async function renderedFiles(
  kind: 'invoice' | 'receipt',
  paymentId: string,
  document: TInvoiceDocument | TReceiptDocument,
): Promise<TRendered> {
  const keys = kind === 'invoice' ? invoiceKeys(paymentId) : receiptKeys(paymentId);
  const pdf =
    document.type === 'invoice' ? await renderInvoicePdf(document) : await renderReceiptPdf(document);
  return { ...keys, pdf, json: jsonBytes(document) };
}

export const fileRecord = (f: TRendered) => ({
  pdfKey: f.pdfKey,
  pdfSha256: sha256Hex(f.pdf),
  jsonKey: f.jsonKey,
  jsonSha256: sha256Hex(f.json),
});

/**
 * Writes an issued document's files to the store (again, harmlessly). Refuses to write bytes whose hash is not the
 * recorded one: that would mean the renderer changed, and the recorded hash must stay true.
 */
export async function writeDocumentFiles(store: DocumentStore, row: TIssuedRow): Promise<TRendered> {
  const files = await renderedFiles(row.document.type, row.paymentId, row.document);
  const record = fileRecord(files);
  if (record.pdfSha256 !== row.pdfSha256 || record.jsonSha256 !== row.jsonSha256)
    throw new Error(
      `${row.number}: the rendered files do not match the recorded SHA-256 (renderer changed?); not written`,
    );
  await store.put(files.pdfKey, files.pdf);
  await store.put(files.jsonKey, files.json);
  return files;
}

/** What the files are rendered from and checked against: an invoices or receipts row. */
export type TIssuedRow = {
  number: string;
  paymentId: string;
  document: TInvoiceDocument | TReceiptDocument;
  pdfSha256: string;
  jsonSha256: string;
};
