/**
 * The Stripe client, and stripe-mock for local runs and tests.
 *
 * With STRIPE_SECRET_KEY the SDK talks to Stripe (or to STRIPE_API_BASE when both are set, e.g. docker-compose's
 * stripe-mock). Without it, only to STRIPE_API_BASE (the stripe-mock `npm start` and the test harness start on a
 * loopback port) with a fixed test key: a local run never sends our local key, or anything else, to Stripe.
 *
 * stripe-mock is stateless and answers with fixture ids (the same `acct_...`, `pi_...` for every call): key
 * everything by our own ids (metadata, idempotency keys) and never assume a Stripe id is unique.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';
import type { TConfig } from '../config.js';
import { stopLeftoverProcess } from './leftover-process.js';
import { findTool, MissingToolError } from './temporal-dev-server.js';

export { Stripe };

/**
 * The key the SDK sends to stripe-mock; never valid at Stripe. stripe-mock accepts only "valid looking" test keys,
 * sk_test_ followed by letters and digits (sk_test_commdesk_local, with an underscore, is refused with a 401).
 */
export const LOCAL_STRIPE_SECRET_KEY = 'sk_test_commdesklocal';

export class StripeNotConfiguredError extends Error {
  constructor() {
    super(
      'Stripe is not configured: set STRIPE_SECRET_KEY (Stripe test or live key), or STRIPE_API_BASE to a ' +
        'stripe-mock (npm start and the tests start one themselves).',
    );
  }
}

export type TStripeConfig = Pick<TConfig, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>;

/** True when createStripe can build a client: a real key, or a stripe-mock's base URL. */
export function stripeConfigured(config: TStripeConfig): boolean {
  return Boolean(config.STRIPE_SECRET_KEY || config.STRIPE_API_BASE);
}

/**
 * The SDK client. Callers pass an idempotency key on every mutating call (derived from our ids: workflow id +
 * step); the SDK's own network retries reuse it, so a retried request is the same request to Stripe.
 */
export function createStripe(config: TStripeConfig): Stripe {
  if (!stripeConfigured(config)) throw new StripeNotConfiguredError();
  const options: ConstructorParameters<typeof Stripe>[1] = {
    maxNetworkRetries: 1,
    // An activity's start-to-close timeout bounds the whole call; this bounds one HTTP attempt.
    timeout: 30_000,
    telemetry: false,
    appInfo: { name: 'commdesk-marketplace' },
  };
  if (config.STRIPE_API_BASE) {
    const base = new URL(config.STRIPE_API_BASE);
    options.protocol = base.protocol === 'http:' ? 'http' : 'https';
    options.host = base.hostname;
    options.port = base.port || (base.protocol === 'http:' ? 80 : 443);
  }
  return new Stripe(config.STRIPE_SECRET_KEY ?? LOCAL_STRIPE_SECRET_KEY, options);
}

export const STRIPE_MOCK_INSTALL_HINT =
  'stripe-mock was not found. Install it with scripts/install-tools.sh (or set STRIPE_SECRET_KEY to use Stripe, ' +
  'or STRIPE_API_BASE to point at a running stripe-mock).';

export type TStripeMock = { url: string; pid: number | undefined; stop: () => Promise<void> };

/**
 * Starts stripe-mock on loopback only (HTTP and the HTTPS listener it always opens, each on a port the system
 * chooses, read back from its log) and waits until it answers.
 */
export async function startStripeMock(
  opts: {
    /** Own process group, as for the other servers of `npm start`: Ctrl-C reaches the launcher, which stops us. */
    detached?: boolean;
    /** A pid file (data directory) so the next start stops a stripe-mock a killed launcher left running. */
    pidFile?: string;
    onLog?: (line: string) => void;
  } = {},
): Promise<TStripeMock> {
  const bin = findTool('stripe-mock', 'STRIPE_MOCK_BIN');
  if (!bin) throw new MissingToolError(STRIPE_MOCK_INSTALL_HINT);
  if (opts.pidFile) {
    mkdirSync(path.dirname(opts.pidFile), { recursive: true });
    await stopLeftoverProcess(opts.pidFile, 'stripe-mock');
  }
  const child: ChildProcess = spawn(bin, ['-http-addr', '127.0.0.1:0', '-https-addr', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });
  if (opts.pidFile && child.pid) writeFileSync(opts.pidFile, `${child.pid}\n`);
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`stripe-mock (${bin}) did not start within 30 s:\n${output}`));
    }, 30_000);
    // The listeners stay attached after start-up and keep draining its log, so a full pipe never blocks it.
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      if (output.length < 64_000) output += text;
      opts.onLog?.(text);
      const match = /Listening for HTTP at address: (127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://${match[1]}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stripe-mock exited during start-up (code ${code}):\n${output}`));
    });
  });
  for (const deadline = Date.now() + 30_000; ;) {
    const ok = await fetch(`${url}/v1/balance`, {
      headers: { authorization: `Bearer ${LOCAL_STRIPE_SECRET_KEY}` },
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (exited) throw new Error(`stripe-mock exited during start-up:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`stripe-mock did not answer on ${url} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    pid: child.pid,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (opts.pidFile) rmSync(opts.pidFile, { force: true });
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
