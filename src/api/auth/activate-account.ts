import argon2 from 'argon2';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import { createSession } from '../../db/repositories/identity-repository.js';
import {
  activateInvitedMembership,
  findToken,
  lockUser,
  markTokenUsed,
  setPasswordHash,
} from '../../db/repositories/organizations-repository.js';
import { passwordProblem } from '../../domain/password-policy.js';
import { AppError } from '../../errors.js';
import { randomToken, sha256Hex } from '../../infra/secret-box.js';
import {
  activatedSignal,
  verificationWorkflowId,
} from '../../workflows/verification/verification.contract.js';
import type { TApiDeps } from '../context.js';

export type TActivateAccount = {
  token: string;
  password: string | undefined;
  ip: string;
  userAgent: string | null;
  requestId: string | undefined;
};

/**
 * Uses a single-use activation or invitation link: sets the password (required when the account has none), marks
 * the link used, activates the invited membership and opens a session, all in one transaction with the audit rows.
 * A first activation then tells the organization's verification workflow (a finished one ignores it).
 */
export async function activateAccount(
  deps: Pick<TApiDeps, 'db' | 'config' | 'temporal' | 'logger'>,
  input: TActivateAccount,
) {
  const { db, config } = deps;
  const result = await db.transaction(async (tx) => {
    const token = await findToken(tx, sha256Hex(input.token));
    if (!token)
      throw new AppError('NOT_FOUND', 'This activation link is not valid', [
        { location: 'body', path: 'token', message: 'unknown token' },
      ]);
    if (token.usedAt) throw new AppError('CONFLICT', 'This activation link was already used; log in instead');
    if (token.supersededAt)
      throw new AppError('GONE', 'This activation link was replaced by a newer one; use the latest email');
    if (token.expiresAt < new Date())
      throw new AppError('GONE', 'This activation link expired; ask for a new one');
    const user = await lockUser(tx, token.userId);
    if (!user || user.status !== 'active') throw new AppError('FORBIDDEN', 'This account is disabled');
    if (!user.passwordHash || input.password !== undefined) {
      if (input.password === undefined)
        throw new AppError('VALIDATION', 'Choose a password', [
          { location: 'body', path: 'password', message: 'required' },
        ]);
      const problem = passwordProblem(input.password, [user.email, user.email.split('@')[0]!, user.name]);
      if (problem)
        throw new AppError('VALIDATION', `password ${problem}`, [
          { location: 'body', path: 'password', message: problem },
        ]);
      await setPasswordHash(tx, user.id, await argon2.hash(input.password));
    }
    await markTokenUsed(tx, token.id);
    if (token.organizationId) await activateInvitedMembership(tx, token.organizationId, user.id);
    await writeAudit(tx, {
      actorUserId: user.id,
      action: `account.${token.purpose === 'invite' ? 'invitation_accepted' : 'activated'}`,
      entityType: 'user',
      entityId: user.id,
      before: { membership: 'invited' },
      after: { membership: 'active', organizationId: token.organizationId },
      requestId: input.requestId,
    });
    const sessionToken = randomToken(32);
    const session = await createSession(tx, {
      userId: user.id,
      tokenHash: sha256Hex(sessionToken),
      expiresAt: new Date(Date.now() + config.SESSION_TTL),
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await writeAudit(tx, {
      actorUserId: user.id,
      action: 'session.created',
      entityType: 'session',
      entityId: session.id,
      after: { expiresAt: session.expiresAt, ip: input.ip },
      requestId: input.requestId,
    });
    return {
      session: { token: sessionToken, expiresAt: session.expiresAt.toISOString() },
      user,
      token,
    };
  });
  if (result.token.purpose === 'activation' && result.token.organizationId) {
    await deps.temporal.workflow
      .getHandle(verificationWorkflowId(result.token.organizationId))
      .signal(activatedSignal, { userId: result.user.id })
      .catch((err: unknown) =>
        deps.logger.warn({ err }, 'activation signal not delivered (verification already finished)'),
      );
  }
  return result;
}
