import { authorize, communityResource } from '../authorize.js';
import { createRouter } from '../router.js';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Action } from '../../domain/access.js';
import {
  findSubscription,
  listAttempts,
  listDeliveries,
  listSubscriptions,
  loadDelivery,
} from '../../db/repositories/webhooks-repository.js';
import { findCommunity } from '../../db/repositories/communities-repository.js';
import { WEBHOOK_PING_EVENT, webhookBody, type WebhookDeliveredType } from '../../domain/webhooks.js';
import { AppError, notFound } from '../../errors.js';
import {
  createWebhookTargetGuard,
  WebhookTargetRefusedError,
  WebhookTargetUnresolvedError,
} from '../../infra/webhook-targets.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { envelope, errorResponses, jsonBody, jsonResponse, ok, created, accepted } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { createSubscription } from './create-subscription.js';
import { deleteSubscription } from './delete-subscription.js';
import { replayDelivery } from './replay-delivery.js';
import { rotateSecret } from './rotate-secret.js';
import { sendTestEvent } from './send-test-event.js';
import { updateSubscription } from './update-subscription.js';
import { toDelivery, toSubscription } from './webhooks.responses.js';
import {
  ZCreatedSubscription,
  ZCreateSubscription,
  ZDelivery,
  ZDeliveryListQuery,
  ZDeliveryParams,
  ZRotatedSecret,
  ZRotateSecret,
  ZSubscription,
  ZUpdateSubscription,
  ZSubscriptionListQuery,
  ZSubscriptionParams,
} from './webhooks.types.js';

const tags = ['webhooks'];

const createRouteDef = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Subscribe a URL to event types of a community; the signing secret is returned once',
  description:
    'The URL must be https, and every address its host name resolves to must be public: loopback, private, ' +
    'link-local (cloud metadata), carrier-grade NAT, unique-local, multicast and reserved addresses are refused ' +
    'with a 400 that names the reason (deliveries check again at every attempt and never follow redirects).',
  middleware: [requireAuth] as const,
  request: { body: jsonBody(ZCreateSubscription) },
  responses: { 201: jsonResponse(envelope(ZCreatedSubscription), 'Created'), ...errorResponses },
});
const listRouteDef = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary:
    "The community's subscriptions (active and disabled), with their last delivery status and test time",
  middleware: [requireAuth] as const,
  request: { query: ZSubscriptionListQuery },
  responses: { 200: jsonResponse(envelope(z.array(ZSubscription)), 'Subscriptions'), ...errorResponses },
});
const deleteRouteDef = createRoute({
  method: 'delete',
  path: '/{subscriptionId}',
  tags,
  summary: 'Delete a subscription; pending deliveries to it are cancelled',
  middleware: [requireAuth] as const,
  request: { params: ZSubscriptionParams },
  responses: {
    200: jsonResponse(envelope(z.object({ id: z.string(), deleted: z.literal(true) })), 'Deleted'),
    ...errorResponses,
  },
});
const deliveriesRouteDef = createRoute({
  method: 'get',
  path: '/{subscriptionId}/deliveries',
  tags,
  summary: 'Deliveries of a subscription, newest first',
  middleware: [requireAuth] as const,
  request: { params: ZSubscriptionParams, query: ZDeliveryListQuery },
  responses: { 200: jsonResponse(envelope(z.array(ZDelivery)), 'Deliveries'), ...errorResponses },
});
const deliveryRouteDef = createRoute({
  method: 'get',
  path: '/deliveries/{deliveryId}',
  tags,
  summary: 'One delivery with every attempt (status, latency, error)',
  middleware: [requireAuth] as const,
  request: { params: ZDeliveryParams },
  responses: { 200: jsonResponse(envelope(ZDelivery), 'Delivery'), ...errorResponses },
});
const replayRouteDef = createRoute({
  method: 'post',
  path: '/deliveries/{deliveryId}/replay',
  tags,
  summary: 'Deliver a finished (dead-lettered, delivered or cancelled) delivery again, same delivery id',
  middleware: [requireAuth] as const,
  request: { params: ZDeliveryParams },
  responses: {
    202: jsonResponse(envelope(ZDelivery), 'Replay started'),
    ...errorResponses,
    409: { description: 'Still in progress' },
  },
});

