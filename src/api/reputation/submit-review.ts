import type { Actor } from '../../domain/access.js';
import type { TReputationSubject } from '../../domain/reputation.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  COMMUNITY_NEGOTIATORS,
  ORGANIZATION_NEGOTIATORS,
} from '../../db/repositories/negotiation-repository.js';
import {
  findDealForReview,
  insertReview,
  type TReviewRow,
} from '../../db/repositories/reviews-repository.js';
import { AppError, notFound } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { sideOf } from '../requests/negotiation-service.js';
import { requestReputationRefresh } from './reputation-refresh.js';
import type { TDealReview } from './reputation.types.js';

export function toReviewDto(row: TReviewRow): TDealReview {
  return {
    id: row.id,
    dealId: row.dealId,
    reviewerSide: row.reviewerSide,
    subject: { type: row.subjectType, id: row.subjectId },
    rating: row.rating,
    comment: row.comment,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Any active member of either side of the deal (what reading its reviews needs). */
export function isDealParty(actor: Actor, deal: { communityId: string; organizationId: string }) {
  return (
    actor.isPlatformAdmin ||
    actor.communities.some((m) => m.communityId === deal.communityId && m.status === 'Active') ||
    actor.organizations.some((m) => m.organizationId === deal.organizationId && m.status === 'active')
  );
}

/**
 * One review per side per completed deal: written by that side's negotiators, once the deal's contract is signed
 * and its event has ended (a deal without an event end: once its contract completed), until REVIEW_WINDOW after that. A retried identical submission by the same person
 * answers the stored review (200); anything else for a side that already reviewed is a 409.
 */
export async function submitReview(
  deps: TApiDeps,
  args: { actor: Actor; dealId: string; rating: number; comment: string; requestId: string; now?: Date },
): Promise<{ review: TDealReview; created: boolean }> {
  const { db, config } = deps;
  const now = args.now ?? new Date();
  const deal = await findDealForReview(db, args.dealId);
  if (!deal || !isDealParty(args.actor, deal)) throw notFound('Deal');
  const side = sideOf(args.actor, deal);
  if (!side)
    throw new AppError(
      'FORBIDDEN',
      `reviews are written by a side's negotiators (${[...COMMUNITY_NEGOTIATORS, ...ORGANIZATION_NEGOTIATORS].join(', ')})`,
    );
  if (deal.status !== 'Contracted')
    throw new AppError(
      'BUSINESS_RULE',
      `only a deal with a signed contract can be reviewed; this deal is ${deal.status}`,
    );
  // The event's end, or for a deal without one its contract's completion: see findDealForReview.
  if (!deal.endedAt)
    throw new AppError(
      'BUSINESS_RULE',
      'this deal has no event end date and its contract is not completed yet; reviews open when its event ends, or when its contract completes',
    );
  if (now < deal.endedAt)
    throw new AppError(
      'BUSINESS_RULE',
      `reviews open when the deal's event ends, at ${deal.endedAt.toISOString()}`,
    );
  const closesAt = new Date(deal.endedAt.getTime() + config.REVIEW_WINDOW);
  if (now > closesAt)
    throw new AppError('BUSINESS_RULE', `the review window closed at ${closesAt.toISOString()}`);
  const subject: TReputationSubject =
    side === 'community'
      ? { type: 'organization', id: deal.organizationId }
      : { type: 'community', id: deal.communityId };

  const result = await db.transaction(async (tx) => {
    const { review, created } = await insertReview(tx, {
      dealId: deal.id,
      reviewerSide: side,
      reviewerUserId: args.actor.userId,
      subjectType: subject.type,
      subjectId: subject.id,
      rating: args.rating,
      comment: args.comment,
    });
    if (!created) {
      const sameSubmission =
        review.reviewerUserId === args.actor.userId &&
        review.rating === args.rating &&
        review.comment === args.comment;
      if (!sameSubmission)
        throw new AppError('CONFLICT', `the ${side} side already reviewed this deal`, {
          existingReviewId: review.id,
        });
      return { review, created };
    }
    await writeAudit(tx, {
      actorUserId: args.actor.userId,
      action: 'deal.reviewed',
      entityType: 'deal',
      entityId: deal.id,
      after: { reviewId: review.id, reviewerSide: side, subject, rating: review.rating },
      requestId: args.requestId,
    });
    return { review, created };
  });
  if (result.created) await requestReputationRefresh(deps, [subject]);
  return { review: toReviewDto(result.review), created: result.created };
}
