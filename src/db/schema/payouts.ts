import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { PAYOUT_STATUSES } from '../../domain/payouts.js';
import { timestamps } from './columns.js';
import { communities } from './communities.js';
import { payoutAccounts } from './stripe.js';

/**
 * A payout of a community's connected account as Stripe last reported it (payout.* webhooks on that account), so the
 * community sees its money arriving and ops hear of a payout that stays pending (stuck) or fails. `eventCreatedAt` is
 * the `created` of the event that set the row: an older event arriving late never overwrites a newer state.
 */
export const connectedPayouts = pgTable(
  'connected_payouts',
  {
    id: uuid().primaryKey().defaultRandom(),
    stripePayoutId: text().notNull(),
    payoutAccountId: uuid()
      .notNull()
      .references(() => payoutAccounts.id, { onDelete: 'restrict' }),
    communityId: uuid()
      .notNull()
      .references(() => communities.id, { onDelete: 'restrict' }),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    status: text({ enum: PAYOUT_STATUSES }).notNull(),
    arrivalDate: timestamp({ withTimezone: true }),
    failureCode: text(),
    failureMessage: text(),
    /** When Stripe created the payout: the stuck-money clock starts there. */
    stripeCreatedAt: timestamp({ withTimezone: true }).notNull(),
    eventCreatedAt: timestamp({ withTimezone: true }).notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('connected_payouts_stripe_payout_uq').on(t.stripePayoutId),
    index('connected_payouts_community_idx').on(t.communityId, t.stripeCreatedAt),
  ],
);
