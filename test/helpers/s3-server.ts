import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TDocumentStoreS3Config } from '../../src/config.js';

/**
 * gofakes3, the S3-compatible server scripts/install-tools.sh builds into .tools/bin: null when it is not there
 * (the tests that need it then skip and say why).
 */
export function gofakes3Binary(): string | null {
  const tools = fileURLToPath(new URL('../../.tools/bin', import.meta.url));
  const dirs = [tools, ...(process.env.PATH ?? '').split(path.delimiter)];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'gofakes3');
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

export const GOFAKES3_MISSING =
  'gofakes3 is not installed: run scripts/install-tools.sh (it builds the S3-compatible server into .tools/bin)';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export type TS3Server = {
  endpoint: string;
  /** The DocumentStore settings for a bucket the server created at start-up. */
  config: TDocumentStoreS3Config;
  /** The same, as the environment variables loadConfig reads. */
  env: Record<string, string>;
  close(): Promise<void>;
};

/**
 * A real S3-compatible server on a loopback port of its own, in memory, with `bucket` created. Listening on
 * 127.0.0.1 only: nothing leaves the machine.
 */
export async function startS3Server(binary: string, bucket = 'commdesk-documents'): Promise<TS3Server> {
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      binary,
      ['-host', `127.0.0.1:${port}`, '-backend', 'memory', '-initialbucket', bucket, '-quiet'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let up = false;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && child.exitCode === null;) {
      if (await accepts(port)) {
        up = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!up) {
      // Another process took the port between our probe and gofakes3's bind: try another one.
      child.kill();
      await exited;
      lastError = stderr.trim() || `gofakes3 did not listen on 127.0.0.1:${port}`;
      continue;
    }
    const endpoint = `http://127.0.0.1:${port}`;
    const credentials = { accessKeyId: 'commdesk-test', secretAccessKey: 'commdesk-test-secret' };
    return {
      endpoint,
      config: { bucket, endpoint, region: 'us-east-1', credentials, forcePathStyle: true },
      env: {
        DOCUMENT_STORE_S3_BUCKET: bucket,
        DOCUMENT_STORE_S3_ENDPOINT: endpoint,
        DOCUMENT_STORE_S3_REGION: 'us-east-1',
        DOCUMENT_STORE_S3_ACCESS_KEY_ID: credentials.accessKeyId,
        DOCUMENT_STORE_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        DOCUMENT_STORE_S3_FORCE_PATH_STYLE: 'true',
      },
      async close() {
        if (child.exitCode === null) child.kill();
        await exited;
      },
    };
  }
  throw new Error(`gofakes3 did not start: ${lastError}`);
}
