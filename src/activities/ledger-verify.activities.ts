import type { TDb } from '../db/client.js';
import { queueEmails } from '../db/repositories/email-outbox-repository.js';
import { activePlatformAdmins } from '../db/repositories/identity-repository.js';
import { formatLedgerReport, verifyLedger } from '../ledger-verify.js';
import type { TLedgerVerifyActivities } from '../workflows/ledger-verify/ledger-verify.contract.js';

export function createLedgerVerifyActivities(deps: { db: TDb }): TLedgerVerifyActivities {
  return {
    async verifyLedgerAndAlert({ alertKey }) {
      const report = await verifyLedger(deps.db);
      const invariants = [...new Set(report.breaches.map((b) => b.invariant))];
      if (report.ok) return { ok: true, breaches: 0, invariants, alerted: 0 };
      const admins = await activePlatformAdmins(deps.db);
      if (admins.length)
        await queueEmails(
          deps.db,
          admins.map((a) => ({
            idempotencyKey: `${alertKey}:${a.id}`,
            to: a.email,
            subject: `Ledger check failed: ${report.breaches.length} breach(es) of ${invariants.join(', ')}`,
            body: `${formatLedgerReport(report)}\n\nRun \`npm run ledger:verify\` to see the current state. Money movements are recorded only as balanced, append-only ledger transactions: a breach means a bug or a manual change in the database, and the payments named above need a look before their next release or refund.`,
          })),
        );
      return { ok: false, breaches: report.breaches.length, invariants, alerted: admins.length };
    },
  };
}
