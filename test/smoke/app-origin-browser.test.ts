import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/infra/webhook-signature.js';
import { addMember, createCommunity, createEvent, createUser, PASSWORD } from '../helpers/fixtures.js';
import { startReceiver, waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

// Debian's package (`apt-get install -y chromium`); Playwright never downloads a browser here.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`skipping the app-origin browser test: ${CHROMIUM} is absent (apt-get install -y chromium)`);
}

/**
 * The CommDesk app as a browser runs it: a page from its own origin calling our API with `credentials: 'include'`,
 * keeping the CSRF token of the login/refresh answer in memory and sending it on unsafe calls. `call` answers what
 * the page's script could read: status, body and the headers CORS exposes, or the TypeError of a refused request.
 */
const PAGE = `<!doctype html><html><head><title>CommDesk app</title></head><body><script>
  window.csrf = null;
  window.call = async (api, method, path, body) => {
    const headers = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (window.csrf && !['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] = window.csrf;
    try {
      const res = await fetch(api + path, {
        method,
        credentials: 'include',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const json = text ? JSON.parse(text) : null;
      if (json && json.data && json.data.csrfToken) window.csrf = json.data.csrfToken;
      return { status: res.status, body: json, requestId: res.headers.get('x-request-id') };
    } catch (err) {
      return { error: String(err) };
    }
  };
</script></body></html>`;

type TCall = { status?: number; body?: any; requestId?: string | null; error?: string };

