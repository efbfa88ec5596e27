import { describe, expect, it } from 'vitest';
import { buildInvoiceDocument, buildReceiptDocument } from '../../src/domain/invoice.js';
import { balanced, fundingPosting } from '../../src/domain/ledger.js';
import {
  effectiveTaxRateBps,
  invalidTaxBps,
  parseTaxRateOverrides,
  taxMinorOf,
  taxOnRefundedMinor,
  taxRefundedMinor,
} from '../../src/domain/tax.js';
import { loadConfig } from '../../src/config.js';

const COMMUNITY = '7d1f0c52-3b7e-4a34-9a57-2c3f1e0b9a11';
const OTHER = '0b8e6a1c-5d4f-4e2a-8c71-9f3a2b1c0d22';

describe('tax on the invoice subtotal (hand-computed)', () => {
  it('rounds half up once on the subtotal', () => {
    // 10,000,000 x 19 % = 1,900,000 exactly.
    expect(taxMinorOf(10_000_000, 1_900)).toBe(1_900_000);
    // 1,005 x 10 % = 100.5 -> 101; 1,004 x 10 % = 100.4 -> 100.
    expect(taxMinorOf(1_005, 1_000)).toBe(101);
    expect(taxMinorOf(1_004, 1_000)).toBe(100);
    // 333 x 7.25 % = 24.1425 -> 24; 345 x 7.25 % = 25.0125 -> 25; 338 x 7.25 % = 24.505 -> 25.
    expect(taxMinorOf(333, 725)).toBe(24);
    expect(taxMinorOf(345, 725)).toBe(25);
    expect(taxMinorOf(338, 725)).toBe(25);
    // 1 x 0.5 % = 0.005 -> 0; 100 x 0.5 % = 0.5 -> 1; rate 0 is no tax; 100 % doubles the bill.
    expect(taxMinorOf(1, 50)).toBe(0);
    expect(taxMinorOf(100, 50)).toBe(1);
    expect(taxMinorOf(123_456, 0)).toBe(0);
    expect(taxMinorOf(123_456, 10_000)).toBe(123_456);
    // Exact beyond 2^53 / 10 000: the largest safe subtotal at 19 %.
    expect(taxMinorOf(Number.MAX_SAFE_INTEGER, 1_900)).toBe(
      Number((BigInt(Number.MAX_SAFE_INTEGER) * 1_900n + 5_000n) / 10_000n),
    );
  });

  it('refuses rates and amounts it cannot use', () => {
    expect(invalidTaxBps(10_001)).toMatch(/0 to 10000/);
    expect(invalidTaxBps(-1)).toMatch(/basis points/);
    expect(invalidTaxBps(7.5)).toMatch(/whole number/);
    expect(() => taxMinorOf(-1, 100)).toThrow(/non-negative/);
    expect(() => taxMinorOf(1.5, 100)).toThrow(/integer/);
  });

  it("takes the community's override, else the platform's rate", () => {
    const overrides = parseTaxRateOverrides(` ${COMMUNITY.toUpperCase()} = 1900 ,${OTHER}=0`);
    expect(overrides).toEqual({ [COMMUNITY]: 1_900, [OTHER]: 0 });
    expect(effectiveTaxRateBps(800, overrides, COMMUNITY)).toBe(1_900);
    expect(effectiveTaxRateBps(800, overrides, OTHER)).toBe(0);
    expect(effectiveTaxRateBps(800, overrides, 'a0000000-0000-4000-8000-000000000000')).toBe(800);
    expect(parseTaxRateOverrides('')).toEqual({});
    expect(() => parseTaxRateOverrides('DE=1900')).toThrow(/<community id>=<basis points>/);
    expect(() => parseTaxRateOverrides(`${COMMUNITY}=10001`)).toThrow(/0 to 10000/);
    expect(() => parseTaxRateOverrides(`${COMMUNITY}=1,${COMMUNITY}=2`)).toThrow(/twice/);
  });

  it('is configured by INVOICE_TAX_RATE_BPS and INVOICE_TAX_RATE_BY_COMMUNITY (a bad list is refused at start)', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      INVOICE_TAX_RATE_BPS: '800',
      INVOICE_TAX_RATE_BY_COMMUNITY: `${COMMUNITY}=1900`,
    });
    expect(config.INVOICE_TAX_RATE_BPS).toBe(800);
    expect(config.INVOICE_TAX_RATE_BY_COMMUNITY).toEqual({ [COMMUNITY]: 1_900 });
    expect(loadConfig({ NODE_ENV: 'test' }).INVOICE_TAX_RATE_BY_COMMUNITY).toEqual({});
    expect(() => loadConfig({ NODE_ENV: 'test', INVOICE_TAX_RATE_BY_COMMUNITY: 'x=1' })).toThrow(
      /INVOICE_TAX_RATE_BY_COMMUNITY/,
    );
  });
});

