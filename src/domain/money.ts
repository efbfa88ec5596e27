import currencyCodes from 'currency-codes';

/** ISO 4217 list one (current codes), from the maintained `currency-codes` package (updated with each amendment). */
export const ISO_4217_CODES: readonly string[] = [...currencyCodes.codes()].sort();
const ISO_SET = new Set(ISO_4217_CODES);

export const isIsoCurrency = (code: string) => ISO_SET.has(code);

/**
 * The platform's currencies from config ("INR,USD"): every entry must be an ISO 4217 code. Throws naming the
 * entries that are not, so a bad configuration stops the process at start-up.
 */
export function parseSupportedCurrencies(list: string): string[] {
  const codes = [
    ...new Set(
      list
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
  const unknown = codes.filter((c) => !isIsoCurrency(c));
  if (unknown.length) throw new Error(`not ISO 4217 currency codes: ${unknown.join(', ')}`);
  if (codes.length === 0) throw new Error('give at least one currency');
  return codes;
}

/**
 * A list of amounts per currency from config, `<ISO 4217 code>=<minor units>,...` (whitespace allowed; codes in any
 * case), e.g. `INR=1000000000,JPY=150000000`: each amount is a non-negative integer in that currency's own minor
 * units. Throws naming the faulty item; an empty string is an empty list.
 */
export function parseCurrencyAmounts(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z]{3})\s*=\s*(\d{1,16})$/.exec(item);
    if (!m) throw new RangeError(`"${item}" is not <ISO 4217 code>=<amount in minor units>`);
    const code = m[1]!.toUpperCase();
    if (!isIsoCurrency(code)) throw new RangeError(`${code} is not an ISO 4217 currency code`);
    const minor = Number(m[2]);
    if (!Number.isSafeInteger(minor)) throw new RangeError(`${code}: ${m[2]} is too large`);
    if (Object.hasOwn(out, code)) throw new RangeError(`${code} is listed twice`);
    out[code] = minor;
  }
  return out;
}

/** Why a currency cannot be used for money on this platform, or null when it can. */
export function unsupportedCurrency(supported: readonly string[], code: string): string | null {
  if (!isIsoCurrency(code)) return `${code} is not an ISO 4217 currency code`;
  if (!supported.includes(code))
    return `${code} is not a currency this platform handles (supported: ${supported.join(', ')})`;
  return null;
}

/**
 * A negotiation keeps the currency of its first revision: amounts in different currencies cannot be compared
 * revision to revision, and a deal's money moves in one currency. Null when allowed.
 */
export function currencyChange(fixed: string, proposed: string): string | null {
  return fixed === proposed
    ? null
    : `this negotiation is in ${fixed}; a counter-offer cannot change the currency to ${proposed} (withdraw or reject and open a new request instead)`;
}
