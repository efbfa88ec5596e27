import { writeAudit } from '../db/repositories/audit-repository.js';
import { findPayoutByStripeId, openPayoutOpsTask } from '../db/repositories/payouts-repository.js';
import type { TDb } from '../db/client.js';
import { payoutOpen } from '../domain/payouts.js';
import type { TPayoutActivities } from '../workflows/payout/payout.contract.js';
import { mustExist } from './must-exist.js';

export function createPayoutActivities(deps: { db: TDb }): TPayoutActivities {
  return {
    async checkStuckPayout({ stripePayoutId, stuckAfterMs }) {
      return deps.db.transaction(async (tx) => {
        const payout = mustExist(await findPayoutByStripeId(tx, stripePayoutId), `payout ${stripePayoutId}`);
        if (!payoutOpen(payout.status)) return { status: payout.status, stuck: false };
        const hours = Math.round((stuckAfterMs / 3_600_000) * 10) / 10;
        const key = `payout_stuck:${payout.stripePayoutId}`;
        const opened = await openPayoutOpsTask(tx, {
          payout,
          key,
          kind: 'payout_stuck',
          detail:
            `Payout ${payout.stripePayoutId} of ${payout.amountMinor} ${payout.currency.toUpperCase()} (minor units) ` +
            `to community ${payout.communityId} is still ${payout.status} ${hours} h after Stripe created it ` +
            `(${payout.stripeCreatedAt.toISOString()}); check it in the connected account's Stripe dashboard.`,
        });
        if (opened)
          await writeAudit(tx, {
            actorUserId: null,
            action: 'payout.stuck',
            entityType: 'connected_payout',
            entityId: payout.id,
            after: { status: payout.status, stripePayoutId: payout.stripePayoutId, taskKey: key },
            requestId: null,
          });
        return { status: payout.status, stuck: true };
      });
    },
  };
}
