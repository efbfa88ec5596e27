import { writeAudit } from '../../db/repositories/audit-repository.js';
import { lockDelivery, resetDeliveryForReplay } from '../../db/repositories/webhooks-repository.js';
import { AppError } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { dispatchDeliveries } from '../../infra/webhook-dispatch.js';
import type { TWebhookActor } from './webhooks.types.js';

/**
 * Sends a finished delivery again as its next run (same event, same delivery id), to an active subscription only;
 * the reset commits with its audit row before the delivery workflow of the new run starts.
 */
export async function replayDelivery(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'config' | 'logger'>,
  { actorUserId, requestId }: TWebhookActor,
  found: {
    delivery: { id: string };
    event: { type: string };
    subscription: { status: string; communityId: string };
  },
) {
  const deliveryId = found.delivery.id;
  if (found.subscription.status !== 'active')
    throw new AppError(
      'BUSINESS_RULE',
      `the subscription is ${found.subscription.status}; its deliveries cannot be replayed`,
    );
  const replayed = await deps.db.transaction(async (tx) => {
    const before = await lockDelivery(tx, deliveryId);
    if (!before || before.status === 'pending' || before.status === 'delivering') {
      throw new AppError('CONFLICT', 'this delivery is still in progress; replay it once it has finished');
    }
    const after = await resetDeliveryForReplay(tx, deliveryId, before.run + 1);
    await writeAudit(tx, {
      actorUserId,
      action: 'webhook_delivery.replayed',
      entityType: 'webhook_delivery',
      entityId: deliveryId,
      before: { status: before.status, run: before.run },
      after: { status: after.status, run: after.run },
      requestId,
    });
    return after;
  });
  await dispatchDeliveries(
    deps,
    [{ id: deliveryId, run: replayed.run }],
    { communityId: found.subscription.communityId, eventType: found.event.type },
    { replay: true },
  );
  return replayed;
}
