import argon2 from 'argon2';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import { createSession, findUserByEmail } from '../../db/repositories/identity-repository.js';
import { hitRateLimit, peekRateLimit, resetRateLimit } from '../../db/repositories/rate-limit-repository.js';
import { AppError } from '../../errors.js';
import { randomToken, sha256Hex } from '../../infra/secret-box.js';
import type { TApiDeps } from '../context.js';

// Verifying against a real hash for unknown accounts keeps response time from revealing which emails exist.
const DUMMY_HASH = await argon2.hash('commdesk-timing-equaliser');

export type TLogIn = {
  email: string;
  password: string;
  kind: 'bearer' | 'cookie';
  ip: string;
  userAgent: string | null;
  requestId: string | undefined;
};

/**
 * Checks a password and opens a session (audited in the same transaction). Failed attempts count per account and
 * per address; past either limit the caller waits (429 with Retry-After), and a success clears the account's count.
 * Unknown email, wrong password and a disabled account answer alike.
 */
export async function logIn(deps: Pick<TApiDeps, 'db' | 'config'>, input: TLogIn) {
  const { db, config } = deps;
  const { email, password, kind, ip } = input;
  const accountKey = `login:account:${email.toLowerCase()}`;
  const ipKey = `login:ip:${ip}`;
  const window = config.LOGIN_THROTTLE_WINDOW;
  const [account, address] = await Promise.all([
    peekRateLimit(db, accountKey, window),
    peekRateLimit(db, ipKey, window),
  ]);
  const blocked =
    account.count >= config.LOGIN_MAX_FAILURES_PER_ACCOUNT
      ? account
      : address.count >= config.LOGIN_MAX_FAILURES_PER_IP
        ? address
        : null;
  if (blocked) {
    const retryAfter = Math.max(1, Math.ceil((blocked.resetsAt.getTime() - Date.now()) / 1000));
    throw new AppError(
      'RATE_LIMITED',
      `Too many failed login attempts; try again in ${retryAfter} s`,
      { retryAfterSeconds: retryAfter },
      {
        'Retry-After': String(retryAfter),
      },
    );
  }

  const user = await findUserByEmail(db, email);
  const valid = await argon2.verify(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !user.passwordHash || !valid || user.status !== 'active') {
    await Promise.all([hitRateLimit(db, accountKey, window), hitRateLimit(db, ipKey, window)]);
    throw new AppError('UNAUTHENTICATED', 'Invalid email or password');
  }
  await resetRateLimit(db, accountKey);

  const token = randomToken(32);
  const absoluteExpiresAt = new Date(Date.now() + config.SESSION_ABSOLUTE_TTL);
  const session = await db.transaction(async (tx) => {
    const created = await createSession(tx, {
      userId: user.id,
      tokenHash: sha256Hex(token),
      expiresAt: new Date(Math.min(Date.now() + config.SESSION_TTL, absoluteExpiresAt.getTime())),
      absoluteExpiresAt,
      ip,
      userAgent: input.userAgent,
    });
    await writeAudit(tx, {
      actorUserId: user.id,
      action: 'session.created',
      entityType: 'session',
      entityId: created.id,
      after: { expiresAt: created.expiresAt, ip, kind },
      requestId: input.requestId,
    });
    return created;
  });
  return { token, expiresAt: session.expiresAt, absoluteExpiresAt };
}
