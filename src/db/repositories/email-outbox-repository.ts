import { asc, inArray, isNull } from 'drizzle-orm';
import type { TDbOrTx } from '../client.js';
import { emailOutbox } from '../schema/index.js';

export type TEmailOutboxRow = typeof emailOutbox.$inferSelect;

/**
 * Up to `limit` messages not sent yet, oldest first, locked for the caller's transaction; rows another
 * dispatcher holds are skipped, so concurrent dispatchers never deliver the same row at once.
 */
export async function lockQueuedEmails(tx: TDbOrTx, limit: number): Promise<TEmailOutboxRow[]> {
  return tx
    .select()
    .from(emailOutbox)
    .where(isNull(emailOutbox.sentAt))
    .orderBy(asc(emailOutbox.createdAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function markEmailsSent(tx: TDbOrTx, ids: string[]) {
  await tx.update(emailOutbox).set({ sentAt: new Date() }).where(inArray(emailOutbox.id, ids));
}

/** Queues messages, each once per idempotency key (a retried step queues nothing new). */
export async function queueEmails(
  db: TDbOrTx,
  emails: { idempotencyKey: string; to: string; subject: string; body: string }[],
) {
  await db.insert(emailOutbox).values(emails).onConflictDoNothing();
}
