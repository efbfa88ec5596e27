/**
 * A community's payout account: a Stripe Express connected account (one per community) that milestone releases are
 * transferred to, and the hosted onboarding link through which the community gives Stripe its details.
 */
import type Stripe from 'stripe';
import type { TConfig } from '../../config.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  findPayoutAccount,
  insertPayoutAccount,
  type TPayoutAccount,
  type TPayoutAccountState,
} from '../../db/repositories/stripe-repository.js';
import type { TDb } from '../../db/client.js';

/** Stripe's idempotency key of a community's account: a retried or concurrent request creates one account. */
export const payoutAccountIdempotencyKey = (communityId: string) => `payout-account:${communityId}`;

export function payoutStateOfAccount(account: Stripe.Account): TPayoutAccountState {
  return {
    payoutsEnabled: account.payouts_enabled === true,
    chargesEnabled: account.charges_enabled === true,
    detailsSubmitted: account.details_submitted === true,
    requirements: (account.requirements as unknown as Record<string, unknown> | null) ?? {},
    country: account.country ?? null,
    defaultCurrency: account.default_currency ?? null,
  };
}

/**
 * Where Stripe sends the user back: STRIPE_CONNECT_RETURN_URL / _REFRESH_URL, else the frontend's payout page (the
 * first http(s) CORS origin; the API's own base URL when there is none).
 */
export function onboardingUrls(config: TConfig, communityId: string) {
  const origin = config.CORS_ORIGINS.find((o) => /^https?:\/\//.test(o)) ?? config.publicBaseUrl;
  const page = `${origin}/communities/${communityId}/payout-account`;
  return {
    returnUrl: config.STRIPE_CONNECT_RETURN_URL ?? `${page}?onboarding=done`,
    refreshUrl: config.STRIPE_CONNECT_REFRESH_URL ?? `${page}?onboarding=expired`,
  };
}

/**
 * Creates the community's connected account unless it has one (idempotent: the row is unique per community and the
 * Stripe call carries a key derived from the community), then a fresh onboarding link for it.
 */
export async function openPayoutAccount(
  deps: { db: TDb; config: TConfig; stripe: Stripe },
  input: { communityId: string; communityName: string; actorUserId: string; requestId: string | null },
): Promise<{ account: TPayoutAccount; created: boolean; onboardingUrl: string; onboardingExpiresAt: Date }> {
  const { db, stripe } = deps;
  let account = await findPayoutAccount(db, input.communityId);
  let created = false;
  if (!account) {
    const stripeAccount = await stripe.accounts.create(
      {
        type: 'express',
        capabilities: { transfers: { requested: true } },
        business_profile: { name: input.communityName },
        // How account.updated finds the community again (Stripe's account id is not our key).
        metadata: { communityId: input.communityId },
      },
      { idempotencyKey: payoutAccountIdempotencyKey(input.communityId) },
    );
    const result = await db.transaction(async (tx) => {
      const inserted = await insertPayoutAccount(tx, {
        communityId: input.communityId,
        stripeAccountId: stripeAccount.id,
        createdBy: input.actorUserId,
        state: payoutStateOfAccount(stripeAccount),
      });
      if (inserted.created)
        await writeAudit(tx, {
          actorUserId: input.actorUserId,
          action: 'payout_account.created',
          entityType: 'payout_account',
          entityId: inserted.account.id,
          after: inserted.account,
          requestId: input.requestId,
        });
      return inserted;
    });
    account = result.account;
    created = result.created;
  }
  const { returnUrl, refreshUrl } = onboardingUrls(deps.config, input.communityId);
  // A link is single-use and short-lived: every call asks for a new one (keyed by this request, so the SDK's own
  // retry of the call does not make two).
  const link = await stripe.accountLinks.create(
    {
      account: account.stripeAccountId,
      type: 'account_onboarding',
      return_url: returnUrl,
      refresh_url: refreshUrl,
    },
    input.requestId ? { idempotencyKey: `payout-account-link:${input.communityId}:${input.requestId}` } : {},
  );
  return { account, created, onboardingUrl: link.url, onboardingExpiresAt: new Date(link.expires_at * 1000) };
}
