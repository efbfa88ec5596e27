import type { MiddlewareHandler } from 'hono';
import { findLiveActor } from '../../db/repositories/identity-repository.js';
import { AppError } from '../../errors.js';
import { sha256Hex } from '../../infra/secret-box.js';
import type { TApiDeps, TAppEnv } from '../context.js';

/**
 * Resolves the bearer token (if any) to an actor; a present but dead token is a 401, never anonymous. Operations
 * that are public for everyone (`ignoresToken`: login, activation, health...) do not read the header at all.
 */
export function sessionMiddleware(
  deps: TApiDeps,
  opts: { ignoresToken?: (method: string, path: string) => boolean } = {},
): MiddlewareHandler<TAppEnv> {
  return async (c, next) => {
    c.set('actor', null);
    c.set('session', null);
    c.set('user', null);
    c.set('memberships', null);
    const header = c.req.header('authorization');
    if (header && !opts.ignoresToken?.(c.req.method, c.req.path)) {
      const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
      if (!match) throw new AppError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>"');
      const found = await findLiveActor(deps.db, sha256Hex(match[1]!));
      if (!found)
        throw new AppError('UNAUTHENTICATED', 'The session is invalid, expired or revoked; log in again');
      c.set('session', { id: found.session.id, userId: found.user.id, expiresAt: found.session.expiresAt });
      c.set('user', found.user);
      c.set('actor', found.actor);
      c.set('memberships', found.memberships);
    }
    await next();
  };
}

export const requireAuth: MiddlewareHandler<TAppEnv> = async (c, next) => {
  if (!c.get('actor'))
    throw new AppError('UNAUTHENTICATED', 'Authentication required: send Authorization: Bearer <token>');
  await next();
};
