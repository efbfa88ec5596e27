/**
 * The README's first two commands from a clone in a private (700) directory, as root (issue 14, item 1): `npm test`'s
 * harness starts its embedded PostgreSQL from there, and when the `postgres` user can reach neither the checkout nor
 * the shared folder, `npm start` and the harness stop with one sentence that says why and what to do.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launcherEnv, PROJECT_ROOT, STACK_TRACE, type TLauncherEnv } from '../helpers/launcher.js';

const asRoot = process.getuid?.() === 0;
let parent: string;
let checkout: string;
let scratch: string;

/** A folder of mode `mode` under the scratch folder (755, so only `mode` decides who gets in). */
async function folder(name: string, mode: number): Promise<string> {
  const dir = path.join(scratch, name);
  await mkdir(dir, { recursive: true });
  await chmod(dir, mode);
  return dir;
}

/** Runs `args` with node in `cwd` to its end; the exit code and everything it printed. */
function run(args: string[], cwd: string, env: Record<string, string>, timeoutMs: number) {
  // The inner vitest must not think it is a worker of this one.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(__)?VITEST|^TINYPOOL/.test(k)),
  );
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

const launcher = (env: TLauncherEnv, cwd: string) =>
  run(['--import', 'tsx', 'src/main.ts'], cwd, env, 120_000);

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'commdesk-scratch-'));
  await chmod(scratch, 0o755);
  // A clone under a root user's home or a `mktemp -d` folder: the `postgres` user cannot traverse it.
  parent = await mkdtemp(path.join(os.tmpdir(), 'commdesk-private-'));
  await chmod(parent, 0o700);
  checkout = path.join(parent, 'checkout');
  await mkdir(checkout);
  // Hard links: a full copy of the checkout with node_modules in about a second; a plain copy when the temporary
  // folder is on another file system. Symbolic links are followed (a node_modules linked from elsewhere would
  // otherwise leave the binaries where the 'postgres' user can reach them).
  for (const entry of [
    'src',
    'drizzle',
    'node_modules',
    'test',
    'package.json',
    'tsconfig.json',
    'vitest.config.ts',
  ]) {
    const from = path.join(PROJECT_ROOT, entry);
    let copied = spawnSync('cp', ['-alL', from, checkout]);
    if (copied.status !== 0) {
      await rm(path.join(checkout, entry), { recursive: true, force: true });
      copied = spawnSync('cp', ['-aL', from, checkout]);
    }
    expect(copied.status, String(copied.stderr)).toBe(0);
  }
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

describe('a checkout in a private (700) directory', () => {
  it("npm test's harness starts its embedded PostgreSQL and runs a test file from there", async () => {
    const shared = await folder('shared', 0o755);
    const { temporalAddress } = inject('stack');
    const meili = inject('meili');
    const { code, output } = await run(
      [path.join('node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/db/migrations.test.ts'],
      checkout,
      {
        // Its own embedded PostgreSQL, the part a private checkout breaks; this run's Temporal dev server,
        // stripe-mock and Meilisearch, which do not care where the checkout is.
        DATABASE_URL: '',
        EMBEDDED_PG_SHARED_DIR: shared,
        TEMPORAL_ADDRESS: temporalAddress,
        STRIPE_API_BASE: inject('stripe').apiBase,
        MEILI_URL: meili?.url ?? '',
        MEILI_KEY: meili?.key ?? '',
        NO_COLOR: '1',
      },
      300_000,
    );
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+1 passed/);
    expect(output).not.toMatch(STACK_TRACE);
    if (asRoot) {
      // The `postgres` user ran binaries copied where it can reach them, not the ones inside the private tree.
      expect((await readdir(shared)).some((name) => name.startsWith('postgres-'))).toBe(true);
    }
  }, 320_000);

  it.runIf(asRoot)(
    "stops with one sentence when the 'postgres' user cannot reach the shared folder either",
    async () => {
      // The shared folder inside another private directory: the copied binaries are out of reach too.
      const hidden = path.join(await folder('hidden', 0o700), 'shared');
      const env = await launcherEnv({ EMBEDDED_PG_SHARED_DIR: hidden });
      try {
        const { code, output } = await launcher(env, checkout);
        expect(code, output).toBe(1);
        expect(output).toContain(
          `Could not start the embedded PostgreSQL: The 'postgres' user cannot run the PostgreSQL binaries copied to ${hidden}/postgres-`,
        );
        expect(output).toContain(`chmod -R a+rX ${hidden}`);
        expect(output).not.toMatch(STACK_TRACE);
        expect(output).not.toMatch(/Error/);
        expect(output).not.toContain('CommDesk Marketplace is running');
      } finally {
        await rm(env.DATA_DIR!, { recursive: true, force: true });
      }
    },
    150_000,
  );

  it.runIf(asRoot)(
    'stops with one sentence when the data directory and the shared folder are both out of reach',
    async () => {
      // The binaries of the (reachable) project checkout, but DATA_DIR and the shared folder in private directories.
      const dataDir = path.join(await folder('private-data', 0o700), 'data');
      const hidden = path.join(await folder('hidden-data', 0o700), 'shared');
      const env = await launcherEnv({ EMBEDDED_PG_SHARED_DIR: hidden });
      const unused = env.DATA_DIR!;
      env.DATA_DIR = dataDir;
      try {
        const { code, output } = await launcher(env, PROJECT_ROOT);
        expect(code, output).toBe(1);
        expect(output).toContain(
          `Could not start the embedded PostgreSQL: The 'postgres' user can reach neither ${dataDir} nor ${hidden}/data-`,
        );
        expect(output).toContain(`make ${hidden} traversable`);
        expect(output).not.toMatch(STACK_TRACE);
        expect(output).not.toMatch(/Error/);
      } finally {
        await rm(unused, { recursive: true, force: true });
      }
    },
    150_000,
  );

  it.runIf(asRoot)(
    'npm start and the test harness stop with one sentence when the shared folder cannot be written',
    async () => {
      // A file where the shared folder should be: nothing can be created under it (ENOTDIR), as on a read-only mount.
      const blocker = path.join(scratch, 'not-a-folder');
      await writeFile(blocker, 'in the way\n');
      const unwritable = path.join(blocker, 'shared');
      const env = await launcherEnv({ EMBEDDED_PG_SHARED_DIR: unwritable });
      try {
        const started = await launcher(env, checkout);
        expect(started.code, started.output).toBe(1);
        expect(started.output).toContain(
          `Could not start the embedded PostgreSQL: The checkout is out of the 'postgres' user's reach and ${unwritable} cannot be used to copy the PostgreSQL binaries to (ENOTDIR): set EMBEDDED_PG_SHARED_DIR`,
        );
        expect(started.output).not.toMatch(STACK_TRACE);
        expect(started.output).not.toMatch(/Error/);
      } finally {
        await rm(env.DATA_DIR!, { recursive: true, force: true });
      }

      const tested = await run(
        [path.join('node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/db/migrations.test.ts'],
        checkout,
        { DATABASE_URL: '', EMBEDDED_PG_SHARED_DIR: unwritable, NO_COLOR: '1' },
        120_000,
      );
      expect(tested.code, tested.output).toBe(1);
      expect(tested.output).toContain(
        `Could not start the embedded PostgreSQL for the tests: The checkout is out of the 'postgres' user's reach and ${unwritable} cannot be used`,
      );
      expect(tested.output).not.toMatch(STACK_TRACE);
      expect(existsSync(unwritable)).toBe(false);
    },
    260_000,
  );
});
