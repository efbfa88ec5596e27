/**
 * The double-entry ledger of a payment (pure: no I/O, safe in workflows).
 *
 * Model: each account is a place where the deal's money can be. An entry's signed `amountMinor` is positive for a
 * debit (money arrives in that account) and negative for a credit (money leaves it). Every transaction sums to zero
 * per currency, so the entries of a payment always sum to zero too, and an account's balance is the sum of its
 * entries (derived, never stored). `sponsor_funding` is the source: its balance is minus what the sponsor paid.
 *
 * | posting (kind)                     | entries (G gross, P processor fee, M milestone, F its platform fee, N transfer, R refund) |
 * | ---------------------------------- | ----------------------------------------------------------------------------------------- |
 * | fundingPosting (`funding`)         | escrow +G, tax_payable +T, sponsor_funding -(G+T)                                         |
 * | processorFeePosting (`processor_fee`) | processor_fees +P, platform_fee_revenue -P (the platform pays the processor, not the community) |
 * | releasePosting (`release`)         | escrow -M, community_payable +(M-F), platform_fee_revenue +F                              |
 * | transferPosting (`transfer`)       | community_payable -N, community_paid_out +N                                               |
 * | refundPosting (`refund`)           | escrow -R, tax_payable -t, refunds +(R+t) (t: the invoice's tax on R, see taxRefundedMinor) |
 * | reversalPosting (`reversal`)       | community_paid_out -N, platform_fee_revenue -F, escrow +(N+F)                             |
 *
 * T is the invoice's tax: the sponsor pays it on top of the gross, the platform owes it to the tax authority
 * (`tax_payable`); it never enters escrow, so the community's share and the platform fee are on G alone.
 *
 * A reversal puts a transferred milestone back into escrow (the transfer reversed and, when given, the platform fee
 * given back); the money then leaves with `refundPosting` like any refund before a transfer, or is released again
 * after a dispute. Entries of zero are left out (a milestone with no fee has two entries).
 *
 * Sign rules a healthy payment keeps (checked by `npm run ledger:verify`): sponsor_funding <= 0; escrow,
 * community_payable, community_paid_out, processor_fees, refunds and tax_payable >= 0. platform_fee_revenue is the platform's
 * margin on the deal (fees earned minus the processor fee it paid) and may be negative.
 */

export const LEDGER_ACCOUNTS = [
  'sponsor_funding',
  'escrow',
  'community_payable',
  'community_paid_out',
  'platform_fee_revenue',
  'processor_fees',
  'refunds',
  /** Tax the sponsor paid on the invoice, owed by the platform to the tax authority. */
  'tax_payable',
] as const;
export type TLedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export const LEDGER_KINDS = [
  'funding',
  'processor_fee',
  'release',
  'transfer',
  'refund',
  'reversal',
] as const;
export type TLedgerKind = (typeof LEDGER_KINDS)[number];

/** Accounts whose balance may never be below zero, and those that may never be above it. */
export const NON_NEGATIVE_ACCOUNTS: readonly TLedgerAccount[] = [
  'escrow',
  'community_payable',
  'community_paid_out',
  'processor_fees',
  'refunds',
  'tax_payable',
];
export const NON_POSITIVE_ACCOUNTS: readonly TLedgerAccount[] = ['sponsor_funding'];

export type TLedgerEntry = { account: TLedgerAccount; amountMinor: number; currency: string };
export type TPosting = { kind: TLedgerKind; entries: TLedgerEntry[] };
export type TLedgerBalance = { account: TLedgerAccount; currency: string; balanceMinor: number };

const CURRENCY = /^[A-Z]{3}$/;

function checkCurrency(currency: string) {
  if (!CURRENCY.test(currency)) throw new RangeError(`currency must be an ISO 4217 code, got ${currency}`);
}

function checkAmount(name: string, value: number, allowZero: boolean) {
  if (!Number.isSafeInteger(value) || value < 0 || (!allowZero && value === 0))
    throw new RangeError(
      `${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer in minor units, got ${value}`,
    );
}

