import type { Actor } from '../../domain/access.js';
import {
  findOpeningTargets,
  type TOpeningIds,
  type TOpeningTargets,
} from '../../db/repositories/requests-read-repository.js';
import { hitRateLimit } from '../../db/repositories/rate-limit-repository.js';
import { AppError, notFound } from '../../errors.js';
import { authorize, communityResource } from '../authorize.js';
import type { TApiDeps } from '../context.js';
import { requireDecisionDeadline } from '../money.js';
import { requireOrganizationEligible } from './negotiation-service.js';
import { openRequest } from '../../infra/open-request.js';
import type { TCreateRequest } from './requests.types.js';

const DAY_MS = 86_400_000;

const sameOpeningIds = (a: TOpeningIds, b: TOpeningIds) =>
  a.communityId === b.communityId &&
  a.organizationId === b.organizationId &&
  a.eventId === b.eventId &&
  a.opportunityId === b.opportunityId;

/**
 * A community sends a sponsorship request to an organization: the caller manages the community's partners, the
 * organization is eligible, a named opportunity and event belong to the community, the deadline (given, the
 * opportunity's, or the response window) lies ahead, and the community is within its daily request limit; then the
 * request and its negotiation open.
 */
export async function openCommunityRequest(
  deps: Pick<TApiDeps, 'db' | 'config' | 'temporal' | 'logger'>,
  input: {
    body: TCreateRequest;
    actor: Actor;
    /** The targets as the session middleware read them with the session, for the ids it read in the body. */
    prefetched?: { ids: TOpeningIds; targets: TOpeningTargets } | null;
  },
) {
  const { db, config } = deps;
  const { body, actor, prefetched } = input;
  const ids: TOpeningIds = {
    communityId: body.communityId,
    organizationId: body.organizationId,
    eventId: body.eventId ?? null,
    opportunityId: body.opportunityId ?? null,
  };
  // Everything the checks below read, by id in one statement (the session's, when it read these ids); the checks
  // run in the same order as before.
  const targets =
    prefetched && sameOpeningIds(prefetched.ids, ids)
      ? prefetched.targets
      : await findOpeningTargets(db, ids);
  const { community, organization: org, opportunity } = targets;
  if (!community) throw notFound('Community');
  authorize(actor, 'event_partner:write', communityResource(community));
  if (!org)
    throw new AppError('NOT_FOUND', 'Organization not found', [
      { location: 'body', path: 'organizationId', message: 'no such organization' },
    ]);
  requireOrganizationEligible(org);
  let eventId = body.eventId ?? null;
  if (body.deadline) requireDecisionDeadline(config, new Date(body.deadline), 'deadline');
  let deadline = body.deadline
    ? new Date(body.deadline)
    : new Date(Date.now() + config.NEGOTIATION_RESPONSE_WINDOW);
  if (body.opportunityId) {
    if (!opportunity || opportunity.communityId !== community.id)
      throw new AppError('NOT_FOUND', 'Opportunity not found in this community', [
        { location: 'body', path: 'opportunityId', message: 'no such opportunity' },
      ]);
    eventId ??= opportunity.eventId;
    if (!body.deadline) deadline = opportunity.decisionDeadline;
  }
  // targets.event is the event named, or else the opportunity's: the one eventId now holds.
  if (eventId && targets.event?.communityId !== community.id)
    throw new AppError('NOT_FOUND', 'Event not found in this community', [
      { location: 'body', path: 'eventId', message: 'no such event' },
    ]);
  if (deadline.getTime() <= Date.now())
    throw new AppError('BUSINESS_RULE', 'the deadline must be in the future', [
      { location: 'body', path: 'deadline', message: 'in the past' },
    ]);
  const daily = await hitRateLimit(db, `requests:community:${community.id}`, DAY_MS);
  if (daily.count > config.REQUESTS_PER_COMMUNITY_PER_DAY) {
    throw new AppError(
      'RATE_LIMITED',
      `this community has sent ${config.REQUESTS_PER_COMMUNITY_PER_DAY} requests today; try again tomorrow`,
      undefined,
      { 'Retry-After': String(Math.ceil((daily.resetsAt.getTime() - Date.now()) / 1000)) },
    );
  }
  return openRequest(deps, {
    communityId: community.id,
    organizationId: org.id,
    eventId,
    opportunityId: body.opportunityId ?? null,
    initiator: 'community',
    actorUserId: actor.userId,
    deadline,
    proposal: body.proposal,
  });
}
