import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { PARTNER_AND_SPONSOR_CATEGORIES } from '../../domain/commdesk-facts.js';
import type { TBenefit } from '../../domain/event-partners.js';
import {
  CARRY_OVER_RULES,
  CYCLE_STATUSES,
  PARTICIPATION_STATUSES,
  PROGRAM_PERIODS,
  PROGRAM_STATUSES,
  RENEWAL_STATUSES,
  type TCycleReport,
} from '../../domain/programs.js';
import { timestamps } from './columns.js';
import { communities } from './communities.js';
import { users } from './identity.js';
import { organizations } from './organizations.js';

export type TProposalTemplate = {
  category: (typeof PARTNER_AND_SPONSOR_CATEGORIES)[number];
  amountMinor: number;
  benefits: TBenefit[];
  terms: string;
  message?: string;
};
export type TContractTemplate = { terms: string };

/** A long-term program of one organization: its period, budget, targeting and templates; one Schedule each. */
export const programs = pgTable(
  'programs',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    status: text({ enum: PROGRAM_STATUSES }).notNull().default('Active'),
    period: text({ enum: PROGRAM_PERIODS }).notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }),
    budgetPerPeriodMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    regions: text().array().notNull().default([]),
    eventTypes: text().array().notNull().default([]),
    categories: text().array().notNull().default([]),
    technologies: text().array().notNull().default([]),
    perCommunityCapMinor: bigint({ mode: 'number' }),
    carryOver: text({ enum: CARRY_OVER_RULES }).notNull().default('none'),
    proposalTemplate: jsonb().$type<TProposalTemplate>().notNull(),
    contractTemplate: jsonb().$type<TContractTemplate>(),
    /** The platform fee (basis points) of this program's deals, set by a platform admin; null = PLATFORM_FEE_BPS. */
    platformFeeBps: integer(),
    /**
     * Communities "matched": the firing invites the best-fitting communities (by their open opportunities) until
     * this many are invited or taking part; null = only the communities named explicitly.
     */
    matchedCommunitiesLimit: integer(),
    /** Why it is paused (also the Schedule's note). */
    pausedReason: text(),
    /** Bumped by every change; PATCH may name the revision it read (409 when stale). */
    revision: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    index('programs_organization_idx').on(t.organizationId, t.createdAt),
    check('programs_platform_fee_bps_range', sql`${t.platformFeeBps} between 0 and 10000`),
    check('programs_matched_communities_limit_range', sql`${t.matchedCommunitiesLimit} between 1 and 500`),
  ],
);

/** A community invited to a program; only Accepted ones receive renewal requests. */
export const programParticipants = pgTable(
  'program_participants',
  {
    programId: uuid()
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    communityId: uuid()
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    status: text({ enum: PARTICIPATION_STATUSES }).notNull().default('Invited'),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('program_participants_uq').on(t.programId, t.communityId),
    index('program_participants_community_idx').on(t.communityId),
  ],
);

/** One row per program and period (the cycle workflow `program-cycle:<programId>:<period>`). */
export const programCycles = pgTable(
  'program_cycles',
  {
    id: uuid().primaryKey().defaultRandom(),
    programId: uuid()
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    period: text().notNull(),
    periodStartAt: timestamp({ withTimezone: true }).notNull(),
    periodEndAt: timestamp({ withTimezone: true }).notNull(),
    status: text({ enum: CYCLE_STATUSES }).notNull(),
    budgetMinor: bigint({ mode: 'number' }).notNull(),
    carryInMinor: bigint({ mode: 'number' }).notNull().default(0),
    currency: text().notNull(),
    noticeSentAt: timestamp({ withTimezone: true }),
    /** Why the cycle was skipped (program paused or ended before its requests went out). */
    note: text(),
    report: jsonb().$type<TCycleReport>(),
    closedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('program_cycles_period_uq').on(t.programId, t.period)],
);

/** A community's renewal in one cycle: its allocation, the request opened for it, and the outcome. */
export const programRenewals = pgTable(
  'program_renewals',
  {
    id: uuid().primaryKey().defaultRandom(),
    cycleId: uuid()
      .notNull()
      .references(() => programCycles.id, { onDelete: 'cascade' }),
    programId: uuid()
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    communityId: uuid()
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    allocatedMinor: bigint({ mode: 'number' }).notNull(),
    status: text({ enum: RENEWAL_STATUSES }).notNull().default('Planned'),
    requestId: uuid(),
    dealId: uuid(),
    acceptedMinor: bigint({ mode: 'number' }),
    reason: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('program_renewals_cycle_community_uq').on(t.cycleId, t.communityId),
    index('program_renewals_program_idx').on(t.programId),
  ],
);