function posting(kind: TLedgerKind, currency: string, moves: [TLedgerAccount, number][]): TPosting {
  checkCurrency(currency);
  return {
    kind,
    entries: moves
      .filter(([, amount]) => amount !== 0)
      .map(([account, amountMinor]) => ({ account, amountMinor, currency })),
  };
}

/**
 * The sponsor's payment arrived: the gross amount is held in escrow, the invoice's tax (`taxMinor`, default 0) is owed
 * to the tax authority; the sponsor paid both.
 */
export function fundingPosting(input: {
  amountMinor: number;
  taxMinor?: number;
  currency: string;
}): TPosting {
  const tax = input.taxMinor ?? 0;
  checkAmount('amountMinor', input.amountMinor, false);
  checkAmount('taxMinor', tax, true);
  if (!Number.isSafeInteger(input.amountMinor + tax))
    throw new RangeError('the gross and the tax sum beyond a safe integer');
  return posting('funding', input.currency, [
    ['escrow', input.amountMinor],
    ['tax_payable', tax],
    ['sponsor_funding', -(input.amountMinor + tax)],
  ]);
}

/** The processor's fee on the charge; the platform bears it out of its margin, escrow stays whole. */
export function processorFeePosting(input: { amountMinor: number; currency: string }): TPosting {
  checkAmount('amountMinor', input.amountMinor, false);
  return posting('processor_fee', input.currency, [
    ['processor_fees', input.amountMinor],
    ['platform_fee_revenue', -input.amountMinor],
  ]);
}

/** A milestone (or part of it) leaves escrow: the community is owed the amount net of the platform fee. */
export function releasePosting(input: {
  amountMinor: number;
  platformFeeMinor: number;
  currency: string;
}): TPosting {
  checkAmount('amountMinor', input.amountMinor, false);
  checkAmount('platformFeeMinor', input.platformFeeMinor, true);
  if (input.platformFeeMinor > input.amountMinor)
    throw new RangeError(
      `platformFeeMinor (${input.platformFeeMinor}) cannot exceed the released amount (${input.amountMinor})`,
    );
  return posting('release', input.currency, [
    ['escrow', -input.amountMinor],
    ['community_payable', input.amountMinor - input.platformFeeMinor],
    ['platform_fee_revenue', input.platformFeeMinor],
  ]);
}

/** The transfer to the community's connected account went out. */
export function transferPosting(input: { amountMinor: number; currency: string }): TPosting {
  checkAmount('amountMinor', input.amountMinor, false);
  return posting('transfer', input.currency, [
    ['community_payable', -input.amountMinor],
    ['community_paid_out', input.amountMinor],
  ]);
}

/**
 * Money still in escrow goes back to the sponsor, with the invoice's tax on it (`taxMinor`, default 0): the platform
 * no longer owes that tax, so it leaves tax_payable and the sponsor gets escrow + tax back.
 */
export function refundPosting(input: { amountMinor: number; taxMinor?: number; currency: string }): TPosting {
  const tax = input.taxMinor ?? 0;
  checkAmount('amountMinor', input.amountMinor, false);
  checkAmount('taxMinor', tax, true);
  if (!Number.isSafeInteger(input.amountMinor + tax))
    throw new RangeError('the refund and its tax sum beyond a safe integer');
  return posting('refund', input.currency, [
    ['escrow', -input.amountMinor],
    ['tax_payable', -tax],
    ['refunds', input.amountMinor + tax],
  ]);
}

/**
 * A transfer was reversed: the money is back on the platform and held in escrow again, with the platform fee when
 * the platform gives it back too (`platformFeeMinor`, default 0). Follow it with `refundPosting` to return it.
 */
export function reversalPosting(input: {
  amountMinor: number;
  platformFeeMinor?: number;
  currency: string;
}): TPosting {
  const fee = input.platformFeeMinor ?? 0;
  checkAmount('amountMinor', input.amountMinor, false);
  checkAmount('platformFeeMinor', fee, true);
  return posting('reversal', input.currency, [
    ['community_paid_out', -input.amountMinor],
    ['platform_fee_revenue', -fee],
    ['escrow', input.amountMinor + fee],
  ]);
}

