import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, sessions } from '../../src/db/schema/index.js';
import { addMember, createCommunity, createEvent, createUser, PASSWORD } from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

const APP_ORIGIN = 'http://localhost:1420';
const OTHER_ORIGIN = 'https://evil.example';

let stack: TTestStack;
beforeAll(async () => {
  stack = await startTestStack({
    CORS_ORIGINS: `${APP_ORIGIN},tauri://localhost`,
    SESSION_TTL: '1h',
    SESSION_ABSOLUTE_TTL: '2h',
    SESSION_REFRESH_GRACE: '1500ms',
  });
});
afterAll(() => stack?.close());

/** A minimal cookie jar: what a browser would keep from Set-Cookie (name=value; expired ones dropped). */
function cookiesFrom(headers: Headers, jar: Map<string, string> = new Map()) {
  for (const line of headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, value] = pair!.split('=');
    if (/Max-Age=0/i.test(line)) jar.delete(name!);
    else jar.set(name!, value!);
  }
  return jar;
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

async function organizerLogin(session: 'cookie' | 'bearer' = 'cookie') {
  const community = await createCommunity(stack.db, 'approved');
  const user = await createUser(stack.db);
  await addMember(stack.db, community.id, user.id, 'Organizer');
  const res = await stack.request('POST', '/api/v1/auth/login', {
    body: { email: user.email, password: PASSWORD, session },
    headers: { origin: APP_ORIGIN },
  });
  expect(res.status).toBe(200);
  return { res, user, community, jar: cookiesFrom(res.headers) };
}

