import { and, desc, eq, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  WEBHOOK_EVENT_VERSION,
  WEBHOOK_MAX_PAYLOAD_BYTES,
  WEBHOOK_PING_EVENT,
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

export type TWebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type TWebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

export async function insertSubscription(tx: TDbOrTx, values: typeof webhookSubscriptions.$inferInsert) {
  const [row] = await tx.insert(webhookSubscriptions).values(values).returning();
  return row!;
}

export async function listSubscriptions(db: TDbOrTx, communityId: string) {
  return db
    .select()
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.communityId, communityId),
        inArray(webhookSubscriptions.status, ['active', 'disabled']),
      ),
    )
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
    .where(and(eq(webhookSubscriptions.id, id), inArray(webhookSubscriptions.status, ['active', 'disabled'])))
    .returning();
  return row;
}

/** The subscription locked for a change (null when missing or deleted). */
export async function lockDelivery(tx: TDbOrTx, id: string) {
  const [row] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).for('update');
  return row;
}

/** A delivery's row locked for its finish, only while it is still in the given run (a replay starts another). */
export async function lockDeliveryRun(tx: TDbOrTx, id: string, run: number) {
  const [row] = await tx
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.run, run)))
    .for('update');
  return row;
}

/** A delivery's final status (delivered or dead-lettered) with its times; the row as it is now. */
export async function setDeliveryOutcome(
  tx: TDbOrTx,
  id: string,
  values: Pick<TWebhookDeliveryRow, 'status' | 'deliveredAt' | 'deadLetteredAt' | 'updatedAt'>,
): Promise<TWebhookDeliveryRow> {
  const [row] = await tx
    .update(webhookDeliveries)
    .set(values)
    .where(eq(webhookDeliveries.id, id))
    .returning();
  return row!;
}

/** The subscription's latest outcome, which the dashboard shows without scanning its deliveries. */
export async function setSubscriptionLastDelivery(
  tx: TDbOrTx,
  subscriptionId: string,
  status: TWebhookSubscriptionRow['lastDeliveryStatus'],
  at: Date,
) {
  await tx
    .update(webhookSubscriptions)
    .set({ lastDeliveryStatus: status, lastDeliveryAt: at })
    .where(eq(webhookSubscriptions.id, subscriptionId));
}

/** Pending deliveries untouched since `before` (their workflow may have died), oldest first. */
export async function stalledDeliveries(db: TDbOrTx, before: Date, limit: number) {
  return db
    .select({ id: webhookDeliveries.id, run: webhookDeliveries.run })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, 'pending'), lt(webhookDeliveries.updatedAt, before)))
    .orderBy(webhookDeliveries.updatedAt)
    .limit(limit);
}

/** Clears the logged headers and bodies of attempts made before `cutoff`; how many attempts it cleared. */
export async function purgeAttemptLogs(db: TDbOrTx, cutoff: Date): Promise<number> {
  const purged = await db
    .update(webhookDeliveryAttempts)
    .set({ requestHeaders: null, responseHeaders: null, responseBody: null, responseBodyTruncated: false })
    .where(
      and(
        lt(webhookDeliveryAttempts.createdAt, cutoff),
        or(
          isNotNull(webhookDeliveryAttempts.requestHeaders),
          isNotNull(webhookDeliveryAttempts.responseHeaders),
          isNotNull(webhookDeliveryAttempts.responseBody),
        ),
      ),
    )
    .returning({ id: webhookDeliveryAttempts.id });
  return purged.length;
}

/** A finished delivery made pending again under its next run, its attempts and last error cleared. */
export async function resetDeliveryForReplay(tx: TDbOrTx, id: string, run: number) {
  const [row] = await tx
    .update(webhookDeliveries)
    .set({
      status: 'pending',
      run,
      attemptCount: 0,
      lastError: null,
      lastStatusCode: null,
      updatedAt: new Date(),
    })
    .where(eq(webhookDeliveries.id, id))
    .returning();
  return row!;
}

