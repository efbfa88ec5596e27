import type { Actor } from '../../domain/access.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import { findCommunity } from '../../db/repositories/communities-repository.js';
import {
  findOpportunity,
  updateOpportunity,
  type TOpportunityRow,
} from '../../db/repositories/opportunities-repository.js';
import { AppError } from '../../errors.js';
import { authorize, communityResource } from '../authorize.js';
import type { TApiDeps } from '../context.js';
import { requireDecisionDeadline, requireSupportedCurrency } from '../money.js';
import { toOpportunityDto } from './opportunities.responses.js';
import type { TUpdateOpportunity } from './opportunities.types.js';

/**
 * The owning community edits an opportunity while it is Draft or Open (or closes it): the state is checked on the
 * locked row, and the change and its audit row (before and after) are one transaction.
 */
export async function editOpportunity(
  deps: Pick<TApiDeps, 'db' | 'config'>,
  input: { current: TOpportunityRow; body: TUpdateOpportunity; actor: Actor; requestId: string | undefined },
) {
  const { db, config } = deps;
  const { body, current } = input;
  const community = await findCommunity(db, current.communityId);
  authorize(input.actor, 'event_partner:write', communityResource(community!));
  if (body.decisionDeadline)
    requireDecisionDeadline(config, new Date(body.decisionDeadline), 'decisionDeadline');
  requireSupportedCurrency(config, body.budgetRange?.currency, 'budgetRange.currency');
  return db.transaction(async (tx) => {
    const before = (await findOpportunity(tx, current.id, true))!;
    if (before.status !== 'Draft' && before.status !== 'Open')
      throw new AppError('BUSINESS_RULE', `the opportunity is ${before.status} and can no longer be edited`);
    const after = await updateOpportunity(tx, current.id, {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.desiredCategory !== undefined ? { desiredCategory: body.desiredCategory } : {}),
      ...(body.budgetRange
        ? {
            budgetMinMinor: body.budgetRange.minMinor,
            budgetMaxMinor: body.budgetRange.maxMinor,
            currency: body.budgetRange.currency,
          }
        : {}),
      ...(body.benefits !== undefined ? { benefits: body.benefits } : {}),
      ...(body.timeline !== undefined ? { timeline: body.timeline } : {}),
      ...(body.decisionDeadline ? { decisionDeadline: new Date(body.decisionDeadline) } : {}),
      ...(body.slots !== undefined ? { slots: body.slots } : {}),
      ...(body.status !== undefined ? { status: body.status } : {}),
    });
    await writeAudit(tx, {
      actorUserId: input.actor.userId,
      action: 'opportunity.updated',
      entityType: 'opportunity',
      entityId: current.id,
      before: toOpportunityDto(before),
      after: toOpportunityDto(after),
      requestId: input.requestId,
    });
    return after;
  });
}
