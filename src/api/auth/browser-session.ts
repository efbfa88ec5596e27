import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { TConfig } from '../../config.js';
import type { SecretBox } from '../../infra/secret-box.js';

/** The session token (HttpOnly: page scripts never see it) and the CSRF token a browser echoes in a header. */
export const SESSION_COOKIE = 'commdesk_session';
export const CSRF_COOKIE = 'commdesk_csrf';

/** The response header a cookie session's login, refresh and logout send, as the document lists it. */
export const SET_COOKIE_HEADER = {
  'Set-Cookie': {
    description:
      `Cookie sessions only: ${SESSION_COOKIE} (HttpOnly) and ${CSRF_COOKIE}, SameSite per SESSION_COOKIE_SAMESITE, ` +
      'Secure except on plain-http localhost (logout: both expired)',
    schema: { type: 'string' as const },
  },
};

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Cookies are Secure everywhere but plain-http localhost, where a browser would drop a Secure cookie set over http
 * (Chromium keeps it, others do not) and where no network sits between the browser and the API.
 */
export function cookieIsSecure(c: Context): boolean {
  const url = new URL(c.req.url);
  return !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/**
 * The CSRF token is a keyed digest of the session token: a login or refresh sets it in a cookie and returns it in the
 * body, and a cookie-authenticated unsafe request must echo it in X-CSRF-Token. Another site can make the browser
 * send our cookies but can read neither the cookie nor the response, so it cannot supply the header; binding the
 * token to the session means a token planted by a sibling subdomain does not fit another session.
 */
export function csrfTokenFor(secretBox: SecretBox, sessionTokenHash: string): string {
  return secretBox.mac(`csrf:${sessionTokenHash}`);
}

export function setSessionCookies(
  c: Context,
  config: Pick<TConfig, 'SESSION_COOKIE_SAMESITE'>,
  values: { token: string; csrfToken: string; expiresAt: Date },
): void {
  const common = {
    path: '/',
    secure: cookieIsSecure(c),
    sameSite: config.SESSION_COOKIE_SAMESITE,
    expires: values.expiresAt,
    maxAge: Math.max(0, Math.floor((values.expiresAt.getTime() - Date.now()) / 1000)),
  } as const;
  setCookie(c, SESSION_COOKIE, values.token, { ...common, httpOnly: true });
  // Readable by scripts on the API's own host name (a same-site frontend); others take it from the response body.
  setCookie(c, CSRF_COOKIE, values.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(c: Context, config: Pick<TConfig, 'SESSION_COOKIE_SAMESITE'>): void {
  const common = { path: '/', secure: cookieIsSecure(c), sameSite: config.SESSION_COOKIE_SAMESITE } as const;
  deleteCookie(c, SESSION_COOKIE, { ...common, httpOnly: true });
  deleteCookie(c, CSRF_COOKIE, common);
}

export const sessionCookieOf = (c: Context): string | undefined => getCookie(c, SESSION_COOKIE);
export const csrfCookieOf = (c: Context): string | undefined => getCookie(c, CSRF_COOKIE);
