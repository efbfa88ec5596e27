import type { TDbOrTx } from '../client.js';
import { executeNamedQuery } from '../prepared.js';
import { auditLog } from '../schema/index.js';

export type TAuditEntry = {
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  requestId?: string | null;
};

const rowOf = (entry: TAuditEntry) => ({
  actorUserId: entry.actorUserId,
  actorType: entry.actorUserId ? ('user' as const) : ('system' as const),
  action: entry.action,
  entityType: entry.entityType,
  entityId: entry.entityId,
  before: entry.before ?? null,
  after: entry.after ?? null,
  reason: entry.reason ?? null,
  requestId: entry.requestId ?? null,
});

/** Call inside the transaction that makes the change, so the change and its audit row commit together. */
export async function writeAudit(tx: TDbOrTx, entry: TAuditEntry): Promise<void> {
  // A named statement: every state change writes one, so each connection parses it once.
  await executeNamedQuery('audit', tx.insert(auditLog).values(rowOf(entry)));
}

/** Several audit rows of one transaction in one statement (one round trip), in the order given. */
export async function writeAudits(tx: TDbOrTx, entries: TAuditEntry[]): Promise<void> {
  if (entries.length > 0) await tx.insert(auditLog).values(entries.map(rowOf));
}
