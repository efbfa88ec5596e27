import { randomUUID } from 'node:crypto';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  findLiveContractOfDeal,
  insertContractEvent,
  insertContractIfNone,
} from '../../db/repositories/contract-repository.js';
import type { TSigningAuthority } from '../../domain/contract.js';
import { AppError } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { startContractWorkflow } from './start-contract-workflow.js';

/**
 * Starts the contract of an Accepted deal: the live contract if there is one (its workflow started now if a crash
 * left it unstarted), else a new Draft with its `created` event and audit row in one transaction, then its workflow.
 * Only a signer of a party starts one. `created` says whether this call made it.
 */
export async function createContract(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'config'>,
  who: { actorUserId: string; requestId: string | undefined },
  deal: { id: string; status: string },
  authority: Exclude<TSigningAuthority, { party: null }>,
): Promise<{ contractId: string; created: boolean }> {
  const { db } = deps;
  const dealId = deal.id;
  const live = await findLiveContractOfDeal(db, dealId);
  if (live) {
    // A live contract whose workflow never started (a crash between the insert and the start) gets it now.
    if (live.status === 'Draft' || live.status === 'PendingSignature')
      await startContractWorkflow(deps, { contractId: live.id, dealId, actorUserId: who.actorUserId });
    return { contractId: live.id, created: false };
  }
  if (deal.status !== 'Accepted')
    throw new AppError('CONFLICT', `the deal is ${deal.status}: only an Accepted deal gets a new contract`);
  // Starting a contract is for those who may sign it; every party member may read the current one.
  if (!authority.signer) throw new AppError('FORBIDDEN', authority.reason);
  const contractId = randomUUID();
  const { contract, created } = await db.transaction(async (tx) => {
    const inserted = await insertContractIfNone(tx, { id: contractId, dealId, createdBy: who.actorUserId });
    if (inserted.created) {
      await insertContractEvent(tx, {
        contractId,
        idempotencyKey: `${contractId}:created`,
        type: 'created',
        actorUserId: who.actorUserId,
        actorSide: authority.party,
        toStatus: 'Draft',
        detail: { dealId },
      });
      await writeAudit(tx, {
        actorUserId: who.actorUserId,
        action: 'contract.created',
        entityType: 'contract',
        entityId: contractId,
        after: { dealId, status: 'Draft' },
        requestId: who.requestId,
      });
    }
    return inserted;
  });
  await startContractWorkflow(deps, { contractId: contract.id, dealId, actorUserId: who.actorUserId });
  return { contractId: contract.id, created };
}
