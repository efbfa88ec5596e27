import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  findInvoiceByPayment,
  findReceiptByPayment,
  partiesOfPayment,
} from '../../db/repositories/invoice-repository.js';
import { sha256Hex } from '../../documents/contract-pdf.js';
import { documentStoreFor } from '../../documents/document-store-factory.js';
import type { DocumentStore } from '../../documents/document-store.js';
import { writeDocumentFiles, type TIssuedRow } from '../../documents/invoice-files.js';
import { AppError, notFound } from '../../errors.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { errorResponses } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { createRouter } from '../router.js';
import { ZInvoiceDocument, ZInvoiceParams, ZInvoiceQuery, ZReceiptDocument } from './invoices.types.js';

const tags = ['payments and escrow'];
const PDF = { schema: { type: 'string' as const, format: 'binary' } };

const fileResponses = (what: 'invoice' | 'receipt') => ({
  200: {
    description: `The ${what} as issued: the PDF (format=pdf) or its JSON (format=json); X-Document-Sha256 carries the SHA-256 recorded when it was issued`,
    content: {
      'application/pdf': PDF,
      'application/json': { schema: what === 'invoice' ? ZInvoiceDocument : ZReceiptDocument },
    },
  },
  ...errorResponses,
  409: {
    description:
      what === 'invoice'
        ? 'No invoice yet: it is issued when the escrow starts, before the sponsor pays'
        : 'No receipt yet: it is issued once the payment has succeeded',
  },
});

const invoiceRoute = createRoute({
  method: 'get',
  path: '/payments/{paymentId}/invoice',
  tags,
  summary: "The payment's invoice, PDF or JSON (parties of the deal and platform admins)",
  middleware: [requireAuth] as const,
  request: { params: ZInvoiceParams, query: ZInvoiceQuery },
  responses: fileResponses('invoice'),
});

const receiptRoute = createRoute({
  method: 'get',
  path: '/payments/{paymentId}/receipt',
  tags,
  summary: "The payment's receipt, PDF or JSON (parties of the deal and platform admins)",
  middleware: [requireAuth] as const,
  request: { params: ZInvoiceParams, query: ZInvoiceQuery },
  responses: fileResponses('receipt'),
});

/**
 * Downloads of a payment's invoice and receipt. The files were rendered and hashed when the document was issued;
 * a file not in the store yet (issued inside the escrow's transaction, written after) is rendered again from the
 * issued JSON, checked against the recorded hash, and stored, so the first download completes the issue.
 */
export function invoiceRoutes(deps: TApiDeps, store: DocumentStore = documentStoreFor(deps.config)) {
  const { db } = deps;
  const app = createRouter();

  async function serve(
    c: Context<TAppEnv>,
    paymentId: string,
    kind: 'invoice' | 'receipt',
    format: 'pdf' | 'json',
  ) {
    const invoice = await findInvoiceByPayment(db, paymentId);
    const row: (TIssuedRow & { pdfKey: string; jsonKey: string }) | undefined =
      kind === 'invoice' ? invoice : await findReceiptByPayment(db, paymentId);
    // The payment row names the parties; an invoice issued before it exists names them through its deal.
    const parties = await partiesOfPayment(db, paymentId, invoice?.dealId ?? null);
    const actor = c.get('actor')!;
    const mayRead =
      parties &&
      (actor.isPlatformAdmin ||
        actor.communities.some((m) => m.communityId === parties.communityId && m.status === 'Active') ||
        actor.organizations.some(
          (m) => m.organizationId === parties.organizationId && m.status === 'active',
        ));
    // Someone who is not a party learns nothing, not even that the payment exists.
    if (!mayRead) throw notFound('Payment');
    if (!row)
      throw new AppError(
        'CONFLICT',
        kind === 'invoice'
          ? 'no invoice has been issued for this payment yet: it is issued when the escrow starts, before payment'
          : 'no receipt has been issued for this payment yet: it is issued once the payment has succeeded',
      );
    const key = format === 'pdf' ? row.pdfKey : row.jsonKey;
    let bytes = await store.get(key);
    if (!bytes) {
      const files = await writeDocumentFiles(store, row);
      bytes = format === 'pdf' ? files.pdf : files.json;
    }
    const expected = format === 'pdf' ? row.pdfSha256 : row.jsonSha256;
    const actual = sha256Hex(bytes);
    if (actual !== expected)
      throw new AppError('INTERNAL', `the stored ${kind} ${row.number} does not match its recorded SHA-256`);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': format === 'pdf' ? 'application/pdf' : 'application/json',
      'content-disposition': `inline; filename="${row.number}.${format}"`,
      'x-document-sha256': actual,
      'cache-control': 'private, no-store',
    });
  }

  app.openapi(invoiceRoute, async (c) => {
    const { paymentId } = c.req.valid('param');
    const { format } = c.req.valid('query');
    return serve(c, paymentId, 'invoice', format);
  });

  app.openapi(receiptRoute, async (c) => {
    const { paymentId } = c.req.valid('param');
    const { format } = c.req.valid('query');
    return serve(c, paymentId, 'receipt', format);
  });

  return app;
}
