import { asc, inArray, isNull } from 'drizzle-orm';
import type { TDb } from '../db/client.js';
import { emailOutbox } from '../db/schema/index.js';
import type { TTransport } from '../infra/mailer.js';
import type { TMailDispatchActivities } from '../workflows/mail-dispatch/mail-dispatch.contract.js';

export type TMailDeps = { db: TDb; transport: TTransport };

export function createMailActivities(deps: TMailDeps): TMailDispatchActivities {
  return {
    /** Delivers up to `limit` queued messages, oldest first; concurrent dispatchers skip each other's rows. */
    async deliverQueuedEmails({ limit }) {
      return deps.db.transaction(async (tx) => {
        const queued = await tx
          .select()
          .from(emailOutbox)
          .where(isNull(emailOutbox.sentAt))
          .orderBy(asc(emailOutbox.createdAt))
          .limit(limit)
          .for('update', { skipLocked: true });
        for (const email of queued) await deps.transport(email);
        if (queued.length) {
          await tx
            .update(emailOutbox)
            .set({ sentAt: new Date() })
            .where(
              inArray(
                emailOutbox.id,
                queued.map((e) => e.id),
              ),
            );
        }
        return queued.length;
      });
    },
  };
}
