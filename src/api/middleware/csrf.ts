import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../errors.js';
import { csrfCookieOf, csrfTokenFor } from '../auth/browser-session.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { CSRF_HEADER } from './cors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * A browser attaches cookies to requests any site makes, so an unsafe request authenticated by the session cookie
 * must prove it comes from our frontend: its Origin (when the browser sends one) is the API's own or a CORS origin,
 * and it carries the double-submit token: X-CSRF-Token equal to the commdesk_csrf cookie and bound to the session.
 * Bearer requests need neither: no browser adds an Authorization header on its own.
 */
export function csrfMiddleware(deps: Pick<TApiDeps, 'config' | 'secretBox'>): MiddlewareHandler<TAppEnv> {
  const allowed = new Set(deps.config.CORS_ORIGINS);
  return async (c, next) => {
    const session = c.get('session');
    if (session?.via === 'cookie' && !SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin !== undefined && origin !== new URL(c.req.url).origin && !allowed.has(origin)) {
        throw new AppError('FORBIDDEN', `Cookie-authenticated requests from ${origin} are not accepted`);
      }
      const header = c.req.header(CSRF_HEADER) ?? '';
      const cookie = csrfCookieOf(c) ?? '';
      const expected = csrfTokenFor(deps.secretBox, session.tokenHash);
      if (!header || !sameText(header, cookie) || !sameText(header, expected)) {
        throw new AppError(
          'FORBIDDEN',
          `A cookie session needs the ${CSRF_HEADER} header equal to the commdesk_csrf cookie (the csrfToken of the login or refresh response)`,
        );
      }
    }
    await next();
  };
}
