import { z } from '@hono/zod-openapi';
import { REPUTATION_SIGNALS, REPUTATION_SUBJECT_TYPES } from '../../domain/reputation.js';
import { zText } from '../../domain/text.js';
import { ZUuid } from '../http.js';

export const ZReputation = z
  .object({
    score: z.number().min(0).max(100).describe('0-100; see docs/reputation-and-matching.md for the formula'),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .describe('0-1: how much of the score is the subject’s own record rather than the platform prior'),
    signals: z.array(
      z.object({
        signal: z.enum(REPUTATION_SIGNALS),
        available: z.boolean().describe('false: not measured yet (detail says why); weight 0'),
        value: z.number().nullable().describe('the subject’s own observed value, 0-1 (null without data)'),
        weight: z.number().describe('renormalised weight; the available signals’ weights sum to 1'),
        dataPoints: z.number().int(),
        prior: z.number().nullable().describe('the platform prior the value is shrunk toward'),
        shrunkValue: z.number().nullable().describe('(n*value + k*prior)/(n + k): what the score uses'),
        contribution: z.number().describe('points of the score: 100 * weight * shrunkValue'),
        detail: z.string(),
      }),
    ),
  })
  .openapi('Reputation');

export const ZDealReviewParams = z.object({ dealId: ZUuid });
export const ZCommunityParams = z.object({ communityId: ZUuid });

export const ZReviewBody = z
  .strictObject({
    rating: z.number().int().min(1).max(5).describe('1 (poor) to 5 (excellent)'),
    comment: zText({ min: 1, max: 2_000, multiline: true }),
  })
  .openapi('DealReviewInput');

export const ZDealReview = z
  .object({
    id: z.uuid(),
    dealId: z.uuid(),
    reviewerSide: z.enum(['community', 'organization']),
    subject: z.object({ type: z.enum(REPUTATION_SUBJECT_TYPES), id: z.uuid() }),
    rating: z.number().int(),
    comment: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .openapi('DealReview');
export type TDealReview = z.infer<typeof ZDealReview>;

export const ZCommunityReputation = z
  .object({ communityId: z.uuid(), name: z.string(), reputation: ZReputation })
  .openapi('CommunityReputation');
