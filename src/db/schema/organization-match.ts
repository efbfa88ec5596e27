import { bigint, integer, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizationSearch } from './organization-search.js';

/**
 * Smart matching's lean copy of organization_search (src/search/postgres-match-candidates.ts): only what the
 * candidate pre-score reads, with each list the pre-score tests (event types, sponsorship types, regions,
 * technologies) as a 64-bit mask over organization_match_term, so a row is about 100 bytes and testing a tier is
 * one AND instead of a text-array overlap. Kept by statement triggers on organization_search (drizzle/0028) in
 * the writing transaction: a committed index write is matched as it is listed.
 *
 * A list's mask has bit `b` set for each of its values whose term has bit `b`; every value without a bit of its
 * own (the 64th and later values of a field, or one registered by a writer that could not see its term yet)
 * sets the sign bit and is kept in the list's `*Extra` array. So a list is empty exactly when its mask is 0, and
 * it overlaps a set of values exactly when its mask shares a bit with theirs or its extra values overlap them.
 */
export const organizationMatch = pgTable('organization_match', {
  organizationId: uuid()
    .primaryKey()
    .references(() => organizationSearch.organizationId, { onDelete: 'cascade' }),
  reputationScore: integer().notNull(),
  preferredEventTypes: bigint({ mode: 'bigint' }).notNull(),
  sponsorshipTypes: bigint({ mode: 'bigint' }).notNull(),
  supportedRegions: bigint({ mode: 'bigint' }).notNull(),
  technologies: bigint({ mode: 'bigint' }).notNull(),
  budgetMinMinor: bigint({ mode: 'number' }),
  budgetMaxMinor: bigint({ mode: 'number' }),
  addedByCommunityId: uuid(),
  status: text().notNull(),
  budgetCurrency: text(),
  preferredEventTypesExtra: text().array(),
  sponsorshipTypesExtra: text().array(),
  supportedRegionsExtra: text().array(),
  technologiesExtra: text().array(),
});

/**
 * The bit of each list value organization_match has seen, per pre-score field (the TCandidateField name): bits
 * 0-62 in order of first appearance, then null (such values set the sign bit). Only grows: a value keeps its bit,
 * so masks written earlier stay valid.
 */
export const organizationMatchTerm = pgTable(
  'organization_match_term',
  {
    field: text().notNull(),
    value: text().notNull(),
    bit: smallint(),
  },
  (t) => [
    primaryKey({ columns: [t.field, t.value] }),
    // One value per bit, whatever the writers' isolation: a writer whose snapshot misses a term just committed
    // would otherwise give its bit to another value; with this its insert is skipped (ON CONFLICT DO NOTHING) and
    // the value is stored as an extra value, which is as exact.
    uniqueIndex('organization_match_term_bit_idx').on(t.field, t.bit),
  ],
);
