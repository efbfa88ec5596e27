import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { TInvoiceDocument, TReceiptDocument } from '../../domain/invoice.js';
import { deals } from './marketplace.js';

/**
 * Gap-free document numbers per platform: one row per series (INV, RCP) and year, incremented in the transaction
 * that inserts the document. The row lock serialises issuers; a rolled-back transaction rolls its increment back,
 * so no number is ever skipped (a sequence would skip it).
 */
export const documentCounters = pgTable(
  'document_counters',
  {
    series: text().notNull(),
    year: integer().notNull(),
    lastNumber: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);

/**
 * One invoice per payment, issued before the sponsor pays. `document` is the JSON as issued; the PDF renders from it
 * deterministically, so the files' keys and SHA-256 are recorded with the row and the files written after commit.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid().primaryKey().defaultRandom(),
    paymentId: uuid().notNull(),
    dealId: uuid()
      .notNull()
      .references(() => deals.id, { onDelete: 'restrict' }),
    number: text().notNull(),
    issuedAt: timestamp({ withTimezone: true }).notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    currency: text().notNull(),
    subtotalMinor: bigint({ mode: 'number' }).notNull(),
    platformFeeBps: integer().notNull(),
    platformFeeMinor: bigint({ mode: 'number' }).notNull(),
    taxRateBps: integer().notNull(),
    taxMinor: bigint({ mode: 'number' }).notNull(),
    totalMinor: bigint({ mode: 'number' }).notNull(),
    document: jsonb().$type<TInvoiceDocument>().notNull(),
    pdfKey: text().notNull(),
    pdfSha256: text().notNull(),
    jsonKey: text().notNull(),
    jsonSha256: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('invoices_payment_uq').on(t.paymentId),
    uniqueIndex('invoices_number_uq').on(t.number),
    check('invoices_total', sql`${t.totalMinor} = ${t.subtotalMinor} + ${t.taxMinor}`),
  ],
);

/** One receipt per payment, issued when the sponsor's payment succeeded. */
export const receipts = pgTable(
  'receipts',
  {
    id: uuid().primaryKey().defaultRandom(),
    paymentId: uuid().notNull(),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id, { onDelete: 'restrict' }),
    number: text().notNull(),
    issuedAt: timestamp({ withTimezone: true }).notNull(),
    paidAt: timestamp({ withTimezone: true }).notNull(),
    currency: text().notNull(),
    amountPaidMinor: bigint({ mode: 'number' }).notNull(),
    document: jsonb().$type<TReceiptDocument>().notNull(),
    pdfKey: text().notNull(),
    pdfSha256: text().notNull(),
    jsonKey: text().notNull(),
    jsonSha256: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('receipts_payment_uq').on(t.paymentId), uniqueIndex('receipts_number_uq').on(t.number)],
);
