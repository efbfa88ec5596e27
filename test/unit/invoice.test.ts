import { describe, expect, it } from 'vitest';
import {
  buildInvoiceDocument,
  formatDocumentNumber,
  formatMoney,
  invalidInvoiceInput,
  type TParty,
} from '../../src/domain/invoice.js';

const party = (name: string): TParty => ({
  kind: 'community',
  id: null,
  name,
  legalName: null,
  address: null,
  website: null,
  taxId: null,
});

describe('invoice content', () => {
  it('numbers documents per series and year with at least six digits', () => {
    expect(formatDocumentNumber('INV', 2026, 123)).toBe('INV-2026-000123');
    expect(formatDocumentNumber('RCP', 2027, 1_234_567)).toBe('RCP-2027-1234567');
    expect(() => formatDocumentNumber('INV', 2026, 0)).toThrow(RangeError);
  });

  it('formats money with the currency its own decimals', () => {
    expect(formatMoney(123_456, 'USD')).toBe('USD 1,234.56');
    expect(formatMoney(5, 'EUR')).toBe('EUR 0.05');
    expect(formatMoney(25_000_000, 'INR')).toBe('INR 250,000.00');
    expect(formatMoney(1_500, 'JPY')).toBe('JPY 1,500');
    expect(formatMoney(1_234, 'BHD')).toBe('BHD 1.234');
    expect(formatMoney(-250, 'USD')).toBe('-USD 2.50');
  });

  it('builds totals: subtotal = sum of lines, fee inside it, tax on top rounded half up', () => {
    const doc = buildInvoiceDocument({
      number: 'INV-2026-000001',
      issuedAt: new Date('2026-11-26T10:00:00Z'),
      dueAt: new Date('2026-12-03T10:00:00Z'),
      paymentId: 'p',
      dealId: 'd',
      contractId: null,
      currency: 'USD',
      issuer: { ...party('CommDesk'), kind: 'platform' },
      seller: party('Dev Community'),
      buyer: { ...party('Acme'), kind: 'organization' },
      event: null,
      milestones: [
        { id: 'a', description: 'Deposit', amountMinor: 1_005 },
        { id: 'b', description: 'Balance', amountMinor: 2_000 },
      ],
      platformFeeBps: 1_000,
      taxRateBps: 750,
    });
    // subtotal 3005; fee 10 % = 300.5 -> 301 (a: 100.5, b: 200 -> a gets the missing unit); tax 7.5 % = 225.375 -> 225
    expect(doc.subtotalMinor).toBe(3_005);
    expect(doc.platformFee).toMatchObject({ amountMinor: 301, netToCommunityMinor: 2_704 });
    expect(doc.lines.map((l) => l.platformFeeMinor)).toEqual([101, 200]);
    expect(doc.tax.amountMinor).toBe(225);
    expect(doc.totalMinor).toBe(3_230);
    expect(doc.platformFee.note).toContain('Platform fee 10 %, included in the amounts above');
  });

  it('names what cannot be invoiced', () => {
    const ok = {
      milestones: [{ id: 'a', description: 'x', amountMinor: 1 }],
      platformFeeBps: 500,
      taxRateBps: 0,
      issuedAt: new Date(1000),
      dueAt: new Date(2000),
    };
    expect(invalidInvoiceInput(ok)).toBeNull();
    expect(invalidInvoiceInput({ ...ok, milestones: [] })).toMatch(/at least one line/);
    expect(
      invalidInvoiceInput({ ...ok, milestones: [{ id: 'a', description: 'x', amountMinor: 0 }] }),
    ).toMatch(/subtotal 0/);
    expect(invalidInvoiceInput({ ...ok, taxRateBps: 10_001 })).toMatch(/tax rate/);
    expect(invalidInvoiceInput({ ...ok, platformFeeBps: -1 })).toMatch(/basis points/);
    expect(invalidInvoiceInput({ ...ok, dueAt: new Date(0) })).toMatch(/due date/);
  });
});
