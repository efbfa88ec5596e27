import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createStripe, StripeNotConfiguredError } from '../../src/infra/stripe.js';

describe('Stripe client and configuration', () => {
  it('talks to the harness stripe-mock on loopback with the local test key', async () => {
    const { apiBase } = inject('stripe');
    expect(new URL(apiBase).hostname).toBe('127.0.0.1');
    const stripe = createStripe(loadConfig({ NODE_ENV: 'test', STRIPE_API_BASE: apiBase }));
    const account = await stripe.accounts.create(
      { type: 'express', metadata: { communityId: 'c-1' } },
      { idempotencyKey: 'payout-account:c-1' },
    );
    expect(account.object).toBe('account');
    expect(account.id).toMatch(/^acct_/);
    // stripe-mock validates parameters against Stripe's OpenAPI: an unknown one is refused as Stripe would.
    await expect(
      stripe.accounts.create({ type: 'express', no_such_param: 1 } as never),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError' });
  });

  it('refuses to build a client with neither a key nor a stripe-mock, rather than calling Stripe', () => {
    expect(() => createStripe(loadConfig({ NODE_ENV: 'test' }))).toThrow(StripeNotConfiguredError);
  });

  it('refuses the local webhook secret in production and malformed Stripe settings', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /STRIPE_WEBHOOK_SECRET.*refused in production/,
    );
    expect(
      loadConfig({ NODE_ENV: 'production', STRIPE_WEBHOOK_SECRET: 'whsec_real123' }).STRIPE_WEBHOOK_SECRET,
    ).toBe('whsec_real123');
    expect(loadConfig({}).STRIPE_WEBHOOK_SECRET).toBe('whsec_commdesk_local');
    expect(() => loadConfig({ STRIPE_WEBHOOK_SECRET: 'secret' })).toThrow(ConfigError);
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'pk_test_abc' })).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => loadConfig({ STRIPE_API_BASE: 'ftp://127.0.0.1:1' })).toThrow(/STRIPE_API_BASE/);
  });
});
