/**
 * `npm run stripe:send-event -- <type> <id> [options]`: sends a Stripe event, signed with STRIPE_WEBHOOK_SECRET (the
 * local whsec_commdesk_local by default) as Stripe signs it, to the running API's /api/v1/stripe/webhook. What
 * Stripe would send after a sponsor paid, a card failed, a chargeback or a finished onboarding, for local runs
 * against stripe-mock (which sends no events itself).
 *
 *   npm run stripe:send-event -- payment_intent.succeeded <paymentId>
 *   npm run stripe:send-event -- payment_intent.payment_failed <paymentId> --message "Your card was declined."
 *   npm run stripe:send-event -- charge.dispute.created <paymentId>      (and charge.dispute.closed --status won)
 *   npm run stripe:send-event -- account.updated <communityId> [--payouts-enabled false]
 *
 * The amount, currency and Stripe ids come from the payment (or payout account) in the database: DATABASE_URL, else
 * the embedded PostgreSQL of `npm start`; --amount/--currency/--account override them. --url names the API
 * (default PUBLIC_BASE_URL, else http://localhost:PORT). Prints the API's answer; exits 1 unless it is a 2xx.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import Stripe from 'stripe';
import { loadConfigOrExit } from '../src/config.js';
import { createDb } from '../src/db/client.js';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' },
    amount: { type: 'string' },
    currency: { type: 'string' },
    account: { type: 'string' },
    message: { type: 'string', default: 'Your card was declined.' },
    status: { type: 'string' },
    'payouts-enabled': { type: 'string', default: 'true' },
    id: { type: 'string' },
  },
});
const [type, targetId] = positionals;
const USAGE =
  'usage: npm run stripe:send-event -- <type> <paymentId | communityId> [--amount N --currency XXX]';
if (!type || !targetId || !/^[0-9a-f-]{36}$/i.test(targetId)) {
  console.error(USAGE);
  process.exit(2);
}

const config = loadConfigOrExit();
const apiUrl = (opts.url ?? config.publicBaseUrl).replace(/\/$/, '');
const databaseUrl =
  config.DATABASE_URL ?? `postgres://commdesk:commdesk@127.0.0.1:${config.EMBEDDED_PG_PORT}/commdesk`;

type TRow = Record<string, unknown>;
async function lookup(sql: string, params: unknown[]): Promise<TRow | null> {
  const { pool } = createDb(databaseUrl, 1);
  try {
    const result = await pool.query(sql, params);
    return (result.rows[0] as TRow | undefined) ?? null;
  } catch (err) {
    console.warn(`(could not read the database: ${err instanceof Error ? err.message : String(err)})`);
    return null;
  } finally {
    await pool.end();
  }
}

function need<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined || value === '') {
    console.error(`${what} is unknown: pass it as an option (${USAGE})`);
    process.exit(2);
  }
  return value;
}

const created = Math.floor(Date.now() / 1000);
let object: Record<string, unknown>;
let account: string | undefined;
if (type === 'account.updated') {
  const row = await lookup('select stripe_account_id from payout_accounts where community_id = $1', [
    targetId,
  ]);
  account = need(
    opts.account ?? (row?.stripe_account_id as string | undefined),
    'the connected account (--account)',
  );
  const enabled = opts['payouts-enabled'] !== 'false';
  object = {
    id: account,
    object: 'account',
    type: 'express',
    payouts_enabled: enabled,
    charges_enabled: enabled,
    details_submitted: enabled,
    country: 'US',
    default_currency: 'usd',
    requirements: {
      currently_due: enabled ? [] : ['external_account'],
      past_due: [],
      disabled_reason: enabled ? null : 'requirements.past_due',
    },
    metadata: { communityId: targetId },
  };
} else {
  const row = await lookup(
    'select deal_id, contract_id, currency, gross_minor, stripe_payment_intent_id, stripe_charge_id from payments where id = $1',
    [targetId],
  );
  const amount = Number(
    need(opts.amount ?? (row?.gross_minor as string | undefined), 'the amount (--amount)'),
  );
  const currency = need(
    opts.currency ?? (row?.currency as string | undefined),
    'the currency (--currency)',
  ).toLowerCase();
  const paymentIntentId = (row?.stripe_payment_intent_id as string | null) ?? 'pi_commdesk_local';
  const chargeId = (row?.stripe_charge_id as string | null) ?? 'ch_commdesk_local';
  const metadata = {
    paymentId: targetId,
    ...(row ? { dealId: String(row.deal_id), contractId: String(row.contract_id) } : {}),
  };
  if (type.startsWith('payment_intent.')) {
    const succeeded = type === 'payment_intent.succeeded';
    const failed = type === 'payment_intent.payment_failed';
    object = {
      id: paymentIntentId,
      object: 'payment_intent',
      amount,
      amount_received: succeeded ? amount : 0,
      currency,
      status: succeeded ? 'succeeded' : failed ? 'requires_payment_method' : type.split('.')[1],
      latest_charge: succeeded || failed ? chargeId : null,
      last_payment_error: failed ? { message: opts.message } : null,
      transfer_group: metadata.dealId ?? null,
      metadata,
    };
  } else if (type.startsWith('charge.dispute.')) {
    object = {
      id: `dp_${randomBytes(8).toString('hex')}`,
      object: 'dispute',
      amount,
      currency,
      charge: chargeId,
      payment_intent: paymentIntentId,
      status: opts.status ?? (type === 'charge.dispute.closed' ? 'won' : 'needs_response'),
      reason: 'fraudulent',
      // Stripe's disputes carry no metadata; the webhook finds the payment by its PaymentIntent, which fails when
      // stripe-mock gave every payment the same one, so the local script names the payment as well.
      metadata,
    };
  } else if (type.startsWith('charge.')) {
    object = {
      id: chargeId,
      object: 'charge',
      amount,
      amount_refunded: type === 'charge.refunded' ? amount : 0,
      currency,
      status: type === 'charge.failed' ? 'failed' : 'succeeded',
      payment_intent: paymentIntentId,
      metadata,
    };
  } else {
    console.error(
      `unsupported event type ${type}: payment_intent.*, charge.*, charge.dispute.* or account.updated`,
    );
    process.exit(2);
  }
}

const event = {
  id: opts.id ?? `evt_local${randomBytes(12).toString('hex')}`,
  object: 'event',
  type,
  created,
  livemode: false,
  api_version: Stripe.API_VERSION,
  ...(account ? { account } : {}),
  pending_webhooks: 1,
  request: { id: null, idempotency_key: null },
  data: { object },
};
const body = JSON.stringify(event);
const signature = Stripe.webhooks.generateTestHeaderString({
  payload: body,
  secret: config.STRIPE_WEBHOOK_SECRET,
  timestamp: created,
});
const res = await fetch(`${apiUrl}/api/v1/stripe/webhook`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'stripe-signature': signature },
  body,
}).catch((err: unknown) => {
  console.error(
    `could not reach ${apiUrl}: ${err instanceof Error ? err.message : String(err)} (is npm start running?)`,
  );
  process.exit(1);
});
console.log(`${type} ${event.id} -> ${res.status}`);
console.log(await res.text());
process.exit(res.ok ? 0 : 1);
