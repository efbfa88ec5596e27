import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.js';
import { communities } from './communities.js';
import { users } from './identity.js';
import { STRIPE_EVENT_DELIVERIES, type TStripeEventDelivery } from '../../domain/stripe-events.js';

// The vocabulary lives in the domain (the API answers with it); re-exported for the schema's other readers.
export { STRIPE_EVENT_DELIVERIES, type TStripeEventDelivery };

/**
 * Every verified Stripe event, once by Stripe's event id (the primary key): a redelivery or a replay finds the row
 * and changes nothing. `delivery` records what became of it, so an event whose escrow was missing stays visible.
 */
export const stripeEvents = pgTable(
  'stripe_events',
  {
    /** Stripe's event id (evt_...). */
    id: text().primaryKey(),
    type: text().notNull(),
    livemode: boolean().notNull(),
    /** Stripe's `created`: the order of events, which Stripe does not keep in delivery. */
    stripeCreatedAt: timestamp({ withTimezone: true }).notNull(),
    /** The event's data.object id (pi_..., ch_..., acct_...). */
    objectId: text(),
    /** The connected account the event is about (Connect events), when Stripe names one. */
    account: text(),
    /** Our ids from the object's metadata: which escrow or which community's payout account it is for. */
    paymentId: uuid(),
    communityId: uuid(),
    /** The whole event as Stripe signed it (for audits and replays). */
    payload: jsonb().notNull(),
    delivery: text({ enum: STRIPE_EVENT_DELIVERIES }).notNull().default('pending'),
    deliveryNote: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stripe_events_payment_idx').on(t.paymentId, t.stripeCreatedAt),
    index('stripe_events_community_idx').on(t.communityId, t.stripeCreatedAt),
  ],
);

/**
 * A community's Stripe Express connected account: one per community. Its state mirrors Stripe's as the last
 * account.updated (or a read at creation) reported it; `stateAsOf` is the `created` of the event that set it, so an
 * older event arriving late never overwrites a newer state. The account id is not unique here on purpose:
 * stripe-mock answers every creation with the same fixture id.
 */
export const payoutAccounts = pgTable(
  'payout_accounts',
  {
    id: uuid().primaryKey().defaultRandom(),
    communityId: uuid()
      .notNull()
      .references(() => communities.id, { onDelete: 'restrict' }),
    stripeAccountId: text().notNull(),
    payoutsEnabled: boolean().notNull().default(false),
    chargesEnabled: boolean().notNull().default(false),
    detailsSubmitted: boolean().notNull().default(false),
    /** Stripe's requirements (currently_due, past_due, disabled_reason...), shown to the community as they are. */
    requirements: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    country: text(),
    defaultCurrency: text(),
    stateAsOf: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('payout_accounts_community_uq').on(t.communityId),
    index('payout_accounts_stripe_account_idx').on(t.stripeAccountId),
  ],
);
