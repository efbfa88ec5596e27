import { createRouter } from '../router.js';
import { createRoute, z } from '@hono/zod-openapi';
import argon2 from 'argon2';
import {
  createSession,
  findLiveActor,
  findUserByEmail,
  revokeSession,
  rotateSession,
} from '../../db/repositories/identity-repository.js';
import { hitRateLimit, peekRateLimit, resetRateLimit } from '../../db/repositories/rate-limit-repository.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import { cleanHeaderText } from '../../domain/text.js';
import { AppError } from '../../errors.js';
import { randomToken, sha256Hex } from '../../infra/secret-box.js';
import type { TApiDeps } from '../context.js';
import { clientIp, envelope, errorResponses, jsonBody, jsonResponse, ok, PUBLIC_OPERATION } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { ZActivateBody, ZLoginBody, ZLoginResult, ZMe, ZSessionOpened } from './auth.types.js';
import {
  clearSessionCookies,
  csrfTokenFor,
  SET_COOKIE_HEADER,
  setSessionCookies,
} from './browser-session.js';
import type { Context } from 'hono';
import type { TDbOrTx } from '../../db/client.js';
import {
  activateInvitedMembership,
  findToken,
  lockUser,
  markTokenUsed,
  setPasswordHash,
} from '../../db/repositories/organizations-repository.js';
import { passwordProblem } from '../../domain/password-policy.js';
import {
  activatedSignal,
  verificationWorkflowId,
} from '../../workflows/verification/verification.contract.js';
import type { TAppEnv } from '../context.js';

// Verifying against a real hash for unknown accounts keeps response time from revealing which emails exist.
const DUMMY_HASH = await argon2.hash('commdesk-timing-equaliser');

const loginRoute = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Exchange email and password for a session: a bearer token, or an HttpOnly cookie for browsers',
  security: PUBLIC_OPERATION,
  request: { body: jsonBody(ZLoginBody) },
  responses: {
    200: {
      ...jsonResponse(
        envelope(ZLoginResult),
        'Logged in, with the memberships and roles of /auth/me (a cookie session also gets Set-Cookie)',
      ),
      headers: SET_COOKIE_HEADER,
    },
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
    200: {
      ...jsonResponse(envelope(z.object({ loggedOut: z.literal(true) })), 'Session revoked'),
      headers: SET_COOKIE_HEADER,
    },
    401: errorResponses[401],
  },
});

