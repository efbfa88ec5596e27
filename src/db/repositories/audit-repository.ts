import type { TDbOrTx } from '../client.js';
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

/** Call inside the transaction that makes the change, so the change and its audit row commit together. */
export async function writeAudit(tx: TDbOrTx, entry: TAuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorUserId: entry.actorUserId,
    actorType: entry.actorUserId ? 'user' : 'system',
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
    requestId: entry.requestId ?? null,
  });
}
