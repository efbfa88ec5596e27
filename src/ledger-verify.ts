/**
 * `npm run ledger:verify`: checks every invariant of the double-entry ledger (LEDGER_INVARIANTS) over the whole
 * database in one snapshot and prints a report; exits 0 when all hold, 1 on any breach, 2 when the database cannot be
 * reached. Against `npm start`'s embedded database by default; DATABASE_URL otherwise. `verifyLedger(db)` is the
 * same check for tests (the escrow tests call it after every test) and for the nightly `ledger-verify` Schedule.
 */
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from './config.js';
import { createDb, type TDbOrTx } from './db/client.js';
import {
  LEDGER_INVARIANTS,
  ledgerBreaches,
  ledgerCounts,
  type TLedgerReport,
} from './db/repositories/ledger-verify-repository.js';

export {
  LEDGER_INVARIANTS,
  type TLedgerBreach,
  type TLedgerReport,
} from './db/repositories/ledger-verify-repository.js';

/** Every invariant over one consistent snapshot (a read-only REPEATABLE READ transaction). */
export async function verifyLedger(db: TDbOrTx): Promise<TLedgerReport> {
  return db.transaction(
    async (tx) => {
      const counts = await ledgerCounts(tx);
      const breaches = await ledgerBreaches(tx);
      return { ok: breaches.length === 0, checkedAt: new Date().toISOString(), ...counts, breaches };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** The report as people read it (terminal, email). */
export function formatLedgerReport(report: TLedgerReport): string {
  const head = `Ledger check at ${report.checkedAt}: ${report.transactions} transactions, ${report.entries} entries, ${report.payments} payments.`;
  if (report.ok)
    return `${head}\nAll ${Object.keys(LEDGER_INVARIANTS).length} invariants hold:\n${Object.values(
      LEDGER_INVARIANTS,
    )
      .map((d) => `  ok  ${d}`)
      .join('\n')}`;
  const lines = report.breaches.map(
    (b) =>
      `  BREACH ${b.invariant}${b.paymentId ? ` payment ${b.paymentId}` : ''}${b.transactionId ? ` transaction ${b.transactionId}` : ''}: ${b.detail}`,
  );
  const broken = [...new Set(report.breaches.map((b) => b.invariant))];
  return [
    head,
    `${report.breaches.length} breach(es) of ${broken.length} invariant(s):`,
    ...broken.map((i) => `  - ${i}: ${LEDGER_INVARIANTS[i]}`),
    ...lines,
  ].join('\n');
}

/** Assertion helper for tests: throws the formatted report when any invariant is broken. */
export async function assertLedgerHolds(db: TDbOrTx): Promise<TLedgerReport> {
  const report = await verifyLedger(db);
  if (!report.ok) throw new Error(formatLedgerReport(report));
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = loadConfigOrExit();
  const databaseUrl =
    config.DATABASE_URL ?? `postgres://commdesk:commdesk@127.0.0.1:${config.EMBEDDED_PG_PORT}/commdesk`;
  const { db, pool } = createDb(databaseUrl, 1);
  let report: TLedgerReport;
  try {
    report = await verifyLedger(db);
  } catch (err) {
    console.error(
      `ledger:verify needs the database (npm start, or DATABASE_URL): ${err instanceof Error ? err.message : String(err)}`,
    );
    await pool.end();
    process.exit(2);
  }
  await pool.end();
  (report.ok ? console.log : console.error)(formatLedgerReport(report));
  process.exit(report.ok ? 0 : 1);
}
