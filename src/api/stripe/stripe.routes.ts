import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import Stripe from 'stripe';
import { AppError } from '../../errors.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { envelope, jsonBody, jsonResponse, ok, PUBLIC_OPERATION, ZErrorBody } from '../http.js';
import { createRouter } from '../router.js';
import { receiveStripeEvent } from './receive-stripe-event.js';
import { ZStripeEvent, ZStripeSignatureHeader, ZStripeWebhookResult } from './stripe.types.js';

/** How old a signature's timestamp may be (Stripe's default): a captured request cannot be replayed later. */
const SIGNATURE_TOLERANCE_S = 300;

/**
 * Verifies Stripe-Signature on the raw body before anything parses it (a re-serialised body would not match), so a
 * forged, altered, replayed or unsigned request is a 400 and nothing is stored. Reading the text first also leaves it
 * cached for the JSON validator that runs after.
 */
function verifyStripeSignature(secret: string): MiddlewareHandler<TAppEnv> {
  return async (c, next) => {
    const signature = c.req.header('stripe-signature');
    if (!signature)
      throw new AppError(
        'VALIDATION',
        'Missing Stripe-Signature header: only events signed by Stripe are accepted',
        [{ location: 'header', path: 'stripe-signature', message: 'required' }],
      );
    const raw = await c.req.text();
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
    await next();
  };
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
  const verify = verifyStripeSignature(deps.config.STRIPE_WEBHOOK_SECRET);
  app.use('/webhook', async (c, next) => (c.req.method === 'POST' ? verify(c, next) : next()));

  app.openapi(webhookRoute, async (c) => {
    const event = c.req.valid('json');
    return ok(c, await receiveStripeEvent(deps, event, c.get('requestId')));
  });

  return app;
}
