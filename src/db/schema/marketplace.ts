import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { PARTNER_AND_SPONSOR_CATEGORIES, PARTNERS_AND_SPONSORS_TIER } from '../../domain/commdesk-facts.js';
import type { TBenefit } from '../../domain/event-partners.js';
import { REQUEST_STATUSES, REQUEST_TIMELINE_TYPES, type TProposalDiff } from '../../domain/negotiation.js';
import { timestamps } from './columns.js';
import { communities } from './communities.js';
import { events } from './events.js';
import { users } from './identity.js';
import { organizations } from './organizations.js';
import { programs } from './programs.js';

const SIDES = ['community', 'organization'] as const;

export const opportunities = pgTable(
  'opportunities',
  {
    id: uuid().primaryKey().defaultRandom(),
    communityId: uuid()
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    description: text(),
    /** The event as it was when the opportunity was published (title, type, category, dates, region, size). */
    eventSnapshot: jsonb().$type<Record<string, unknown>>().notNull(),
    desiredCategory: text({ enum: PARTNER_AND_SPONSOR_CATEGORIES }).notNull(),
    budgetMinMinor: bigint({ mode: 'number' }).notNull(),
    budgetMaxMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    benefits: jsonb().$type<TBenefit[]>().notNull(),
    timeline: text(),
    decisionDeadline: timestamp({ withTimezone: true }).notNull(),
    slots: integer().notNull().default(1),
    status: text({ enum: ['Draft', 'Open', 'Closed', 'Filled'] }).notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    index('opportunities_status_deadline_idx').on(t.status, t.decisionDeadline),
    index('opportunities_community_idx').on(t.communityId),
  ],
);

export const sponsorshipRequests = pgTable(
  'sponsorship_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    communityId: uuid()
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    eventId: uuid().references(() => events.id, { onDelete: 'set null' }),
    opportunityId: uuid().references(() => opportunities.id, { onDelete: 'set null' }),
    /** Who opened it: a community's request, or an organization's application to an opportunity. */
    initiator: text({ enum: SIDES }).notNull(),
    status: text({ enum: REQUEST_STATUSES }).notNull().default('Pending'),
    currentRevision: integer().notNull().default(1),
    currentAuthor: text({ enum: SIDES }).notNull(),
    deadline: timestamp({ withTimezone: true }).notNull(),
    dealId: uuid(),
    /** A program's renewal: the program and the period (its key) it was opened for; null for any other request. */
    programId: uuid().references(() => programs.id, { onDelete: 'set null' }),
    programPeriod: text(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    lastActivityAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    // One open request per (community, organization, event): duplicates are refused by the database.
    uniqueIndex('sponsorship_requests_open_uq')
      .on(
        t.communityId,
        t.organizationId,
        sql`coalesce(${t.eventId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      )
      .where(sql`${t.status} in ('Pending', 'Negotiation')`),
    // A program opens at most one renewal per community and period, whatever happens to it.
    uniqueIndex('sponsorship_requests_program_renewal_uq')
      .on(t.programId, t.programPeriod, t.communityId)
      .where(sql`${t.programId} is not null`),
    index('sponsorship_requests_community_idx').on(t.communityId, t.lastActivityAt),
    index('sponsorship_requests_organization_idx').on(t.organizationId, t.lastActivityAt),
  ],
);

/** Immutable: a counter-offer is a new row; a sent revision is never edited. */
export const requestRevisions = pgTable(
  'request_revisions',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => sponsorshipRequests.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    authorSide: text({ enum: SIDES }).notNull(),
    authorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    category: text({ enum: PARTNER_AND_SPONSOR_CATEGORIES }).notNull(),
    tierKeyword: text({ enum: PARTNERS_AND_SPONSORS_TIER }).notNull(),
    benefits: jsonb().$type<TBenefit[]>().notNull(),
    terms: text().notNull(),
    message: text(),
    diff: jsonb().$type<TProposalDiff>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('request_revisions_number_uq').on(t.requestId, t.number)],
);

export const requestMessages = pgTable(
  'request_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => sponsorshipRequests.id, { onDelete: 'cascade' }),
    /** The workflow update id: a retried write of the same message inserts nothing. */
    idempotencyKey: text().notNull(),
    parentMessageId: uuid(),
    authorSide: text({ enum: SIDES }).notNull(),
    authorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    attachments: jsonb().$type<{ url: string; name?: string }[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('request_messages_idempotency_uq').on(t.idempotencyKey),
    index('request_messages_request_idx').on(t.requestId, t.createdAt),
  ],
);

/** The status timeline of a request, one row per step (seq is the workflow's step counter). */
export const requestTimeline = pgTable(
  'request_timeline',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => sponsorshipRequests.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    type: text({ enum: REQUEST_TIMELINE_TYPES }).notNull(),
    actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    actorSide: text({ enum: SIDES }),
    fromStatus: text({ enum: REQUEST_STATUSES }),
    toStatus: text({ enum: REQUEST_STATUSES }),
    revision: integer(),
    detail: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('request_timeline_seq_uq').on(t.requestId, t.seq)],
);

export const deals = pgTable(
  'deals',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => sponsorshipRequests.id, { onDelete: 'restrict' }),
    communityId: uuid()
      .notNull()
      .references(() => communities.id, { onDelete: 'restrict' }),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    eventId: uuid().references(() => events.id, { onDelete: 'set null' }),
    acceptedRevision: integer().notNull(),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    category: text({ enum: PARTNER_AND_SPONSOR_CATEGORIES }).notNull(),
    tierKeyword: text({ enum: PARTNERS_AND_SPONSORS_TIER }).notNull(),
    benefits: jsonb().$type<TBenefit[]>().notNull(),
    terms: text().notNull(),
    status: text({ enum: ['Accepted', 'Contracted', 'Cancelled'] })
      .notNull()
      .default('Accepted'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('deals_request_uq').on(t.requestId),
    index('deals_community_idx').on(t.communityId),
    index('deals_organization_idx').on(t.organizationId),
  ],
);

/** When each user last opened a request, for unread counts in the inbox. */
export const requestReads = pgTable(
  'request_reads',
  {
    requestId: uuid()
      .notNull()
      .references(() => sponsorshipRequests.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastReadAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('request_reads_uq').on(t.requestId, t.userId)],
);
