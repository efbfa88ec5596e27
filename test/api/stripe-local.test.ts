import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findPayoutAccount } from '../../src/db/repositories/stripe-repository.js';
import { communities, stripeEvents } from '../../src/db/schema/index.js';
import { seed, seedDemoPayoutAccount } from '../../src/db/seed.js';
import { createStripe } from '../../src/infra/stripe.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { startStripeRecorder, type TStripeRecorder } from '../helpers/stripe.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

let stack: TTestStack;
let recorder: TStripeRecorder;
let server: ServerType;
let apiUrl: string;
let demoCommunityId: string;

beforeAll(async () => {
  recorder = await startStripeRecorder(inject('stripe').apiBase);
  stack = await startTestStack({ STRIPE_API_BASE: recorder.url });
  await seed(stack.db, 'commdesk-demo');
  const [demo] = await stack.db
    .select({ id: communities.id })
    .from(communities)
    .where(eq(communities.slug, 'demo-community'));
  demoCommunityId = demo!.id;
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: stack.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await stack?.close();
  await recorder?.close();
});

/** `npm run stripe:send-event -- ...` against this file's API and database. */
function sendEvent(...args: string[]) {
  return run(
    process.execPath,
    ['--import', 'tsx', 'scripts/stripe-send-event.ts', ...args, '--url', apiUrl],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        LOG_LEVEL: 'silent',
        DATABASE_URL: stack.databaseUrl,
      },
    },
  );
}

describe('local mode', () => {
  it('seeds the demo community a stripe-mock connected account with payouts enabled, once', async () => {
    const stripe = createStripe(stack.config);
    const first = await seedDemoPayoutAccount(stack.db, stripe);
    expect(first).toMatchObject({
      communityId: demoCommunityId,
      stripeAccountId: expect.stringMatching(/^acct_/),
      payoutsEnabled: true,
      detailsSubmitted: true,
    });
    const again = await seedDemoPayoutAccount(stack.db, stripe);
    expect(again!.id).toBe(first!.id);
    expect(recorder.forwardedCount('/v1/accounts')).toBe(1);
    expect(recorder.idempotencyKeys('/v1/accounts')).toEqual([`payout-account:${demoCommunityId}`]);
  });

  it('npm run stripe:send-event signs with the local secret: account.updated and a payment event reach the API', async () => {
    const disabled = await sendEvent('account.updated', demoCommunityId, '--payouts-enabled', 'false');
    expect(disabled.stdout).toMatch(/account\.updated evt_local\w+ -> 200/);
    expect((await findPayoutAccount(stack.db, demoCommunityId))!.payoutsEnabled).toBe(false);
    // Stripe's created is in seconds: the re-enabling event must be newer than the one before it.
    await new Promise((r) => setTimeout(r, 1_100));
    await sendEvent('account.updated', demoCommunityId);
    expect((await findPayoutAccount(stack.db, demoCommunityId))!.payoutsEnabled).toBe(true);

    const paymentId = randomUUID();
    const paid = await sendEvent(
      'payment_intent.succeeded',
      paymentId,
      '--amount',
      '250000',
      '--currency',
      'INR',
    );
    const eventId = /payment_intent\.succeeded (evt_local\w+) -> 200/.exec(paid.stdout)![1]!;
    const [row] = await stack.db.select().from(stripeEvents).where(eq(stripeEvents.id, eventId));
    expect(row).toMatchObject({ paymentId, delivery: 'no_workflow' });
    expect(row!.payload).toMatchObject({
      data: { object: { amount: 250000, amount_received: 250000, currency: 'inr', metadata: { paymentId } } },
    });
  });
});
