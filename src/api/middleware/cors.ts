import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { TAppEnv } from '../context.js';

/** The header a cookie-authenticated browser echoes its CSRF token in (see csrf.ts). */
export const CSRF_HEADER = 'X-CSRF-Token';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const REQUEST_HEADERS = ['Content-Type', 'Authorization', CSRF_HEADER, 'X-Request-Id'];
const EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'Allow', 'X-Document-Sha256'];

/**
 * Hono's `cors` for the configured origins only. Hono's middleware would send `Access-Control-Allow-Credentials`
 * to any origin, so an origin off the list never reaches it: its responses carry no CORS header at all (the browser
 * then refuses them), and its preflight is answered 204 without any, instead of falling through to a 404/405.
 */
export function corsMiddleware(allowedOrigins: readonly string[]): MiddlewareHandler<TAppEnv> {
  const allowed = new Set(allowedOrigins);
  const listed = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: METHODS,
    allowHeaders: REQUEST_HEADERS,
    exposeHeaders: EXPOSED_HEADERS,
    credentials: true,
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin && allowed.has(origin)) return listed(c, next);
    const preflight = c.req.method === 'OPTIONS' && c.req.header('access-control-request-method');
    if (origin && preflight) return c.body(null, 204, { Vary: 'Origin' });
    await next();
    // Any response may differ by Origin (a listed one gets CORS headers), so caches must key on it. Appended to the
    // response's own headers: c.header() on a finished response rebuilds it around a copy of its body stream, which
    // cost more than the rest of this middleware on a small JSON answer. A response whose headers are immutable (one
    // that came from fetch) throws, and is rebuilt.
    try {
      c.res.headers.append('Vary', 'Origin');
    } catch {
      c.header('Vary', 'Origin', { append: true });
    }
  };
}
