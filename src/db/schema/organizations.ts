import { bigint, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  ORGANIZATION_KINDS,
  ORGANIZATION_MEMBER_STATUSES,
  ORGANIZATION_ROLES,
  ORGANIZATION_STATUSES,
} from '../../domain/commdesk-facts.js';
import { timestamps } from './columns.js';
import { communities } from './communities.js';
import { users } from './identity.js';

export const organizations = pgTable(
  'organizations',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: ORGANIZATION_KINDS }).notNull(),
    legalName: text(),
    displayName: text().notNull(),
    /** Registrable domain of the website, lower-case: one organization per domain, globally. */
    normalizedDomain: text().notNull(),
    website: text().notNull(),
    logoUrl: text(),
    industry: text(),
    shortDescription: text(),
    longDescription: text(),
    technologies: text().array().notNull().default([]),
    developerTools: text().array().notNull().default([]),
    supportedRegions: text().array().notNull().default([]),
    preferredEventTypes: text().array().notNull().default([]),
    supportedCommunityTypes: text().array().notNull().default([]),
    availableSponsorshipTypes: text().array().notNull().default([]),
    budgetMinMinor: bigint({ mode: 'number' }),
    budgetMaxMinor: bigint({ mode: 'number' }),
    budgetCurrency: text(),
    /** The contact emails, AES-256-GCM sealed with a key id ("keyId.iv.tag.data"), see SecretBox. */
    contactsCiphertext: text(),
    status: text({ enum: ORGANIZATION_STATUSES }).notNull(),
    disabledReason: text(),
    reputationScore: integer().notNull().default(0),
    /** Set for "Community Added" organizations: the community whose panel created the record. */
    addedByCommunityId: uuid().references(() => communities.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('organizations_normalized_domain_uq').on(t.normalizedDomain),
    index('organizations_kind_status_idx').on(t.kind, t.status),
    // Similar-name duplicate detection during verification (pg_trgm similarity).
    index('organizations_display_name_trgm_idx').using('gin', t.displayName.op('gin_trgm_ops')),
  ],
);

export const organizationMembers = pgTable(
  'organization_members',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text({ enum: ORGANIZATION_ROLES }).notNull(),
    status: text({ enum: ORGANIZATION_MEMBER_STATUSES }).notNull().default('active'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('organization_members_org_user_uq').on(t.organizationId, t.userId),
    index('organization_members_user_idx').on(t.userId),
  ],
);
