import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Hono } from 'hono';
import type { TAppEnv } from '../context.js';

// The standalone browser bundle of the installed package (the same file the CDN would serve).
const BUNDLE_PATH = createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js');
// The package's exports do not include package.json; it sits two folders above dist/browser/.
const SCALAR_VERSION = (
  JSON.parse(readFileSync(path.join(path.dirname(BUNDLE_PATH), '../../package.json'), 'utf8')) as {
    version: string;
  }
).version;
const ETAG = `"scalar-api-reference-${SCALAR_VERSION}"`;

/**
 * The browser bundle, read and gzipped once, on first use, off the event loop (2.9 MB, about a quarter
 * of that compressed).
 */
const gzip = promisify(gzipCallback);
let bundle: Promise<{ raw: Uint8Array<ArrayBuffer>; gzipped: Uint8Array<ArrayBuffer> }> | null = null;
function loadBundle() {
  if (!bundle) {
    bundle = (async () => {
      // Copied once into plain byte arrays, the body type Hono takes.
      const raw = await readFile(BUNDLE_PATH);
      return { raw: new Uint8Array(raw), gzipped: new Uint8Array(await gzip(raw)) };
    })();
    // A failed read is retried by the next request instead of being cached.
    bundle.catch(() => (bundle = null));
  }
  return bundle;
}

// Scalar's options, as JSON inside a <script>: `<` escaped so that no value can close the element.
const SCALAR_OPTIONS = JSON.stringify({
  // The default fonts come from fonts.scalar.com; the system fonts keep the page self-contained.
  withDefaultFonts: false,
}).replace(/</g, '\\u003c');

/**
 * Our own page rather than @scalar/hono-api-reference's, because two addresses must be computed in the
 * browser, the only place that knows the address it used whatever proxies sit in front of us: the
 * document URL must be absolute (with '/openapi.json' Scalar 1.32's document store fails to load and
 * every code sample throws "Invalid URL"), and the server of the code samples and "Test request" is
 * this origin (the document declares no servers, and Scalar would then drop the port of the
 * document's URL). Should the document declare servers one day, drop the `servers` override.
 */
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <title>CommDesk Marketplace API</title>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
  </head>
  <body>
    <div id="app"></div>
    <script src="/docs/scalar.js?v=${SCALAR_VERSION}"></script>
    <script>
      Scalar.createApiReference(
        '#app',
        Object.assign(${SCALAR_OPTIONS}, {
          url: new URL('/openapi.json', location.href).href,
          servers: [{ url: location.origin }],
        }),
      );
    </script>
  </body>
</html>
`;

/**
 * The API reference page and the script it runs, both served by us: the page works without internet
 * (behind a firewall, air-gapped) because nothing it needs comes from a CDN. The script's URL carries
 * the package version, so browsers may cache it for a year and an upgrade still reaches them.
 */
export function docsRoutes() {
  const app = new Hono<TAppEnv>();

  app.get('/scalar.js', async (c) => {
    const { raw, gzipped } = await loadBundle();
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('ETag', ETAG);
    c.header('Vary', 'Accept-Encoding');
    if (c.req.header('if-none-match') === ETAG) return c.body(null, 304);
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip');
      return c.body(gzipped);
    }
    return c.body(raw);
  });

  app.get('/', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(PAGE);
  });

  return app;
}
