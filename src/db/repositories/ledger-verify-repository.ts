import { sql } from 'drizzle-orm';
import { signBreaches, type TLedgerAccount } from '../../domain/ledger.js';
import type { TDbOrTx } from '../client.js';

export const LEDGER_INVARIANTS = {
  transaction_balanced: 'every ledger transaction sums to zero in each currency',
  transaction_entries: 'every transaction has at least two entries, all of its own payment',
  account_sign:
    'no account of a payment is on the wrong side of zero (escrow, payable, paid out, fees, refunds >= 0; sponsor funding <= 0)',
  payment_exists: 'every ledger entry belongs to a payment',
  payment_currency: "a payment's entries are in the payment's currency",
  funding_matches_payment:
    "a funded payment's sponsor funding equals its gross amount plus its invoice's tax, its tax payable that tax minus the tax its refunds gave back (refunds - escrow refunded), its processor fees the recorded fee",
  escrow_matches_milestones:
    "escrow holds exactly what the payment's milestones have neither released nor refunded (held + releasing)",
  append_only: 'the append-only and balance triggers are installed and enabled',
} as const;
export type TLedgerInvariant = keyof typeof LEDGER_INVARIANTS;

export type TLedgerBreach = {
  invariant: TLedgerInvariant;
  paymentId: string | null;
  transactionId: string | null;
  detail: string;
};

export type TLedgerReport = {
  ok: boolean;
  checkedAt: string;
  transactions: number;
  entries: number;
  payments: number;
  breaches: TLedgerBreach[];
};

const rowsOf = async <T>(db: TDbOrTx, query: ReturnType<typeof sql>) => (await db.execute(query)).rows as T[];

/** The triggers the migration installs; a disabled or dropped one means the ledger could be edited unnoticed. */
const REQUIRED_TRIGGERS = [
  ['ledger_entries', 'ledger_entries_append_only'],
  ['ledger_entries', 'ledger_entries_no_truncate'],
  ['ledger_entries', 'ledger_entries_balanced'],
  ['ledger_transactions', 'ledger_transactions_append_only'],
  ['ledger_transactions', 'ledger_transactions_no_truncate'],
  ['ledger_transactions', 'ledger_transactions_balanced'],
] as const;

/**
 * Checks every ledger invariant over the whole database and lists each breach (an empty list: all hold). Read-only;
 * run it in a REPEATABLE READ transaction so all checks see one snapshot (verifyLedger does).
 */
