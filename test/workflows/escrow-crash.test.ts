import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { transferKeyOf } from '../../src/activities/escrow.activities.js';
import { paymentMovements } from '../../src/db/schema/index.js';
import { assertLedgerHolds } from '../../src/ledger-verify.js';
import { escrowDeal, expectLedger, pay, paymentWhen } from '../helpers/escrow.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { startStripeRecorder, type TStripeRecorder } from '../helpers/stripe.js';

const GROSS = 10_000_000;
const FEE = 500_000;

let stack: TTestStack;
let recorder: TStripeRecorder;
const env = { ESCROW_SECOND_APPROVAL_ABOVE: '0' };

beforeAll(async () => {
  // Every Stripe call goes through the recording proxy, which keeps Stripe's idempotency promise for repeated keys.
  recorder = await startStripeRecorder(inject('stripe').apiBase);
  stack = await startTestStack({ ...env, STRIPE_API_BASE: recorder.url });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await recorder?.close();
});

/** A worker in its own process on this file's task queue (the in-process one is stopped first). */
async function workerProcess() {
  const { temporalAddress, workflowBundlePath } = inject('stack');
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/escrow-worker.ts'], {
    env: {
      ...process.env,
      ESCROW_TEST_WORKER: JSON.stringify({
        env: {
          ...env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
          STRIPE_API_BASE: recorder.url,
          OUTBOX_DIR: stack.outboxDir,
          DATA_DIR: stack.dataDir,
        },
        databaseUrl: stack.databaseUrl,
        temporalAddress,
        workflowBundlePath,
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (c: Buffer) => (errors += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the worker process exited (${code}): ${errors}`)));
  });
  return child;
}

describe('escrow crash', () => {
  it('a worker killed between the Stripe transfer and its record sends one transfer to Stripe, same key every attempt', async () => {
    const deal = await escrowDeal(stack);
    await pay(stack, deal);
    const funded = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'InEscrow',
      'InEscrow',
    );
    const milestoneId = funded.milestones[0].id as string;
    const requested = await stack.request(
      'POST',
      `/api/v1/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      {
        token: deal.organizer.token,
        body: { note: 'delivered' },
      },
    );
    expect(requested.status, JSON.stringify(requested.body)).toBe(200);

    await stack.stopWorker();
    const child = await workerProcess();
    // Stripe does the transfer; its answer never reaches the worker, which dies before writing anything.
    recorder.hold('/v1/transfers');
    const approved = await stack.request(
      'POST',
      `/api/v1/payments/${deal.paymentId}/milestones/${milestoneId}/approve`,
      {
        token: deal.sponsor.token,
      },
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await recorder.waitForCount('/v1/transfers', 1);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    recorder.release('/v1/transfers');
    expect(
      await stack.db.select().from(paymentMovements).where(eq(paymentMovements.paymentId, deal.paymentId)),
    ).toEqual([]);

    // A new worker: Temporal retries the transfer step once its attempt times out on the dead worker.
    await stack.startWorker();
    const released = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'Released',
      'Released after the restart',
      150_000,
    );
    expect(released.milestones[0]).toMatchObject({ status: 'Released', releasedMinor: GROSS });

    const key = transferKeyOf(deal.paymentId, milestoneId, 1);
    expect(recorder.count('/v1/transfers')).toBeGreaterThanOrEqual(2);
    expect(recorder.forwardedCount('/v1/transfers')).toBe(1);
    expect(new Set(recorder.idempotencyKeys('/v1/transfers'))).toEqual(new Set([key]));
    const moves = await stack.db
      .select()
      .from(paymentMovements)
      .where(eq(paymentMovements.paymentId, deal.paymentId));
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ kind: 'transfer', idempotencyKey: key, amountMinor: GROSS - FEE });
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -GROSS,
      community_paid_out: GROSS - FEE,
      platform_fee_revenue: FEE,
    });
    await assertLedgerHolds(stack.db);
  }, 240_000);
});
