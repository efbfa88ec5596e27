import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  cancelOpenDeliveries,
  lockSubscription,
  updateSubscription as updateSubscriptionRow,
} from '../../db/repositories/webhooks-repository.js';
import { notFound } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import type { TUpdateSubscription, TWebhookActor } from './webhooks.types.js';

/**
 * Changes a subscription's fields (a new URL already checked as a public https target). Disabling it cancels its
 * open deliveries. The audit row names only the fields that changed.
 */
export async function updateSubscription(
  deps: Pick<TApiDeps, 'db'>,
  { actorUserId, requestId }: TWebhookActor,
  subscriptionId: string,
  body: TUpdateSubscription,
) {
  return deps.db.transaction(async (tx) => {
    const before = await lockSubscription(tx, subscriptionId);
    if (!before) throw notFound('Webhook subscription');
    const changes = {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.url !== undefined && { url: body.url }),
      ...(body.eventTypes !== undefined && { eventTypes: [...new Set(body.eventTypes)] }),
      ...(body.description !== undefined && { description: body.description }),
      ...(body.status !== undefined && { status: body.status }),
    };
    const changed = Object.entries(changes).filter(
      ([key, value]) => JSON.stringify(before[key as keyof typeof before]) !== JSON.stringify(value),
    );
    // A repeated PATCH (a retry) changes nothing and writes no audit row.
    if (changed.length === 0) return before;
    const after = await updateSubscriptionRow(tx, subscriptionId, Object.fromEntries(changed));
    if (before.status === 'active' && after.status === 'disabled')
      await cancelOpenDeliveries(tx, subscriptionId);
    await writeAudit(tx, {
      actorUserId,
      action:
        changed.length === 1 && changed[0]![0] === 'status'
          ? `webhook_subscription.${after.status === 'disabled' ? 'disabled' : 'enabled'}`
          : 'webhook_subscription.updated',
      entityType: 'webhook_subscription',
      entityId: subscriptionId,
      before: Object.fromEntries(changed.map(([key]) => [key, before[key as keyof typeof before]])),
      after: Object.fromEntries(changed),
      requestId,
    });
    return after;
  });
}
