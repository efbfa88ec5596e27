import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInvoiceRecord,
  issueInvoice,
  issueReceipt,
  type TInvoiceDeps,
} from '../../src/activities/issue-invoice.js';
import { sha256Hex } from '../../src/documents/contract-pdf.js';
import { documentStoreFor } from '../../src/documents/document-store-factory.js';
import { invoiceKeys } from '../../src/documents/invoice-files.js';
import { pdfText } from '../helpers/contracts.js';
import { createSessionToken, createUser, memberWithToken, orgMemberWithToken } from '../helpers/fixtures.js';
import { insertDeal } from '../helpers/money.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
let deps: TInvoiceDeps;
beforeAll(async () => {
  stack = await startTestStack();
  deps = { db: stack.db, documentStore: documentStoreFor(stack.config), config: stack.config };
});
afterAll(() => stack?.close());

/** The raw response (PDF bytes are not text). */
async function download(path: string, token?: string) {
  const res = await stack.app.request(path, {
    headers: { 'x-forwarded-for': '203.0.113.10', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}
const json = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8'));

async function partiesWithInvoice() {
  const d = await insertDeal(stack.db, 250_000, 'EUR');
  const sponsor = await orgMemberWithToken(stack.db, d.org.id, 'Sponsor Manager');
  const organizer = await memberWithToken(stack.db, d.community.id, 'Organizer');
  const paymentId = randomUUID();
  const invoice = await issueInvoice(deps, {
    paymentId,
    dealId: d.deal.id,
    milestones: [{ id: randomUUID(), description: 'Whole sponsorship', amountMinor: 250_000 }],
  });
  return { ...d, sponsor, organizer, paymentId, invoice };
}

describe('GET /payments/:id/invoice and /receipt', () => {
  it('serves the invoice to both parties as PDF (default) and JSON, with the recorded hash', async () => {
    const p = await partiesWithInvoice();
    const pdf = await download(`/api/v1/payments/${p.paymentId}/invoice`, p.sponsor.token);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('x-document-sha256')).toBe(p.invoice.pdfSha256);
    expect(sha256Hex(pdf.bytes)).toBe(p.invoice.pdfSha256);
    expect(pdf.headers.get('content-disposition')).toBe(`inline; filename="${p.invoice.number}.pdf"`);
    expect(await pdfText(pdf.bytes)).toContain(`Invoice ${p.invoice.number}`);

    const doc = await download(`/api/v1/payments/${p.paymentId}/invoice?format=json`, p.organizer.token);
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-type')).toBe('application/json');
    expect(sha256Hex(doc.bytes)).toBe(p.invoice.jsonSha256);
    expect(json(doc.bytes)).toMatchObject({
      type: 'invoice',
      number: p.invoice.number,
      currency: 'EUR',
      subtotalMinor: 250_000,
      platformFee: { bps: 500, amountMinor: 12_500, netToCommunityMinor: 237_500 },
      totalMinor: 250_000,
    });
  });

  it('a platform admin may read it; anyone else gets 404, without a session 401; bad input 400', async () => {
    const p = await partiesWithInvoice();
    const admin = await createUser(stack.db, { isPlatformAdmin: true });
    const adminToken = await createSessionToken(stack.db, admin.id);
    expect((await download(`/api/v1/payments/${p.paymentId}/invoice`, adminToken)).status).toBe(200);

    const outsider = await orgMemberWithToken(stack.db, (await insertDeal(stack.db)).org.id);
    const refused = await stack.request('GET', `/api/v1/payments/${p.paymentId}/invoice`, {
      token: outsider.token,
    });
    expect(refused.status).toBe(404);
    expect(refused.body.message).toBe('Payment not found');
    expect((await stack.request('GET', `/api/v1/payments/${p.paymentId}/invoice`)).status).toBe(401);
    expect(
      (await stack.request('GET', `/api/v1/payments/${randomUUID()}/invoice`, { token: p.sponsor.token }))
        .status,
    ).toBe(404);
    const badId = await stack.request('GET', '/api/v1/payments/not-a-uuid/invoice', {
      token: p.sponsor.token,
    });
    expect(badId.status).toBe(400);
    expect(badId.body.message).toMatch(/paymentId: must be a UUID/);
    const badFormat = await stack.request('GET', `/api/v1/payments/${p.paymentId}/invoice?format=docx`, {
      token: p.sponsor.token,
    });
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.message).toMatch(/format/);
  });

  it('the receipt is 409 until issued, then served like the invoice', async () => {
    const p = await partiesWithInvoice();
    const before = await stack.request('GET', `/api/v1/payments/${p.paymentId}/receipt`, {
      token: p.sponsor.token,
    });
    expect(before.status).toBe(409);
    expect(before.body.message).toMatch(/once the payment has succeeded/);
    const receipt = await issueReceipt(deps, {
      paymentId: p.paymentId,
      amountPaidMinor: 250_000,
      paidAt: new Date(),
      processorReference: 'pi_test_1',
    });
    const pdf = await download(`/api/v1/payments/${p.paymentId}/receipt`, p.sponsor.token);
    expect(pdf.status).toBe(200);
    expect(sha256Hex(pdf.bytes)).toBe(receipt.pdfSha256);
    const doc = await download(`/api/v1/payments/${p.paymentId}/receipt?format=json`, p.organizer.token);
    expect(json(doc.bytes)).toMatchObject({ type: 'receipt', invoiceNumber: p.invoice.number });
  });

  it('an invoice issued inside a transaction (files not written yet) is written by the first download, same hash', async () => {
    const d = await insertDeal(stack.db);
    const sponsor = await orgMemberWithToken(stack.db, d.org.id);
    const paymentId = randomUUID();
    const { invoice } = await stack.db.transaction((tx) =>
      createInvoiceRecord(tx, stack.config, {
        paymentId,
        dealId: d.deal.id,
        milestones: [{ id: randomUUID(), description: 'All', amountMinor: 100_000 }],
      }),
    );
    expect(await deps.documentStore.get(invoiceKeys(paymentId).pdfKey)).toBeNull();
    const pdf = await download(`/api/v1/payments/${paymentId}/invoice`, sponsor.token);
    expect(pdf.status).toBe(200);
    expect(sha256Hex(pdf.bytes)).toBe(invoice.pdfSha256);
    const stored = (await deps.documentStore.get(invoiceKeys(paymentId).pdfKey))!;
    expect(sha256Hex(stored)).toBe(invoice.pdfSha256);
    const doc = await download(`/api/v1/payments/${paymentId}/invoice?format=json`, sponsor.token);
    expect(sha256Hex(doc.bytes)).toBe(invoice.jsonSha256);
  });

  it('the OpenAPI document lists both routes with PDF and JSON content', async () => {
    const openapi = (await stack.request('GET', '/openapi.json')).body;
    for (const path of ['/api/v1/payments/{paymentId}/invoice', '/api/v1/payments/{paymentId}/receipt']) {
      const op = openapi.paths[path].get;
      expect(Object.keys(op.responses['200'].content).sort()).toEqual([
        'application/json',
        'application/pdf',
      ]);
      expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['format', 'paymentId']);
    }
  });
});
