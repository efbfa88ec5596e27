import { Client, Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { createServer } from 'node:net';
import { createApp } from '../../src/api/app.js';
import { apiConnectionOptions } from '../../src/infra/temporal-client.js';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { paymentEvents, paymentMovements, paymentOpsTasks } from '../../src/db/schema/index.js';
import { assertLedgerHolds } from '../../src/ledger-verify.js';
import { createSessionToken, createUser } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/receiver.js';
import {
  chargebackEvent,
  escrowDeal,
  expectLedger,
  pay,
  paymentWhen,
  startStripeFaults,
  type TEscrowDeal,
} from '../helpers/escrow.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { paymentIntentEvent, postStripeEvent } from '../helpers/stripe.js';

const GROSS = 10_000_000;

let stack: TTestStack;
let faults: Awaited<ReturnType<typeof startStripeFaults>>;
let admin: { token: string; id: string };
const checked: string[] = [];

beforeAll(async () => {
  // stripe-mock behind a loopback proxy that can lose Stripe's answer after Stripe acted, and records every key.
  faults = await startStripeFaults(inject('stripe').apiBase);
  // A 4 s stuck-money delay: a refused transfer is retried after 1 s, 2 s, 4 s and the alert fires within the test.
  stack = await startTestStack({ STRIPE_API_BASE: faults.url, ESCROW_STUCK_AFTER: '4s' });
  const user = await createUser(stack.db, { isPlatformAdmin: true });
  admin = { id: user.id, token: await createSessionToken(stack.db, user.id) };
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await faults?.close();
});

afterEach(async () => {
  faults.clear();
  for (const id of checked.splice(0)) await expectLedger(stack, id, undefined);
  await assertLedgerHolds(stack.db);
});

const post = (token: string, path: string, body: unknown = {}, headers?: Record<string, string>) =>
  stack.request('POST', `/api/v1${path}`, { token, body, headers });

async function funded(): Promise<TEscrowDeal> {
  const deal = await escrowDeal(stack);
  checked.push(deal.paymentId);
  await pay(stack, deal);
  await paymentWhen(stack, deal.sponsor.token, deal.paymentId, (p) => p.status === 'InEscrow', 'InEscrow');
  return deal;
}

const refundCalls = (paymentId: string) =>
  faults.seen.filter(
    (r) => r.method === 'POST' && r.path === '/v1/refunds' && r.idempotencyKey?.includes(paymentId),
  );

describe('escrow: a refund repeated by a person', () => {
  it('is paid once at Stripe: the repeat carries the same idempotency key as the attempt whose answer was lost', async () => {
    const deal = await funded();
    // Stripe refunds, but its answer never reaches us: every attempt of the step fails, the caller gets a 503.
    faults.loseAnswer('POST', /^\/v1\/refunds$/);
    const first = await post(admin.token, `/payments/${deal.paymentId}/refund`, {
      reason: 'event cancelled',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(503);
    expect(first.headers.get('retry-after')).toBeTruthy();
    const lostCalls = refundCalls(deal.paymentId);
    expect(lostCalls.length).toBeGreaterThan(0);
    faults.clear();

    // The admin repeats it (a new HTTP request, a new Update): same key at Stripe, so Stripe answers with the first refund.
    const again = await post(admin.token, `/payments/${deal.paymentId}/refund`, {
      reason: 'event cancelled',
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.data.status).toBe('Refunded');
    const calls = refundCalls(deal.paymentId);
    expect(calls.length).toBeGreaterThan(lostCalls.length);
    expect(new Set(calls.map((r) => r.idempotencyKey))).toEqual(
      new Set([`escrow:${deal.paymentId}:refund:0`]),
    );
    const moves = await stack.db
      .select()
      .from(paymentMovements)
      .where(eq(paymentMovements.paymentId, deal.paymentId));
    expect(moves.map((m) => [m.kind, m.amountMinor, m.status])).toEqual([['refund', GROSS, 'succeeded']]);
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, refunds: GROSS });

    // Nothing is left to refund: a third attempt is refused by the state, Stripe sees nothing more.
    const third = await post(admin.token, `/payments/${deal.paymentId}/refund`, {
      reason: 'event cancelled',
    });
    expect(third.status).toBe(409);
    expect(refundCalls(deal.paymentId).length).toBe(calls.length);
  }, 120_000);

  it('with an Idempotency-Key, an HTTP retry gets the first answer and acts once', async () => {
    const deal = await funded();
    const headers = { 'Idempotency-Key': `refund-${deal.paymentId}` };
    const first = await post(admin.token, `/payments/${deal.paymentId}/refund`, { reason: 'fraud' }, headers);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data.status).toBe('Refunded');
    const retried = await post(
      admin.token,
      `/payments/${deal.paymentId}/refund`,
      { reason: 'fraud' },
      headers,
    );
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.data.status).toBe('Refunded');
    // Without the key it is a new action, refused by the state.
    const fresh = await post(admin.token, `/payments/${deal.paymentId}/refund`, { reason: 'fraud' });
    expect(fresh.status).toBe(409);
    const refundsRecorded = await stack.db
      .select()
      .from(paymentEvents)
      .where(eq(paymentEvents.paymentId, deal.paymentId));
    expect(refundsRecorded.filter((e) => e.type === 'refund')).toHaveLength(1);
    expect(refundCalls(deal.paymentId)).toHaveLength(1);

    const bad = await post(
      admin.token,
      `/payments/${deal.paymentId}/refund`,
      { reason: 'x' },
      {
        'Idempotency-Key': 'has spaces',
      },
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/Idempotency-Key is printable ASCII/);
  }, 120_000);
});