const getRouteDef = createRoute({
  method: 'get',
  path: '/{subscriptionId}',
  tags,
  summary: 'One subscription',
  middleware: [requireAuth] as const,
  request: { params: ZSubscriptionParams },
  responses: { 200: jsonResponse(envelope(ZSubscription), 'Subscription'), ...errorResponses },
});
const updateRouteDef = createRoute({
  method: 'patch',
  path: '/{subscriptionId}',
  tags,
  summary: 'Change the name, URL, event types or description, or disable / enable the subscription',
  description:
    'A new URL is checked as at registration (400 naming the reason). Disabling cancels pending deliveries; ' +
    'a disabled subscription gets no new ones until it is enabled again.',
  middleware: [requireAuth] as const,
  request: { params: ZSubscriptionParams, body: jsonBody(ZUpdateSubscription) },
  responses: { 200: jsonResponse(envelope(ZSubscription), 'Updated'), ...errorResponses },
});
const testRouteDef = createRoute({
  method: 'post',
  path: '/{subscriptionId}/test',
  tags,
  summary:
    'Send a signed `ping` event to this subscription through the delivery workflow (see its delivery log)',
  middleware: [requireAuth] as const,
  request: { params: ZSubscriptionParams },
  responses: {
    202: jsonResponse(envelope(ZDelivery), 'Ping queued: its delivery'),
    ...errorResponses,
    422: { description: 'The subscription is disabled' },
  },
});
const rotateRouteDef = createRoute({
  method: 'post',
  path: '/{subscriptionId}/rotate-secret',
  tags,
  summary:
    'Roll the signing secret: the new one is returned once; the previous one also signs during the overlap',
  middleware: [requireAuth] as const,
  request: { params: ZSubscriptionParams, body: { ...jsonBody(ZRotateSecret), required: false } },
  responses: { 200: jsonResponse(envelope(ZRotatedSecret), 'Rotated'), ...errorResponses },
});

