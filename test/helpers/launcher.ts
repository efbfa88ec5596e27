import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { livePid } from '../../src/infra/leftover-process.js';
import { freePort } from './global-setup.js';
import { waitFor } from './receiver.js';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

export type TLauncherEnv = Record<string, string>;

/** Ports and a data directory for one embedded stack, kept across restarts of the launcher. */
export async function launcherEnv(extra: TLauncherEnv = {}): Promise<TLauncherEnv> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-start-'));
  await chmod(dataDir, 0o755);
  const [port, pgPort, temporalPort, uiPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(pgPort),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    // The launched stack runs its own stripe-mock, whatever Stripe key the shell holds: tests never call Stripe.
    STRIPE_SECRET_KEY: '',
    STRIPE_API_BASE: '',
    MAIL_DISPATCH_INTERVAL: '1s',
    ...extra,
  };
}

/**
 * `npm start`'s entry as a user runs it in a terminal: a process group of its own, so Ctrl-C (SIGINT to the
 * group) and a crash (SIGKILL to the group) reach exactly what a terminal's would.
 */
export async function launch(env: TLauncherEnv, cwd = PROJECT_ROOT, timeoutMs = 180_000) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  await waitFor(
    async () => {
      if (done) throw new Error(`the launcher exited during start-up:\n${output}`);
      return output.includes('Press Ctrl-C');
    },
    timeoutMs,
    'launcher start-up',
  );
  return {
    child,
    apiUrl: `http://localhost:${env.PORT}`,
    output: () => output,
    /** Ctrl-C in the terminal: SIGINT to the whole process group; resolves with the exit code. */
    async interrupt(): Promise<number | null> {
      process.kill(-child.pid!, 'SIGINT');
      return exited;
    },
    /**
     * A power cut for everything the launcher started: SIGKILL to its process group and to the groups of the
     * servers it runs in groups of their own (PostgreSQL with its backends, the Temporal dev server, stripe-mock).
     */
    async kill(): Promise<void> {
      const servers = await Promise.all([
        livePid(path.join(env.DATA_DIR!, 'postgres', 'postmaster.pid'), 'postgres'),
        livePid(path.join(env.DATA_DIR!, 'temporal.db.pid'), 'temporal'),
        livePid(path.join(env.DATA_DIR!, 'stripe-mock.pid'), 'stripe-mock'),
      ]);
      for (const group of [child.pid!, ...servers]) {
        if (!group) continue;
        try {
          process.kill(-group, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await exited;
    },
  };
}

/** A stack trace's frame lines ("    at fn (file:line)") or an uncaught error's banner. */
export const STACK_TRACE = /\n\s+at .+:\d+|Unhandled 'error' event|Uncaught/;
