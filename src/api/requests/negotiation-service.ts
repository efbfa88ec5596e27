import type { Actor } from '../../domain/access.js';
import { OUTREACH_COMMUNITY_STATUSES, type CommunityStatus } from '../../domain/commdesk-facts.js';
import { standingViolation, type TPartyStanding, type TSide } from '../../domain/negotiation.js';
import {
  COMMUNITY_NEGOTIATORS,
  ORGANIZATION_NEGOTIATORS,
} from '../../db/repositories/negotiation-repository.js';
import { updateRefusal, workflowClosed } from '../workflow-update.js';
import { AppError, STEP_FAILURE, type AppErrorCode } from '../../errors.js';
import { negotiationWorkflowId } from '../../workflows/negotiation/negotiation.contract.js';
import type { TApiDeps } from '../context.js';

/** What a negotiation step needs: the database, config, the Temporal client and a logger. */
export type TNegotiationDeps = Pick<TApiDeps, 'db' | 'config' | 'temporal' | 'logger'>;

/** A request the caller negotiates on, as the route loaded and authorized it, with both parties' standing. */
export type TNegotiationParty = {
  request: { id: string; communityId: string; organizationId: string; initiator: TSide };
  side: TSide;
  standing: TPartyStanding;
  actorUserId: string;
};

/** The side the caller negotiates for on this request, if any (negotiator roles only). */
export function sideOf(
  actor: Actor | null,
  request: { communityId: string; organizationId: string },
): TSide | null {
  if (!actor) return null;
  if (
    actor.communities.some(
      (m) =>
        m.communityId === request.communityId &&
        m.status === 'Active' &&
        (COMMUNITY_NEGOTIATORS as readonly string[]).includes(m.role),
    )
  )
    return 'community';
  if (
    actor.organizations.some(
      (m) =>
        m.organizationId === request.organizationId &&
        m.status === 'active' &&
        (ORGANIZATION_NEGOTIATORS as readonly string[]).includes(m.role),
    )
  )
    return 'organization';
  return null;
}

export function requireCommunityEligible(status: CommunityStatus) {
  if (!OUTREACH_COMMUNITY_STATUSES.includes(status)) {
    throw new AppError(
      'FORBIDDEN',
      `the community is ${status}; only approved or active communities may use marketplace outreach`,
    );
  }
}

export function requireOrganizationEligible(org: { status: string; displayName: string }) {
  if (org.status !== 'Verified' && org.status !== 'Active') {
    throw new AppError(
      'BUSINESS_RULE',
      `${org.displayName} is ${org.status}; only Verified or Active organizations take part in the marketplace`,
    );
  }
}

const RULE_CODES: Record<string, AppErrorCode> = {
  STALE_REVISION: 'STALE_REVISION',
  NOT_YOUR_TURN: 'CONFLICT',
  WRONG_STATE: 'CONFLICT',
  NOT_INITIATOR: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  CURRENCY_FIXED: 'BUSINESS_RULE',
  [STEP_FAILURE.INVALID_DATA]: 'VALIDATION',
  [STEP_FAILURE.CONSTRAINT_VIOLATION]: 'CONFLICT',
  [STEP_FAILURE.UNAVAILABLE]: 'UNAVAILABLE',
};

export { STEP_RETRY_AFTER_SECONDS } from '../workflow-update.js';

/**
 * A negotiation Update, with the workflow's failures turned into HTTP: rule failures 409/422/429, a value the
 * database refused 400, an unavailable database 503 with Retry-After, a closed workflow 409.
 */
export async function negotiationUpdate<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const refused = updateRefusal(err, RULE_CODES);
    if (refused) throw refused;
    if (workflowClosed(err, /already completed|not found/i))
      throw new AppError('CONFLICT', 'This negotiation is closed');
    throw err;
  }
}

/** The request's `negotiation:<requestId>` workflow, which answers every step as an Update. */
export const negotiationHandle = (deps: Pick<TApiDeps, 'temporal'>, requestId: string) =>
  deps.temporal.workflow.getHandle(negotiationWorkflowId(requestId));

/**
 * A step forward (counter, accept, message) needs both parties in good standing, whatever the workflow's state
 * (a disabled organization's requests are withdrawn, and the caller should learn why). Closing needs nothing.
 * The workflow's validators check the same, and the step's activity again under the request's lock.
 */
export function requireGoodStanding(standing: TPartyStanding) {
  const problem = standingViolation(standing);
  if (problem) throw new AppError('CONFLICT', problem.message, { rule: problem.code });
}
