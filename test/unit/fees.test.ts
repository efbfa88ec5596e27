import { describe, expect, it } from 'vitest';
import {
  effectiveFeeBps,
  feeBreakdown,
  formatBps,
  invalidFeeBps,
  platformFeeMinor,
} from '../../src/domain/fees.js';

describe('platform fee', () => {
  it('is gross x bps / 10 000 rounded half up', () => {
    expect(platformFeeMinor(100_000, 500)).toBe(5_000);
    expect(platformFeeMinor(1_010, 500)).toBe(51); // 50.5 -> 51
    expect(platformFeeMinor(1_009, 500)).toBe(50); // 50.45 -> 50
    expect(platformFeeMinor(333, 250)).toBe(8); // 8.325 -> 8
    expect(platformFeeMinor(0, 500)).toBe(0);
    expect(platformFeeMinor(12_345, 0)).toBe(0);
    expect(platformFeeMinor(12_345, 10_000)).toBe(12_345);
    // exact beyond floating point: 9 007 199 254 740 991 x 1 bp = 900 719 925 474.0991 -> 900 719 925 474
    expect(platformFeeMinor(Number.MAX_SAFE_INTEGER, 1)).toBe(900_719_925_474);
  });

  it('refuses bps outside 0..10 000 or fractional, and bad amounts', () => {
    expect(invalidFeeBps(500)).toBeNull();
    expect(invalidFeeBps(10_001)).toMatch(/0 to 10000/);
    expect(invalidFeeBps(-1)).toMatch(/basis points/);
    expect(invalidFeeBps(2.5)).toMatch(/whole number/);
    expect(() => platformFeeMinor(-1, 500)).toThrow(/non-negative integer/);
    expect(() => platformFeeMinor(10.5, 500)).toThrow(/non-negative integer/);
    expect(() => feeBreakdown([{ id: 'a', amountMinor: 10 }], 10_001)).toThrow(RangeError);
  });

  it('a program override wins over the platform default', () => {
    expect(effectiveFeeBps(500)).toBe(500);
    expect(effectiveFeeBps(500, null)).toBe(500);
    expect(effectiveFeeBps(500, 250)).toBe(250);
    expect(effectiveFeeBps(500, 0)).toBe(0);
    expect(() => effectiveFeeBps(500, 20_000)).toThrow(RangeError);
  });

  it('splits the fee across milestones so the parts sum to the total (hand-computed)', () => {
    // 3 x 333 = 999 at 5 %: exact shares 16.65 each (total 49.95 -> 50); floors 16+16+16 = 48, 2 units missing;
    // equal remainders, so the first two milestones get one each.
    expect(
      feeBreakdown(
        [
          { id: 'a', amountMinor: 333 },
          { id: 'b', amountMinor: 333 },
          { id: 'c', amountMinor: 333 },
        ],
        500,
      ),
    ).toEqual({
      bps: 500,
      grossMinor: 999,
      platformFeeMinor: 50,
      netMinor: 949,
      milestones: [
        { id: 'a', amountMinor: 333, platformFeeMinor: 17, netMinor: 316 },
        { id: 'b', amountMinor: 333, platformFeeMinor: 17, netMinor: 316 },
        { id: 'c', amountMinor: 333, platformFeeMinor: 16, netMinor: 317 },
      ],
    });
    // 101 + 203 + 696 = 1000 at 2.5 %: shares 2.525, 5.075, 17.4 (total 25); floors 2+5+17 = 24;
    // the largest remainder (.525, milestone a) gets the missing unit.
    expect(
      feeBreakdown(
        [
          { id: 'a', amountMinor: 101 },
          { id: 'b', amountMinor: 203 },
          { id: 'c', amountMinor: 696 },
        ],
        250,
      ).milestones.map((m) => m.platformFeeMinor),
    ).toEqual([3, 5, 17]);
  });

  it('the split always sums to the total and stays within one unit of each exact share', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 500; round++) {
      const bps = rand(10_001);
      const milestones = Array.from({ length: 1 + rand(6) }, (_, i) => ({
        id: `m${i}`,
        amountMinor: rand(1_000_000),
      }));
      const b = feeBreakdown(milestones, bps);
      expect(b.milestones.reduce((s, m) => s + m.platformFeeMinor, 0)).toBe(b.platformFeeMinor);
      expect(b.platformFeeMinor).toBe(platformFeeMinor(b.grossMinor, bps));
      for (const m of b.milestones) {
        const exact = (m.amountMinor * bps) / 10_000;
        expect(Math.abs(m.platformFeeMinor - exact)).toBeLessThan(1);
        expect(m.platformFeeMinor).toBeLessThanOrEqual(m.amountMinor);
        expect(m.netMinor).toBe(m.amountMinor - m.platformFeeMinor);
      }
    }
  });

  it('formats basis points as a percentage', () => {
    expect(formatBps(500)).toBe('5 %');
    expect(formatBps(250)).toBe('2.5 %');
    expect(formatBps(1)).toBe('0.01 %');
    expect(formatBps(0)).toBe('0 %');
  });
});
