import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { WEBHOOK_DELIVERED_TYPES, WEBHOOK_DELIVERY_STATUSES } from '../../domain/webhooks.js';
import { timestamps } from './columns.js';
import { communities } from './communities.js';
import { users } from './identity.js';

export const WEBHOOK_SUBSCRIPTION_STATUSES = ['active', 'disabled', 'deleted'] as const;

export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: uuid().primaryKey().defaultRandom(),
    communityId: uuid()
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** What the dashboard lists it by; when null (none given), the URL's host. */
    name: text(),
    url: text().notNull(),
    eventTypes: text().array().notNull(),
    description: text(),
    /** The signing secret, AES-256-GCM encrypted ("keyId:iv:tag:ciphertext"); shown once at creation. */
    secretCiphertext: text().notNull(),
    /** After a rotation the previous secret signs too (a second signature) until previousSecretExpiresAt. */
    previousSecretCiphertext: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    secretRotatedAt: timestamp({ withTimezone: true }),
    /** `disabled`: no new deliveries and pending ones are cancelled, until enabled again. */
    status: text({ enum: WEBHOOK_SUBSCRIPTION_STATUSES }).notNull().default('active'),
    lastDeliveryStatus: text({ enum: ['delivered', 'dead_lettered', 'cancelled'] }),
    lastDeliveryAt: timestamp({ withTimezone: true }),
    lastTestAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    deletedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('webhook_subscriptions_community_idx').on(t.communityId, t.status)],
);

/** One domain event as published; deliveries fan it out to subscriptions. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    communityId: uuid()
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    type: text({ enum: WEBHOOK_DELIVERED_TYPES }).notNull(),
    version: text().notNull().default('1'),
    payload: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_events_community_idx').on(t.communityId, t.createdAt)],
);

// The list lives in the domain (the API documents it too); re-exported for the schema's existing importers.
export { WEBHOOK_DELIVERY_STATUSES };

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    subscriptionId: uuid()
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: uuid()
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    status: text({ enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    /** Incremented by each manual replay; attempts are numbered within a run. */
    run: integer().notNull().default(1),
    attemptCount: integer().notNull().default(0),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    deadLetteredAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('webhook_deliveries_subscription_event_uq').on(t.subscriptionId, t.eventId),
    index('webhook_deliveries_status_idx').on(t.status, t.createdAt),
  ],
);

export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: uuid().primaryKey().defaultRandom(),
    deliveryId: uuid()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    run: integer().notNull(),
    attemptNumber: integer().notNull(),
    statusCode: integer(),
    latencyMs: integer().notNull(),
    error: text(),
    outcome: text({ enum: ['delivered', 'failed', 'refused', 'skipped'] }).notNull(),
    requestHeaders: jsonb(),
    /** The receiver's answer for the delivery log, cleared after WEBHOOK_LOG_RETENTION; the body is truncated. */
    responseHeaders: jsonb().$type<Record<string, string>>(),
    responseBody: text(),
    responseBodyTruncated: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('webhook_delivery_attempts_uq').on(t.deliveryId, t.run, t.attemptNumber)],
);
