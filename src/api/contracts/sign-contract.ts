import { AppError, STEP_FAILURE, type AppErrorCode } from '../../errors.js';
import {
  cancelUpdate,
  contractWorkflowId,
  signUpdate,
  type TCancelInput,
  type TSignInput,
} from '../../workflows/contract/contract.contract.js';
import type { TApiDeps } from '../context.js';
import { updateRefusal, workflowClosed } from '../workflow-update.js';

const CONTRACT_RULES: Record<string, AppErrorCode> = {
  DOCUMENT_CHANGED: 'DOCUMENT_CHANGED',
  OUT_OF_ORDER: 'OUT_OF_ORDER',
  WRONG_STATE: 'CONFLICT',
  [STEP_FAILURE.INVALID_DATA]: 'VALIDATION',
  [STEP_FAILURE.CONSTRAINT_VIOLATION]: 'CONFLICT',
  [STEP_FAILURE.UNAVAILABLE]: 'UNAVAILABLE',
};

/** A contract Update with the workflow's refusals as HTTP (409 rules, 503 unavailable, 409 when it closed). */
async function contractUpdate<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const refused = updateRefusal(err, CONTRACT_RULES);
    if (refused) throw refused;
    if (workflowClosed(err))
      throw new AppError(
        'CONFLICT',
        'This contract is closed: it no longer takes signatures or cancellations',
      );
    throw err;
  }
}

/**
 * A signer's signature on the document they reviewed (its SHA-256): the contract workflow checks the order of
 * signing and the document under its lock, then seals once both sides signed.
 */
export function signContract(deps: TApiDeps, contractId: string, input: TSignInput) {
  return contractUpdate(() =>
    deps.temporal.workflow
      .getHandle(contractWorkflowId(contractId))
      .executeUpdate(signUpdate, { args: [input] }),
  );
}

/** A signer cancels a contract not yet signed by both sides (a signed one ends through a cancellation proposal). */
export function cancelContract(deps: TApiDeps, contractId: string, input: TCancelInput) {
  return contractUpdate(() =>
    deps.temporal.workflow
      .getHandle(contractWorkflowId(contractId))
      .executeUpdate(cancelUpdate, { args: [input] }),
  );
}
