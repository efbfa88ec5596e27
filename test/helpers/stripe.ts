/**
 * Stripe in tests: events signed like Stripe signs them (and posted to our webhook route), and a recording proxy in
 * front of stripe-mock that counts what reached "Stripe" and keeps Stripe's idempotency promise, which stateless
 * stripe-mock does not.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { LOCAL_STRIPE_WEBHOOK_SECRET } from '../../src/config.js';
import type { TResponse } from './stack.js';

export const TEST_WEBHOOK_SECRET = LOCAL_STRIPE_WEBHOOK_SECRET;

export type TStripeTestEvent = {
  id: string;
  object: 'event';
  type: string;
  created: number;
  livemode: boolean;
  api_version: string;
  account?: string;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
};

export const newEventId = () => `evt_test${randomBytes(12).toString('hex')}`;

/** An event as Stripe sends it; `created` defaults to now (seconds). */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  opts: { id?: string; created?: number; account?: string } = {},
): TStripeTestEvent {
  return {
    id: opts.id ?? newEventId(),
    object: 'event',
    type,
    created: opts.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    api_version: Stripe.API_VERSION,
    ...(opts.account ? { account: opts.account } : {}),
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

/** A payment_intent.* event for our payment (metadata as the escrow's PaymentIntent carries it). */
export function paymentIntentEvent(
  type: string,
  input: {
    paymentId: string;
    dealId?: string;
    contractId?: string;
    amountMinor: number;
    currency?: string;
    paymentIntentId?: string;
    chargeId?: string;
    failureMessage?: string;
  },
  opts: { id?: string; created?: number } = {},
): TStripeTestEvent {
  const succeeded = type === 'payment_intent.succeeded';
  return stripeEvent(
    type,
    {
      id: input.paymentIntentId ?? 'pi_test_commdesk',
      object: 'payment_intent',
      amount: input.amountMinor,
      amount_received: succeeded ? input.amountMinor : 0,
      currency: (input.currency ?? 'usd').toLowerCase(),
      status: succeeded
        ? 'succeeded'
        : type === 'payment_intent.payment_failed'
          ? 'requires_payment_method'
          : 'processing',
      latest_charge: input.chargeId ?? (succeeded ? 'ch_test_commdesk' : null),
      last_payment_error: input.failureMessage ? { message: input.failureMessage } : null,
      transfer_group: input.dealId ?? null,
      metadata: {
        paymentId: input.paymentId,
        ...(input.dealId ? { dealId: input.dealId } : {}),
        ...(input.contractId ? { contractId: input.contractId } : {}),
      },
    },
    opts,
  );
}

/** An account.updated event for a community's connected account (metadata.communityId as we create it). */
export function accountUpdatedEvent(
  input: {
    communityId: string;
    accountId: string;
    payoutsEnabled: boolean;
    chargesEnabled?: boolean;
    detailsSubmitted?: boolean;
    currentlyDue?: string[];
  },
  opts: { id?: string; created?: number } = {},
): TStripeTestEvent {
  return stripeEvent(
    'account.updated',
    {
      id: input.accountId,
      object: 'account',
      type: 'express',
      country: 'US',
      default_currency: 'usd',
      payouts_enabled: input.payoutsEnabled,
      charges_enabled: input.chargesEnabled ?? input.payoutsEnabled,
      details_submitted: input.detailsSubmitted ?? input.payoutsEnabled,
      requirements: {
        currently_due: input.currentlyDue ?? [],
        past_due: [],
        disabled_reason: input.payoutsEnabled ? null : 'requirements.past_due',
      },
      metadata: { communityId: input.communityId },
    },
    { ...opts, account: input.accountId },
  );
}

/** The raw body and its Stripe-Signature header, computed as Stripe computes them. */
export function signedStripeEvent(
  payload: object | string,
  secret: string = TEST_WEBHOOK_SECRET,
  opts: { timestamp?: number } = {},
): { body: string; signature: string } {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret,
    timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000),
  });
  return { body, signature };
}

type TRequester = {
  request: <T = unknown>(
    method: string,
    path: string,
    opts?: { rawBody?: string; headers?: Record<string, string> },
  ) => Promise<TResponse<T>>;
};

/**
 * Posts an event to /api/v1/stripe/webhook: through a test stack (app.request, no socket) or to a base URL
 * (a running server). `signature: null` sends none; a string sends that header as is.
 */
