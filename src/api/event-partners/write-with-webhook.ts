import type { TTx } from '../../db/client.js';
import { publishWebhookEvent } from '../../db/repositories/webhooks-repository.js';
import type { WebhookEventType } from '../../domain/webhooks.js';
import type { TApiDeps } from '../context.js';
import { dispatchDeliveries } from '../../infra/webhook-dispatch.js';

/** Runs a write, its audit row and its webhook fan-out in one transaction, then starts the deliveries. */
export async function writeWithWebhook<T>(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'config' | 'logger'>,
  communityId: string,
  type: WebhookEventType,
  work: (tx: TTx) => Promise<{ result: T; payload: unknown }>,
): Promise<T> {
  const { result, deliveryIds } = await deps.db.transaction(async (tx) => {
    const { result, payload } = await work(tx);
    const { deliveryIds } = await publishWebhookEvent(tx, { communityId, type, payload });
    return { result, deliveryIds };
  });
  if (deliveryIds.length)
    await dispatchDeliveries(
      deps,
      deliveryIds.map((id) => ({ id, run: 1 })),
      { communityId, eventType: type },
    );
  return result;
}
