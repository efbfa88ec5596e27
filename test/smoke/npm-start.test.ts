import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/global-setup.js';
import { waitFor } from '../helpers/receiver.js';

/** Runs the real launcher (`npm start`'s entry) on a fresh data directory, then stops it with SIGINT. */
describe('npm start', () => {
  it('boots the embedded stack, answers health, keeps data across restarts and stops cleanly', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-start-'));
    await chmod(dataDir, 0o755);
    const [port, pgPort, temporalPort, uiPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const env = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
    };

    async function runOnce() {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        await waitFor(async () => output.includes('Press Ctrl-C'), 120_000, `launcher start-up:\n${output}`);
        const health = await fetch(`http://localhost:${port}/api/v1/health`);
        expect(health.status).toBe(200);
        expect((await health.json()).data.status).toBe('ok');
        const ui = await fetch(`http://127.0.0.1:${uiPort}/`);
        expect(ui.status).toBe(200);
        const login = await fetch(`http://localhost:${port}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'organizer@commdesk.local', password: 'commdesk-demo' }),
        });
        expect(login.status).toBe(200);
      } finally {
        child.kill('SIGINT');
      }
      const code = await exited;
      return { code, output };
    }

    try {
      const first = await runOnce();
      expect(first.code).toBe(0);
      expect(first.output).toContain('seeded now');
      expect(first.output).toContain(`http://localhost:${port}/docs`);
      expect(first.output).toContain(`http://127.0.0.1:${uiPort}`);
      expect(first.output).toContain('admin@commdesk.local');
      expect(first.output).toContain('sponsor@commdesk.local');
      expect(first.output).toContain('partner@commdesk.local');
      const second = await runOnce();
      expect(second.code).toBe(0);
      expect(second.output).not.toContain('seeded now');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 300_000);

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
    expect(output).not.toMatch(/\n\s+at /);
    await rm(dataDir, { recursive: true, force: true });
  });
});