let stack: TTestStack;
let apiServer: ServerType;
let pageServer: Server;
let api: string;
let appOrigin: string;
let strangerOrigin: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  // The page's server first: its origin goes into CORS_ORIGINS. The same server under 127.0.0.1 is another origin.
  pageServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  const pagePort = (pageServer.address() as AddressInfo).port;
  appOrigin = `http://localhost:${pagePort}`;
  strangerOrigin = `http://127.0.0.1:${pagePort}`;
  // Loopback only: the webhook receiver is this process's; the switch lets the target policy allow it.
  stack = await startTestStack({
    CORS_ORIGINS: `${appOrigin},tauri://localhost`,
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    SESSION_REFRESH_GRACE: '2s',
  });
  apiServer = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: stack.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  // localhost on both sides: another origin (port) but the same site, so SameSite=Lax cookies travel with fetch.
  api = `http://localhost:${(apiServer.address() as AddressInfo).port}`;
  receiver = await startReceiver([200]);
});
afterAll(async () => {
  await receiver?.close();
  await new Promise<void>((resolve) => (apiServer ? apiServer.close(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => (pageServer ? pageServer.close(() => resolve()) : resolve()));
  await stack?.close();
});

describe.skipIf(!hasChromium)('the CommDesk app in Chromium, from another origin', () => {
  let browser: Browser;
  beforeAll(async () => {
    // Both servers listen on 127.0.0.1; nothing else is reachable.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--host-resolver-rules=MAP localhost 127.0.0.1, EXCLUDE 127.0.0.1'],
    });
  });
  afterAll(() => browser?.close());

  async function open(
    origin: string,
  ): Promise<{ page: Page; call: (m: string, p: string, b?: unknown) => Promise<TCall> }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    expect((await page.goto(`${origin}/app`))?.status()).toBe(200);
    const call = (method: string, path: string, body?: unknown) =>
      page.evaluate(([a, m, p, b]) => (window as any).call(a, m, p, b), [
        api,
        method,
        path,
        body,
      ] as const) as Promise<TCall>;
    return { page, call };
  }

  it(
    'logs in with a cookie, refreshes, lists events, adds a partner, and manages a webhook end to end',
    { timeout: 90_000 },
    async () => {
      const community = await createCommunity(stack.db, 'approved');
      const user = await createUser(stack.db);
      await addMember(stack.db, community.id, user.id, 'Organizer');
      const event = await createEvent(stack.db, community.id, { title: 'Browser Hack Night' });
      const { page, call } = await open(appOrigin);

      const login = await call('POST', '/api/v1/auth/login', {
        email: user.email,
        password: PASSWORD,
        session: 'cookie',
      });
      expect(login.status).toBe(200);
      expect(login.body.data.token).toBeUndefined();
      expect(login.body.data.communities).toEqual([
        expect.objectContaining({ communityId: community.id, role: 'Organizer' }),
      ]);
      // The exposed header is readable by the page; the session cookie never is (HttpOnly).
      expect(login.requestId).toBeTruthy();
      expect(await page.evaluate(() => document.cookie)).not.toContain('commdesk_session');

      const me = await call('GET', '/api/v1/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.data.session.kind).toBe('cookie');

      const firstCsrf = login.body.data.csrfToken as string;
      const refreshed = await call('POST', '/api/v1/auth/refresh');
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.data.csrfToken).not.toBe(firstCsrf);
      expect((await call('GET', '/api/v1/auth/me')).status).toBe(200);

      const events = await call('GET', `/api/v1/events?communityId=${community.id}`);
      expect(events.status).toBe(200);
      expect(events.body.data.map((e: { id: string }) => e.id)).toContain(event.id);

      // An unsafe call without the CSRF header is refused, and the page can read why.
      const forged = await page.evaluate(
        async ([a, p]) => {
          const res = await fetch(a + p, {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              name: 'Forged Co',
              website: 'https://forged.io',
              category: 'Gold Sponsor',
            }),
          });
          return res.status;
        },
        [api, `/api/v1/events/${event.id}/partners`] as const,
      );
      expect(forged).toBe(403);

      const partner = await call('POST', `/api/v1/events/${event.id}/partners`, {
        name: 'Acme Cloud',
        website: 'https://acme-cloud.io',
        category: 'Gold Sponsor',
      });
      expect(partner.status).toBe(201);

      const hook = await call('POST', '/api/v1/webhooks', {
        communityId: community.id,
        name: 'Local receiver',
        url: receiver.url,
        eventTypes: ['event_partner_assigned'],
      });
      expect(hook.status).toBe(201);
      const { id: hookId, secret } = hook.body.data as { id: string; secret: string };

      const test = await call('POST', `/api/v1/webhooks/${hookId}/test`);
      expect(test.status).toBe(202);
      const deliveryId = test.body.data.id as string;
      const received = await waitFor(
        async () => receiver.received.find((r) => r.headers['x-commdesk-webhook-id'] === deliveryId),
        15_000,
        'the ping at the receiver',
      );
      expect(
        verifyWebhook({
          secret,
          timestamp: String(received.headers['x-commdesk-timestamp']),
          signature: String(received.headers['x-commdesk-signature']),
          rawBody: received.body,
        }),
      ).toBe(true);

      const log = await waitFor(
        async () => {
          const res = await call('GET', `/api/v1/webhooks/deliveries/${deliveryId}`);
          return res.body?.data?.status === 'delivered' ? res.body.data : null;
        },
        15_000,
        'the delivery log to show the ping delivered',
      );
      expect(log.eventType).toBe('ping');
      expect(log.request.body).toBe(received.body);
      expect(log.attempts[0].response).toMatchObject({ status: 200, body: 'ok' });

      const disabled = await call('PATCH', `/api/v1/webhooks/${hookId}`, { status: 'disabled' });
      expect(disabled.status).toBe(200);
      expect(disabled.body.data).toMatchObject({ status: 'disabled', lastDeliveryStatus: 'delivered' });
      expect(disabled.body.data.lastTestAt).toEqual(expect.any(String));

      const out = await call('POST', '/api/v1/auth/logout');
      expect(out.status).toBe(200);
      expect((await call('GET', '/api/v1/auth/me')).status).toBe(401);
      await page.context().close();
    },
  );

  it(
    'refuses every call from an origin off the list: the browser gets no CORS answer',
    { timeout: 60_000 },
    async () => {
      const user = await createUser(stack.db);
      const { page, call } = await open(strangerOrigin);
      // A simple request (no preflight) reaches the server, but the browser hides the answer.
      const health = await call('GET', '/api/v1/health');
      expect(health.error).toMatch(/TypeError/);
      // A preflighted one never gets sent.
      const login = await call('POST', '/api/v1/auth/login', {
        email: user.email,
        password: PASSWORD,
        session: 'cookie',
      });
      expect(login.error).toMatch(/TypeError/);
      await page.context().close();

      // The same calls from the listed origin go through.
      const allowed = await open(appOrigin);
      expect((await allowed.call('GET', '/api/v1/health')).status).toBe(200);
      const ok = await allowed.call('POST', '/api/v1/auth/login', {
        email: user.email,
        password: PASSWORD,
        session: 'cookie',
      });
      expect(ok.status).toBe(200);
      await allowed.page.context().close();
    },
  );
});
