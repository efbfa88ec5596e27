import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { FULFILLMENT_STATUSES, type TProof } from '../../domain/fulfillment.js';
import { timestamps } from './columns.js';
import { contracts } from './contracts.js';
import { users } from './identity.js';
import { deals } from './marketplace.js';

const SIDES = ['community', 'organization'] as const;

/** One benefit manager per signed deal (`fulfillment:<dealId>`): its clock, its alarm and its sponsor report. */
export const fulfillments = pgTable('fulfillments', {
  dealId: uuid()
    .primaryKey()
    .references(() => deals.id, { onDelete: 'restrict' }),
  contractId: uuid()
    .notNull()
    .references(() => contracts.id, { onDelete: 'restrict' }),
  /** When the event ends (or, without an event, the latest due date at the start): the alarm and report count from it. */
  endAt: timestamp({ withTimezone: true }).notNull(),
  /** The 90% alarm was looked at (raised or not) in its window; `alarmPercent` is the completion it saw when raised. */
  alarmCheckedAt: timestamp({ withTimezone: true }),
  alarmPercent: integer(),
  /** The sponsor report (JSON, and its PDF in the DocumentStore with its SHA-256), produced after the event. */
  reportProducedAt: timestamp({ withTimezone: true }),
  report: jsonb().$type<Record<string, unknown>>(),
  reportPdfKey: text(),
  reportPdfSha256: text(),
  completedAt: timestamp({ withTimezone: true }),
  ...timestamps,
});

/** One row per contracted benefit; `position` is its place in the deal's benefits (the idempotency key). */
export const fulfillmentItems = pgTable(
  'fulfillment_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    dealId: uuid()
      .notNull()
      .references(() => fulfillments.dealId, { onDelete: 'cascade' }),
    position: integer().notNull(),
    benefitKey: text().notNull(),
    title: text().notNull(),
    detail: text(),
    ownerUserId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    status: text({ enum: FULFILLMENT_STATUSES }).notNull().default('Planned'),
    /** The latest proof (earlier ones stay in fulfillment_events). */
    proof: jsonb().$type<TProof>(),
    disputeReason: text(),
    waivedBy: text({ enum: SIDES }).array().notNull().default([]),
    deliveredAt: timestamp({ withTimezone: true }),
    verifiedAt: timestamp({ withTimezone: true }),
    missedAt: timestamp({ withTimezone: true }),
    waivedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('fulfillment_items_position_uq').on(t.dealId, t.position),
    index('fulfillment_items_owner_idx').on(t.ownerUserId, t.dueAt),
  ],
);

/**
 * The immutable timeline of a deal's fulfillment: every change with who, from and to which status, and what it
 * carried (proof, reason, reminder). The idempotency key (workflow id + update id or step) makes a retried activity
 * write nothing twice.
 */
export const fulfillmentEvents = pgTable(
  'fulfillment_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    dealId: uuid()
      .notNull()
      .references(() => fulfillments.dealId, { onDelete: 'cascade' }),
    itemId: uuid().references(() => fulfillmentItems.id, { onDelete: 'cascade' }),
    idempotencyKey: text().notNull(),
    type: text().notNull(),
    actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    actorSide: text({ enum: SIDES }),
    fromStatus: text({ enum: FULFILLMENT_STATUSES }),
    toStatus: text({ enum: FULFILLMENT_STATUSES }),
    detail: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('fulfillment_events_idempotency_uq').on(t.idempotencyKey),
    index('fulfillment_events_deal_idx').on(t.dealId, t.id),
  ],
);
