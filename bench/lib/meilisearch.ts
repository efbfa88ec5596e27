/** A Meilisearch server for a bench: MEILI_URL, or the binary scripts/install-tools.sh unpacks, on a loopback port. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findTool } from '../../src/infra/temporal-dev-server.js';
import { freePort } from '../../test/helpers/global-setup.js';

/** Null when there is neither MEILI_URL nor the binary; the server (if started here) stops with `stops`. */
export async function meilisearchServer(
  stops: (() => Promise<unknown>)[],
): Promise<{ url: string; key?: string } | null> {
  if (process.env.MEILI_URL) return { url: process.env.MEILI_URL, key: process.env.MEILI_KEY };
  const bin = findTool('meilisearch', 'MEILISEARCH_BIN');
  if (!bin) return null;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-bench-meili-'));
  const url = `http://127.0.0.1:${await freePort()}`;
  const key = randomUUID();
  const child = spawn(
    bin,
    ['--db-path', path.join(dir, 'meili'), '--http-addr', url.slice(7), '--master-key', key],
    { stdio: 'ignore', env: { MEILI_NO_ANALYTICS: 'true', MEILI_ENV: 'development' } },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  stops.unshift(async () => {
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  });
  for (const deadline = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 100))) {
    const up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, key };
    if (Date.now() > deadline) throw new Error(`Meilisearch (${bin}) did not answer on ${url} within 30 s`);
  }
}
