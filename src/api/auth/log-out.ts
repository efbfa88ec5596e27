import { writeAudit } from '../../db/repositories/audit-repository.js';
import { revokeSession } from '../../db/repositories/identity-repository.js';
import type { TApiDeps } from '../context.js';

/** Revokes the session, audited in the same transaction. */
export async function logOut(
  deps: Pick<TApiDeps, 'db'>,
  session: { sessionId: string; userId: string; requestId: string | undefined },
) {
  await deps.db.transaction(async (tx) => {
    await revokeSession(tx, session.sessionId);
    await writeAudit(tx, {
      actorUserId: session.userId,
      action: 'session.revoked',
      entityType: 'session',
      entityId: session.sessionId,
      before: { revoked: false },
      after: { revoked: true },
      requestId: session.requestId,
    });
  });
}
