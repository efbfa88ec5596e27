import type { Context, MiddlewareHandler } from 'hono';
import {
  findLiveActor,
  findLiveActorWithOpeningTargets,
  findLiveActorWithRequest,
} from '../../db/repositories/identity-repository.js';
import type { TOpeningIds } from '../../db/repositories/requests-read-repository.js';
import { AppError } from '../../errors.js';
import { sha256Hex } from '../../infra/secret-box.js';
import { sessionCookieOf } from '../auth/browser-session.js';
import type { TApiDeps, TAppEnv } from '../context.js';

/**
 * Resolves the bearer token, or else the session cookie, (if any) to an actor; a present but dead token is a 401,
 * never anonymous. Operations that are public for everyone (`ignoresToken`: login, activation, health...) do not
 * read the header or the cookie at all.
 */
export function sessionMiddleware(
  deps: TApiDeps,
  opts: {
    ignoresToken?: (method: string, path: string) => boolean;
    /** The request id a negotiation step's path names, read with the session in one statement (stepRequest). */
    stepRequestOf?: (method: string, path: string) => string | null;
    /** The ids a request opening's body names, read with the session in one statement (opening). */
    openingIdsOf?: (c: Context<TAppEnv>) => Promise<TOpeningIds | null>;
  } = {},
): MiddlewareHandler<TAppEnv> {
  return async (c, next) => {
    c.set('actor', null);
    c.set('session', null);
    c.set('user', null);
    c.set('memberships', null);
    c.set('stepRequest', null);
    c.set('opening', null);
    const header = c.req.header('authorization');
    // A browser session travels in the HttpOnly cookie; an Authorization header, when sent, wins over it.
    const cookie = header ? undefined : sessionCookieOf(c);
    if ((header || cookie) && !opts.ignoresToken?.(c.req.method, c.req.path)) {
      const match = header ? /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header) : null;
      if (header && !match) throw new AppError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>"');
      const token = match ? match[1]! : cookie!;
      const tokenHash = sha256Hex(token);
      const requestId = opts.stepRequestOf?.(c.req.method, c.req.path) ?? null;
      const wellFormed = /^[A-Za-z0-9_-]{20,200}$/.test(token);
      const openingIds = wellFormed && !requestId ? ((await opts.openingIdsOf?.(c)) ?? null) : null;
      const withRequest =
        wellFormed && requestId ? await findLiveActorWithRequest(deps.db, tokenHash, requestId) : undefined;
      const withOpening = openingIds
        ? await findLiveActorWithOpeningTargets(deps.db, tokenHash, openingIds)
        : undefined;
      const found =
        withRequest ??
        withOpening ??
        (wellFormed && !requestId && !openingIds ? await findLiveActor(deps.db, tokenHash) : undefined);
      if (!found)
        throw new AppError('UNAUTHENTICATED', 'The session is invalid, expired or revoked; log in again');
      c.set('session', {
        id: found.session.id,
        userId: found.user.id,
        expiresAt: found.session.expiresAt,
        absoluteExpiresAt:
          found.session.absoluteExpiresAt ??
          new Date(found.session.createdAt.getTime() + deps.config.SESSION_ABSOLUTE_TTL),
        tokenHash,
        via: header ? 'bearer' : 'cookie',
      });
      c.set('user', found.user);
      c.set('actor', found.actor);
      c.set('memberships', found.memberships);
      if (requestId && withRequest) c.set('stepRequest', { id: requestId, found: withRequest.request });
      if (openingIds && withOpening) c.set('opening', { ids: openingIds, targets: withOpening.targets });
    }
    await next();
  };
}

export const requireAuth: MiddlewareHandler<TAppEnv> = async (c, next) => {
  if (!c.get('actor'))
    throw new AppError('UNAUTHENTICATED', 'Authentication required: send Authorization: Bearer <token>');
  await next();
};
