import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import Stripe from 'stripe';
import { AppError } from '../../errors.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import {
  envelope,
  issuesToDetails,
  jsonBody,
  jsonResponse,
  ok,
  PUBLIC_OPERATION,
  ZErrorBody,
} from '../http.js';
import { createRouter } from '../router.js';
import { receiveStripeEvent } from './receive-stripe-event.js';
import { ZStripeEvent, ZStripeSignatureHeader, ZStripeWebhookResult } from './stripe.types.js';

/** How old a signature's timestamp may be (Stripe's default): a captured request cannot be replayed later. */
const SIGNATURE_TOLERANCE_S = 300;

/**
 * Reads the raw body first (the signature is over these exact bytes; a re-serialised body would not match) and
 * checks its shape, so that a malformed request is refused naming its field like every other operation. The JSON
 * validator that runs after reads the cached text.
 */
const readStripeEvent: MiddlewareHandler<TAppEnv> = async (c, next) => {
  const raw = await c.req.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AppError('BAD_JSON', 'The request body is not valid JSON');
  }
  const result = ZStripeEvent.safeParse(parsed);
  if (!result.success) {
    const details = issuesToDetails('body', result.error.issues as never);
    throw new AppError(
      'VALIDATION',
      `Invalid body: ${details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ')}`,
      details,
    );
  }
  await next();
};

/**
 * Verifies Stripe-Signature on the raw body before anything is stored: a forged, altered, replayed (too old) or
 * differently signed request is a 400.
 */
function verifyStripeSignature(raw: string, signature: string, secret: string): void {
  try {
    Stripe.webhooks.signature!.verifyHeader(raw, signature, secret, SIGNATURE_TOLERANCE_S);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new AppError(
      'VALIDATION',
      `Invalid Stripe-Signature: ${reason} (signed with another secret than STRIPE_WEBHOOK_SECRET, altered, or older than ${SIGNATURE_TOLERANCE_S} s)`,
      [{ location: 'header', path: 'stripe-signature', message: 'does not verify' }],
    );
  }
}

const webhookRoute = createRoute({
  method: 'post',
  path: '/webhook',
  tags: ['stripe'],
  summary:
    'Stripe webhook endpoint: events signed with STRIPE_WEBHOOK_SECRET are stored once by id and delivered (payment and charge events to their escrow, account.updated to the payout account)',
  description:
    'Called by Stripe, not by clients. The Stripe-Signature header is verified on the raw body; a missing, forged or expired signature is a 400 and nothing is stored. ' +
    'A repeated event id answers 200 with `duplicate: true` and changes nothing. An event whose escrow workflow does not exist is recorded (`delivery: no_workflow`) and answered 200. ' +
    'A 503 means the workflow service did not answer: Stripe delivers the event again and it is delivered then.',
  security: PUBLIC_OPERATION,
  middleware: [readStripeEvent] as const,
  request: { headers: ZStripeSignatureHeader, body: jsonBody(ZStripeEvent) },
  responses: {
    200: jsonResponse(envelope(ZStripeWebhookResult), 'Stored (or stored before) and delivered as recorded'),
    400: {
      description: 'Missing or invalid Stripe-Signature, or not a Stripe event',
      content: { 'application/json': { schema: ZErrorBody } },
    },
  },
});

export function stripeRoutes(deps: TApiDeps) {
  const app = createRouter();

  app.openapi(webhookRoute, async (c) => {
    verifyStripeSignature(
      await c.req.text(),
      c.req.valid('header')['stripe-signature'],
      deps.config.STRIPE_WEBHOOK_SECRET,
    );
    const event = c.req.valid('json');
    return ok(c, await receiveStripeEvent(deps, event, c.get('requestId')));
  });

  return app;
}