describe('escrow: a transfer Stripe refuses', () => {
  it('is recorded with an ops task, stays Releasing, retries with a new key after a backoff, and goes through once Stripe accepts', async () => {
    const deal = await funded();
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    const milestoneId = payment.milestones[0].id as string;
    const transfers = () =>
      faults.seen.filter(
        (r) =>
          r.method === 'POST' && r.path === '/v1/transfers' && r.idempotencyKey?.includes(deal.paymentId),
      );
    faults.refuse('POST', /^\/v1\/transfers$/, 'Insufficient funds in your Stripe balance');
    const asked = await post(
      deal.organizer.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      { note: 'part', amountMinor: 2_000_000 },
    );
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const approved = await post(
      deal.sponsor.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`,
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);

    const refused = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => /refused by Stripe/.test(p.alert ?? ''),
      'the refusal recorded on the payment',
    );
    expect(refused.milestones[0]).toMatchObject({ status: 'Releasing', releasingMinor: 2_000_000 });
    expect(refused.alert).toMatch(/Insufficient funds/);
    const [task] = await stack.db
      .select()
      .from(paymentOpsTasks)
      .where(eq(paymentOpsTasks.paymentId, deal.paymentId));
    expect(task).toMatchObject({ kind: 'transfer_failed', status: 'open' });
    expect(task!.detail).toMatch(/Insufficient funds/);

    // The lock is free between attempts: a person's step is answered at once (here refused by the state).
    const started = Date.now();
    const again = await post(
      deal.sponsor.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`,
    );
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(Date.now() - started).toBeLessThan(5_000);

    // Still refused past the stuck-money delay: the alert fires, and each retry carried its own key.
    await waitFor(
      async () => {
        const tasks = await stack.db
          .select()
          .from(paymentOpsTasks)
          .where(eq(paymentOpsTasks.paymentId, deal.paymentId));
        return tasks.some((t) => t.kind === 'stuck_money') && transfers().length >= 3 ? tasks : null;
      },
      30_000,
      'the stuck-money alert and three refused attempts',
    );
    const refusedKeys = transfers().map((r) => r.idempotencyKey);
    expect(new Set(refusedKeys).size).toBe(refusedKeys.length);
    expect(refusedKeys[0]).toBe(`escrow:${deal.paymentId}:transfer:${milestoneId}:1`);

    faults.clear();
    await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.milestones[0].releasedMinor === 2_000_000,
      'the transfer after Stripe accepts',
      30_000,
    );
    // Funded from the sponsor's charge, not from the platform's available balance.
    expect(transfers().at(-1)!.body).toContain('source_transaction=ch_test_commdesk');
    const moves = await stack.db
      .select()
      .from(paymentMovements)
      .where(eq(paymentMovements.paymentId, deal.paymentId));
    const transferMoves = moves.filter((m) => m.kind === 'transfer');
    expect(transferMoves.filter((m) => m.status === 'succeeded')).toHaveLength(1);
    expect(transferMoves.filter((m) => m.status === 'failed').length).toBeGreaterThanOrEqual(3);
    expect(
      transferMoves.every((m) => m.status === 'succeeded' || /Insufficient funds/.test(m.failure ?? '')),
    ).toBe(true);
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -GROSS,
      escrow: GROSS - 2_000_000,
      community_paid_out: 1_900_000,
      platform_fee_revenue: 100_000,
    });
  }, 120_000);
});

describe('escrow: a chargeback Stripe closes as lost', () => {
  it('keeps the payment frozen with an alert and an ops task; refunds and releases are refused while frozen', async () => {
    const deal = await funded();
    const opened = await postStripeEvent(stack, chargebackEvent(deal, 'charge.dispute.created'));
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    await paymentWhen(stack, deal.sponsor.token, deal.paymentId, (p) => p.frozen === true, 'frozen');
    // While the chargeback is open a refund could pay the sponsor twice (the bank and us): 409.
    const refundWhileOpen = await post(admin.token, `/payments/${deal.paymentId}/refund`, { reason: 'x' });
    expect(refundWhileOpen.status, JSON.stringify(refundWhileOpen.body)).toBe(409);
    expect(refundWhileOpen.body.message).toMatch(/frozen/);

    const lost = await postStripeEvent(
      stack,
      chargebackEvent(deal, 'charge.dispute.closed', {
        status: 'lost',
        created: Math.floor(Date.now() / 1000) + 5,
      }),
    );
    expect(lost.status, JSON.stringify(lost.body)).toBe(200);
    const view = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => /lost at Stripe/.test(p.alert ?? ''),
      'the lost chargeback recorded',
    );
    expect(view.frozen).toBe(true);
    expect(view.frozenReason).toMatch(/lost at Stripe/);
    // The open chargeback's task (evidence for Stripe) and the lost one's (settle by hand), both for ops.
    const tasks = await stack.db
      .select()
      .from(paymentOpsTasks)
      .where(eq(paymentOpsTasks.paymentId, deal.paymentId));
    expect(tasks.map((t) => [t.kind, t.status]).sort()).toEqual([
      ['chargeback_lost', 'open'],
      ['chargeback_open', 'open'],
    ]);
    const refundAfter = await post(admin.token, `/payments/${deal.paymentId}/refund`, { reason: 'x' });
    expect(refundAfter.status).toBe(409);
    // Nothing moved at Stripe for this payment after the payment itself.
    expect(
      faults.seen.filter(
        (r) =>
          r.method === 'POST' &&
          /^\/v1\/(refunds|transfers)/.test(r.path) &&
          r.idempotencyKey?.includes(deal.paymentId),
      ),
    ).toEqual([]);
  }, 90_000);
});

