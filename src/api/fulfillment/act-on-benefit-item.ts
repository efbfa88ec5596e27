import { findFulfillmentItem, itemState } from '../../db/repositories/fulfillment-repository.js';
import type { DocumentStore } from '../../documents/document-store.js';
import { itemPermission, type TFulfillmentActor } from '../../domain/fulfillment.js';
import { AppError, notFound, STEP_FAILURE, type AppErrorCode } from '../../errors.js';
import {
  fulfillmentWorkflowId,
  itemUpdate,
  type TPersonAction,
} from '../../workflows/fulfillment/fulfillment.contract.js';
import { updateRefusal, workflowClosed } from '../workflow-update.js';
import type { TApiDeps } from '../context.js';

export type TFulfillmentStepDeps = Pick<TApiDeps, 'db' | 'config' | 'temporal' | 'logger'> & {
  store: DocumentStore;
};

/** The deal a step acts on and the caller on it (`who` null for a platform admin, who reads but does not act). */
export type TFulfillmentParty = {
  deal: { id: string; communityId: string };
  who: TFulfillmentActor | null;
};

const RULES: Record<string, AppErrorCode> = {
  FORBIDDEN: 'FORBIDDEN',
  WRONG_STATE: 'CONFLICT',
  NOT_FOUND: 'NOT_FOUND',
  [STEP_FAILURE.INVALID_DATA]: 'VALIDATION',
  [STEP_FAILURE.CONSTRAINT_VIOLATION]: 'CONFLICT',
  [STEP_FAILURE.UNAVAILABLE]: 'UNAVAILABLE',
};

/**
 * Runs a person's actions on a benefit item through `fulfillment:<dealId>` (one Update): who may act is answered
 * first, a delivered file is stored only then, the rules' refusals become 403/409, a closed fulfillment 409. A changed
 * status (a verdict) is announced to the community's reputation by the workflow. Returns the item as it is afterwards.
 */
export async function actOnBenefitItem(
  deps: TFulfillmentStepDeps,
  party: TFulfillmentParty,
  input: {
    itemId: string;
    actions: TPersonAction[];
    proofFile?: Uint8Array | undefined;
    requestId: string | null;
  },
) {
  const { db } = deps;
  const { deal, who } = party;
  const { itemId, actions } = input;
  if (!who) throw new AppError('FORBIDDEN', 'platform admins read fulfillment; only the parties act on it');
  const row = await findFulfillmentItem(db, deal.id, itemId);
  if (!row) throw notFound('Benefit item');
  // Who may act is answered before anything is stored (an uploaded file is kept only for an allowed delivery).
  for (const action of actions) {
    const refused = itemPermission(itemState(row), action, who);
    if (refused) throw new AppError('FORBIDDEN', refused);
  }
  const proof = actions.find((a) => a.type === 'deliver')?.proof;
  if (input.proofFile && proof?.type === 'file') await deps.store.put(proof.documentKey, input.proofFile);
  try {
    await deps.temporal.workflow.getHandle(fulfillmentWorkflowId(deal.id)).executeUpdate(itemUpdate, {
      args: [{ itemId, actor: who, actions, requestId: input.requestId }],
    });
  } catch (err) {
    const refused = updateRefusal(err, RULES);
    if (refused) throw refused;
    if (workflowClosed(err))
      throw new AppError(
        'CONFLICT',
        'Fulfillment of this deal is closed: every item is Verified or Waived and the report is produced',
      );
    throw err;
  }
  return (await findFulfillmentItem(db, deal.id, itemId))!;
}
