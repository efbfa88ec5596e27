import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { launch, launcherEnv, PROJECT_ROOT, STACK_TRACE, type TLauncherEnv } from '../helpers/launcher.js';
import { waitFor } from '../helpers/receiver.js';

/**
 * What a user does before pressing Ctrl-C: a directory search (the search index opens its LISTEN connection on the
 * first one) and one workflow step (an application, whose verification workflow runs its checks through the worker's
 * pool). Waits until both are visible in PostgreSQL, so Ctrl-C finds every long-lived client connected.
 */
async function useTheStack(env: TLauncherEnv, apiUrl: string, run: number) {
  const search = await fetch(`${apiUrl}/api/v1/sponsors?q=cloud`);
  expect(search.status).toBe(200);
  const slug = `ctrlc-${run}-${randomUUID().slice(0, 8)}`;
  const applied = await fetch(`${apiUrl}/api/v1/sponsors/apply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: 'sponsor',
      companyName: `Ctrl-C ${slug}`,
      logoUrl: `https://${slug}.io/logo.png`,
      website: `https://www.${slug}.io`,
      officialEmail: `devrel@${slug}.io`,
      applicantName: 'Ana Ruiz',
      industry: 'Cloud',
      budgetRange: { minMinor: 5_000_000, maxMinor: 20_000_000, currency: 'INR' },
      sponsorshipTypes: ['Cash'],
    }),
  });
  const body = (await applied.json()) as { data: { id: string } };
  expect(applied.status, JSON.stringify(body)).toBe(201);
  const client = new pg.Client({
    connectionString: `postgres://commdesk:commdesk@127.0.0.1:${env.EMBEDDED_PG_PORT}/commdesk`,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    await waitFor(
      async () => {
        const { rows } = await client.query<{ listening: number; checked: number }>(
          `select (select count(*)::int from pg_stat_activity where query ilike 'listen %') as listening,
                  (select count(*)::int from organization_verifications
                    where organization_id = $1 and status <> 'checking') as checked`,
          [body.data.id],
        );
        return rows[0]!.listening > 0 && rows[0]!.checked > 0;
      },
      60_000,
      "the search index's LISTEN connection and the application's checks",
    );
  } finally {
    await client.end();
  }
}

async function healthy(apiUrl: string) {
  const health = await fetch(`${apiUrl}/api/v1/health`);
  expect(health.status).toBe(200);
  expect((await health.json()).data.status).toBe('ok');
  const login = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'organizer@commdesk.local', password: 'commdesk-demo' }),
  });
  expect(login.status).toBe(200);
}

/** Runs the real launcher (`npm start`'s entry) on a fresh data directory, then stops it as Ctrl-C does. */
describe('npm start', () => {
  it('boots the embedded stack, answers health, keeps data across restarts and stops cleanly on Ctrl-C', async () => {
    const env = await launcherEnv();
    try {
      const outputs: string[] = [];
      // Ctrl-C after a search and a workflow step, three times: the reported crash (a connected LISTEN client without
      // an error handler when PostgreSQL stopped) happened about one stop in two.
      for (let run = 0; run < 3; run++) {
        const stack = await launch(env);
        await healthy(stack.apiUrl);
        const ui = await fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/`);
        expect(ui.status).toBe(200);
        await useTheStack(env, stack.apiUrl, run);
        const code = await stack.interrupt();
        expect(code, stack.output()).toBe(0);
        expect(stack.output()).not.toMatch(STACK_TRACE);
        expect(stack.output()).not.toMatch(/Error/);
        outputs.push(stack.output());
      }
      const [first, second, third] = outputs as [string, string, string];
      expect(first).toContain('seeded now');
      expect(first).toContain(`http://localhost:${env.PORT}/docs`);
      expect(first).toContain(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}`);
      expect(first).toContain('admin@commdesk.local');
      expect(first).toContain('sponsor@commdesk.local');
      expect(first).toContain('partner@commdesk.local');
      expect(second).not.toContain('seeded now');
      expect(third).not.toContain('seeded now');
    } finally {
      await rm(env.DATA_DIR!, { recursive: true, force: true });
    }
  }, 600_000);

  it('runs from a checkout in a private (700) directory, as root too', async () => {
    // A clone under a root user's home or a `mktemp -d` folder: the `postgres` user cannot traverse it.
    const parent = await mkdtemp(path.join(os.tmpdir(), 'commdesk-private-'));
    await chmod(parent, 0o700);
    const shared = await mkdtemp(path.join(os.tmpdir(), 'commdesk-shared-'));
    await chmod(shared, 0o755);
    const checkout = path.join(parent, 'checkout');
    try {
      await mkdir(checkout);
      // Hard links: a full copy of the checkout with node_modules in about a second.
      for (const entry of ['src', 'drizzle', 'node_modules', 'package.json', 'tsconfig.json']) {
        const copied = spawnSync('cp', ['-al', path.join(PROJECT_ROOT, entry), checkout]);
        expect(copied.status, String(copied.stderr)).toBe(0);
      }
      const env = await launcherEnv({
        DATA_DIR: path.join(checkout, 'data'),
        EMBEDDED_PG_SHARED_DIR: shared,
      });
      const stack = await launch(env, checkout);
      await healthy(stack.apiUrl);
      if (process.getuid?.() === 0) {
        // The server ran as `postgres` from binaries and data it can reach, outside the private tree.
        expect(stack.output()).toContain(`(data: ${shared}/data-`);
      }
      const code = await stack.interrupt();
      expect(code).toBe(0);
      expect(stack.output()).not.toMatch(STACK_TRACE);
    } finally {
      await rm(parent, { recursive: true, force: true });
      await rm(shared, { recursive: true, force: true });
    }
  }, 400_000);

  it('names the install command when the Temporal CLI is missing, without a stack trace', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-missing-'));
    await chmod(dataDir, 0o755);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none',
        TEMPORAL_ADDRESS: '',
        TEMPORAL_CLI: path.join(dataDir, 'no-such-temporal'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('go install github.com/temporalio/cli/cmd/temporal@v1.5.1');
    expect(output).not.toMatch(STACK_TRACE);
    await rm(dataDir, { recursive: true, force: true });
  });
});
