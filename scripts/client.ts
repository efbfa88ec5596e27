/**
 * The typed client's schema, generated from the OpenAPI document the app serves (built in-process: no server, no
 * database). `npm run client:generate` writes src/client/schema.d.ts; `npm run client:check` fails when the
 * checked-in file differs from what the current routes generate.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';
import { createApp } from '../src/api/app.js';
import type { TApiDeps } from '../src/api/context.js';
import { loadConfig } from '../src/config.js';

export const SCHEMA_FILE = path.resolve(import.meta.dirname, '../src/client/schema.d.ts');

const HEADER = `/**
 * Generated from the CommDesk Marketplace OpenAPI document by openapi-typescript: do not edit.
 * Regenerate with \`npm run client:generate\`; \`npm run client:check\` (and the test suite) fail when it is stale.
 */
`;

/** The document exactly as GET /openapi.json serves it. Building the routes touches no database or Temporal. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const quiet = { info() {}, warn() {}, error() {}, debug() {} };
  const app = createApp({ config: loadConfig({ NODE_ENV: 'test' }), logger: quiet } as unknown as TApiDeps);
  const res = await app.request('/openapi.json');
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

export async function renderClientSchema(): Promise<string> {
  const ast = await openapiTS((await openApiDocument()) as never, { alphabetize: true });
  const source = HEADER + astToString(ast);
  const options = await prettier.resolveConfig(SCHEMA_FILE);
  return prettier.format(source, { ...options, filepath: SCHEMA_FILE });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fresh = await renderClientSchema();
  const relative = path.relative(process.cwd(), SCHEMA_FILE);
  if (process.argv[2] === '--check') {
    const current = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    if (current !== fresh) {
      console.error(
        `${relative} is out of date with the API's OpenAPI document: run npm run client:generate`,
      );
      process.exit(1);
    }
    console.log(`${relative} is up to date`);
  } else {
    await writeFile(SCHEMA_FILE, fresh);
    console.log(`wrote ${relative}`);
  }
}
