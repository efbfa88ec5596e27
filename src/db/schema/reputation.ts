import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { REPUTATION_SUBJECT_TYPES, type TReputationSignalView } from '../../domain/reputation.js';
import { users } from './identity.js';
import { deals } from './marketplace.js';

const SIDES = ['community', 'organization'] as const;

/**
 * One review per side per completed deal: the reviewing side rates the other (1-5 with a comment), within a window
 * after the deal's event ends. Immutable once written (a retried identical submission returns the same row).
 */
export const dealReviews = pgTable(
  'deal_reviews',
  {
    id: uuid().primaryKey().defaultRandom(),
    dealId: uuid()
      .notNull()
      .references(() => deals.id, { onDelete: 'restrict' }),
    reviewerSide: text({ enum: SIDES }).notNull(),
    reviewerUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Who is reviewed: the deal's organization when the community reviews, its community otherwise. */
    subjectType: text({ enum: REPUTATION_SUBJECT_TYPES }).notNull(),
    subjectId: uuid().notNull(),
    rating: integer().notNull(),
    comment: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deal_reviews_deal_side_uq').on(t.dealId, t.reviewerSide),
    index('deal_reviews_subject_idx').on(t.subjectType, t.subjectId),
    check('deal_reviews_rating_range', sql`${t.rating} between 1 and 5`),
  ],
);

/**
 * The latest reputation of each organization and community with its breakdown, written by the reputation activity
 * after each relevant event and by the nightly schedule; read by the profile routes and matching.
 */
export const reputationSnapshots = pgTable(
  'reputation_snapshots',
  {
    subjectType: text({ enum: REPUTATION_SUBJECT_TYPES }).notNull(),
    subjectId: uuid().notNull(),
    score: doublePrecision().notNull(),
    confidence: doublePrecision().notNull(),
    signals: jsonb().$type<TReputationSignalView[]>().notNull(),
    /** The formula's version (docs/reputation-and-matching.md), so a changed formula can be recomputed everywhere. */
    formulaVersion: integer().notNull(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subjectType, t.subjectId] })],
);

/**
 * Reputation inputs changed and not yet recomputed: an outbox written in the same transaction as the step that changed
 * them (a negotiation's first answer or outcome), so a crash after the commit cannot lose the recomputation. The
 * deployment's reputation refresher deletes rows in the transaction that recomputes their subjects. Append-only
 * (no upsert of a per-subject row): concurrent steps of one busy community do not wait on each other's row lock.
 */
export const reputationChanges = pgTable('reputation_changes', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  subjectType: text({ enum: REPUTATION_SUBJECT_TYPES }).notNull(),
  subjectId: uuid().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
