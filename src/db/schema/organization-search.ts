import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { TOrganizationDocument } from '../../domain/directory.js';
import { organizations } from './organizations.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The Postgres search adapter's index: one denormalised row per organization, written only by the
 * index activities (never by routes), read by the directory.
 */
export const organizationSearch = pgTable(
  'organization_search',
  {
    organizationId: uuid()
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    document: jsonb().$type<TOrganizationDocument>().notNull(),
    kind: text().notNull(),
    status: text().notNull(),
    displayName: text().notNull(),
    /** Everything free-text search looks at, for trigram (typo-tolerant) matching. */
    searchText: text().notNull(),
    industry: text(),
    technologies: text().array().notNull(),
    supportedRegions: text().array().notNull(),
    preferredEventTypes: text().array().notNull(),
    sponsorshipTypes: text().array().notNull(),
    budgetMinMinor: bigint({ mode: 'number' }),
    budgetMaxMinor: bigint({ mode: 'number' }),
    budgetCurrency: text(),
    reputationScore: integer().notNull(),
    addedByCommunityId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    tsv: tsvector().generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', coalesce(display_name, '')), 'A') || setweight(to_tsvector('simple', coalesce(search_text, '')), 'B')`,
    ),
  },
  (t) => [
    index('organization_search_tsv_idx').using('gin', t.tsv),
    index('organization_search_name_trgm_idx').using('gin', t.displayName.op('gin_trgm_ops')),
    index('organization_search_text_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
    index('organization_search_technologies_idx').using('gin', t.technologies),
    index('organization_search_regions_idx').using('gin', t.supportedRegions),
    index('organization_search_event_types_idx').using('gin', t.preferredEventTypes),
    index('organization_search_sponsorship_types_idx').using('gin', t.sponsorshipTypes),
    index('organization_search_status_idx').on(t.status, t.kind),
    // The directory's sort orders, tiebreak included, so a page is read off an index instead of sorting every match.
    index('organization_search_reputation_idx').on(t.reputationScore.desc().nullsFirst(), t.organizationId),
    index('organization_search_created_idx').on(t.createdAt.desc().nullsFirst(), t.organizationId),
    index('organization_search_name_sort_idx').on(sql`lower(${t.displayName}) collate "C"`, t.organizationId),
  ],
);
