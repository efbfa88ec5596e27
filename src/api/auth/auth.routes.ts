import { createRouter } from '../router.js';
import { createRoute, z } from '@hono/zod-openapi';
import argon2 from 'argon2';
import {
  createSession,
  findUserByEmail,
  loadMemberships,
  revokeSession,
} from '../../db/repositories/identity-repository.js';
import { hitRateLimit, peekRateLimit, resetRateLimit } from '../../db/repositories/rate-limit-repository.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import { AppError } from '../../errors.js';
import { randomToken, sha256Hex } from '../../infra/secret-box.js';
import type { TApiDeps } from '../context.js';
import { clientIp, envelope, errorResponses, jsonBody, jsonResponse, ok } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { ZLoginBody, ZLoginResult, ZMe } from './auth.types.js';

// Verifying against a real hash for unknown accounts keeps response time from revealing which emails exist.
const DUMMY_HASH = await argon2.hash('commdesk-timing-equaliser');

const loginRoute = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Exchange email and password for a bearer token',
  request: { body: jsonBody(ZLoginBody) },
  responses: {
    200: jsonResponse(envelope(ZLoginResult), 'Logged in'),
    400: errorResponses[400],
    401: errorResponses[401],
    429: { description: 'Too many failed attempts for this account or address' },
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  summary: 'Revoke the current session',
  middleware: [requireAuth] as const,
  responses: {
    200: jsonResponse(envelope(z.object({ loggedOut: z.literal(true) })), 'Session revoked'),
    401: errorResponses[401],
  },
});

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: 'The caller, with community and organization memberships',
  middleware: [requireAuth] as const,
  responses: { 200: jsonResponse(envelope(ZMe), 'The caller'), 401: errorResponses[401] },
});

export function authRoutes(deps: TApiDeps) {
  const { config, db } = deps;
  const app = createRouter();

  app.openapi(loginRoute, async (c) => {
    const { email, password } = c.req.valid('json');
    const ip = clientIp(c, config.TRUST_PROXY);
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
    const session = await db.transaction(async (tx) => {
      const created = await createSession(tx, {
        userId: user.id,
        tokenHash: sha256Hex(token),
        expiresAt: new Date(Date.now() + config.SESSION_TTL),
        ip,
        userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null,
      });
      await writeAudit(tx, {
        actorUserId: user.id,
        action: 'session.created',
        entityType: 'session',
        entityId: created.id,
        after: { expiresAt: created.expiresAt, ip },
        requestId: c.get('requestId'),
      });
      return created;
    });
    return ok(c, {
      token,
      expiresAt: session.expiresAt.toISOString(),
      user: { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin },
    });
  });

  app.openapi(logoutRoute, async (c) => {
    const session = c.get('session')!;
    await db.transaction(async (tx) => {
      await revokeSession(tx, session.id);
      await writeAudit(tx, {
        actorUserId: session.userId,
        action: 'session.revoked',
        entityType: 'session',
        entityId: session.id,
        before: { revoked: false },
        after: { revoked: true },
        requestId: c.get('requestId'),
      });
    });
    return ok(c, { loggedOut: true as const });
  });

  app.openapi(meRoute, async (c) => {
    const user = c.get('user')!;
    const memberships = await loadMemberships(db, user.id);
    return ok(c, { user, session: { expiresAt: c.get('session')!.expiresAt.toISOString() }, ...memberships });
  });

  return app;
}
