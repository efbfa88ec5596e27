import { writeAudit } from '../../db/repositories/audit-repository.js';
import { rotateSession } from '../../db/repositories/identity-repository.js';
import { AppError } from '../../errors.js';
import { randomToken, sha256Hex } from '../../infra/secret-box.js';
import type { TApiDeps } from '../context.js';

/**
 * Replaces a live session's token and extends it (never past its absolute end), audited in the same transaction;
 * the replaced token keeps working for SESSION_REFRESH_GRACE.
 */
export async function refreshSession(
  deps: Pick<TApiDeps, 'db' | 'config'>,
  current: { sessionId: string; userId: string; requestId: string | undefined },
) {
  const { db, config } = deps;
  const absoluteEnd = (row: { absoluteExpiresAt: Date | null; createdAt: Date }) =>
    row.absoluteExpiresAt ?? new Date(row.createdAt.getTime() + config.SESSION_ABSOLUTE_TTL);
  const token = randomToken(32);
  const now = Date.now();
  // Sessions from before refresh existed are bounded from their creation time (read under the row lock).
  const rotated = await db.transaction(async (tx) => {
    const result = await rotateSession(tx, {
      sessionId: current.sessionId,
      newTokenHash: sha256Hex(token),
      graceUntil: new Date(now + config.SESSION_REFRESH_GRACE),
      expiresAt: (before) => new Date(Math.min(now + config.SESSION_TTL, absoluteEnd(before).getTime())),
    });
    if (!result)
      throw new AppError('UNAUTHENTICATED', 'The session is invalid, expired or revoked; log in again');
    await writeAudit(tx, {
      actorUserId: current.userId,
      action: 'session.refreshed',
      entityType: 'session',
      entityId: current.sessionId,
      before: { expiresAt: result.before.expiresAt },
      after: {
        expiresAt: result.after.expiresAt,
        previousTokenExpiresAt: result.after.previousTokenExpiresAt,
      },
      requestId: current.requestId,
    });
    return result.after;
  });
  return { token, expiresAt: rotated.expiresAt, absoluteExpiresAt: absoluteEnd(rotated) };
}
