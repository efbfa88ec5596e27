import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { appendCertificate, renderContractPdf } from '../../src/documents/contract-pdf.js';
import { renderInvoicePdf, renderReceiptPdf } from '../../src/documents/invoice-pdf.js';
import { renderSponsorReportPdf } from '../../src/documents/fulfillment-report-pdf.js';

const template = JSON.parse(
  readFileSync(new URL('../../src/documents/templates/default.json', import.meta.url), 'utf8'),
);
template.milestones = [
  { label: 'Deposit', shareBps: 3000, due: 'on signing' },
  { label: 'Balance', shareBps: 7000, due: 'event end' },
];
const long = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit ünïcødé 🚀 '.repeat(60);
const snapshot = {
  contractId: 'c1',
  dealId: 'd1',
  createdAt: '2026-01-02T03:04:05.000Z',
  templateVersion: 'default@1',
  community: { id: 'cm', legalName: 'Comm Ltd', signers: ['Ann', 'Bob'] },
  organization: { id: 'o', legalName: 'Org Inc', displayName: 'Org', signers: ['Cy'] },
  event: { title: 'Hack', startsAt: '2026-03-01T00:00:00.000Z', endsAt: '2026-03-03T00:00:00.000Z' },
  amountMinor: 1234567,
  currency: 'USD',
  category: 'Gold Sponsor',
  benefits: [{ key: 'logo_placement', detail: long }, { key: 'booth' }],
  terms: long,
};
const party = {
  id: 'p',
  name: 'Party',
  legalName: 'Party Legal',
  address: '1 St',
  website: 'https://x.test',
  taxId: null,
};
const line = {
  milestoneId: 'm1',
  description: 'Deposit ' + long.slice(0, 300),
  quantity: 1,
  unitAmountMinor: 100,
  amountMinor: 100,
  platformFeeMinor: 5,
};
const invoice = {
  type: 'invoice',
  number: 'INV-2026-000001',
  issuedAt: '2026-01-02T03:04:05.000Z',
  dueAt: '2026-01-09T03:04:05.000Z',
  paymentId: 'pay',
  dealId: 'd1',
  contractId: 'c1',
  currency: 'USD',
  issuer: party,
  seller: party,
  buyer: { ...party, taxId: 'T1' },
  event: snapshot.event,
  lines: [line, { ...line, milestoneId: 'm2' }],
  subtotalMinor: 200,
  platformFee: { bps: 500, amountMinor: 10, netToCommunityMinor: 190, note: 'fee note' },
  tax: { rateBps: 0, amountMinor: 0, sellerTaxId: null, buyerTaxId: 'T1', note: 'tax note' },
  totalMinor: 200,
  amountDueMinor: 200,
};
const receipt = {
  type: 'receipt',
  number: 'RCP-2026-000001',
  invoiceNumber: 'INV-2026-000001',
  issuedAt: '2026-01-03T03:04:05.000Z',
  paidAt: '2026-01-03T03:04:05.000Z',
  paymentId: 'pay',
  dealId: 'd1',
  currency: 'USD',
  issuer: party,
  seller: party,
  buyer: party,
  lines: [line],
  amountPaidMinor: 200,
  platformFee: { bps: 500, amountMinor: 10, netToCommunityMinor: 190 },
  taxMinor: 0,
  processorFeeMinor: 12,
  paymentMethod: 'card',
  processorReference: 'ch_1',
  note: 'n',
};
const item = (i: number, status: string, proof: unknown) => ({
  id: `i${i}`,
  benefitKey: 'booth',
  title: `Item ${i}`,
  detail: i % 2 ? long.slice(0, 200) : null,
  owner: { id: 'u', name: 'Owner' },
  dueAt: '2026-03-01T00:00:00.000Z',
  status,
  proof,
  disputeReason: status === 'Disputed' ? 'bad' : null,
  deliveredAt: null,
  verifiedAt: null,
  missedAt: null,
  waivedAt: null,
  late: i === 3,
});
const report = {
  dealId: 'd1',
  contractId: 'c1',
  kind: 'final',
  generatedAt: '2026-04-01T00:00:00.000Z',
  community: { id: 'c', name: 'Comm' },
  organization: { id: 'o', name: 'Org' },
  event: { id: 'e', ...snapshot.event },
  amountMinor: 1234567,
  currency: 'USD',
  category: 'Gold Sponsor',
  summary: {
    total: 40,
    verified: 20,
    waived: 1,
    percent: 52,
    byStatus: { Pending: 1, InProgress: 2, Delivered: 3, Verified: 20, Disputed: 1, Missed: 2, Waived: 1 },
  },
  items: Array.from({ length: 40 }, (_, i) =>
    item(
      i,
      i % 3 ? 'Verified' : 'Disputed',
      i % 4 === 0 ? null : { type: 'link', url: 'https://x.test/' + i },
    ),
  ),
};
const cert = {
  contractId: 'c1',
  documentSha256: 'ab'.repeat(32),
  parties: [{ side: 'community', legalName: 'Comm Ltd' }],
  signatures: [
    {
      side: 'community',
      fullName: 'Ann',
      userId: 'u',
      signedAt: '2026-01-02T03:04:05.000Z',
      ip: '127.0.0.1',
      userAgent: 'UA '.repeat(80),
      documentSha256: 'ab'.repeat(32),
    },
  ],
  events: Array.from({ length: 60 }, (_, i) => ({
    at: '2026-01-02T03:04:05.000Z',
    type: 'signed',
    side: i % 2 ? 'community' : null,
    ip: null,
    detail: 'd' + i,
  })),
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// Recorded hashes: an invoice file is re-rendered from its issued JSON and checked against the hash recorded at
// issue, and signatures name the contract's hash, so the same input must give the same bytes in every release.
// A change here (our page writer, pdf-lib, fonts) breaks stored documents: make it a new document version instead.
describe('PDF rendering is byte-stable', () => {
  it('renders the contract, its certificate, an invoice, a receipt and a sponsor report to their recorded bytes', async () => {
    const contract = await renderContractPdf(snapshot as never, template);
    expect({
      contract: sha(contract),
      certificate: sha(await appendCertificate(contract, cert as never)),
      invoice: sha(await renderInvoicePdf(invoice as never)),
      receipt: sha(await renderReceiptPdf(receipt as never)),
      report: sha(await renderSponsorReportPdf(report as never)),
    }).toEqual({
      contract: '5f1ff358ffb04da625f2cadd33f7b172801d8acb7ea7b78fbe3419e70bd9281c',
      certificate: '6d4b4ac980c8888404516d66a9361e6624b6d2b714ed531081dd60da10b9bffd',
      invoice: 'dd8046cc266bc805bafdcb41f9055fb51ae600c047e248cb91e11c620bcf9517',
      receipt: '23f2248edea9331e720de9ac8cca8b3d199039390466bcbb8bc6cf0c085d733a',
      report: '2c5bb45336653db5d7d2985930ca73f0304357ffa1f109924f917fba6f8c117c',
    });
  });
});

// The page writer keeps the standard fonts' metrics and the encoding of recently drawn lines across documents: what
// it draws must not depend on what was rendered before (kept, evicted or never seen).
describe('PDF rendering does not depend on the documents rendered before', () => {
  it('renders the recorded bytes again after other documents filled and turned over what it keeps', async () => {
    const pinned = {
      contract: '5f1ff358ffb04da625f2cadd33f7b172801d8acb7ea7b78fbe3419e70bd9281c',
      invoice: 'dd8046cc266bc805bafdcb41f9055fb51ae600c047e248cb91e11c620bcf9517',
    };
    // Over 600 distinct lines in each font (more than the writer keeps), in regular and bold, at several sizes.
    const others = Array.from({ length: 30 }, (_, i) => ({
      ...snapshot,
      contractId: `other-${i}`,
      community: { ...snapshot.community, legalName: `Community ${i} ÄÖÜ ~ ${'x'.repeat(i)}` },
      benefits: Array.from({ length: 12 }, (_, j) => ({
        key: `benefit_${i}_${j}`,
        detail: `detail ${i}/${j}`,
      })),
      terms: Array.from({ length: 40 }, (_, j) => `term${i}-${j} AVAWAY To. Ty, ${j}`).join(' '),
    }));
    const seen: string[] = [];
    for (const other of others) {
      seen.push(
        sha(await renderContractPdf(other as never, { ...template, title: `Title ${other.contractId}` })),
      );
      if (seen.length % 10 === 0) {
        expect(sha(await renderContractPdf(snapshot as never, template))).toBe(pinned.contract);
        expect(sha(await renderInvoicePdf(invoice as never))).toBe(pinned.invoice);
      }
    }
    // And each of those documents renders its own bytes again, in another order.
    for (let i = others.length - 1; i >= 0; i -= 7)
      expect(
        sha(
          await renderContractPdf(others[i] as never, {
            ...template,
            title: `Title ${others[i]!.contractId}`,
          }),
        ),
      ).toBe(seen[i]);
    expect(new Set(seen).size).toBe(others.length);
  });
});