describe('CORS', () => {
  it('answers a preflight from a listed origin with the methods, headers and credentials the app needs', async () => {
    const res = await stack.app.request('/api/v1/events', {
      method: 'OPTIONS',
      headers: {
        origin: APP_ORIGIN,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'content-type,x-csrf-token',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')?.split(',')).toEqual(
      expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE']),
    );
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
      expect.arrayContaining(['content-type', 'authorization', 'x-csrf-token']),
    );
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('gives an unlisted origin no CORS header at all, on the preflight and on the call', async () => {
    const preflight = await stack.app.request('/api/v1/events', {
      method: 'OPTIONS',
      headers: { origin: OTHER_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    const call = await stack.app.request('/api/v1/health', { headers: { origin: OTHER_ORIGIN } });
    expect(call.status).toBe(200);
    for (const res of [preflight, call]) {
      expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
      expect(res.headers.get('vary')).toContain('Origin');
    }
  });

  it('says Vary: Origin on every answer, as served over HTTP too: JSON, an error, a 405, and beside a route’s own Vary', async () => {
    // The served path (@hono/node-server's light responses) as well as app.request's, on loopback only.
    const server = serve({ fetch: stack.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const get of [
        (path: string, init?: RequestInit) => stack.app.request(path, init),
        (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}${path}`, init),
      ]) {
        const health = await get('/api/v1/health');
        expect([health.status, health.headers.get('vary')]).toEqual([200, 'Origin']);
        expect((await health.json()).success).toBe(true);
        const unauthenticated = await get('/api/v1/auth/me', { headers: { authorization: 'Bearer nope' } });
        expect([unauthenticated.status, unauthenticated.headers.get('vary')]).toEqual([401, 'Origin']);
        expect((await unauthenticated.json()).error.code).toBe('UNAUTHENTICATED');
        const wrongMethod = await get('/api/v1/health', { method: 'DELETE' });
        expect([wrongMethod.status, wrongMethod.headers.get('vary')]).toEqual([405, 'Origin']);
        expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
        const script = await get('/docs/scalar.js', { headers: { 'accept-encoding': 'identity' } });
        expect([script.status, script.headers.get('vary')]).toEqual([200, 'Accept-Encoding, Origin']);
        expect((await script.text()).length).toBeGreaterThan(1000);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('exposes X-Request-Id and Retry-After, also on error answers (the app reads a 401 to refresh)', async () => {
    const res = await stack.app.request('/api/v1/auth/me', { headers: { origin: 'tauri://localhost' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('tauri://localhost');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')?.split(',')).toEqual(
      expect.arrayContaining(['X-Request-Id', 'Retry-After']),
    );
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });
});

describe('cookie sessions', () => {
  it('login sets an HttpOnly SameSite cookie (not Secure on plain-http localhost), returns no token, and the memberships', async () => {
    const { res, jar, community } = await organizerLogin();
    const setCookies = res.headers.getSetCookie();
    const session = setCookies.find((c) => c.startsWith('commdesk_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Secure/);
    const csrf = setCookies.find((c) => c.startsWith('commdesk_csrf='))!;
    expect(csrf).not.toMatch(/HttpOnly/);
    expect(res.body.data.token).toBeUndefined();
    expect(res.body.data).toMatchObject({
      sessionKind: 'cookie',
      csrfToken: jar.get('commdesk_csrf'),
      communities: [{ communityId: community.id, role: 'Organizer', status: 'Active' }],
      organizations: [],
    });
    expect(Date.parse(res.body.data.absoluteExpiresAt)).toBeGreaterThan(
      Date.parse(res.body.data.expiresAt) - 1,
    );

    const me = await stack.request('GET', '/api/v1/auth/me', { headers: { cookie: cookieHeader(jar) } });
    expect(me.status).toBe(200);
    expect(me.body.data.session).toMatchObject({ kind: 'cookie', csrfToken: res.body.data.csrfToken });
  });

  it('is Secure over https, whatever the host', async () => {
    const user = await createUser(stack.db);
    const res = await stack.app.request('https://api.commdesk.example/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
      body: JSON.stringify({ email: user.email, password: PASSWORD, session: 'cookie' }),
    });
    expect(res.status).toBe(200);
    for (const line of res.headers.getSetCookie()) expect(line).toMatch(/; Secure/);
  });

  it('bearer login still returns the token, with the memberships too', async () => {
    const { res, jar } = await organizerLogin('bearer');
    expect(res.body.data).toMatchObject({ token: expect.any(String), sessionKind: 'bearer' });
    expect(res.body.data.communities).toHaveLength(1);
    expect(jar.size).toBe(0);
    const me = await stack.request('GET', '/api/v1/auth/me', { token: res.body.data.token });
    expect(me.body.data.session).toMatchObject({ kind: 'bearer', csrfToken: null });
  });

  it('refuses a cookie-authenticated unsafe request without the CSRF header, with a foreign Origin or a wrong token', async () => {
    const { res, jar, community } = await organizerLogin();
    const event = await createEvent(stack.db, community.id);
    const csrfToken = res.body.data.csrfToken as string;
    const body = { name: 'Acme Cloud', website: 'https://acme-cloud.io', category: 'Gold Sponsor' };
    const path = `/api/v1/events/${event.id}/partners`;
    const cookie = cookieHeader(jar);

    const noHeader = await stack.request('POST', path, { body, headers: { cookie, origin: APP_ORIGIN } });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.message).toContain('X-CSRF-Token');
    const foreign = await stack.request('POST', path, {
      body,
      headers: { cookie, origin: OTHER_ORIGIN, 'x-csrf-token': csrfToken },
    });
    expect(foreign.status).toBe(403);
    const wrong = await stack.request('POST', path, {
      body,
      headers: { cookie, origin: APP_ORIGIN, 'x-csrf-token': `${csrfToken.slice(0, -2)}xx` },
    });
    expect(wrong.status).toBe(403);
    // The double submit: the header must equal the cookie, so a token alone without its cookie fails too.
    const noCookie = await stack.request('POST', path, {
      body,
      headers: { cookie: `commdesk_session=${jar.get('commdesk_session')}`, 'x-csrf-token': csrfToken },
    });
    expect(noCookie.status).toBe(403);

    const okRes = await stack.request('POST', path, {
      body,
      headers: { cookie, origin: APP_ORIGIN, 'x-csrf-token': csrfToken },
    });
    expect(okRes.status).toBe(201);
    // Safe methods need no token.
    expect((await stack.request('GET', path, { headers: { cookie } })).status).toBe(200);
  });

  it('refresh rotates the token: the old one works only during the grace period; the session never passes its absolute end', async () => {
    const { res, jar, user } = await organizerLogin();
    const oldJar = new Map(jar);
    const refreshed = await stack.request('POST', '/api/v1/auth/refresh', {
      headers: { cookie: cookieHeader(jar), origin: APP_ORIGIN, 'x-csrf-token': res.body.data.csrfToken },
    });
    expect(refreshed.status).toBe(200);
    cookiesFrom(refreshed.headers, jar);
    expect(jar.get('commdesk_session')).not.toBe(oldJar.get('commdesk_session'));
    expect(refreshed.body.data.csrfToken).toBe(jar.get('commdesk_csrf'));
    expect(refreshed.body.data.csrfToken).not.toBe(res.body.data.csrfToken);
    expect(refreshed.body.data.token).toBeUndefined();
    expect(refreshed.body.data.absoluteExpiresAt).toBe(res.body.data.absoluteExpiresAt);
    expect(Date.parse(refreshed.body.data.expiresAt)).toBeLessThanOrEqual(
      Date.parse(refreshed.body.data.absoluteExpiresAt),
    );

    // One session row, rotated in place, and audited.
    const rows = await stack.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
    const audits = await stack.db.select().from(auditLog).where(eq(auditLog.entityId, rows[0]!.id));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['session.created', 'session.refreshed']),
    );

    const me = (j: Map<string, string>) =>
      stack.request('GET', '/api/v1/auth/me', { headers: { cookie: cookieHeader(j) } });
    expect((await me(oldJar)).status).toBe(200);
    expect((await me(jar)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    expect((await me(oldJar)).status).toBe(401);
    expect((await me(jar)).status).toBe(200);
  });

  it('two refreshes racing with the same cookie both succeed, and both answers work', async () => {
    const { res, jar } = await organizerLogin();
    const headers = {
      cookie: cookieHeader(jar),
      origin: APP_ORIGIN,
      'x-csrf-token': res.body.data.csrfToken,
    };
    const [a, b] = await Promise.all([
      stack.request('POST', '/api/v1/auth/refresh', { headers }),
      stack.request('POST', '/api/v1/auth/refresh', { headers }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    for (const answer of [a, b]) {
      const cookie = cookieHeader(cookiesFrom(answer.headers));
      expect((await stack.request('GET', '/api/v1/auth/me', { headers: { cookie } })).status).toBe(200);
    }
  });

  it('refresh with a bearer token returns the new token; the expiry is capped by the absolute lifetime', async () => {
    const { res, user } = await organizerLogin('bearer');
    // Bring the absolute end close: the refresh may not extend past it.
    const soon = new Date(Date.now() + 10 * 60_000);
    await stack.db.update(sessions).set({ absoluteExpiresAt: soon }).where(eq(sessions.userId, user.id));
    const refreshed = await stack.request('POST', '/api/v1/auth/refresh', { token: res.body.data.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.data.token).toEqual(expect.any(String));
    expect(refreshed.body.data.token).not.toBe(res.body.data.token);
    expect(Date.parse(refreshed.body.data.expiresAt)).toBe(soon.getTime());
    expect((await stack.request('GET', '/api/v1/auth/me', { token: refreshed.body.data.token })).status).toBe(
      200,
    );
  });

  it('logout clears the cookies and ends the session', async () => {
    const { res, jar } = await organizerLogin();
    const cookie = cookieHeader(jar);
    const out = await stack.request('POST', '/api/v1/auth/logout', {
      headers: { cookie, origin: APP_ORIGIN, 'x-csrf-token': res.body.data.csrfToken },
    });
    expect(out.status).toBe(200);
    const cleared = out.headers.getSetCookie();
    expect(cleared.find((c) => c.startsWith('commdesk_session='))).toMatch(/Max-Age=0/);
    expect(cleared.find((c) => c.startsWith('commdesk_csrf='))).toMatch(/Max-Age=0/);
    expect(cookiesFrom(out.headers, jar).size).toBe(0);
    expect((await stack.request('GET', '/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
    // As with a stale bearer token, an operation open to everyone says so rather than answering anonymously.
    expect((await stack.request('GET', '/api/v1/sponsors', { headers: { cookie } })).status).toBe(401);
    expect((await stack.request('GET', '/api/v1/sponsors')).status).toBe(200);
  });
});

describe('the document', () => {
  it('describes the cookie session: its scheme, Set-Cookie on login/refresh/logout, the 403 of the CSRF check', async () => {
    const doc = (await stack.request('GET', '/openapi.json')).body;
    expect(doc.components.securitySchemes.sessionCookie).toEqual({
      type: 'apiKey',
      in: 'cookie',
      name: 'commdesk_session',
    });
    expect(doc.security).toEqual([{ bearer: [] }, { sessionCookie: [] }]);
    for (const path of ['/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/auth/logout'])
      expect(doc.paths[path].post.responses['200'].headers, path).toHaveProperty('Set-Cookie');
    expect(doc.components.schemas.LoginBody.required).toEqual(['email', 'password']);
    for (const [path, operations] of Object.entries<
      Record<string, { security?: unknown[]; responses: object }>
    >(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const isPublic = Array.isArray(op.security) && op.security.length === 0;
        if (!isPublic && !['get', 'head'].includes(method))
          expect(Object.keys(op.responses), `${method} ${path}`).toContain('403');
      }
    }
  });
});
