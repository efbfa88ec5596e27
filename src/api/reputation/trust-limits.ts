import { trustLevel } from '../../domain/reputation.js';
import { hitRateLimit } from '../../db/repositories/rate-limit-repository.js';
import { storedReputations } from '../../db/repositories/reputation-repository.js';
import { AppError } from '../../errors.js';
import type { TApiDeps } from '../context.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const LIMITS = {
  applications: {
    windowMs: DAY_MS,
    what: 'applications today',
    standard: (c: TApiDeps['config']) => c.ORG_APPLICATIONS_PER_DAY,
    restricted: (c: TApiDeps['config']) => c.LOW_TRUST_ORG_APPLICATIONS_PER_DAY,
  },
  messages: {
    windowMs: HOUR_MS,
    what: 'negotiation messages this hour',
    standard: (c: TApiDeps['config']) => c.ORG_MESSAGES_PER_HOUR,
    restricted: (c: TApiDeps['config']) => c.LOW_TRUST_ORG_MESSAGES_PER_HOUR,
  },
} as const;

/**
 * Counts one application or message of an organization and refuses it (429 with Retry-After and the reasons) past
 * its limit: stricter for new or low-trust organizations (domain trustLevel over the stored reputation; an
 * organization never scored yet has no track record, so it counts as low confidence).
 */
export async function requireOrganizationWithinLimit(
  deps: Pick<TApiDeps, 'db' | 'config'>,
  org: { id: string; createdAt: Date },
  kind: keyof typeof LIMITS,
): Promise<void> {
  const { db, config } = deps;
  const spec = LIMITS[kind];
  const reputation = (await storedReputations(db, 'organization', [org.id])).get(org.id) ?? null;
  const trust = trustLevel(
    { createdAt: org.createdAt, reputation },
    {
      newForMs: config.TRUST_NEW_FOR,
      lowScoreBelow: config.TRUST_LOW_SCORE_BELOW,
      lowConfidenceBelow: config.TRUST_LOW_CONFIDENCE_BELOW,
    },
    new Date(),
  );
  const limit = trust.level === 'restricted' ? spec.restricted(config) : spec.standard(config);
  const counted = await hitRateLimit(db, `${kind}:organization:${org.id}`, spec.windowMs);
  if (counted.count > limit) {
    throw new AppError(
      'RATE_LIMITED',
      `this organization has sent ${limit} ${spec.what}${trust.level === 'restricted' ? ` (the limit of new or low-trust organizations: ${trust.reasons.join('; ')})` : ''}; try again later`,
      { limit, trust: trust.level, reasons: trust.reasons },
      { 'Retry-After': String(Math.max(1, Math.ceil((counted.resetsAt.getTime() - Date.now()) / 1000))) },
    );
  }
}