export async function lockSubscription(tx: TDbOrTx, id: string) {
  const [row] = await tx
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), inArray(webhookSubscriptions.status, ['active', 'disabled'])))
    .for('update');
  return row;
}

export async function updateSubscription(
  tx: TDbOrTx,
  id: string,
  values: Partial<typeof webhookSubscriptions.$inferInsert>,
) {
  const [row] = await tx
    .update(webhookSubscriptions)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(webhookSubscriptions.id, id))
    .returning();
  return row!;
}

/** Pending and in-flight deliveries of a subscription that is deleted or disabled will not be attempted. */
export async function cancelOpenDeliveries(tx: TDbOrTx, subscriptionId: string) {
  await tx
    .update(webhookDeliveries)
    .set({ status: 'cancelled', updatedAt: new Date() })
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        inArray(webhookDeliveries.status, ['pending', 'delivering']),
      ),
    );
}

/**
 * A test ping: an event of type `ping` and one delivery to this subscription only, so it travels the same path
 * (workflow, signature, retries, log) as a real event.
 */
export async function insertPing(
  tx: TDbOrTx,
  subscription: { id: string; communityId: string },
  payload: unknown,
) {
  const [event] = await tx
    .insert(webhookEvents)
    .values({
      communityId: subscription.communityId,
      type: WEBHOOK_PING_EVENT,
      version: WEBHOOK_EVENT_VERSION,
      payload,
    })
    .returning();
  const [delivery] = await tx
    .insert(webhookDeliveries)
    .values({ subscriptionId: subscription.id, eventId: event!.id })
    .returning();
  return { event: event!, delivery: delivery! };
}

/**
 * Records a domain event and one delivery per active subscription that wants it, inside the caller's
 * transaction: the change and its outgoing notifications commit or roll back together.
 */
export async function publishWebhookEvent(
  tx: TDbOrTx,
  event: { communityId: string; type: WebhookEventType; payload: unknown },
): Promise<{ eventId: string; deliveryIds: string[] }> {
  // One statement: the event and its deliveries are written on every marketplace step, so the round trip counts.
  const { rows } = await tx.execute<{ event_id: string; delivery_ids: string[] }>(sql`
    with ${webhookEventCtes({
      type: event.type,
      communityId: sql`${event.communityId}::uuid`,
      payload: webhookPayload(event.payload),
      from: sql`(select 1) as one`,
    })}
    select (select id from wh_event) as event_id, array(select id from wh_deliveries) as delivery_ids`);
  return { eventId: rows[0]!.event_id, deliveryIds: rows[0]!.delivery_ids };
}

/** A payload known in JavaScript as a jsonb parameter; refused when over the cap (the receivers' limit). */
export function webhookPayload(payload: unknown): SQL {
  const json = JSON.stringify(payload);
  if (Buffer.byteLength(json) > WEBHOOK_MAX_PAYLOAD_BYTES - 1024) {
    throw new AppError('BUSINESS_RULE', 'the webhook payload exceeds the 256 KB cap');
  }
  return sql`${json}::jsonb`;
}

/**
 * The CTEs `wh_event` (one event per row of `from`, usually one or none) and `wh_deliveries` (one per active
 * subscription of its community to its type), for a step that publishes its event inside its own statement.
 * `communityId` and `payload` are expressions over `from`; a payload built in SQL must stay small (ids, amounts).
 */
export const webhookEventCtes = (e: {
  type: WebhookEventType;
  communityId: SQL;
  payload: SQL;
  from: SQL;
}) => sql`
    wh_event as (
      insert into webhook_events (community_id, type, version, payload)
      select ${e.communityId}, ${e.type}::text, ${WEBHOOK_EVENT_VERSION}::text, ${e.payload} from ${e.from}
      returning id, community_id
    ), wh_deliveries as (
      insert into webhook_deliveries (subscription_id, event_id)
      select s.id, wh_event.id from webhook_subscriptions s join wh_event on s.community_id = wh_event.community_id
      where s.status = 'active' and s.event_types @> array[${e.type}]::text[]
      returning id
    )`;

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
