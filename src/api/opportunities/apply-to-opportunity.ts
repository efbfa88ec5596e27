import type { Actor } from '../../domain/access.js';
import { ORGANIZATION_NEGOTIATORS } from '../../db/repositories/negotiation-repository.js';
import { findCommunity } from '../../db/repositories/communities-repository.js';
import { findOpportunity } from '../../db/repositories/opportunities-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { AppError, notFound } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { requireOrganizationWithinLimit } from '../reputation/trust-limits.js';
import { requireCommunityEligible, requireOrganizationEligible } from '../requests/negotiation-service.js';
import { openRequest } from '../../infra/open-request.js';
import type { TApplyToOpportunity } from './opportunities.types.js';

/**
 * An organization applies to an Open opportunity with a first proposal: the caller must negotiate for it (naming it
 * when they negotiate for several), both sides must be eligible and within their limits, and the deadline must not
 * have passed; the request and its negotiation open with the opportunity's deadline.
 */
export async function applyToOpportunity(
  deps: TApiDeps,
  input: { opportunityId: string; body: TApplyToOpportunity; actor: Actor },
) {
  const { db } = deps;
  const { opportunityId, body, actor } = input;
  const opportunity = await findOpportunity(db, opportunityId);
  if (!opportunity || opportunity.status === 'Draft') throw notFound('Opportunity');
  const memberships = actor.organizations.filter(
    (m) => m.status === 'active' && (ORGANIZATION_NEGOTIATORS as readonly string[]).includes(m.role),
  );
  const membership = body.organizationId
    ? memberships.find((m) => m.organizationId === body.organizationId)
    : memberships.length === 1
      ? memberships[0]
      : undefined;
  if (!membership) {
    throw new AppError(
      'FORBIDDEN',
      memberships.length > 1 && !body.organizationId
        ? 'you negotiate for several organizations: name one with organizationId'
        : 'applying needs a Sponsor Admin/Manager or Partner Admin/Partnership Manager role',
    );
  }
  const org = (await findOrganizationById(db, membership.organizationId))!;
  requireOrganizationEligible(org);
  if (opportunity.status !== 'Open')
    throw new AppError('BUSINESS_RULE', `the opportunity is ${opportunity.status}`);
  if (opportunity.decisionDeadline.getTime() <= Date.now())
    throw new AppError('BUSINESS_RULE', 'the opportunity’s decision deadline has passed');
  const community = await findCommunity(db, opportunity.communityId);
  requireCommunityEligible(community!.status);
  await requireOrganizationWithinLimit(deps, org, 'applications');
  return openRequest(deps, {
    communityId: opportunity.communityId,
    organizationId: org.id,
    eventId: opportunity.eventId,
    opportunityId,
    initiator: 'organization',
    actorUserId: actor.userId,
    deadline: opportunity.decisionDeadline,
    proposal: body.proposal,
  });
}
