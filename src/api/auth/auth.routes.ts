import { createRouter } from '../router.js';
import { createRoute, z } from '@hono/zod-openapi';
import { findLiveActor } from '../../db/repositories/identity-repository.js';
import { cleanHeaderText } from '../../domain/text.js';
import { AppError } from '../../errors.js';
import { sha256Hex } from '../../infra/secret-box.js';
import type { TApiDeps } from '../context.js';
import { clientIp, envelope, errorResponses, jsonBody, jsonResponse, ok, PUBLIC_OPERATION } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { activateAccount } from './activate-account.js';
import { ZActivateBody, ZLoginBody, ZLoginResult, ZMe, ZSessionOpened } from './auth.types.js';
import {
  clearSessionCookies,
  csrfTokenFor,
  SET_COOKIE_HEADER,
  setSessionCookies,
} from './browser-session.js';
import { logIn } from './log-in.js';
import { logOut } from './log-out.js';
import { refreshSession } from './refresh-session.js';
import type { Context } from 'hono';
import type { TAppEnv } from '../context.js';

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
    const opened = await logIn(deps, {
      email,
      password,
      kind,
      ip: clientIp(c, config.TRUST_PROXY),
      userAgent: cleanHeaderText(c.req.header('user-agent'), 500),
      requestId: c.get('requestId'),
    });
    return ok(c, await sessionAnswer(c, { ...opened, kind }));
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
    const rotated = await refreshSession(deps, {
      sessionId: current.id,
      userId: current.userId,
      requestId: c.get('requestId'),
    });
    return ok(c, await sessionAnswer(c, { ...rotated, kind: current.via }));
  });

  app.openapi(activateRoute, async (c) => {
    const body = c.req.valid('json');
    const result = await activateAccount(deps, {
      token: body.token,
      password: body.password,
      ip: clientIp(c, config.TRUST_PROXY),
      userAgent: cleanHeaderText(c.req.header('user-agent'), 500),
      requestId: c.get('requestId'),
    });
    const { user } = result;
    return ok(c, {
      ...result.session,
      user: { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin },
      organizationId: result.token.organizationId,
    });
  });

  app.openapi(logoutRoute, async (c) => {
    const session = c.get('session')!;
    await logOut(deps, { sessionId: session.id, userId: session.userId, requestId: c.get('requestId') });
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