export async function postStripeEvent<T = any>(
  target: TRequester | string,
  event: object | string,
  opts: { secret?: string; signature?: string | null; timestamp?: number } = {},
): Promise<TResponse<T>> {
  const signed = signedStripeEvent(event, opts.secret ?? TEST_WEBHOOK_SECRET, { timestamp: opts.timestamp });
  const signature = opts.signature === undefined ? signed.signature : opts.signature;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (signature !== null) headers['stripe-signature'] = signature;
  if (typeof target !== 'string')
    return target.request<T>('POST', '/api/v1/stripe/webhook', { rawBody: signed.body, headers });
  const res = await fetch(`${target.replace(/\/$/, '')}/api/v1/stripe/webhook`, {
    method: 'POST',
    headers,
    body: signed.body,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export type TRecordedStripeRequest = {
  method: string;
  /** The path without the query (e.g. /v1/transfers). */
  path: string;
  idempotencyKey: string | null;
  /** Form-encoded body as sent (the SDK encodes parameters this way). */
  body: string;
  /** False when the proxy answered from an earlier request with the same key (as Stripe does) without forwarding. */
  forwarded: boolean;
  status: number;
  at: number;
};

/**
 * A recording HTTP proxy on loopback in front of stripe-mock: point STRIPE_API_BASE at `url`. Every request is
 * recorded with its Idempotency-Key. A repeated POST with the same key and path is answered with the first
 * response and not forwarded, which is Stripe's idempotency (stripe-mock, stateless, would create again), so
 * `forwardedCount('/v1/transfers')` is how many transfers reached Stripe.
 */
export async function startStripeRecorder(targetBase: string) {
  const target = new URL(targetBase);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(target.hostname))
    throw new Error(`the Stripe recorder only forwards to loopback, not ${target.hostname}`);
  const requests: TRecordedStripeRequest[] = [];
  const answered = new Map<string, { status: number; headers: IncomingHttpHeaders; body: Buffer }>();
  const waiters: { check: () => boolean; resolve: () => void }[] = [];
  /** Paths whose answers are held (not sent back) until released: a crash between Stripe's work and ours. */
  const holds = new Map<string, (() => void)[]>();
  const holding = new Set<string>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '/').split('?')[0]!;
      const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
      const replayKey = req.method === 'POST' && key ? `${path} ${key}` : null;
      const record = (status: number, forwarded: boolean) => {
        requests.push({
          method: req.method ?? 'GET',
          path,
          idempotencyKey: key,
          body: body.toString(),
          forwarded,
          status,
          at: Date.now(),
        });
        for (const w of [...waiters]) {
          if (!w.check()) continue;
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      };
      const send = (status: number, headers: IncomingHttpHeaders, payload: Buffer) => {
        const deliver = () => {
          if (res.destroyed) return;
          res.writeHead(status, headers);
          res.end(payload);
        };
        if (holding.has(path)) holds.set(path, [...(holds.get(path) ?? []), deliver]);
        else deliver();
      };
      const earlier = replayKey ? answered.get(replayKey) : undefined;
      if (earlier) {
        record(earlier.status, false);
        send(earlier.status, { ...earlier.headers, 'idempotent-replayed': 'true' }, earlier.body);
        return;
      }
      const headers = { ...req.headers, host: target.host };
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (up) => {
          const upChunks: Buffer[] = [];
          up.on('data', (c: Buffer) => upChunks.push(c));
          up.on('end', () => {
            const payload = Buffer.concat(upChunks);
            const status = up.statusCode ?? 502;
            // Stripe keeps the result of a key whatever it was, except a 5xx/connection failure (which may be retried).
            if (replayKey && status < 500)
              answered.set(replayKey, { status, headers: up.headers, body: payload });
            record(status, true);
            send(status, up.headers, payload);
          });
        },
      );
      upstream.on('error', (err) => {
        record(502, true);
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'api_error', message: `recorder: ${err.message}` } }));
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const matching = (path: string, method = 'POST') =>
    requests.filter((r) => r.path === path && r.method === method);

  return {
    url,
    requests,
    /** Every request to the path (replays included). */
    count: (path: string, method = 'POST') => matching(path, method).length,
    /** Requests to the path that reached stripe-mock ("Stripe did the work"). */
    forwardedCount: (path: string, method = 'POST') =>
      matching(path, method).filter((r) => r.forwarded).length,
    /** The Idempotency-Key of every request to the path, in order. */
    idempotencyKeys: (path: string, method = 'POST') => matching(path, method).map((r) => r.idempotencyKey),
    /** Resolves once `n` requests to the path have been answered by the recorder. */
    waitForCount(path: string, n: number, method = 'POST', timeoutMs = 30_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${n} ${method} ${path} requests within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const w = {
          check: () => matching(path, method).length >= n,
          resolve: () => (clearTimeout(timer), resolve()),
        };
        if (w.check()) w.resolve();
        else waiters.push(w);
      });
    },
    /** Holds the answers for a path: Stripe has done the work, the caller has not heard (kill it now). */
    hold(path: string) {
      holding.add(path);
    },
    /** Sends the held answers (to callers still connected) and stops holding. */
    release(path: string) {
      holding.delete(path);
      for (const deliver of holds.get(path) ?? []) deliver();
      holds.delete(path);
    },
    reset() {
      requests.length = 0;
      answered.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type TStripeRecorder = Awaited<ReturnType<typeof startStripeRecorder>>;
