import type { TDb } from '../db/client.js';
import { lockQueuedEmails, markEmailsSent } from '../db/repositories/email-outbox-repository.js';
import type { TTransport } from '../infra/mailer.js';
import type { TMailDispatchActivities } from '../workflows/mail-dispatch/mail-dispatch.contract.js';

export type TMailDeps = { db: TDb; transport: TTransport };

export function createMailActivities(deps: TMailDeps): TMailDispatchActivities {
  return {
    /** Delivers up to `limit` queued messages, oldest first; concurrent dispatchers skip each other's rows. */
    async deliverQueuedEmails({ limit }) {
      return deps.db.transaction(async (tx) => {
        const queued = await lockQueuedEmails(tx, limit);
        for (const email of queued) await deps.transport(email);
        if (queued.length)
          await markEmailsSent(
            tx,
            queued.map((e) => e.id),
          );
        return queued.length;
      });
    },
  };
}
