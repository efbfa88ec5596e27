import { asc, eq, sql } from 'drizzle-orm';
import {
  invalidEntries,
  sameEntries,
  type TLedgerAccount,
  type TLedgerBalance,
  type TLedgerEntry,
  type TLedgerKind,
} from '../../domain/ledger.js';
import { AppError } from '../../errors.js';
import type { TDbOrTx } from '../client.js';
import { ledgerEntries, ledgerTransactions } from '../schema/index.js';

export type TLedgerTransaction = {
  id: string;
  key: string;
  paymentId: string;
  kind: TLedgerKind;
  createdAt: Date;
  entries: TLedgerEntry[];
};

/** One line of a payment's ledger as the payment view lists it. */
export type TLedgerLine = {
  transactionId: string;
  kind: TLedgerKind;
  account: TLedgerAccount;
  amountMinor: number;
  currency: string;
  createdAt: Date;
};

async function transactionByKey(db: TDbOrTx, key: string): Promise<TLedgerTransaction | undefined> {
  const [row] = await db.select().from(ledgerTransactions).where(eq(ledgerTransactions.key, key)).limit(1);
  if (!row) return undefined;
  const entries = await db
    .select({
      account: ledgerEntries.account,
      amountMinor: ledgerEntries.amountMinor,
      currency: ledgerEntries.currency,
    })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.transactionId, row.id))
    .orderBy(asc(ledgerEntries.id));
  return { ...row, entries };
}

/**
 * Posts one balanced transaction, idempotent by `key` (derive it from the workflow id and step, e.g.
 * `escrow:<paymentId>:release:<milestoneId>`). A repeat with the same payment, kind and entries returns the
 * transaction already posted (`created: false`); a repeat that differs is refused with CONFLICT, since one key
 * standing for two movements would lose one of them. Unbalanced or malformed entries are refused with
 * BUSINESS_RULE before anything is written (the database checks the balance again at commit).
 *
 * Call it inside the DB transaction that changes the payment's state, so the state and its money move together.
 * Two concurrent posts of one key: the second waits on the unique index and then returns the first's row.
 */
export async function postLedgerTransaction(
  tx: TDbOrTx,
  input: { key: string; paymentId: string; kind: TLedgerKind; entries: readonly TLedgerEntry[] },
): Promise<{ transaction: TLedgerTransaction; created: boolean }> {
  if (!input.key || input.key.length > 255)
    throw new AppError('BUSINESS_RULE', 'a ledger transaction key is required (at most 255 characters)');
  const invalid = invalidEntries(input.entries);
  if (invalid) throw new AppError('BUSINESS_RULE', `ledger transaction ${input.key} refused: ${invalid}`);
  // The balance check is deferred to commit: the row and its entries must share one DB transaction even when the
  // caller passed the pool (inside a caller's transaction this is a savepoint).
  return tx.transaction((inner) => postIn(inner, input));
}

async function postIn(
  tx: TDbOrTx,
  input: { key: string; paymentId: string; kind: TLedgerKind; entries: readonly TLedgerEntry[] },
): Promise<{ transaction: TLedgerTransaction; created: boolean }> {
  const [inserted] = await tx
    .insert(ledgerTransactions)
    .values({ key: input.key, paymentId: input.paymentId, kind: input.kind })
    .onConflictDoNothing({ target: ledgerTransactions.key })
    .returning();
  if (inserted) {
    const entries = input.entries.map((e) => ({
      account: e.account,
      amountMinor: e.amountMinor,
      currency: e.currency,
    }));
    await tx
      .insert(ledgerEntries)
      .values(entries.map((e) => ({ ...e, transactionId: inserted.id, paymentId: input.paymentId })));
    return { transaction: { ...inserted, entries }, created: true };
  }

  const existing = await transactionByKey(tx, input.key);
  if (!existing) throw new Error(`ledger transaction ${input.key} conflicted but cannot be read`);
  if (
    existing.paymentId !== input.paymentId ||
    existing.kind !== input.kind ||
    !sameEntries(existing.entries, input.entries)
  )
    throw new AppError(
      'CONFLICT',
      `ledger transaction ${input.key} was already posted with different content (payment ${existing.paymentId}, kind ${existing.kind})`,
      {
        key: input.key,
        existing: { paymentId: existing.paymentId, kind: existing.kind, entries: existing.entries },
      },
    );
  return { transaction: existing, created: false };
}

/** The payment's ledger in posting order: signed entries that sum to zero per currency. */
export async function ledgerForPayment(db: TDbOrTx, paymentId: string): Promise<TLedgerLine[]> {
  return db
    .select({
      transactionId: ledgerEntries.transactionId,
      kind: ledgerTransactions.kind,
      account: ledgerEntries.account,
      amountMinor: ledgerEntries.amountMinor,
      currency: ledgerEntries.currency,
      createdAt: ledgerEntries.createdAt,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
    .where(eq(ledgerEntries.paymentId, paymentId))
    .orderBy(asc(ledgerEntries.id));
}

const ACCOUNT_ORDER = sql`array_position(array['sponsor_funding','escrow','community_payable','community_paid_out','platform_fee_revenue','processor_fees','refunds','tax_payable'], ${ledgerEntries.account})`;

/** Balance per account and currency, derived from the entries (accounts without entries are absent). */
export async function balancesForPayment(db: TDbOrTx, paymentId: string): Promise<TLedgerBalance[]> {
  const rows = await db
    .select({
      account: ledgerEntries.account,
      currency: ledgerEntries.currency,
      balanceMinor: sql<string>`sum(${ledgerEntries.amountMinor})`,
    })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.paymentId, paymentId))
    .groupBy(ledgerEntries.account, ledgerEntries.currency)
    .orderBy(ACCOUNT_ORDER, ledgerEntries.currency);
  return rows.map((r) => ({
    account: r.account,
    currency: r.currency,
    balanceMinor: Number(r.balanceMinor),
  }));
}

/** One account's balance of a payment in a currency (0 without entries). */
export async function accountBalance(
  db: TDbOrTx,
  paymentId: string,
  account: TLedgerAccount,
  currency: string,
): Promise<number> {
  const balances = await balancesForPayment(db, paymentId);
  return balances.find((b) => b.account === account && b.currency === currency)?.balanceMinor ?? 0;
}
