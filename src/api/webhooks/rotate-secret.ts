import { writeAudit } from '../../db/repositories/audit-repository.js';
import { lockSubscription, updateSubscription } from '../../db/repositories/webhooks-repository.js';
import { notFound } from '../../errors.js';
import { randomToken } from '../../infra/secret-box.js';
import type { TApiDeps } from '../context.js';
import type { TWebhookActor } from './webhooks.types.js';

/**
 * Replaces a subscription's signing secret; the one being replaced keeps signing beside it for `overlapMs` (none
 * when 0). The new secret is returned once, here.
 */
export async function rotateSecret(
  deps: Pick<TApiDeps, 'db' | 'secretBox'>,
  { actorUserId, requestId }: TWebhookActor,
  subscriptionId: string,
  overlapMs: number,
) {
  const secret = `whsec_${randomToken(32)}`;
  const row = await deps.db.transaction(async (tx) => {
    const before = await lockSubscription(tx, subscriptionId);
    if (!before) throw notFound('Webhook subscription');
    const now = new Date();
    const previousSecretExpiresAt = new Date(now.getTime() + overlapMs);
    const after = await updateSubscription(tx, subscriptionId, {
      secretCiphertext: deps.secretBox.encrypt(secret),
      // The secret being replaced is the one receivers use now; a secret still in its overlap is dropped.
      previousSecretCiphertext: overlapMs > 0 ? before.secretCiphertext : null,
      previousSecretExpiresAt: overlapMs > 0 ? previousSecretExpiresAt : null,
      secretRotatedAt: now,
    });
    await writeAudit(tx, {
      actorUserId,
      action: 'webhook_subscription.secret_rotated',
      entityType: 'webhook_subscription',
      entityId: subscriptionId,
      before: { secretRotatedAt: before.secretRotatedAt },
      after: { secretRotatedAt: now, previousSecretExpiresAt: after.previousSecretExpiresAt },
      requestId,
    });
    return after;
  });
  return { row, secret };
}
