import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { EVENT_CATEGORIES, EVENT_STATUSES, EVENT_TYPES } from '../../domain/commdesk-facts.js';
import { timestamps } from './columns.js';
import { communities } from './communities.js';

/** The fields this system needs from the Event System's events. */
export const events = pgTable(
  'events',
  {
    id: uuid().primaryKey().defaultRandom(),
    communityId: uuid()
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    type: text({ enum: EVENT_TYPES }).notNull(),
    category: text({ enum: EVENT_CATEGORIES }).notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    timezone: text().notNull().default('UTC'),
    city: text(),
    country: text(),
    region: text(),
    expectedParticipants: integer(),
    status: text({ enum: EVENT_STATUSES }).notNull().default('draft'),
    isPublic: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [index('events_community_idx').on(t.communityId), index('events_starts_at_idx').on(t.startsAt)],
);
