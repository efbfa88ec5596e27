import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createStripe } from '../../src/infra/stripe.js';
import { startStripeRecorder, type TStripeRecorder } from '../helpers/stripe.js';

let recorder: TStripeRecorder;
beforeAll(async () => {
  recorder = await startStripeRecorder(inject('stripe').apiBase);
});
afterAll(() => recorder?.close());

const stripeVia = (url: string) => createStripe(loadConfig({ NODE_ENV: 'test', STRIPE_API_BASE: url }));

describe('the recording proxy in front of stripe-mock', () => {
  it('counts requests per path with their keys, and keeps Stripe idempotency: a repeated key is not forwarded', async () => {
    const stripe = stripeVia(recorder.url);
    const params = { amount: 9500, currency: 'usd', destination: 'acct_1', transfer_group: 'deal-1' };
    const first = await stripe.transfers.create(params, { idempotencyKey: 'escrow:p1:transfer:m1:0' });
    const second = await stripe.transfers.create(params, { idempotencyKey: 'escrow:p1:transfer:m1:0' });
    expect(second.id).toBe(first.id);
    await stripe.transfers.create(params, { idempotencyKey: 'escrow:p1:transfer:m2:0' });
    expect(recorder.count('/v1/transfers')).toBe(3);
    expect(recorder.forwardedCount('/v1/transfers')).toBe(2);
    expect(recorder.idempotencyKeys('/v1/transfers')).toEqual([
      'escrow:p1:transfer:m1:0',
      'escrow:p1:transfer:m1:0',
      'escrow:p1:transfer:m2:0',
    ]);
    await stripe.balance.retrieve();
    expect(recorder.count('/v1/balance', 'GET')).toBe(1);
    expect(recorder.requests.find((r) => r.path === '/v1/transfers')!.body).toContain(
      'transfer_group=deal-1',
    );
  });

  it('holds the answers of a path until released: Stripe did the work, the caller has not heard yet', async () => {
    recorder.reset();
    const stripe = stripeVia(recorder.url);
    recorder.hold('/v1/refunds');
    let answered = false;
    const call = stripe.refunds
      .create({ payment_intent: 'pi_1', amount: 100 }, { idempotencyKey: 'escrow:p2:refund' })
      .then((r) => ((answered = true), r));
    await recorder.waitForCount('/v1/refunds', 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(false);
    expect(recorder.forwardedCount('/v1/refunds')).toBe(1);
    recorder.release('/v1/refunds');
    expect((await call).object).toBe('refund');
  });

  it('forwards only to loopback', async () => {
    await expect(startStripeRecorder('https://api.stripe.com')).rejects.toThrow(/only forwards to loopback/);
  });
});