export function webhookRoutes(deps: TApiDeps) {
  const { db } = deps;
  const app = createRouter();
  const actorOf = (c: Context<TAppEnv>) => ({
    actorUserId: c.get('actor')!.userId,
    requestId: c.get('requestId'),
  });

  // Registration refuses what delivery would refuse, so the caller learns now; delivery checks again.
  const targets = createWebhookTargetGuard({
    policy: { allowPrivate: deps.config.WEBHOOK_ALLOW_PRIVATE_TARGETS },
  });
  async function checkTarget(url: string) {
    try {
      await targets.checkRegistration(url);
    } catch (err) {
      if (err instanceof WebhookTargetRefusedError || err instanceof WebhookTargetUnresolvedError) {
        throw new AppError('VALIDATION', `webhook URL refused: ${err.message}`, [
          { path: 'url', message: err.message },
        ]);
      }
      throw err;
    }
  }

  async function authorizeCommunity(c: Context<TAppEnv>, communityId: string, action: Action) {
    const community = await findCommunity(db, communityId);
    if (!community) throw notFound('Community');
    authorize(c.get('actor'), action, communityResource(community));
  }

  async function loadAuthorizedSubscription(c: Context<TAppEnv>, subscriptionId: string, action: Action) {
    const subscription = await findSubscription(db, subscriptionId);
    if (!subscription || subscription.status === 'deleted') throw notFound('Webhook subscription');
    await authorizeCommunity(c, subscription.communityId, action);
    return subscription;
  }

  app.openapi(createRouteDef, async (c) => {
    const body = c.req.valid('json');
    await authorizeCommunity(c, body.communityId, 'webhook:manage');
    await checkTarget(body.url);
    const { row, secret } = await createSubscription(deps, actorOf(c), body);
    return created(c, { ...toSubscription(row), secret });
  });

  app.openapi(listRouteDef, async (c) => {
    const { communityId } = c.req.valid('query');
    await authorizeCommunity(c, communityId, 'webhook:read');
    const rows = await listSubscriptions(db, communityId);
    return ok(c, rows.map(toSubscription));
  });

  app.openapi(deleteRouteDef, async (c) => {
    const { subscriptionId } = c.req.valid('param');
    await loadAuthorizedSubscription(c, subscriptionId, 'webhook:manage');
    await deleteSubscription(deps, actorOf(c), subscriptionId);
    return ok(c, { id: subscriptionId, deleted: true as const });
  });

  app.openapi(getRouteDef, async (c) => {
    const { subscriptionId } = c.req.valid('param');
    return ok(c, toSubscription(await loadAuthorizedSubscription(c, subscriptionId, 'webhook:read')));
  });

  app.openapi(updateRouteDef, async (c) => {
    const { subscriptionId } = c.req.valid('param');
    const body = c.req.valid('json');
    await loadAuthorizedSubscription(c, subscriptionId, 'webhook:manage');
    if (body.url !== undefined) await checkTarget(body.url);
    const row = await updateSubscription(deps, actorOf(c), subscriptionId, body);
    return ok(c, toSubscription(row));
  });

  app.openapi(testRouteDef, async (c) => {
    const { subscriptionId } = c.req.valid('param');
    await loadAuthorizedSubscription(c, subscriptionId, 'webhook:manage');
    const delivery = await sendTestEvent(deps, actorOf(c), subscriptionId);
    return accepted(c, toDelivery(delivery, WEBHOOK_PING_EVENT));
  });

  app.openapi(rotateRouteDef, async (c) => {
    const { subscriptionId } = c.req.valid('param');
    const body = (c.req.header('content-type') ? c.req.valid('json') : undefined) ?? {};
    await loadAuthorizedSubscription(c, subscriptionId, 'webhook:manage');
    const overlapMs =
      body.overlapSeconds !== undefined ? body.overlapSeconds * 1000 : deps.config.WEBHOOK_SECRET_OVERLAP;
    const { row, secret } = await rotateSecret(deps, actorOf(c), subscriptionId, overlapMs);
    return ok(c, { ...toSubscription(row), secret });
  });

  app.openapi(deliveriesRouteDef, async (c) => {
    const { subscriptionId } = c.req.valid('param');
    const { page, limit } = c.req.valid('query');
    await loadAuthorizedSubscription(c, subscriptionId, 'webhook:read');
    const rows = await listDeliveries(db, subscriptionId, limit, (page - 1) * limit);
    return ok(
      c,
      rows.map((r) => toDelivery(r.delivery, r.eventType)),
    );
  });

  async function loadAuthorizedDelivery(c: Context<TAppEnv>, deliveryId: string, action: Action) {
    const found = await loadDelivery(db, deliveryId);
    if (!found) throw notFound('Webhook delivery');
    await authorizeCommunity(c, found.subscription.communityId, action);
    return found;
  }

  app.openapi(deliveryRouteDef, async (c) => {
    const { deliveryId } = c.req.valid('param');
    const found = await loadAuthorizedDelivery(c, deliveryId, 'webhook:read');
    const attempts = await listAttempts(db, deliveryId);
    // Past the retention the log shows outcomes only, even before the sweep has cleared the details.
    const retainedSince = Date.now() - deps.config.WEBHOOK_LOG_RETENTION;
    const { event } = found;
    return ok(c, {
      ...toDelivery(found.delivery, event.type),
      request:
        found.delivery.createdAt.getTime() >= retainedSince
          ? {
              body: webhookBody({
                id: event.id,
                type: event.type as WebhookDeliveredType,
                version: event.version,
                createdAt: event.createdAt.toISOString(),
                communityId: event.communityId,
                data: event.payload,
              }),
            }
          : null,
      attempts: attempts.map((a) => {
        const retained = a.createdAt.getTime() >= retainedSince;
        return {
          run: a.run,
          attemptNumber: a.attemptNumber,
          statusCode: a.statusCode,
          latencyMs: a.latencyMs,
          error: a.error,
          outcome: a.outcome,
          at: a.createdAt.toISOString(),
          requestHeaders: retained ? ((a.requestHeaders as Record<string, string> | null) ?? null) : null,
          response:
            retained && a.statusCode !== null && a.responseHeaders
              ? {
                  status: a.statusCode,
                  headers: a.responseHeaders,
                  body: a.responseBody ?? '',
                  bodyTruncated: a.responseBodyTruncated,
                }
              : null,
        };
      }),
    });
  });

  app.openapi(replayRouteDef, async (c) => {
    const { deliveryId } = c.req.valid('param');
    const found = await loadAuthorizedDelivery(c, deliveryId, 'webhook:manage');
    const replayed = await replayDelivery(deps, actorOf(c), found);
    return accepted(c, toDelivery(replayed, found.event.type));
  });

  return app;
}
