import { index, integer, jsonb, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  ORGANIZATION_KINDS,
  PARTNER_AND_SPONSOR_CATEGORIES,
  PARTNERS_AND_SPONSORS_TIER,
} from '../../domain/commdesk-facts.js';
import type { TBenefit } from '../../domain/event-partners.js';
import { timestamps } from './columns.js';
import { events } from './events.js';
import { users } from './identity.js';
import { organizations } from './organizations.js';

/** An organization assigned to an event: the row behind one card of the event partner panel. */
export const eventPartnerLinks = pgTable(
  'event_partner_links',
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    displayCategory: text({ enum: PARTNER_AND_SPONSOR_CATEGORIES }).notNull(),
    kind: text({ enum: ORGANIZATION_KINDS }).notNull(),
    tierKeyword: text({ enum: PARTNERS_AND_SPONSORS_TIER }).notNull(),
    /** Derived from the category; stored so the panel orders by an index, not a CASE. */
    band: smallint().notNull(),
    nameSnapshot: text().notNull(),
    logoUrlSnapshot: text(),
    websiteSnapshot: text(),
    benefits: jsonb().$type<TBenefit[]>().notNull().default([]),
    visibility: text({ enum: ['public', 'community'] })
      .notNull()
      .default('public'),
    displayOrder: integer().notNull().default(0),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('event_partner_links_event_org_uq').on(t.eventId, t.organizationId),
    index('event_partner_links_panel_idx').on(t.eventId, t.band, t.displayOrder),
    index('event_partner_links_event_category_name_idx').on(t.eventId, t.displayCategory, t.nameSnapshot),
    // Smart matching reads the public listings of its candidates (organizationHistories), one statement for all.
    index('event_partner_links_organization_idx').on(t.organizationId),
  ],
);
