import { and, arrayContains, desc, eq, sql } from 'drizzle-orm';
import {
  WEBHOOK_EVENT_VERSION,
  WEBHOOK_MAX_PAYLOAD_BYTES,
  type WebhookEventType,
} from '../../domain/webhooks.js';
import { AppError } from '../../errors.js';
import type { TDbOrTx } from '../client.js';
import {
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEvents,
  webhookSubscriptions,
} from '../schema/index.js';

export async function insertSubscription(tx: TDbOrTx, values: typeof webhookSubscriptions.$inferInsert) {
  const [row] = await tx.insert(webhookSubscriptions).values(values).returning();
  return row!;
}

export async function listSubscriptions(db: TDbOrTx, communityId: string) {
  return db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.communityId, communityId), eq(webhookSubscriptions.status, 'active')))
    .orderBy(desc(webhookSubscriptions.createdAt));
}

export async function findSubscription(db: TDbOrTx, id: string) {
  const [row] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).limit(1);
  return row;
}

export async function markSubscriptionDeleted(tx: TDbOrTx, id: string) {
  const [row] = await tx
    .update(webhookSubscriptions)
    .set({ status: 'deleted', deletedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.status, 'active')))
    .returning();
  return row;
}

/**
 * Records a domain event and one delivery per active subscription that wants it, inside the caller's
 * transaction: the change and its outgoing notifications commit or roll back together.
 */
export async function publishWebhookEvent(
  tx: TDbOrTx,
  event: { communityId: string; type: WebhookEventType; payload: unknown },
): Promise<{ eventId: string; deliveryIds: string[] }> {
  if (Buffer.byteLength(JSON.stringify(event.payload)) > WEBHOOK_MAX_PAYLOAD_BYTES - 1024) {
    throw new AppError('BUSINESS_RULE', 'the webhook payload exceeds the 256 KB cap');
  }
  const [created] = await tx
    .insert(webhookEvents)
    .values({
      communityId: event.communityId,
      type: event.type,
      version: WEBHOOK_EVENT_VERSION,
      payload: event.payload,
    })
    .returning({ id: webhookEvents.id });
  const subscribers = await tx
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.communityId, event.communityId),
        eq(webhookSubscriptions.status, 'active'),
        arrayContains(webhookSubscriptions.eventTypes, [event.type]),
      ),
    );
  if (subscribers.length === 0) return { eventId: created!.id, deliveryIds: [] };
  const deliveries = await tx
    .insert(webhookDeliveries)
    .values(subscribers.map((s) => ({ subscriptionId: s.id, eventId: created!.id })))
    .returning({ id: webhookDeliveries.id });
  return { eventId: created!.id, deliveryIds: deliveries.map((d) => d.id) };
}

export async function loadDelivery(db: TDbOrTx, deliveryId: string) {
  const [row] = await db
    .select({ delivery: webhookDeliveries, event: webhookEvents, subscription: webhookSubscriptions })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .limit(1);
  return row;
}

/** Idempotent per (delivery, run, attempt): a retried activity does not log the same attempt twice. */
export async function recordAttempt(
  tx: TDbOrTx,
  attempt: typeof webhookDeliveryAttempts.$inferInsert,
): Promise<void> {
  const inserted = await tx
    .insert(webhookDeliveryAttempts)
    .values(attempt)
    .onConflictDoNothing()
    .returning({ id: webhookDeliveryAttempts.id });
  if (inserted.length === 0) return;
  await tx
    .update(webhookDeliveries)
    .set({
      attemptCount: sql`${webhookDeliveries.attemptCount} + 1`,
      lastStatusCode: attempt.statusCode ?? null,
      lastError: attempt.error ?? null,
      status: 'delivering',
      updatedAt: new Date(),
    })
    .where(and(eq(webhookDeliveries.id, attempt.deliveryId), eq(webhookDeliveries.run, attempt.run)));
}

export async function listDeliveries(db: TDbOrTx, subscriptionId: string, limit: number, offset: number) {
  return db
    .select({ delivery: webhookDeliveries, eventType: webhookEvents.type })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.subscriptionId, subscriptionId))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(limit)
    .offset(offset);
}

export async function listAttempts(db: TDbOrTx, deliveryId: string) {
  return db
    .select()
    .from(webhookDeliveryAttempts)
    .where(eq(webhookDeliveryAttempts.deliveryId, deliveryId))
    .orderBy(webhookDeliveryAttempts.run, webhookDeliveryAttempts.attemptNumber);
}
