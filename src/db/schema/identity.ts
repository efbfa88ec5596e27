import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.js';

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Stored lower-cased; uniqueness is on the stored value. */
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text(),
    isPlatformAdmin: boolean().notNull().default(false),
    status: text({ enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    ...timestamps,
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the opaque bearer token; the token itself is never stored. */
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    /**
     * A refresh replaces the token; the one it replaced keeps working until previousTokenExpiresAt (a short grace for
     * requests already in flight). absoluteExpiresAt bounds every refresh (null: sessions from before refresh existed,
     * bounded from createdAt).
     */
    previousTokenHash: text(),
    previousTokenExpiresAt: timestamp({ withTimezone: true }),
    absoluteExpiresAt: timestamp({ withTimezone: true }),
    refreshedAt: timestamp({ withTimezone: true }),
    ip: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_uq').on(t.tokenHash),
    index('sessions_previous_token_hash_idx').on(t.previousTokenHash),
    index('sessions_user_idx').on(t.userId),
  ],
);