const refreshRoute = createRoute({
  method: 'post',
  path: '/refresh',
  tags: ['auth'],
  summary: 'Rotate the session token and extend the session (never past its absolute lifetime)',
  description:
    'The token sent (bearer or cookie) is replaced; it keeps working for SESSION_REFRESH_GRACE so requests ' +
    'already in flight succeed. A cookie session gets new cookies and a new csrfToken (and needs X-CSRF-Token).',
  middleware: [requireAuth] as const,
  responses: {
    200: { ...jsonResponse(envelope(ZLoginResult), 'The session, refreshed'), headers: SET_COOKIE_HEADER },
    401: errorResponses[401],
    403: errorResponses[403],
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

const activateRoute = createRoute({
  method: 'post',
  path: '/activate',
  tags: ['auth'],
  summary: 'Use a single-use activation or invitation link: set a password, join the organization, log in',
  security: PUBLIC_OPERATION,
  request: { body: jsonBody(ZActivateBody) },
  responses: {
    200: jsonResponse(
      envelope(ZSessionOpened.extend({ organizationId: z.string().nullable() })),
      'Activated and logged in',
    ),
    400: errorResponses[400],
    404: { description: 'No such link (a well-formed token that was never issued)' },
    409: { description: 'The link was already used' },
    410: { description: 'The link expired or was replaced by a newer one' },
  },
});

export function authRoutes(deps: TApiDeps) {
  const { config, db } = deps;
  const app = createRouter();

  app.openapi(loginRoute, async (c) => {
    const { email, password, session: kind = 'bearer' } = c.req.valid('json');
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
    const absoluteExpiresAt = new Date(Date.now() + config.SESSION_ABSOLUTE_TTL);
    const session = await db.transaction(async (tx) => {
      const created = await createSession(tx, {
        userId: user.id,
        tokenHash: sha256Hex(token),
        expiresAt: new Date(Math.min(Date.now() + config.SESSION_TTL, absoluteExpiresAt.getTime())),
        absoluteExpiresAt,
        ip,
        userAgent: cleanHeaderText(c.req.header('user-agent'), 500),
      });
      await writeAudit(tx, {
        actorUserId: user.id,
        action: 'session.created',
        entityType: 'session',
        entityId: created.id,
        after: { expiresAt: created.expiresAt, ip, kind },
        requestId: c.get('requestId'),
      });
      return created;
    });
    return ok(c, await sessionAnswer(c, { token, kind, expiresAt: session.expiresAt, absoluteExpiresAt }));
  });

  /** Login and refresh answer alike: the session's times, the user's memberships, and the token or the cookies. */
  async function sessionAnswer(
    c: Context<TAppEnv>,
    opened: { token: string; kind: 'bearer' | 'cookie'; expiresAt: Date; absoluteExpiresAt: Date },
  ) {
    const tokenHash = sha256Hex(opened.token);
    const found = await findLiveActor(db, tokenHash);
    if (!found)
      throw new AppError('UNAUTHENTICATED', 'The session ended while it was being opened; log in again');
    const csrfToken = csrfTokenFor(deps.secretBox, tokenHash);
    if (opened.kind === 'cookie')
      setSessionCookies(c, config, { token: opened.token, csrfToken, expiresAt: opened.expiresAt });
    return {
      ...(opened.kind === 'bearer' ? { token: opened.token } : { csrfToken }),
      sessionKind: opened.kind,
      expiresAt: opened.expiresAt.toISOString(),
      absoluteExpiresAt: opened.absoluteExpiresAt.toISOString(),
      user: found.user,
      ...found.memberships,
    };
  }

  app.openapi(refreshRoute, async (c) => {
    const current = c.get('session')!;
    const token = randomToken(32);
    const now = Date.now();
    // Sessions from before refresh existed are bounded from their creation time (read under the row lock).
    const rotated = await db.transaction(async (tx) => {
      const result = await rotateSession(tx, {
        sessionId: current.id,
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
        entityId: current.id,
        before: { expiresAt: result.before.expiresAt },
        after: {
          expiresAt: result.after.expiresAt,
          previousTokenExpiresAt: result.after.previousTokenExpiresAt,
        },
        requestId: c.get('requestId'),
      });
      return result.after;
    });
    return ok(
      c,
      await sessionAnswer(c, {
        token,
        kind: current.via,
        expiresAt: rotated.expiresAt,
        absoluteExpiresAt: absoluteEnd(rotated),
      }),
    );
  });

  const absoluteEnd = (row: { absoluteExpiresAt: Date | null; createdAt: Date }) =>
    row.absoluteExpiresAt ?? new Date(row.createdAt.getTime() + config.SESSION_ABSOLUTE_TTL);

  async function openSession(tx: TDbOrTx, userId: string, c: Context<TAppEnv>) {
    const token = randomToken(32);
    const ip = clientIp(c, config.TRUST_PROXY);
    const session = await createSession(tx, {
      userId,
      tokenHash: sha256Hex(token),
      expiresAt: new Date(Date.now() + config.SESSION_TTL),
      ip,
      userAgent: cleanHeaderText(c.req.header('user-agent'), 500),
    });
    await writeAudit(tx, {
      actorUserId: userId,
      action: 'session.created',
      entityType: 'session',
      entityId: session.id,
      after: { expiresAt: session.expiresAt, ip },
      requestId: c.get('requestId'),
    });
    return { token, expiresAt: session.expiresAt.toISOString() };
  }

  app.openapi(activateRoute, async (c) => {
    const body = c.req.valid('json');
    const result = await db.transaction(async (tx) => {
      const token = await findToken(tx, sha256Hex(body.token));
      if (!token)
        throw new AppError('NOT_FOUND', 'This activation link is not valid', [
          { location: 'body', path: 'token', message: 'unknown token' },
        ]);
      if (token.usedAt)
        throw new AppError('CONFLICT', 'This activation link was already used; log in instead');
      if (token.supersededAt)
        throw new AppError('GONE', 'This activation link was replaced by a newer one; use the latest email');
      if (token.expiresAt < new Date())
        throw new AppError('GONE', 'This activation link expired; ask for a new one');
      const user = await lockUser(tx, token.userId);
      if (!user || user.status !== 'active') throw new AppError('FORBIDDEN', 'This account is disabled');
      if (!user.passwordHash || body.password !== undefined) {
        if (body.password === undefined)
          throw new AppError('VALIDATION', 'Choose a password', [
            { location: 'body', path: 'password', message: 'required' },
          ]);
        const problem = passwordProblem(body.password, [user.email, user.email.split('@')[0]!, user.name]);
        if (problem)
          throw new AppError('VALIDATION', `password ${problem}`, [
            { location: 'body', path: 'password', message: problem },
          ]);
        await setPasswordHash(tx, user.id, await argon2.hash(body.password));
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
        requestId: c.get('requestId'),
      });
      const session = await openSession(tx, user.id, c);
      return { session, user, token };
    });
    if (result.token.purpose === 'activation' && result.token.organizationId) {
      await deps.temporal.workflow
        .getHandle(verificationWorkflowId(result.token.organizationId))
        .signal(activatedSignal, { userId: result.user.id })
        .catch((err: unknown) =>
          deps.logger.warn({ err }, 'activation signal not delivered (verification already finished)'),
        );
    }
    const { user } = result;
    return ok(c, {
      ...result.session,
      user: { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin },
      organizationId: result.token.organizationId,
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
    if (session.via === 'cookie') clearSessionCookies(c, config);
    return ok(c, { loggedOut: true as const });
  });

  app.openapi(meRoute, async (c) => {
    const user = c.get('user')!;
    const memberships = c.get('memberships')!;
    const session = c.get('session')!;
    return ok(c, {
      user,
      session: {
        expiresAt: session.expiresAt.toISOString(),
        absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
        kind: session.via,
        csrfToken: session.via === 'cookie' ? csrfTokenFor(deps.secretBox, session.tokenHash) : null,
      },
      ...memberships,
    });
  });

  return app;
}
