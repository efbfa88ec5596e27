import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInvoiceRecord,
  issueInvoice,
  issueReceipt,
  type TInvoiceConfig,
} from '../../src/activities/issue-invoice.js';
import { writeDocumentFiles } from '../../src/documents/invoice-files.js';
import { findInvoiceByPayment } from '../../src/db/repositories/invoice-repository.js';
import { documentCounters, invoices, receipts } from '../../src/db/schema/index.js';
import { sha256Hex } from '../../src/documents/contract-pdf.js';
import { fileDocumentStore } from '../../src/documents/document-store.js';
import type { TInvoiceDocument } from '../../src/domain/invoice.js';
import { pdfText } from '../helpers/contracts.js';
import { startTestDatabase } from '../helpers/database.js';
import { insertDeal } from '../helpers/money.js';

const CONFIG: TInvoiceConfig = {
  PLATFORM_FEE_BPS: 500,
  INVOICE_ISSUER_NAME: 'CommDesk Marketplace Ltd',
  INVOICE_ISSUER_ADDRESS: '1 Test Street, Testville',
  INVOICE_ISSUER_TAX_ID: 'GB123456789',
  INVOICE_TAX_RATE_BPS: 0,
  INVOICE_DUE_AFTER: 7 * 86_400_000,
};

let t: Awaited<ReturnType<typeof startTestDatabase>>;
let store: ReturnType<typeof fileDocumentStore>;
beforeAll(async () => {
  t = await startTestDatabase();
  store = fileDocumentStore(await mkdtemp(path.join(os.tmpdir(), 'commdesk-invoices-')));
});
afterAll(async () => {
  await t?.close();
});

const deal = (amountMinor?: number, currency?: string) => insertDeal(t.db, amountMinor, currency);

const twoMilestones = [
  { id: randomUUID(), description: 'Deposit on signature', amountMinor: 33_333 },
  { id: randomUUID(), description: 'Balance after the event', amountMinor: 66_667 },
];