describe('escrow: a payment of the wrong amount', () => {
  it('is not taken into escrow: frozen with the alert and an ops task, nothing in the ledger, no expiry', async () => {
    const deal = await escrowDeal(stack);
    checked.push(deal.paymentId);
    const event = paymentIntentEvent('payment_intent.succeeded', {
      paymentId: deal.paymentId,
      dealId: deal.dealId,
      contractId: deal.contractId,
      amountMinor: deal.payment.grossMinor - 100,
      paymentIntentId: deal.payment.stripePaymentIntentId!,
    });
    const res = await postStripeEvent(stack, event);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const view = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => /Stripe reports/.test(p.alert ?? ''),
      'the mismatch recorded',
    );
    expect(view.status).not.toBe('InEscrow');
    expect(view.frozen).toBe(true);
    expect(view.alert).toContain(`${deal.payment.grossMinor - 100} USD`);
    expect(view.ledger).toEqual([]);
    const [task] = await stack.db
      .select()
      .from(paymentOpsTasks)
      .where(eq(paymentOpsTasks.paymentId, deal.paymentId));
    expect(task).toMatchObject({ kind: 'payment_mismatch', status: 'open' });
  }, 90_000);
});

describe('escrow: a stranger', () => {
  it('gets 404 on every payments and disputes POST route, and nothing changes', async () => {
    const deal = await funded();
    const strangerUser = await createUser(stack.db);
    const stranger = await createSessionToken(stack.db, strangerUser.id);
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    const milestoneId = payment.milestones[0].id as string;
    const calls: [string, unknown][] = [
      ['/payments', { dealId: deal.dealId }],
      [`/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`, { note: 'n' }],
      [`/payments/${deal.paymentId}/milestones/${milestoneId}/approve`, {}],
      [`/payments/${deal.paymentId}/milestones/${milestoneId}/dispute`, { reason: 'r' }],
      [`/payments/${deal.paymentId}/refund`, { reason: 'r' }],
      [`/disputes/${crypto.randomUUID()}/answer`, { statement: 's' }],
      [`/disputes/${crypto.randomUUID()}/resolve`, { outcome: 'release' }],
    ];
    for (const [path, body] of calls) {
      const res = await post(stranger, path, body);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(404);
    }
    const after = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    expect(after.status).toBe('InEscrow');
    expect(after.timeline.length).toBe(payment.timeline.length);
  }, 90_000);
});

describe('escrow: Temporal unreachable', () => {
  it('the payments POST routes answer 503 with Retry-After, and nothing changes', async () => {
    const deal = await funded();
    // A loopback port that refuses connections: Temporal as seen by an API whose workflow service is down.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    // The API's own connection options (its gRPC retry budget), lazy because nothing answers at that port.
    const connection = Connection.lazy(apiConnectionOptions(`127.0.0.1:${port}`));
    const app = createApp({
      ...stack.deps,
      temporal: new Client({ connection, namespace: stack.config.TEMPORAL_NAMESPACE }),
    });
    try {
      const asAdmin = (path: string, body: unknown) =>
        app.request(`/api/v1${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      // Within a few seconds (the SDK's default retries held each request ~20-40 s).
      let started = Date.now();
      const refund = await asAdmin(`/payments/${deal.paymentId}/refund`, { reason: 'r' });
      expect(refund.status, await refund.clone().text()).toBe(503);
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(refund.headers.get('retry-after')).toBe('5');
      expect(((await refund.json()) as { message: string }).message).toMatch(
        /workflow service is unavailable/,
      );
      const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
      started = Date.now();
      const asked = await app.request(
        `/api/v1/payments/${deal.paymentId}/milestones/${payment.milestones[0].id}/release-request`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${deal.organizer.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ note: 'n' }),
        },
      );
      expect(asked.status, await asked.clone().text()).toBe(503);
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(asked.headers.get('retry-after')).toBe('5');
    } finally {
      await connection.close().catch(() => undefined);
    }
    const after = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    expect(after.status).toBe('InEscrow');
    expect(after.milestones[0].status).toBe('Funded');
  }, 90_000);
});
