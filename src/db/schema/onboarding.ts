import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ORGANIZATION_STATUSES } from '../../domain/commdesk-facts.js';
import { VERIFICATION_STATUSES, type TClaimProposal, type TRiskSignal } from '../../domain/verification.js';
import { timestamps } from './columns.js';
import { users } from './identity.js';
import { organizations } from './organizations.js';

// The list lives in the domain (the API documents it too); re-exported for the schema's existing importers.
export { VERIFICATION_STATUSES };

/** One verification run of an organization (the first application, a claim, or a website change). */
export const organizationVerifications = pgTable(
  'organization_verifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    run: integer().notNull(),
    reason: text({ enum: ['application', 'claim', 'website_change'] }).notNull(),
    status: text({ enum: VERIFICATION_STATUSES }).notNull().default('checking'),
    riskScore: integer(),
    signals: jsonb().$type<TRiskSignal[]>(),
    applicantName: text(),
    applicantEmail: text(),
    applicantIp: text(),
    /** The organization's status before this run, restored if a claim expires or is rejected. */
    previousStatus: text({ enum: ORGANIZATION_STATUSES }),
    /**
     * A claim's proposed profile and contacts (sealed like organizations.contacts_ciphertext): kept on the run,
     * never on the organization, until an admin approves the claim.
     */
    proposedProfile: jsonb().$type<TClaimProposal>(),
    proposedContactsCiphertext: text(),
    /** A claim's proof of domain control: the SHA-256 of the link emailed to the claimant's address at the domain. */
    confirmationTokenHash: text(),
    confirmationExpiresAt: timestamp({ withTimezone: true }),
    confirmedAt: timestamp({ withTimezone: true }),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decision: text({ enum: ['approve', 'reject', 'request_info', 'auto_approve', 'expire'] }),
    decisionReason: text(),
    decidedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('organization_verifications_org_run_uq').on(t.organizationId, t.run),
    index('organization_verifications_status_idx').on(t.status, t.createdAt),
    uniqueIndex('organization_verifications_confirmation_uq').on(t.confirmationTokenHash),
  ],
);

/** Single-use links for first login and invitations; only the SHA-256 of the token is stored. */
export const activationTokens = pgTable(
  'activation_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid().references(() => organizations.id, { onDelete: 'cascade' }),
    purpose: text({ enum: ['activation', 'invite'] }).notNull(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    /** Set when a resend replaces this token. */
    supersededAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('activation_tokens_hash_uq').on(t.tokenHash),
    index('activation_tokens_user_idx').on(t.userId),
  ],
);
