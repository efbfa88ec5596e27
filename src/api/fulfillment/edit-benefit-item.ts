import { isActiveCommunityMember } from '../../db/repositories/fulfillment-repository.js';
import { AppError } from '../../errors.js';
import type { TPersonAction } from '../../workflows/fulfillment/fulfillment.contract.js';
import {
  actOnBenefitItem,
  type TFulfillmentParty,
  type TFulfillmentStepDeps,
} from './act-on-benefit-item.js';

/**
 * Assigns an item's owner (an Active member of the community) or due date (ahead, within MAX_DECISION_DEADLINE),
 * and/or reports it Planned/InProgress: the fields sent become one step of the item's actions, applied together.
 */
export async function editBenefitItem(
  deps: TFulfillmentStepDeps,
  party: TFulfillmentParty,
  input: {
    itemId: string;
    ownerUserId?: string | undefined;
    dueAt?: string | undefined;
    status?: 'Planned' | 'InProgress' | undefined;
    requestId: string | null;
  },
) {
  const { db, config } = deps;
  const actions: TPersonAction[] = [];
  if (input.ownerUserId !== undefined || input.dueAt !== undefined) {
    if (input.ownerUserId && !(await isActiveCommunityMember(db, party.deal.communityId, input.ownerUserId)))
      throw new AppError('BUSINESS_RULE', 'the owner must be an Active member of the community', {
        field: 'ownerUserId',
      });
    const dueAt = input.dueAt === undefined ? undefined : Date.parse(input.dueAt);
    if (dueAt !== undefined && (dueAt <= Date.now() || dueAt > Date.now() + config.MAX_DECISION_DEADLINE))
      throw new AppError(
        'BUSINESS_RULE',
        `the due date must be in the future and at most ${Math.round(config.MAX_DECISION_DEADLINE / 86_400_000)} days ahead`,
        { field: 'dueAt' },
      );
    actions.push({
      type: 'edit',
      ...(input.ownerUserId ? { ownerUserId: input.ownerUserId } : {}),
      ...(dueAt !== undefined ? { dueAt } : {}),
    });
  }
  if (input.status) actions.push({ type: 'set_status', status: input.status });
  return actOnBenefitItem(deps, party, { itemId: input.itemId, actions, requestId: input.requestId });
}
