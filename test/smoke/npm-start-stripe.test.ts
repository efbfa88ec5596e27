import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { livePid } from '../../src/infra/leftover-process.js';
import { launch, launcherEnv, STACK_TRACE } from '../helpers/launcher.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function organizerToken(apiUrl: string): Promise<string> {
  const res = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'organizer@commdesk.local', password: 'commdesk-demo' }),
  });
  return ((await res.json()) as { data: { token: string } }).data.token;
}

/** `npm start` on embedded defaults: stripe-mock is one of the servers it runs, on loopback. */
describe('npm start with stripe-mock', () => {
  it('starts stripe-mock on a loopback port, prints it and the webhook secret, seeds demo payouts, stops it on Ctrl-C and after a crash', async () => {
    const env = await launcherEnv();
    const pidFile = path.join(env.DATA_DIR!, 'stripe-mock.pid');
    let running: Awaited<ReturnType<typeof launch>> | null = null;
    try {
      const stack = (running = await launch(env));
      const banner = stack.output();
      const url = /Stripe {7}(http:\/\/127\.0\.0\.1:\d+) {2}\(stripe-mock\)/.exec(banner)?.[1];
      expect(url, banner).toBeDefined();
      expect(banner).toContain('/api/v1/stripe/webhook  (signing secret: whsec_commdesk_local)');
      expect(banner).toMatch(/Demo Community's connected account acct_\w+ has payouts enabled/);
      const balance = await fetch(`${url}/v1/balance`, { headers: { authorization: 'Bearer sk_test_x' } });
      expect(balance.status).toBe(200);
      const pid = await livePid(pidFile, 'stripe-mock');
      expect(pid).toBeGreaterThan(0);

      // The demo community's payout account, as the Organizer sees it.
      const token = await organizerToken(stack.apiUrl);
      const me = await fetch(`${stack.apiUrl}/api/v1/auth/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const communityId = ((await me.json()) as { data: { communities: { communityId: string }[] } }).data
        .communities[0]!.communityId;
      const account = await fetch(`${stack.apiUrl}/api/v1/communities/${communityId}/payout-account`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(account.status).toBe(200);
      expect(((await account.json()) as { data: { payoutsEnabled: boolean } }).data.payoutsEnabled).toBe(
        true,
      );

      expect(await stack.interrupt()).toBe(0);
      running = null;
      expect(stack.output()).not.toMatch(STACK_TRACE);
      expect(alive(pid!)).toBe(false);
      await expect(readFile(pidFile, 'utf8')).rejects.toThrow();

      // The launcher killed outright leaves stripe-mock running (its own process group); the next start stops it.
      const crashed = (running = await launch(env));
      const leftover = (await livePid(pidFile, 'stripe-mock'))!;
      const exited = new Promise((r) => crashed.child.once('exit', r));
      process.kill(-crashed.child.pid!, 'SIGKILL');
      await exited;
      expect(alive(leftover)).toBe(true);
      const again = (running = await launch(env));
      expect(alive(leftover)).toBe(false);
      expect(await again.interrupt()).toBe(0);
      running = null;
    } finally {
      // After a failed assertion: everything that launcher started (its servers are found by their pid files).
      await running?.kill();
      await rm(env.DATA_DIR!, { recursive: true, force: true });
    }
  }, 600_000);
});
