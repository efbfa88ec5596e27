import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

// Debian's package (`apt-get install -y chromium`); Playwright never downloads a browser here.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`skipping the /docs browser test: ${CHROMIUM} is absent (apt-get install -y chromium)`);
}

let stack: TTestStack;
let server: ServerType;
let origin: string;

beforeAll(async () => {
  stack = await startTestStack();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: stack.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await stack?.close();
});

describe('/docs is served without any CDN', () => {
  it('the page loads its script from our own route, cacheable for a year, compressed on request', async () => {
    const page = await stack.request('GET', '/docs');
    expect(page.status).toBe(200);
    const html = String(page.body);
    const src = /<script src="([^"]+)"><\/script>/.exec(html)?.[1];
    expect(src).toMatch(/^\/docs\/scalar\.js\?v=\d+\.\d+\.\d+$/);
    expect(html).not.toMatch(/https?:\/\//);

    const script = await stack.app.request(src!, { headers: { 'accept-encoding': 'gzip' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(script.headers.get('content-encoding')).toBe('gzip');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = script.headers.get('etag')!;
    const again = await stack.app.request(src!, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  describe.skipIf(!hasChromium)('in headless Chromium with every other host unreachable', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM });
    });
    afterAll(() => browser?.close());

    it('renders the operations of the OpenAPI document', { timeout: 90_000 }, async () => {
      const doc = (await stack.request('GET', '/openapi.json')).body as {
        paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
      };
      const operations = Object.values(doc.paths)
        .flatMap((methods) => Object.values(methods))
        .map((op) => ({ tag: op.tags?.[0] ?? '', summary: op.summary ?? '' }));
      expect(operations.length).toBeGreaterThan(20);
      const webhooks = operations.find(
        (op) =>
          op.summary === 'Subscribe a URL to event types of a community; the signing secret is returned once',
      );
      expect(webhooks).toBeDefined();
      // One operation we know, and the first and last of the document, whatever they are by then.
      const expected = [webhooks!, operations[0]!, operations.at(-1)!];

      const context = await browser.newContext();
      const blocked: string[] = [];
      const served: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (new URL(url).origin === origin) {
          served.push(new URL(url).pathname);
          return route.continue();
        }
        blocked.push(url);
        return route.abort('internetdisconnected');
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

      const response = await page.goto(`${origin}/docs`);
      expect(response?.status()).toBe(200);
      // The sidebar lists every tag; expanding one (once: a second click folds it) lists its operations.
      for (const tag of new Set(expected.map((op) => op.tag))) {
        await page.getByText(`Expand ${tag}`, { exact: true }).click({ timeout: 60_000 });
      }
      for (const { summary } of expected) {
        await page.getByText(summary, { exact: true }).first().waitFor({ timeout: 30_000 });
      }
      expect(await page.title()).toBe('CommDesk Marketplace API');
      expect(served).toEqual(expect.arrayContaining(['/docs', '/docs/scalar.js', '/openapi.json']));
      // Not even fonts: the page asks nothing of any other host.
      expect(blocked).toEqual([]);
      // The code samples address the server the browser reached (port included).
      await page.getByText(`curl ${origin}/api/v1/webhooks`).first().waitFor({ timeout: 30_000 });
      expect(errors).toEqual([]);
      await context.close();
    });

    it(
      'opening the bare origin (/) lands on the docs and lists the operations',
      { timeout: 90_000 },
      async () => {
        const doc = (await stack.request('GET', '/openapi.json')).body as {
          paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
        };
        const first = Object.values(Object.values(doc.paths)[0]!)[0]!;
        expect(first.summary).toBeTruthy();

        const context = await browser.newContext();
        const blocked: string[] = [];
        await context.route('**/*', (route) => {
          const url = route.request().url();
          if (new URL(url).origin === origin) return route.continue();
          blocked.push(url);
          return route.abort('internetdisconnected');
        });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (err) => errors.push(err.message));

        const response = await page.goto(`${origin}/`);
        // The browser followed the redirect: the answer it shows is the docs page's, at the docs' address.
        expect(response?.status()).toBe(200);
        expect(response?.request().redirectedFrom()?.url()).toBe(`${origin}/`);
        expect(page.url()).toBe(`${origin}/docs`);
        await page.getByText(`Expand ${first.tags![0]}`, { exact: true }).click({ timeout: 60_000 });
        await page.getByText(first.summary!, { exact: true }).first().waitFor({ timeout: 30_000 });
        expect(await page.title()).toBe('CommDesk Marketplace API');
        expect(blocked).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
      },
    );
  });
});
