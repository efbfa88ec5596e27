import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { COMMUNITY_ROLES, COMMUNITY_STATUSES, MEMBER_STATUSES } from '../../domain/commdesk-facts.js';
import { timestamps } from './columns.js';
import { users } from './identity.js';

export const communities = pgTable(
  'communities',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    slug: text().notNull(),
    status: text({ enum: COMMUNITY_STATUSES }).notNull().default('pending'),
    ...timestamps,
  },
  (t) => [uniqueIndex('communities_slug_uq').on(t.slug)],
);

export const communityMembers = pgTable(
  'community_members',
  {
    id: uuid().primaryKey().defaultRandom(),
    communityId: uuid()
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text({ enum: COMMUNITY_ROLES }).notNull(),
    status: text({ enum: MEMBER_STATUSES }).notNull().default('On Boarding'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('community_members_community_user_uq').on(t.communityId, t.userId),
    index('community_members_user_idx').on(t.userId),
  ],
);
