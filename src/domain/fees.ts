/**
 * Platform fee math (pure). Fees are in basis points (1 bp = 0.01 %): config `PLATFORM_FEE_BPS` (default 500 = 5 %,
 * market-defaults.md gives no figure), which a program may override.
 *
 * Rounding rule, stated once:
 * 1. The deal's total fee is gross x bps / 10 000 rounded half up to a whole minor unit (exact integer math).
 * 2. The total is split across milestones by the largest remainder method: each milestone gets the floor of its
 *    exact share (amount x bps / 10 000); the minor units still missing go one each to the milestones with the
 *    largest remainders, the earlier milestone first on a tie. So the milestone fees always sum to the total fee,
 *    no milestone fee exceeds its amount, and none differs from its exact share by a whole unit or more.
 */

export const MAX_FEE_BPS = 10_000;

/** Why a fee in basis points is unusable, or null. */
export function invalidFeeBps(bps: number): string | null {
  return Number.isInteger(bps) && bps >= 0 && bps <= MAX_FEE_BPS
    ? null
    : `a platform fee must be a whole number of basis points from 0 to ${MAX_FEE_BPS}, got ${bps}`;
}

function checkBps(bps: number) {
  const invalid = invalidFeeBps(bps);
  if (invalid) throw new RangeError(invalid);
}

function checkAmount(name: string, value: number) {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer in minor units, got ${value}`);
}

/** The fee that applies: a program's override when it has one, else the platform's configured default. */
export function effectiveFeeBps(platformBps: number, programBps?: number | null): number {
  const bps = programBps ?? platformBps;
  checkBps(bps);
  return bps;
}

/** Total platform fee of a gross amount, rounded half up (rule 1). */
export function platformFeeMinor(grossMinor: number, bps: number): number {
  checkAmount('grossMinor', grossMinor);
  checkBps(bps);
  return Number((BigInt(grossMinor) * BigInt(bps) + 5_000n) / 10_000n);
}

export type TMilestoneFee = { id: string; amountMinor: number; platformFeeMinor: number; netMinor: number };
export type TFeeBreakdown = {
  bps: number;
  grossMinor: number;
  platformFeeMinor: number;
  netMinor: number;
  milestones: TMilestoneFee[];
};

/** The deal's fee and each milestone's share (rule 2); milestones keep their order. */
export function feeBreakdown(
  milestones: readonly { id: string; amountMinor: number }[],
  bps: number,
): TFeeBreakdown {
  checkBps(bps);
  milestones.forEach((m, i) => checkAmount(`milestone ${i + 1} amountMinor`, m.amountMinor));
  const gross = milestones.reduce((s, m) => s + BigInt(m.amountMinor), 0n);
  if (gross > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError('the milestones sum beyond a safe integer');
  const total = platformFeeMinor(Number(gross), bps);

  const shares = milestones.map((m, index) => {
    const exact = BigInt(m.amountMinor) * BigInt(bps);
    return { index, floor: exact / 10_000n, remainder: exact % 10_000n };
  });
  let missing = BigInt(total) - shares.reduce((s, x) => s + x.floor, 0n);
  const fees = shares.map((s) => s.floor);
  const order = [...shares].sort((a, b) =>
    b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.index - b.index,
  );
  for (const s of order) {
    if (missing <= 0n) break;
    if (s.remainder === 0n) break; // never happens while units are missing (see rule 2); kept as a guard
    fees[s.index]! += 1n;
    missing -= 1n;
  }
  if (missing !== 0n) throw new Error(`fee split left ${missing} minor units unassigned`);

  const rows = milestones.map((m, i) => {
    const fee = Number(fees[i]);
    return { id: m.id, amountMinor: m.amountMinor, platformFeeMinor: fee, netMinor: m.amountMinor - fee };
  });
  return {
    bps,
    grossMinor: Number(gross),
    platformFeeMinor: total,
    netMinor: Number(gross) - total,
    milestones: rows,
  };
}

/** "5 %" / "2.5 %" for documents. */
export const formatBps = (bps: number) => `${(bps / 100).toFixed(2).replace(/\.?0+$/, '')} %`;
