import { createRoute, z } from '@hono/zod-openapi';
import { OUTREACH_COMMUNITY_STATUSES } from '../../domain/commdesk-facts.js';
import { reputationOf } from '../../db/repositories/reputation-repository.js';
import { findDealForReview, listDealReviews } from '../../db/repositories/reviews-repository.js';
import { findCommunity } from '../../db/repositories/communities-repository.js';
import { notFound } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { envelope, errorResponses, jsonBody, jsonResponse, ok, OPTIONAL_AUTH } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { createRouter } from '../router.js';
import {
  ZCommunityParams,
  ZCommunityReputation,
  ZDealReview,
  ZDealReviewParams,
  ZReviewBody,
} from './reputation.types.js';
import { isDealParty, submitReview, toReviewDto } from './submit-review.js';

const createReviewRoute = createRoute({
  method: 'post',
  path: '/deals/{dealId}/reviews',
  tags: ['deals'],
  summary:
    "Review the other side of a completed deal (1-5 with a comment): once per side, by the side's negotiators, within REVIEW_WINDOW after the event ends",
  middleware: [requireAuth] as const,
  request: { params: ZDealReviewParams, body: jsonBody(ZReviewBody) },
  responses: {
    201: jsonResponse(envelope(ZDealReview), 'Recorded; the reviewed side’s reputation is recomputed'),
    200: jsonResponse(envelope(ZDealReview), 'The same review, already recorded (a retried submission)'),
    ...errorResponses,
    409: { description: 'This side already reviewed the deal (differently)' },
    422: { description: 'The deal is not completed, its event has not ended, or the review window closed' },
  },
});
const listReviewsRoute = createRoute({
  method: 'get',
  path: '/deals/{dealId}/reviews',
  tags: ['deals'],
  summary: "A deal's reviews (its parties and platform admins)",
  middleware: [requireAuth] as const,
  request: { params: ZDealReviewParams },
  responses: { 200: jsonResponse(envelope(z.array(ZDealReview)), 'Reviews'), ...errorResponses },
});
const communityReputationRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/reputation',
  tags: ['reputation'],
  summary:
    "A community's reputation with its per-signal breakdown (approved/active communities for everyone; others for their members and admins)",
  security: OPTIONAL_AUTH,
  request: { params: ZCommunityParams },
  responses: { 200: jsonResponse(envelope(ZCommunityReputation), 'Reputation'), ...errorResponses },
});

export function reputationRoutes(deps: TApiDeps) {
  const { db } = deps;
  const app = createRouter();

  app.openapi(createReviewRoute, async (c) => {
    const { dealId } = c.req.valid('param');
    const { rating, comment } = c.req.valid('json');
    const { review, created } = await submitReview(deps, {
      actor: c.get('actor')!,
      dealId,
      rating,
      comment,
      requestId: c.get('requestId'),
    });
    return c.json({ success: true as const, data: review }, created ? 201 : 200);
  });

  app.openapi(listReviewsRoute, async (c) => {
    const { dealId } = c.req.valid('param');
    const deal = await findDealForReview(db, dealId);
    if (!deal || !isDealParty(c.get('actor')!, deal)) throw notFound('Deal');
    return ok(c, (await listDealReviews(db, dealId)).map(toReviewDto));
  });

  app.openapi(communityReputationRoute, async (c) => {
    const { communityId } = c.req.valid('param');
    const actor = c.get('actor');
    const community = await findCommunity(db, communityId);
    const visible =
      community &&
      (OUTREACH_COMMUNITY_STATUSES.includes(community.status) ||
        actor?.isPlatformAdmin ||
        actor?.communities.some((m) => m.communityId === communityId && m.status === 'Active'));
    if (!community || !visible) throw notFound('Community');
    return ok(c, {
      communityId,
      name: community.name,
      reputation: await reputationOf(db, { type: 'community', id: communityId }),
    });
  });

  return app;
}