export async function ledgerBreaches(db: TDbOrTx): Promise<TLedgerBreach[]> {
  const breaches: TLedgerBreach[] = [];

  for (const r of await rowsOf<{ transaction_id: string; payment_id: string; currency: string; sum: string }>(
    db,
    sql`select e.transaction_id, t.payment_id, e.currency, sum(e.amount_minor)::text as sum
        from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
        group by e.transaction_id, t.payment_id, e.currency having sum(e.amount_minor) <> 0`,
  ))
    breaches.push({
      invariant: 'transaction_balanced',
      paymentId: r.payment_id,
      transactionId: r.transaction_id,
      detail: `${r.currency} entries sum to ${r.sum}, not 0`,
    });

  for (const r of await rowsOf<{ id: string; payment_id: string; n: number; foreign: number }>(
    db,
    sql`select t.id, t.payment_id, count(e.id)::int as n,
               count(e.id) filter (where e.payment_id <> t.payment_id)::int as foreign
        from ledger_transactions t left join ledger_entries e on e.transaction_id = t.id
        group by t.id, t.payment_id
        having count(e.id) < 2 or count(e.id) filter (where e.payment_id <> t.payment_id) > 0`,
  ))
    breaches.push({
      invariant: 'transaction_entries',
      paymentId: r.payment_id,
      transactionId: r.id,
      detail:
        r.n < 2
          ? `has ${r.n} entries (at least two needed)`
          : `${r.foreign} of its entries name another payment`,
    });

  const balances = await rowsOf<{
    payment_id: string;
    account: TLedgerAccount;
    currency: string;
    balance: string;
  }>(
    db,
    sql`select payment_id, account, currency, sum(amount_minor)::text as balance
        from ledger_entries group by payment_id, account, currency`,
  );
  for (const b of balances)
    for (const bad of signBreaches([
      { account: b.account, currency: b.currency, balanceMinor: Number(b.balance) },
    ]))
      breaches.push({
        invariant: 'account_sign',
        paymentId: b.payment_id,
        transactionId: null,
        detail: `${bad.account} balance is ${bad.balanceMinor} ${bad.currency}`,
      });

  for (const r of await rowsOf<{ payment_id: string; n: number }>(
    db,
    sql`select e.payment_id, count(*)::int as n from ledger_entries e
        where not exists (select 1 from payments p where p.id = e.payment_id) group by e.payment_id`,
  ))
    breaches.push({
      invariant: 'payment_exists',
      paymentId: r.payment_id,
      transactionId: null,
      detail: `${r.n} entries name a payment that does not exist`,
    });

  for (const r of await rowsOf<{ payment_id: string; currencies: string; expected: string }>(
    db,
    sql`select e.payment_id, string_agg(distinct e.currency, ', ') as currencies, p.currency as expected
        from ledger_entries e join payments p on p.id = e.payment_id
        where e.currency <> p.currency group by e.payment_id, p.currency`,
  ))
    breaches.push({
      invariant: 'payment_currency',
      paymentId: r.payment_id,
      transactionId: null,
      detail: `entries in ${r.currencies}; the payment is in ${r.expected}`,
    });

  // Funded payments (a funding transaction exists): the sponsor paid the gross and the invoice's tax (owed to the tax
  // authority as tax_payable; no invoice, no tax) and still owes it but for the tax its refunds gave back (a refund
  // posting's refunds entry beyond the escrow it takes), the processor took the recorded fee,
  // and escrow holds what the milestones neither released (a release is posted when its transfer went out, so money
  // still `releasing` is in escrow) nor refunded.
  for (const r of await rowsOf<{
    id: string;
    currency: string;
    gross: string;
    tax: string;
    tax_payable: string;
    tax_refunded: string;
    processor_fee: string;
    funding: string;
    processor_fees: string;
    escrow: string;
    expected_escrow: string;
  }>(
    db,
    sql`with funded as (
          select distinct payment_id from ledger_transactions where kind = 'funding'
        ), bal as (
          select e.payment_id,
                 coalesce(sum(e.amount_minor) filter (where e.account = 'sponsor_funding'), 0) as funding,
                 coalesce(sum(e.amount_minor) filter (where e.account = 'processor_fees'), 0) as processor_fees,
                 coalesce(sum(e.amount_minor) filter (where e.account = 'tax_payable'), 0) as tax_payable,
                 coalesce(sum(e.amount_minor) filter (where e.account = 'escrow'), 0) as escrow,
                 coalesce(sum(e.amount_minor) filter (where t.kind = 'refund' and e.account in ('refunds', 'escrow')), 0)
                   as tax_refunded
          from ledger_entries e join funded f on f.payment_id = e.payment_id
          join ledger_transactions t on t.id = e.transaction_id group by e.payment_id
        ), held as (
          select m.payment_id, sum(m.amount_minor - m.released_minor - m.refunded_minor) as expected
          from payment_milestones m join funded f on f.payment_id = m.payment_id group by m.payment_id
        )
        select p.id, p.currency, p.gross_minor::text as gross, coalesce(i.tax_minor, 0)::text as tax,
               b.tax_payable::text as tax_payable, b.tax_refunded::text as tax_refunded,
               p.processor_fee_minor::text as processor_fee,
               b.funding::text as funding, b.processor_fees::text as processor_fees, b.escrow::text as escrow,
               coalesce(h.expected, 0)::text as expected_escrow
        from payments p join bal b on b.payment_id = p.id left join held h on h.payment_id = p.id
        left join invoices i on i.payment_id = p.id`,
  )) {
    if (Number(r.funding) !== -(Number(r.gross) + Number(r.tax)))
      breaches.push({
        invariant: 'funding_matches_payment',
        paymentId: r.id,
        transactionId: null,
        detail: `sponsor funding is ${r.funding} ${r.currency}; the payment's gross is ${r.gross} and its invoice's tax ${r.tax}`,
      });
    if (Number(r.tax_payable) !== Number(r.tax) - Number(r.tax_refunded))
      breaches.push({
        invariant: 'funding_matches_payment',
        paymentId: r.id,
        transactionId: null,
        detail: `tax payable is ${r.tax_payable} ${r.currency} in the ledger; the invoice's tax is ${r.tax} and its refunds gave back ${r.tax_refunded}`,
      });
    if (Number(r.processor_fees) !== Number(r.processor_fee))
      breaches.push({
        invariant: 'funding_matches_payment',
        paymentId: r.id,
        transactionId: null,
        detail: `processor fees are ${r.processor_fees} ${r.currency} in the ledger; the payment records ${r.processor_fee}`,
      });
    if (Number(r.escrow) !== Number(r.expected_escrow))
      breaches.push({
        invariant: 'escrow_matches_milestones',
        paymentId: r.id,
        transactionId: null,
        detail: `escrow holds ${r.escrow} ${r.currency}; the milestones hold ${r.expected_escrow} (amount - released - refunded)`,
      });
  }

  // Unfunded payments hold nothing.
  for (const r of await rowsOf<{ payment_id: string; escrow: string; currency: string }>(
    db,
    sql`select e.payment_id, e.currency, sum(e.amount_minor)::text as escrow from ledger_entries e
        where e.account = 'escrow'
          and not exists (select 1 from ledger_transactions t where t.payment_id = e.payment_id and t.kind = 'funding')
        group by e.payment_id, e.currency having sum(e.amount_minor) <> 0`,
  ))
    breaches.push({
      invariant: 'escrow_matches_milestones',
      paymentId: r.payment_id,
      transactionId: null,
      detail: `escrow holds ${r.escrow} ${r.currency} but the payment was never funded`,
    });

  const triggers = await rowsOf<{ table: string; name: string; enabled: string }>(
    db,
    sql`select c.relname as table, t.tgname as name, t.tgenabled as enabled
        from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where c.relname in ('ledger_entries', 'ledger_transactions') and not t.tgisinternal`,
  );
  for (const [table, name] of REQUIRED_TRIGGERS) {
    const found = triggers.find((t) => t.table === table && t.name === name);
    // 'O' fires in origin mode (the default); 'A' always. 'D' is disabled, 'R' replica only.
    if (!found || !['O', 'A'].includes(found.enabled))
      breaches.push({
        invariant: 'append_only',
        paymentId: null,
        transactionId: null,
        detail: `trigger ${name} on ${table} is ${found ? 'disabled' : 'missing'}`,
      });
  }
  return breaches;
}

/** Counts for the report's header. */
export async function ledgerCounts(db: TDbOrTx) {
  const [row] = await rowsOf<{ transactions: number; entries: number; payments: number }>(
    db,
    sql`select (select count(*) from ledger_transactions)::int as transactions,
               (select count(*) from ledger_entries)::int as entries,
               (select count(distinct payment_id) from ledger_transactions)::int as payments`,
  );
  return row!;
}