describe('an invoice with tax', () => {
  const party = (kind: 'platform' | 'community' | 'organization', name: string) => ({
    kind,
    id: null,
    name,
    legalName: null,
    address: null,
    website: null,
    taxId: null,
  });
  const invoice = buildInvoiceDocument({
    number: 'INV-2026-000001',
    issuedAt: new Date('2026-11-26T00:00:00Z'),
    dueAt: new Date('2026-12-03T00:00:00Z'),
    paymentId: 'p',
    dealId: 'd',
    contractId: null,
    currency: 'USD',
    issuer: party('platform', 'CommDesk Marketplace'),
    seller: party('community', 'Demo Community'),
    buyer: party('organization', 'Acme'),
    event: null,
    milestones: [
      { id: 'm1', description: 'Deposit', amountMinor: 3_333 },
      { id: 'm2', description: 'Balance', amountMinor: 6_672 },
    ],
    platformFeeBps: 500,
    taxRateBps: 1_000,
  });

  it('adds the tax on the subtotal; the platform fee and the community share stay on the subtotal', () => {
    // Subtotal 10,005; tax 10 % = 1,000.5 -> 1,001; total 11,006. Fee 5 % of 10,005 = 500.25 -> 500.
    expect(invoice.subtotalMinor).toBe(10_005);
    expect(invoice.tax).toMatchObject({
      rateBps: 1_000,
      amountMinor: 1_001,
      note: 'Tax at 10 % of the subtotal.',
    });
    expect(invoice.totalMinor).toBe(11_006);
    expect(invoice.amountDueMinor).toBe(11_006);
    expect(invoice.platformFee).toMatchObject({ amountMinor: 500, netToCommunityMinor: 9_505 });
    const receipt = buildReceiptDocument({
      number: 'RCP-2026-000001',
      issuedAt: new Date('2026-11-27T00:00:00Z'),
      paidAt: new Date('2026-11-27T00:00:00Z'),
      invoice,
      amountPaidMinor: 11_006,
      processorFeeMinor: null,
      paymentMethod: 'card',
      processorReference: null,
    });
    expect(receipt.taxMinor).toBe(1_001);
    expect(receipt.note).toMatch(/^Paid in full/);
  });

  it('funds escrow with the subtotal and tax payable with the tax; the sponsor paid the total; balanced', () => {
    const posting = fundingPosting({ amountMinor: 10_005, taxMinor: 1_001, currency: 'USD' });
    expect(posting.entries).toEqual([
      { account: 'escrow', amountMinor: 10_005, currency: 'USD' },
      { account: 'tax_payable', amountMinor: 1_001, currency: 'USD' },
      { account: 'sponsor_funding', amountMinor: -11_006, currency: 'USD' },
    ]);
    expect(balanced(posting.entries)).toBe(true);
    // No tax: the two entries it always had.
    expect(fundingPosting({ amountMinor: 10_005, currency: 'USD' }).entries).toHaveLength(2);
    expect(() => fundingPosting({ amountMinor: 1, taxMinor: -1, currency: 'USD' })).toThrow(/taxMinor/);
  });
});

describe('tax given back with a refund (hand-computed)', () => {
  const share = (taxMinor: number, grossMinor: number, refunds: number[]) => {
    let before = 0;
    return refunds.map((r) => {
      const t = taxRefundedMinor({
        taxMinor,
        grossMinor,
        refundedBeforeMinor: before,
        refundedAfterMinor: before + r,
      });
      before += r;
      return t;
    });
  };

  it('the tax on a refunded part is tax x part / gross, rounded half up like the invoice', () => {
    // 1 900 x 2 500 / 10 000 = 475 exactly; 1 900 x 3 333 / 10 000 = 633.27 -> 633; 101 x 5 / 1 005 = 0.502 -> 1.
    expect(taxOnRefundedMinor(1_900, 10_000, 2_500)).toBe(475);
    expect(taxOnRefundedMinor(1_900, 10_000, 3_333)).toBe(633);
    expect(taxOnRefundedMinor(101, 1_005, 5)).toBe(1);
    // 1 x 1 / 2 = 0.5 -> 1 (half up).
    expect(taxOnRefundedMinor(1, 2, 1)).toBe(1);
    expect(taxOnRefundedMinor(1_900, 10_000, 10_000)).toBe(1_900);
    expect(taxOnRefundedMinor(0, 10_000, 4_000)).toBe(0);
    expect(taxOnRefundedMinor(0, 0, 0)).toBe(0);
  });

  it('a whole refund returns exactly the whole tax', () => {
    expect(share(1_900, 10_000, [10_000])).toEqual([1_900]);
    expect(share(101, 1_005, [1_005])).toEqual([101]);
  });

  it('three partial refunds summing to the gross return exactly the tax', () => {
    // cumulative 3 333 -> 633 (633.27), 6 666 -> 1 267 (1 266.54), 10 000 -> 1 900: shares 633, 634, 633.
    expect(share(1_900, 10_000, [3_333, 3_333, 3_334])).toEqual([633, 634, 633]);
    // 101 on 1 005: cumulative 500 -> 50 (50.25), 700 -> 70 (70.35), 1 005 -> 101: shares 50, 20, 31.
    expect(share(101, 1_005, [500, 200, 305])).toEqual([50, 20, 31]);
  });

  it('partial refunds never sum to more than the tax, where rounding each alone would', () => {
    // Tax 1 on a gross of 2: each half rounds up to 1 alone (2 in all); as differences, 1 then 0.
    expect(taxOnRefundedMinor(1, 2, 1) * 2).toBe(2);
    expect(share(1, 2, [1, 1])).toEqual([1, 0]);
    // Tax 5 on 3: 1.67 -> 2, 3.33 -> 3, 5: shares 2, 1, 2.
    expect(share(5, 3, [1, 1, 1])).toEqual([2, 1, 2]);
  });

  it('refuses a refund beyond the gross, a shrinking refunded amount and non-integers', () => {
    expect(() => taxOnRefundedMinor(1_900, 10_000, 10_001)).toThrow(/cannot exceed the gross/);
    expect(() =>
      taxRefundedMinor({ taxMinor: 1, grossMinor: 10, refundedBeforeMinor: 5, refundedAfterMinor: 4 }),
    ).toThrow(/cannot shrink/);
    expect(() => taxOnRefundedMinor(1.5, 10, 1)).toThrow(/taxMinor/);
    expect(() => taxOnRefundedMinor(1, 10, -1)).toThrow(/refundedMinor/);
  });
});