/** Sum per currency (exact with BigInt: the sum of safe integers need not be one). */
function sumsByCurrency(entries: readonly TLedgerEntry[]): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const e of entries) sums.set(e.currency, (sums.get(e.currency) ?? 0n) + BigInt(e.amountMinor));
  return sums;
}

/** Currencies whose entries do not sum to zero, with the sum (empty when balanced). */
export function unbalancedCurrencies(
  entries: readonly TLedgerEntry[],
): { currency: string; sumMinor: string }[] {
  return [...sumsByCurrency(entries)]
    .filter(([, sum]) => sum !== 0n)
    .map(([currency, sum]) => ({ currency, sumMinor: sum.toString() }));
}

/** True when the entries sum to zero in every currency. */
export const balanced = (entries: readonly TLedgerEntry[]) => unbalancedCurrencies(entries).length === 0;

/**
 * Why these entries cannot be posted, or null: at least two entries, each a known account, a non-zero safe integer
 * and an ISO-shaped currency, summing to zero per currency.
 */
export function invalidEntries(entries: readonly TLedgerEntry[]): string | null {
  if (entries.length < 2) return 'a ledger transaction needs at least two entries';
  for (const e of entries) {
    if (!(LEDGER_ACCOUNTS as readonly string[]).includes(e.account))
      return `unknown ledger account ${e.account}`;
    if (!Number.isSafeInteger(e.amountMinor) || e.amountMinor === 0)
      return `entry amounts must be non-zero integers in minor units, got ${e.amountMinor} on ${e.account}`;
    if (!CURRENCY.test(e.currency)) return `entry currency must be an ISO 4217 code, got ${e.currency}`;
  }
  const off = unbalancedCurrencies(entries);
  if (off.length)
    return `entries do not balance: ${off.map((o) => `${o.currency} sums to ${o.sumMinor}`).join(', ')}`;
  return null;
}

/** Balance per account and currency (sum of entries), in the order of LEDGER_ACCOUNTS then currency. */
export function balancesOf(entries: readonly TLedgerEntry[]): TLedgerBalance[] {
  const sums = new Map<string, number>();
  for (const e of entries) {
    const k = `${e.account}|${e.currency}`;
    sums.set(k, (sums.get(k) ?? 0) + e.amountMinor);
  }
  return [...sums]
    .map(([k, balanceMinor]) => {
      const [account, currency] = k.split('|') as [TLedgerAccount, string];
      return { account, currency, balanceMinor };
    })
    .sort(
      (a, b) =>
        LEDGER_ACCOUNTS.indexOf(a.account) - LEDGER_ACCOUNTS.indexOf(b.account) ||
        a.currency.localeCompare(b.currency),
    );
}

/** Balances breaking the sign rules (see the table above). */
export function signBreaches(balances: readonly TLedgerBalance[]): TLedgerBalance[] {
  return balances.filter(
    (b) =>
      (NON_NEGATIVE_ACCOUNTS.includes(b.account) && b.balanceMinor < 0) ||
      (NON_POSITIVE_ACCOUNTS.includes(b.account) && b.balanceMinor > 0),
  );
}

/** Canonical order of entries, so two lists with the same entries compare equal (idempotent posting). */
export function canonicalEntries(entries: readonly TLedgerEntry[]): TLedgerEntry[] {
  return [...entries]
    .map((e) => ({ account: e.account, amountMinor: e.amountMinor, currency: e.currency }))
    .sort(
      (a, b) =>
        a.currency.localeCompare(b.currency) ||
        LEDGER_ACCOUNTS.indexOf(a.account) - LEDGER_ACCOUNTS.indexOf(b.account) ||
        a.amountMinor - b.amountMinor,
    );
}

export const sameEntries = (a: readonly TLedgerEntry[], b: readonly TLedgerEntry[]) =>
  JSON.stringify(canonicalEntries(a)) === JSON.stringify(canonicalEntries(b));
