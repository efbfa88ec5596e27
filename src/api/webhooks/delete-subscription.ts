import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  cancelOpenDeliveries,
  lockSubscription,
  markSubscriptionDeleted,
} from '../../db/repositories/webhooks-repository.js';
import { notFound } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import type { TWebhookActor } from './webhooks.types.js';

/** Deletes a subscription (the row stays, marked deleted) and cancels its open deliveries, audited together. */
export async function deleteSubscription(
  deps: Pick<TApiDeps, 'db'>,
  { actorUserId, requestId }: TWebhookActor,
  subscriptionId: string,
) {
  await deps.db.transaction(async (tx) => {
    const before = await lockSubscription(tx, subscriptionId);
    const deleted = await markSubscriptionDeleted(tx, subscriptionId);
    if (!before || !deleted) throw notFound('Webhook subscription');
    await cancelOpenDeliveries(tx, subscriptionId);
    await writeAudit(tx, {
      actorUserId,
      action: 'webhook_subscription.deleted',
      entityType: 'webhook_subscription',
      entityId: subscriptionId,
      before: { status: before.status },
      after: { status: 'deleted' },
      requestId,
    });
  });
}
