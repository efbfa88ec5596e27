import { authorize, communityResource } from '../authorize.js';
import { createRouter } from '../router.js';
import { createRoute, z } from '@hono/zod-openapi';
import { eq, and, inArray } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Action } from '../../domain/access.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  findSubscription,
  insertSubscription,
  listAttempts,
  listDeliveries,
  listSubscriptions,
  loadDelivery,
  markSubscriptionDeleted,
} from '../../db/repositories/webhooks-repository.js';
import { communities, webhookDeliveries, type webhookSubscriptions } from '../../db/schema/index.js';
import { AppError, notFound } from '../../errors.js';
import { randomToken } from '../../infra/secret-box.js';
import {
  createWebhookTargetGuard,
  WebhookTargetRefusedError,
  WebhookTargetUnresolvedError,
} from '../../infra/webhook-targets.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { envelope, errorResponses, jsonBody, jsonResponse, ok, created, accepted } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { dispatchDeliveries } from './dispatch.js';
import {
  ZCreatedSubscription,
  ZCreateSubscription,
  ZDelivery,
  ZDeliveryListQuery,
  ZDeliveryParams,
  ZSubscription,
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
  summary: "The community's active subscriptions",
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

type TSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
const toSubscription = (row: TSubscriptionRow) => ({
  id: row.id,
  communityId: row.communityId,
  url: row.url,
  eventTypes: row.eventTypes,
  description: row.description,
  status: row.status,
  createdAt: row.createdAt.toISOString(),
});

const toDelivery = (row: typeof webhookDeliveries.$inferSelect, eventType: string) => ({
  id: row.id,
  subscriptionId: row.subscriptionId,
  eventId: row.eventId,
  eventType,
  status: row.status,
  run: row.run,
  attemptCount: row.attemptCount,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
  deadLetteredAt: row.deadLetteredAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

export function webhookRoutes(deps: TApiDeps) {
  const { db } = deps;
  const app = createRouter();

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
    const [community] = await db.select().from(communities).where(eq(communities.id, communityId)).limit(1);
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
    const secret = `whsec_${randomToken(32)}`;
    const row = await db.transaction(async (tx) => {
      const created = await insertSubscription(tx, {
        communityId: body.communityId,
        url: body.url,
        eventTypes: [...new Set(body.eventTypes)],
        description: body.description ?? null,
        secretCiphertext: deps.secretBox.encrypt(secret),
        createdBy: c.get('actor')!.userId,
      });
      await writeAudit(tx, {
        actorUserId: c.get('actor')!.userId,
        action: 'webhook_subscription.created',
        entityType: 'webhook_subscription',
        entityId: created.id,
        after: toSubscription(created),
        requestId: c.get('requestId'),
      });
      return created;
    });
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
    await db.transaction(async (tx) => {
      const deleted = await markSubscriptionDeleted(tx, subscriptionId);
      if (!deleted) throw notFound('Webhook subscription');
      await tx
        .update(webhookDeliveries)
        .set({ status: 'cancelled', updatedAt: new Date() })
        .where(
          and(
            eq(webhookDeliveries.subscriptionId, subscriptionId),
            inArray(webhookDeliveries.status, ['pending', 'delivering']),
          ),
        );
      await writeAudit(tx, {
        actorUserId: c.get('actor')!.userId,
        action: 'webhook_subscription.deleted',
        entityType: 'webhook_subscription',
        entityId: subscriptionId,
        before: { status: 'active' },
        after: { status: 'deleted' },
        requestId: c.get('requestId'),
      });
    });
    return ok(c, { id: subscriptionId, deleted: true as const });
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
    return ok(c, {
      ...toDelivery(found.delivery, found.event.type),
      attempts: attempts.map((a) => ({
        run: a.run,
        attemptNumber: a.attemptNumber,
        statusCode: a.statusCode,
        latencyMs: a.latencyMs,
        error: a.error,
        outcome: a.outcome,
        at: a.createdAt.toISOString(),
      })),
    });
  });

  app.openapi(replayRouteDef, async (c) => {
    const { deliveryId } = c.req.valid('param');
    const found = await loadAuthorizedDelivery(c, deliveryId, 'webhook:manage');
    if (found.subscription.status !== 'active')
      throw new AppError('BUSINESS_RULE', 'the subscription was deleted; its deliveries cannot be replayed');
    const replayed = await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.id, deliveryId))
        .for('update');
      if (!before || before.status === 'pending' || before.status === 'delivering') {
        throw new AppError('CONFLICT', 'this delivery is still in progress; replay it once it has finished');
      }
      const [after] = await tx
        .update(webhookDeliveries)
        .set({
          status: 'pending',
          run: before.run + 1,
          attemptCount: 0,
          lastError: null,
          lastStatusCode: null,
          updatedAt: new Date(),
        })
        .where(eq(webhookDeliveries.id, deliveryId))
        .returning();
      await writeAudit(tx, {
        actorUserId: c.get('actor')!.userId,
        action: 'webhook_delivery.replayed',
        entityType: 'webhook_delivery',
        entityId: deliveryId,
        before: { status: before.status, run: before.run },
        after: { status: after!.status, run: after!.run },
        requestId: c.get('requestId'),
      });
      return after!;
    });
    await dispatchDeliveries(
      deps,
      [{ id: deliveryId, run: replayed.run }],
      {
        communityId: found.subscription.communityId,
        eventType: found.event.type,
      },
      { replay: true },
    );
    return accepted(c, toDelivery(replayed, found.event.type));
  });

  return app;
}
