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
/** A bit string ('0101...' as text); Postgres ANDs, ORs and counts them in C. */
const varbit = customType<{ data: string }>({ dataType: () => 'bit varying' });

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
    /**
     * The row's bit in every bitmap of organization_search_facet: dense and never reused while the row
     * lives (an upsert keeps it), so a facet value's documents are a bit string of about one bit per row.
     */
    ord: integer().generatedAlwaysAsIdentity({ minValue: 0, startWith: 0 }),
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
    /**
     * Every facet value of the document as "facet<US>value" (US = U+001F): the facet counts are one
     * unnest and one hash aggregate over the matching rows instead of one per facet.
     */
    facetValues: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    tsv: tsvector().generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', coalesce(display_name, '')), 'A') || setweight(to_tsvector('simple', coalesce(search_text, '')), 'B')`,
    ),
  },
  (t) => [
    index('organization_search_tsv_idx').using('gin', t.tsv),
    index('organization_search_technologies_idx').using('gin', t.technologies),
    index('organization_search_regions_idx').using('gin', t.supportedRegions),
    index('organization_search_event_types_idx').using('gin', t.preferredEventTypes),
    index('organization_search_sponsorship_types_idx').using('gin', t.sponsorshipTypes),
    index('organization_search_status_idx').on(t.status, t.kind),
    // Every directory filter but the budget band tests facet_values (see PostgresSearchIndex.filters).
    index('organization_search_facet_values_idx').using('gin', t.facetValues),
    // The directory's sort orders, tiebreak included, so a page is read off an index instead of sorting every match.
    index('organization_search_reputation_idx').on(t.reputationScore.desc().nullsFirst(), t.organizationId),
    index('organization_search_created_idx').on(t.createdAt.desc().nullsFirst(), t.organizationId),
    index('organization_search_name_sort_idx').on(sql`lower(${t.displayName}) collate "C"`, t.organizationId),
  ],
);

/**
 * Every word of the search index (from each row's tsvector, 4 letters or more), for typo correction:
 * a query word is replaced by the words within its typo budget, which the tsvector's GIN index then
 * matches exactly. Kept by triggers on organization_search (drizzle/0013), so a word is correctable in
 * every process as soon as the write that brought it commits. Words whose last document went away stay
 * (a correction to them matches nothing); clearing the index empties the table.
 */
export const organizationSearchWord = pgTable(
  'organization_search_word',
  {
    word: text().primaryKey(),
  },
  (t) => [
    // Candidates share the query word's first letter and lie within its budget of its length.
    index('organization_search_word_head_idx').on(sql`left(${t.word}, 1)`, sql`length(${t.word})`),
    // A changed first letter (one edit, counted as two typos): the rest of the word is unchanged.
    index('organization_search_word_tail_idx').on(sql`substr(${t.word}, 2)`),
  ],
);

/**
 * One bitmap per facet value ("facet<US>value", as in facet_values): bit `ord` is set when that row has the
 * value. All bitmaps have the same length (a multiple of 8192 bits covering every ord), so a directory
 * query's filters are ANDs and ORs of a few bitmaps and its facet counts one bit_count per value, instead
 * of reading every matching row (Meilisearch's approach, with roaring bitmaps). Kept by statement triggers
 * on organization_search (drizzle/0020) in the writing transaction, so counts follow every committed write.
 */
export const organizationSearchFacet = pgTable('organization_search_facet', {
  value: text().primaryKey(),
  bits: varbit().notNull(),
});
