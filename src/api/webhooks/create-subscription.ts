import { writeAudit } from '../../db/repositories/audit-repository.js';
import { insertSubscription } from '../../db/repositories/webhooks-repository.js';
import { randomToken } from '../../infra/secret-box.js';
import type { TApiDeps } from '../context.js';
import { toSubscription } from './webhooks.responses.js';
import type { TCreateSubscription, TWebhookActor } from './webhooks.types.js';

/**
 * Subscribes a URL (already checked as a public https target) with a fresh signing secret, audited in the same
 * transaction. The secret is returned once, here; the row keeps it encrypted.
 */
export async function createSubscription(
  deps: Pick<TApiDeps, 'db' | 'secretBox'>,
  { actorUserId, requestId }: TWebhookActor,
  body: TCreateSubscription,
) {
  const secret = `whsec_${randomToken(32)}`;
  const row = await deps.db.transaction(async (tx) => {
    const created = await insertSubscription(tx, {
      communityId: body.communityId,
      url: body.url,
      name: body.name ?? null,
      eventTypes: [...new Set(body.eventTypes)],
      description: body.description ?? null,
      secretCiphertext: deps.secretBox.encrypt(secret),
      createdBy: actorUserId,
    });
    await writeAudit(tx, {
      actorUserId,
      action: 'webhook_subscription.created',
      entityType: 'webhook_subscription',
      entityId: created.id,
      after: toSubscription(created),
      requestId,
    });
    return created;
  });
  return { row, secret };
}
