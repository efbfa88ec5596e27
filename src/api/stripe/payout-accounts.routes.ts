import { createRoute } from '@hono/zod-openapi';
import Stripe from 'stripe';
import { latestCommunityPayouts, type TConnectedPayout } from '../../db/repositories/payouts-repository.js';
import { findPayoutAccount, type TPayoutAccount } from '../../db/repositories/stripe-repository.js';
import { findCommunity } from '../../db/repositories/communities-repository.js';
import { AppError, notFound } from '../../errors.js';
import { createStripe, StripeNotConfiguredError } from '../../infra/stripe.js';
import { authorize, communityResource } from '../authorize.js';
import type { TApiDeps } from '../context.js';
import { envelope, errorResponses, jsonResponse, ok } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { createRouter } from '../router.js';
import { openPayoutAccount } from './open-payout-account.js';
import {
  ZCommunityPayoutParams,
  ZPayoutAccountOnboarding,
  ZPayoutAccountWithPayouts,
} from './stripe.types.js';

const tags = ['payouts'];

const openRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/payout-account',
  tags,
  summary:
    "Create the community's Stripe Express connected account (once) and get an onboarding link (community Organizer or platform admin)",
  description:
    'Idempotent: a community has one payout account; calling again returns it (200) with a fresh onboarding link. ' +
    'Releases to the community wait (AwaitingPayoutAccount) until Stripe reports payouts enabled (account.updated).',
  middleware: [requireAuth] as const,
  request: { params: ZCommunityPayoutParams },
  responses: {
    201: jsonResponse(envelope(ZPayoutAccountOnboarding), 'Account created; onboarding link'),
    200: jsonResponse(envelope(ZPayoutAccountOnboarding), 'The existing account; a fresh onboarding link'),
    ...errorResponses,
    409: { description: 'Another request is creating the account right now' },
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/payout-account',
  tags,
  summary:
    "The community's payout account and its latest payouts as Stripe last reported them (community partner managers, platform admins)",
  middleware: [requireAuth] as const,
  request: { params: ZCommunityPayoutParams },
  responses: {
    200: jsonResponse(envelope(ZPayoutAccountWithPayouts), 'Payout account and its latest payouts'),
    ...errorResponses,
  },
});

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** Stripe's requirements object (snake_case, as stored) in the document's typed shape. */
function toRequirementsDto(raw: Record<string, unknown>) {
  const deadline = raw.current_deadline;
  return {
    currentlyDue: strings(raw.currently_due),
    pastDue: strings(raw.past_due),
    eventuallyDue: strings(raw.eventually_due),
    disabledReason: typeof raw.disabled_reason === 'string' ? raw.disabled_reason : null,
    currentDeadline: typeof deadline === 'number' ? new Date(deadline * 1000).toISOString() : null,
  };
}

export function toPayoutAccountDto(account: TPayoutAccount) {
  return {
    communityId: account.communityId,
    stripeAccountId: account.stripeAccountId,
    payoutsEnabled: account.payoutsEnabled,
    chargesEnabled: account.chargesEnabled,
    detailsSubmitted: account.detailsSubmitted,
    requirements: toRequirementsDto(account.requirements),
    country: account.country,
    defaultCurrency: account.defaultCurrency,
    stateAsOf: account.stateAsOf?.toISOString() ?? null,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}

const toPayoutDto = (p: TConnectedPayout) => ({
  stripePayoutId: p.stripePayoutId,
  amountMinor: p.amountMinor,
  currency: p.currency,
  status: p.status,
  arrivalDate: p.arrivalDate?.toISOString() ?? null,
  failureCode: p.failureCode,
  failureMessage: p.failureMessage,
  createdAt: p.stripeCreatedAt.toISOString(),
  updatedAt: p.eventCreatedAt.toISOString(),
});

export function payoutAccountRoutes(deps: TApiDeps) {
  const { db } = deps;
  const app = createRouter();
  let stripe: Stripe | null = null;
  const stripeClient = () => {
    try {
      return (stripe ??= createStripe(deps.config));
    } catch (err) {
      if (err instanceof StripeNotConfiguredError) throw new AppError('UNAVAILABLE', err.message);
      throw err;
    }
  };

  async function loadCommunity(communityId: string) {
    const community = await findCommunity(db, communityId);
    if (!community) throw notFound('Community');
    return community;
  }

  app.openapi(openRoute, async (c) => {
    const { communityId } = c.req.valid('param');
    const community = await loadCommunity(communityId);
    authorize(c.get('actor'), 'payout_account:manage', communityResource(community));
    try {
      const result = await openPayoutAccount(
        { db, config: deps.config, stripe: stripeClient() },
        {
          communityId,
          communityName: community.name,
          actorUserId: c.get('actor')!.userId,
          requestId: c.get('requestId'),
        },
      );
      const data = {
        account: toPayoutAccountDto(result.account),
        onboardingUrl: result.onboardingUrl,
        onboardingExpiresAt: result.onboardingExpiresAt.toISOString(),
      };
      return c.json({ success: true as const, data }, result.created ? 201 : 200);
    } catch (err) {
      // The same community's account being created by a concurrent request (same idempotency key, still in flight).
      if (err instanceof Stripe.errors.StripeIdempotencyError)
        throw new AppError(
          'CONFLICT',
          'The payout account is being created by another request; try again shortly',
        );
      // Stripe not answering, or refusing the platform (Connect not enabled, a revoked key): not the caller's fault.
      if (err instanceof Stripe.errors.StripeError)
        throw new AppError('UNAVAILABLE', `Stripe did not create the account: ${err.message}`, undefined, {
          'Retry-After': '5',
        });
      throw err;
    }
  });

  app.openapi(getRoute, async (c) => {
    const { communityId } = c.req.valid('param');
    const community = await loadCommunity(communityId);
    authorize(c.get('actor'), 'payout_account:read', communityResource(community));
    const account = await findPayoutAccount(db, communityId);
    if (!account)
      throw new AppError('NOT_FOUND', 'This community has no payout account yet (POST creates it)');
    const payouts = await latestCommunityPayouts(db, communityId, 20);
    return ok(c, { ...toPayoutAccountDto(account), payouts: payouts.map(toPayoutDto) });
  });

  return app;
}