describe('invoices and receipts (real Postgres, file store)', () => {
  it('issues an invoice: number, lines, fee shown apart, tax zero with a note, parties, due date; PDF and JSON stored with their hashes', async () => {
    const d = await deal();
    const paymentId = randomUUID();
    const before = Date.now();
    const issued = await issueInvoice(
      { db: t.db, documentStore: store, config: CONFIG },
      { paymentId, dealId: d.deal.id, milestones: twoMilestones },
    );
    expect(issued.number).toMatch(new RegExp(`^INV-${new Date().getUTCFullYear()}-\\d{6}$`));
    const row = (await findInvoiceByPayment(t.db, paymentId))!;
    const doc: TInvoiceDocument = row.document;
    // 1000.00 at 5 %: fee 50.00; split 33333 -> 1666.65 -> 1667 (larger remainder .65), 66667 -> 3333.35 -> 3333.
    expect(doc.lines.map((l) => [l.description, l.amountMinor, l.platformFeeMinor])).toEqual([
      ['Deposit on signature', 33_333, 1_667],
      ['Balance after the event', 66_667, 3_333],
    ]);
    expect(doc).toMatchObject({
      type: 'invoice',
      currency: 'USD',
      subtotalMinor: 100_000,
      platformFee: { bps: 500, amountMinor: 5_000, netToCommunityMinor: 95_000 },
      tax: { rateBps: 0, amountMinor: 0 },
      totalMinor: 100_000,
      amountDueMinor: 100_000,
      issuer: { name: 'CommDesk Marketplace Ltd', taxId: 'GB123456789', address: '1 Test Street, Testville' },
      seller: { kind: 'community', id: d.community.id, name: d.community.name },
      buyer: { kind: 'organization', id: d.org.id, name: 'Acme Cloud', legalName: 'Acme Cloud Inc.' },
      event: { title: 'AI Hack Week' },
    });
    expect(doc.tax.note).toMatch(/No tax charged/);
    const due = new Date(doc.dueAt).getTime() - new Date(doc.issuedAt).getTime();
    expect(due).toBe(7 * 86_400_000);
    expect(new Date(doc.issuedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);

    const pdf = (await store.get(issued.pdfKey))!;
    const json = (await store.get(issued.jsonKey))!;
    expect(sha256Hex(pdf)).toBe(issued.pdfSha256);
    expect(sha256Hex(json)).toBe(issued.jsonSha256);
    expect(row.pdfSha256).toBe(issued.pdfSha256);
    expect(JSON.parse(Buffer.from(json).toString('utf8'))).toEqual(doc);
    const text = await pdfText(pdf);
    expect(text).toContain(`Invoice ${issued.number}`);
    expect(text).toContain('Acme Cloud Inc. (Acme Cloud)');
    expect(text).toContain('Platform fee (5 %), included in the subtotal');
    expect(text).toContain('USD 50.00');
    expect(text).toContain('USD 1,000.00');
    expect(text).toContain('Tax id: GB123456789');
  });

  it('is idempotent by payment: a repeat returns the same number and files, and rewriting the files keeps the hashes', async () => {
    const d = await deal();
    const paymentId = randomUUID();
    const deps = { db: t.db, documentStore: store, config: CONFIG };
    const first = await issueInvoice(deps, { paymentId, dealId: d.deal.id, milestones: twoMilestones });
    const again = await issueInvoice(deps, { paymentId, dealId: d.deal.id, milestones: twoMilestones });
    expect(again).toEqual(first);
    const row = (await findInvoiceByPayment(t.db, paymentId))!;
    const rewritten = await writeDocumentFiles(store, row);
    expect(sha256Hex(rewritten.pdf)).toBe(first.pdfSha256);
    const [{ n }] = (
      await t.db.execute(sql`select count(*)::int as n from invoices where payment_id = ${paymentId}`)
    ).rows as [{ n: number }];
    expect(n).toBe(1);
  });

  it('numbers are gap-free: a rolled-back issue leaves no hole, concurrent issues take consecutive numbers', async () => {
    const year = new Date().getUTCFullYear();
    const last = async () =>
      (
        await t.db
          .select({ n: documentCounters.lastNumber })
          .from(documentCounters)
          .where(sql`${documentCounters.series} = 'INV' and ${documentCounters.year} = ${year}`)
      )[0]?.n ?? 0;
    const d = await deal();
    const start = await last();
    await expect(
      t.db.transaction(async (tx) => {
        const { invoice } = await createInvoiceRecord(tx, CONFIG, {
          paymentId: randomUUID(),
          dealId: d.deal.id,
          milestones: twoMilestones,
        });
        expect(invoice.number).toBe(`INV-${year}-${String(start + 1).padStart(6, '0')}`);
        throw new Error('the payment step failed after the number was taken');
      }),
    ).rejects.toThrow('the payment step failed');
    expect(await last()).toBe(start);

    const deps = { db: t.db, documentStore: store, config: CONFIG };
    const many = await Promise.all(
      Array.from({ length: 8 }, () =>
        issueInvoice(deps, { paymentId: randomUUID(), dealId: d.deal.id, milestones: twoMilestones }),
      ),
    );
    const numbers = many.map((i) => Number(i.number.slice(-6))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => start + 1 + i));
    // Concurrent repeats of one payment: one invoice, one number.
    const paymentId = randomUUID();
    const repeats = await Promise.all(
      Array.from({ length: 4 }, () =>
        issueInvoice(deps, { paymentId, dealId: d.deal.id, milestones: twoMilestones }),
      ),
    );
    expect(new Set(repeats.map((r) => r.number)).size).toBe(1);
    expect(await last()).toBe(start + 9);
  });

  it('tax at a configured rate is added on top; a program fee overrides the platform fee; the due date can be given', async () => {
    const d = await deal(10_000, 'EUR');
    const paymentId = randomUUID();
    const dueAt = new Date(Date.now() + 3 * 86_400_000);
    await issueInvoice(
      { db: t.db, documentStore: store, config: { ...CONFIG, INVOICE_TAX_RATE_BPS: 1_900 } },
      {
        paymentId,
        dealId: d.deal.id,
        milestones: [{ id: randomUUID(), description: 'All', amountMinor: 10_000 }],
        platformFeeBps: 250,
        dueAt,
      },
    );
    const row = (await findInvoiceByPayment(t.db, paymentId))!;
    expect(row).toMatchObject({
      subtotalMinor: 10_000,
      platformFeeBps: 250,
      platformFeeMinor: 250,
      taxRateBps: 1_900,
      taxMinor: 1_900,
      totalMinor: 11_900,
      currency: 'EUR',
    });
    expect(row.dueAt.toISOString()).toBe(dueAt.toISOString());
    expect(row.document.tax.note).toBe('Tax at 19 % of the subtotal.');
  });

  it('refuses what cannot be invoiced, and an issued invoice cannot be edited or deleted', async () => {
    const d = await deal();
    const deps = { db: t.db, documentStore: store, config: CONFIG };
    await expect(
      issueInvoice(deps, { paymentId: randomUUID(), dealId: d.deal.id, milestones: [] }),
    ).rejects.toMatchObject({ code: 'BUSINESS_RULE', message: expect.stringMatching(/at least one line/) });
    await expect(
      issueInvoice(deps, { paymentId: randomUUID(), dealId: randomUUID(), milestones: twoMilestones }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      issueInvoice(deps, {
        paymentId: randomUUID(),
        dealId: d.deal.id,
        milestones: twoMilestones,
        dueAt: new Date(Date.now() - 86_400_000),
      }),
    ).rejects.toMatchObject({ code: 'BUSINESS_RULE', message: expect.stringMatching(/due date/) });
    const paymentId = randomUUID();
    await issueInvoice(deps, { paymentId, dealId: d.deal.id, milestones: twoMilestones });
    const edit = await t.db
      .update(invoices)
      .set({ totalMinor: 1 })
      .where(eq(invoices.paymentId, paymentId))
      .then(
        () => null,
        (e: { cause?: Error }) => e.cause?.message,
      );
    expect(edit).toMatch(/an issued invoices is immutable: UPDATE refused/);
  });

  it('issues a receipt for a paid invoice (once), referencing it, with the fees shown apart', async () => {
    const d = await deal();
    const paymentId = randomUUID();
    const deps = { db: t.db, documentStore: store, config: CONFIG };
    await expect(
      issueReceipt(deps, { paymentId, amountPaidMinor: 100_000, paidAt: new Date() }),
    ).rejects.toMatchObject({ code: 'BUSINESS_RULE', message: expect.stringMatching(/no invoice/) });
    const invoice = await issueInvoice(deps, { paymentId, dealId: d.deal.id, milestones: twoMilestones });
    const paidAt = new Date('2026-11-20T10:15:00Z');
    const receipt = await issueReceipt(deps, {
      paymentId,
      amountPaidMinor: 100_000,
      paidAt: paidAt.toISOString(),
      processorFeeMinor: 2_930,
      processorReference: 'ch_test_123',
    });
    expect(receipt.number).toMatch(/^RCP-\d{4}-\d{6}$/);
    expect(await issueReceipt(deps, { paymentId, amountPaidMinor: 100_000, paidAt })).toEqual(receipt);
    const [row] = await t.db.select().from(receipts).where(eq(receipts.paymentId, paymentId));
    expect(row!.document).toMatchObject({
      type: 'receipt',
      invoiceNumber: invoice.number,
      amountPaidMinor: 100_000,
      paidAt: paidAt.toISOString(),
      processorFeeMinor: 2_930,
      processorReference: 'ch_test_123',
      platformFee: { bps: 500, amountMinor: 5_000, netToCommunityMinor: 95_000 },
    });
    expect(row!.document.note).toMatch(/^Paid in full/);
    const pdf = (await store.get(receipt.pdfKey))!;
    expect(sha256Hex(pdf)).toBe(receipt.pdfSha256);
    const text = await pdfText(pdf);
    expect(text).toContain(`Receipt ${receipt.number}`);
    expect(text).toContain(`For invoice ${invoice.number}`);
    expect(text).toContain('Payment processor fee (borne by the platform)');
    expect(text).toContain('USD 29.30');
    await expect(
      issueReceipt(deps, { paymentId: randomUUID(), amountPaidMinor: 0, paidAt }),
    ).rejects.toMatchObject({ code: 'BUSINESS_RULE' });
  });
});
