import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { CONTRACT_EVENT_TYPES, CONTRACT_STATUSES } from '../../domain/contract.js';
import type { TContractTemplate, TTemplateOverride } from '../../domain/contract-template.js';
import { timestamps } from './columns.js';
import { communities } from './communities.js';
import { users } from './identity.js';
import { deals } from './marketplace.js';
import { organizations } from './organizations.js';

const SIDES = ['community', 'organization'] as const;

/** One contract per attempt at signing a deal; a deal has at most one live contract (see the partial index). */
export const contracts = pgTable(
  'contracts',
  {
    id: uuid().primaryKey(),
    dealId: uuid()
      .notNull()
      .references(() => deals.id, { onDelete: 'restrict' }),
    status: text({ enum: CONTRACT_STATUSES }).notNull().default('Draft'),
    /** The template (default + community override) it was rendered from, e.g. default@1+community@3. */
    templateVersion: text(),
    /**
     * The milestones the signed document shows, fixed at rendering: the escrow pays these, not whatever the
     * community's template says by the time the sponsor pays. Null only on contracts rendered before this column.
     */
    milestones: jsonb().$type<TContractTemplate['milestones']>(),
    sequential: boolean().notNull().default(false),
    signingOrder: text({ enum: SIDES }).array().notNull().default(['organization', 'community']),
    /** DocumentStore keys and SHA-256 (hex) of the document to sign and of the sealed final PDF. */
    documentKey: text(),
    documentSha256: text(),
    sealedKey: text(),
    sealedSha256: text(),
    deadline: timestamp({ withTimezone: true }),
    signedAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('contracts_live_per_deal_uq')
      .on(t.dealId)
      .where(sql`${t.status} in ('Draft', 'PendingSignature', 'Signed', 'Completed', 'Disputed')`),
    index('contracts_deal_idx').on(t.dealId, t.createdAt),
    uniqueIndex('contracts_sealed_sha_uq').on(t.sealedSha256),
  ],
);

/** One signature per side; each records exactly what the signer saw and from where. */
export const contractSignatures = pgTable(
  'contract_signatures',
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    side: text({ enum: SIDES }).notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    fullName: text().notNull(),
    signedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text().notNull(),
    userAgent: text().notNull(),
    sessionId: text().notNull(),
    documentSha256: text().notNull(),
  },
  (t) => [uniqueIndex('contract_signatures_side_uq').on(t.contractId, t.side)],
);

/**
 * The contract's immutable timeline and evidence: every event with who, from where, and the hash it concerns. The
 * idempotency key (workflow step) makes a retried activity write nothing twice.
 */
export const contractEvents = pgTable(
  'contract_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    idempotencyKey: text().notNull(),
    type: text({ enum: CONTRACT_EVENT_TYPES }).notNull(),
    actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    actorSide: text({ enum: SIDES }),
    fromStatus: text({ enum: CONTRACT_STATUSES }),
    toStatus: text({ enum: CONTRACT_STATUSES }),
    ip: text(),
    userAgent: text(),
    sessionId: text(),
    documentSha256: text(),
    detail: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contract_events_idempotency_uq').on(t.idempotencyKey),
    index('contract_events_contract_idx').on(t.contractId, t.id),
  ],
);

/** Members an organization's admin delegated to sign contracts for the organization. */
export const organizationSigners = pgTable(
  'organization_signers',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    delegatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organization_signers_uq').on(t.organizationId, t.userId)],
);

/** A community's override of the default contract template (fields replace the default's). */
export const contractTemplateOverrides = pgTable('contract_template_overrides', {
  communityId: uuid()
    .primaryKey()
    .references(() => communities.id, { onDelete: 'cascade' }),
  version: integer().notNull(),
  fields: jsonb().$type<TTemplateOverride>().notNull(),
  ...timestamps,
});
