import { describe, expect, it } from 'vitest';
import {
  balanced,
  balancesOf,
  fundingPosting,
  invalidEntries,
  processorFeePosting,
  refundPosting,
  releasePosting,
  reversalPosting,
  sameEntries,
  signBreaches,
  transferPosting,
  unbalancedCurrencies,
  type TLedgerEntry,
} from '../../src/domain/ledger.js';

describe('ledger postings', () => {
  it('funding debits escrow and credits sponsor funding', () => {
    expect(fundingPosting({ amountMinor: 100_000, currency: 'USD' })).toEqual({
      kind: 'funding',
      entries: [
        { account: 'escrow', amountMinor: 100_000, currency: 'USD' },
        { account: 'sponsor_funding', amountMinor: -100_000, currency: 'USD' },
      ],
    });
  });

  it('the processor fee comes out of the platform margin, not escrow', () => {
    expect(processorFeePosting({ amountMinor: 2_930, currency: 'USD' }).entries).toEqual([
      { account: 'processor_fees', amountMinor: 2_930, currency: 'USD' },
      { account: 'platform_fee_revenue', amountMinor: -2_930, currency: 'USD' },
    ]);
  });

  it('release moves the milestone out of escrow: net to the community payable, fee to revenue', () => {
    // 600.00 milestone, 5 % fee = 30.00 -> 570.00 payable
    expect(releasePosting({ amountMinor: 60_000, platformFeeMinor: 3_000, currency: 'EUR' })).toEqual({
      kind: 'release',
      entries: [
        { account: 'escrow', amountMinor: -60_000, currency: 'EUR' },
        { account: 'community_payable', amountMinor: 57_000, currency: 'EUR' },
        { account: 'platform_fee_revenue', amountMinor: 3_000, currency: 'EUR' },
      ],
    });
    // no fee: the zero entry is left out
    expect(releasePosting({ amountMinor: 500, platformFeeMinor: 0, currency: 'EUR' }).entries).toEqual([
      { account: 'escrow', amountMinor: -500, currency: 'EUR' },
      { account: 'community_payable', amountMinor: 500, currency: 'EUR' },
    ]);
  });

  it('transfer, refund and reversal', () => {
    expect(transferPosting({ amountMinor: 57_000, currency: 'EUR' }).entries).toEqual([
      { account: 'community_payable', amountMinor: -57_000, currency: 'EUR' },
      { account: 'community_paid_out', amountMinor: 57_000, currency: 'EUR' },
    ]);
    expect(refundPosting({ amountMinor: 40_000, currency: 'EUR' }).entries).toEqual([
      { account: 'escrow', amountMinor: -40_000, currency: 'EUR' },
      { account: 'refunds', amountMinor: 40_000, currency: 'EUR' },
    ]);
    expect(reversalPosting({ amountMinor: 57_000, platformFeeMinor: 3_000, currency: 'EUR' })).toEqual({
      kind: 'reversal',
      entries: [
        { account: 'community_paid_out', amountMinor: -57_000, currency: 'EUR' },
        { account: 'platform_fee_revenue', amountMinor: -3_000, currency: 'EUR' },
        { account: 'escrow', amountMinor: 60_000, currency: 'EUR' },
      ],
    });
    expect(reversalPosting({ amountMinor: 57_000, currency: 'EUR' }).entries).toHaveLength(2);
  });

  it('refuses amounts that are not positive integers, a fee above the amount, a malformed currency', () => {
    expect(() => fundingPosting({ amountMinor: 0, currency: 'USD' })).toThrow(/positive integer/);
    expect(() => fundingPosting({ amountMinor: -5, currency: 'USD' })).toThrow(/positive integer/);
    expect(() => fundingPosting({ amountMinor: 10.5, currency: 'USD' })).toThrow(/positive integer/);
    expect(() => releasePosting({ amountMinor: 100, platformFeeMinor: 101, currency: 'USD' })).toThrow(
      /cannot exceed/,
    );
    expect(() => releasePosting({ amountMinor: 100, platformFeeMinor: -1, currency: 'USD' })).toThrow(
      /non-negative/,
    );
    expect(() => refundPosting({ amountMinor: 100, currency: 'usd' })).toThrow(/ISO 4217/);
  });

  it('a refund with the tax on it: escrow -R, tax_payable -t, refunds +(R+t), balanced', () => {
    const p = refundPosting({ amountMinor: 40_000, taxMinor: 7_600, currency: 'USD' });
    expect(p).toEqual({
      kind: 'refund',
      entries: [
        { account: 'escrow', amountMinor: -40_000, currency: 'USD' },
        { account: 'tax_payable', amountMinor: -7_600, currency: 'USD' },
        { account: 'refunds', amountMinor: 47_600, currency: 'USD' },
      ],
    });
    expect(balanced(p.entries)).toBe(true);
    // A taxed payment refunded whole: nothing left in escrow or owed as tax; the sponsor got gross + tax back.
    const entries = [
      ...fundingPosting({ amountMinor: 100_000, taxMinor: 19_000, currency: 'USD' }).entries,
      ...p.entries,
      ...refundPosting({ amountMinor: 60_000, taxMinor: 11_400, currency: 'USD' }).entries,
    ];
    expect(balanced(entries)).toBe(true);
    const sum = (a: string) => entries.filter((e) => e.account === a).reduce((s, e) => s + e.amountMinor, 0);
    expect([sum('escrow'), sum('tax_payable'), sum('refunds'), sum('sponsor_funding')]).toEqual([
      0, 0, 119_000, -119_000,
    ]);
    expect(() => refundPosting({ amountMinor: 100, taxMinor: -1, currency: 'USD' })).toThrow(/taxMinor/);
  });

  it('a whole lifecycle balances, and its balances are what was hand-computed', () => {
    // gross 1000.00 in two milestones 600.00 / 400.00, fee 5 %, processor fee 29.30;
    // milestone 1 released and transferred, milestone 2 refunded.
    const entries: TLedgerEntry[] = [
      fundingPosting({ amountMinor: 100_000, currency: 'USD' }),
      processorFeePosting({ amountMinor: 2_930, currency: 'USD' }),
      releasePosting({ amountMinor: 60_000, platformFeeMinor: 3_000, currency: 'USD' }),
      transferPosting({ amountMinor: 57_000, currency: 'USD' }),
      refundPosting({ amountMinor: 40_000, currency: 'USD' }),
    ].flatMap((p) => p.entries);
    expect(balanced(entries)).toBe(true);
    expect(balancesOf(entries)).toEqual([
      { account: 'sponsor_funding', currency: 'USD', balanceMinor: -100_000 },
      { account: 'escrow', currency: 'USD', balanceMinor: 0 },
      { account: 'community_payable', currency: 'USD', balanceMinor: 0 },
      { account: 'community_paid_out', currency: 'USD', balanceMinor: 57_000 },
      { account: 'platform_fee_revenue', currency: 'USD', balanceMinor: 70 },
      { account: 'processor_fees', currency: 'USD', balanceMinor: 2_930 },
      { account: 'refunds', currency: 'USD', balanceMinor: 40_000 },
    ]);
    expect(signBreaches(balancesOf(entries))).toEqual([]);
  });

  it('balanced is per currency: a USD credit does not offset an EUR debit', () => {
    const mixed: TLedgerEntry[] = [
      { account: 'escrow', amountMinor: 100, currency: 'EUR' },
      { account: 'sponsor_funding', amountMinor: -100, currency: 'USD' },
    ];
    expect(balanced(mixed)).toBe(false);
    expect(unbalancedCurrencies(mixed)).toEqual([
      { currency: 'EUR', sumMinor: '100' },
      { currency: 'USD', sumMinor: '-100' },
    ]);
    const two = [
      ...fundingPosting({ amountMinor: 1, currency: 'EUR' }).entries,
      ...fundingPosting({ amountMinor: 7, currency: 'USD' }).entries,
    ];
    expect(balanced(two)).toBe(true);
  });

  it('sums exactly beyond 2^53', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const entries: TLedgerEntry[] = [
      { account: 'escrow', amountMinor: big, currency: 'USD' },
      { account: 'escrow', amountMinor: big, currency: 'USD' },
      { account: 'sponsor_funding', amountMinor: -big, currency: 'USD' },
      { account: 'sponsor_funding', amountMinor: -big + 1, currency: 'USD' },
    ];
    // In floating point big + big - big - (big - 1) rounds; BigInt says it is off by exactly 1.
    expect(unbalancedCurrencies(entries)).toEqual([{ currency: 'USD', sumMinor: '1' }]);
  });

  it('invalidEntries names what is wrong', () => {
    expect(invalidEntries(fundingPosting({ amountMinor: 5, currency: 'USD' }).entries)).toBeNull();
    expect(invalidEntries([{ account: 'escrow', amountMinor: 5, currency: 'USD' }])).toMatch(/at least two/);
    expect(
      invalidEntries([
        { account: 'escrow', amountMinor: 5, currency: 'USD' },
        { account: 'sponsor_funding', amountMinor: -4, currency: 'USD' },
      ]),
    ).toBe('entries do not balance: USD sums to 1');
    expect(
      invalidEntries([
        { account: 'escrow', amountMinor: 0, currency: 'USD' },
        { account: 'sponsor_funding', amountMinor: 0, currency: 'USD' },
      ]),
    ).toMatch(/non-zero integers/);
    expect(
      invalidEntries([
        { account: 'wallet' as never, amountMinor: 5, currency: 'USD' },
        { account: 'sponsor_funding', amountMinor: -5, currency: 'USD' },
      ]),
    ).toBe('unknown ledger account wallet');
  });

  it('sign rules: escrow below zero and sponsor funding above zero are breaches; fee revenue may be negative', () => {
    expect(
      signBreaches([
        { account: 'escrow', currency: 'USD', balanceMinor: -1 },
        { account: 'sponsor_funding', currency: 'USD', balanceMinor: 1 },
        { account: 'platform_fee_revenue', currency: 'USD', balanceMinor: -250 },
        { account: 'refunds', currency: 'USD', balanceMinor: 0 },
      ]).map((b) => b.account),
    ).toEqual(['escrow', 'sponsor_funding']);
  });

  it('sameEntries ignores order only', () => {
    const a = releasePosting({ amountMinor: 100, platformFeeMinor: 5, currency: 'USD' }).entries;
    expect(sameEntries(a, [...a].reverse())).toBe(true);
    expect(
      sameEntries(a, releasePosting({ amountMinor: 100, platformFeeMinor: 6, currency: 'USD' }).entries),
    ).toBe(false);
  });
});
