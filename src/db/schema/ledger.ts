import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { LEDGER_ACCOUNTS, LEDGER_KINDS } from '../../domain/ledger.js';

/**
 * One balanced money movement of a payment. `key` makes posting idempotent (workflow id + step). No foreign key to
 * payments: the ledger must outlive anything else and is never deleted. Rows are append-only (a trigger refuses
 * UPDATE, DELETE and TRUNCATE; see the migration), and a deferred constraint trigger checks at commit that the
 * transaction has entries summing to zero per currency.
 */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: uuid().primaryKey().defaultRandom(),
    key: text().notNull(),
    paymentId: uuid().notNull(),
    kind: text({ enum: LEDGER_KINDS }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_transactions_key_uq').on(t.key),
    index('ledger_transactions_payment_idx').on(t.paymentId, t.createdAt),
  ],
);

/** Signed entries (positive debit, negative credit); balances are sums of these, never stored. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    transactionId: uuid()
      .notNull()
      .references(() => ledgerTransactions.id, { onDelete: 'restrict' }),
    /** Copied from the transaction so a payment's ledger is one index scan. */
    paymentId: uuid().notNull(),
    account: text({ enum: LEDGER_ACCOUNTS }).notNull(),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ledger_entries_payment_idx').on(t.paymentId, t.id),
    index('ledger_entries_transaction_idx').on(t.transactionId),
    check('ledger_entries_amount_nonzero', sql`${t.amountMinor} <> 0`),
    check('ledger_entries_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      'ledger_entries_account_known',
      sql.raw(`account in (${LEDGER_ACCOUNTS.map((a) => `'${a}'`).join(', ')})`),
    ),
  ],
);
