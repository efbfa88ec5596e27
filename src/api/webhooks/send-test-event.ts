import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  insertPing,
  lockSubscription,
  updateSubscription,
} from '../../db/repositories/webhooks-repository.js';
import { WEBHOOK_PING_EVENT } from '../../domain/webhooks.js';
import { AppError, notFound } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { dispatchDeliveries } from '../../infra/webhook-dispatch.js';
import type { TWebhookActor } from './webhooks.types.js';

/**
 * Sends a test ping to an active subscription: the ping event and its delivery row commit with the audit row, then
 * the delivery workflow starts, so the ping travels the path a real event takes.
 */
export async function sendTestEvent(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'config' | 'logger'>,
  { actorUserId, requestId }: TWebhookActor,
  subscriptionId: string,
) {
  const sent = await deps.db.transaction(async (tx) => {
    const subscription = await lockSubscription(tx, subscriptionId);
    if (!subscription) throw notFound('Webhook subscription');
    if (subscription.status !== 'active')
      throw new AppError('BUSINESS_RULE', 'this subscription is disabled; enable it before sending a test');
    const now = new Date();
    const ping = await insertPing(tx, subscription, {
      subscriptionId,
      message: 'A test event from CommDesk: your endpoint is reachable and verifies our signature.',
      sentBy: actorUserId,
    });
    await updateSubscription(tx, subscriptionId, { lastTestAt: now });
    await writeAudit(tx, {
      actorUserId,
      action: 'webhook_subscription.tested',
      entityType: 'webhook_subscription',
      entityId: subscriptionId,
      after: { deliveryId: ping.delivery.id, eventId: ping.event.id, lastTestAt: now },
      requestId,
    });
    return { ...ping, subscription };
  });
  await dispatchDeliveries(deps, [{ id: sent.delivery.id, run: sent.delivery.run }], {
    communityId: sent.subscription.communityId,
    eventType: WEBHOOK_PING_EVENT,
  });
  return sent.delivery;
}
