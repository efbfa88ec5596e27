/**
 * Tax on an invoice (pure). The platform is the seller of record to the sponsor (it charges the sponsor and pays the
 * community out of escrow), so it collects the tax on top of the sponsorship and owes it to the tax authority: the
 * community's share and the platform fee are computed on the sponsorship amount (the subtotal), never on the tax.
 *
 * Rate: `INVOICE_TAX_RATE_BPS` for the platform (default 0: no tax registration, the invoice says none is charged),
 * overridden per community (its jurisdiction) by `INVOICE_TAX_RATE_BY_COMMUNITY`.
 *
 * Rounding rule, stated once: the tax is one amount on the invoice's subtotal (not a sum of per-line taxes), the
 * subtotal x bps / 10 000 rounded half up to a whole minor unit, in exact integer math. So 1 005 at 1 000 bps is
 * 100.5 -> 101, and 1 004 is 100.4 -> 100.
 */

export const MAX_TAX_BPS = 10_000;

/** Why a tax rate in basis points is unusable, or null. */
export function invalidTaxBps(bps: number): string | null {
  return Number.isInteger(bps) && bps >= 0 && bps <= MAX_TAX_BPS
    ? null
    : `a tax rate must be a whole number of basis points from 0 to ${MAX_TAX_BPS}, got ${bps}`;
}

/** The rate that applies to a community's invoices: its override when it has one, else the platform's rate. */
export function effectiveTaxRateBps(
  platformBps: number,
  overrides: Readonly<Record<string, number>>,
  communityId: string,
): number {
  const bps = Object.hasOwn(overrides, communityId) ? overrides[communityId]! : platformBps;
  const invalid = invalidTaxBps(bps);
  if (invalid) throw new RangeError(invalid);
  return bps;
}

/** The tax of a subtotal at a rate, rounded half up (the rule above). */
export function taxMinorOf(subtotalMinor: number, bps: number): number {
  if (!Number.isSafeInteger(subtotalMinor) || subtotalMinor < 0)
    throw new RangeError(`the subtotal must be a non-negative integer in minor units, got ${subtotalMinor}`);
  const invalid = invalidTaxBps(bps);
  if (invalid) throw new RangeError(invalid);
  return Number((BigInt(subtotalMinor) * BigInt(bps) + 5_000n) / 10_000n);
}

/**
 * Parses the per-community override list `<community id>=<bps>,...` (whitespace allowed); throws with the faulty
 * item named. An empty string is no override.
 */
export function parseTaxRateOverrides(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([0-9a-f-]{36})\s*=\s*(\d{1,5})$/i.exec(item);
    if (!m) throw new RangeError(`"${item}" is not <community id>=<basis points>`);
    const bps = Number(m[2]);
    const invalid = invalidTaxBps(bps);
    if (invalid) throw new RangeError(`${m[1]}: ${invalid}`);
    const id = m[1]!.toLowerCase();
    if (Object.hasOwn(out, id)) throw new RangeError(`${id} is listed twice`);
    out[id] = bps;
  }
  return out;
}

/**
 * The part of an invoice's tax that goes with `refundedMinor` of its gross: tax x refunded / gross, rounded half up
 * like the invoice's tax. All of the gross carries all of the tax exactly.
 */
export function taxOnRefundedMinor(taxMinor: number, grossMinor: number, refundedMinor: number): number {
  for (const [name, v] of [
    ['taxMinor', taxMinor],
    ['grossMinor', grossMinor],
    ['refundedMinor', refundedMinor],
  ] as const)
    if (!Number.isSafeInteger(v) || v < 0)
      throw new RangeError(`${name} must be a non-negative integer in minor units, got ${v}`);
  if (refundedMinor > grossMinor)
    throw new RangeError(`the refunded amount (${refundedMinor}) cannot exceed the gross (${grossMinor})`);
  if (grossMinor === 0) return 0;
  const g = BigInt(grossMinor);
  return Number((2n * BigInt(taxMinor) * BigInt(refundedMinor) + g) / (2n * g));
}

/**
 * The tax given back with a refund of the gross from `refundedBeforeMinor` to `refundedAfterMinor` (cumulative, of
 * the same invoice): the difference of the tax on each. Taken as differences of one rounded function, the refunds'
 * shares never sum to more than the tax (rounding each refund alone could), and refunding everything returns it all.
 */
export function taxRefundedMinor(input: {
  taxMinor: number;
  grossMinor: number;
  refundedBeforeMinor: number;
  refundedAfterMinor: number;
}): number {
  if (input.refundedAfterMinor < input.refundedBeforeMinor)
    throw new RangeError(
      `the refunded amount cannot shrink (${input.refundedBeforeMinor} -> ${input.refundedAfterMinor})`,
    );
  return (
    taxOnRefundedMinor(input.taxMinor, input.grossMinor, input.refundedAfterMinor) -
    taxOnRefundedMinor(input.taxMinor, input.grossMinor, input.refundedBeforeMinor)
  );
}
