import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import { dealOps } from '../../db/repositories/negotiation-repository.js';
import { contractStaticDetails, dealSummary, withoutIds } from '../../domain/ops-view.js';
import {
  CONTRACT_PATCH_LEVEL,
  CONTRACT_WORKFLOW,
  contractWorkflowId,
  type TContractInput,
} from '../../workflows/contract/contract.contract.js';
import type { TApiDeps } from '../context.js';

/** Starts `contract:<id>` unless it runs or ran (a duplicate start is Temporal's to refuse). */
export async function startContractWorkflow(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'config'>,
  input: TContractInput,
) {
  // Who, what and how much by name: its summary, and passed on for the escrow and fulfillment it starts.
  const found = await dealOps(deps.db, input.dealId);
  const ops = found ? withoutIds(found) : undefined;
  try {
    await deps.temporal.workflow.start(CONTRACT_WORKFLOW, {
      workflowId: contractWorkflowId(input.contractId),
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [
        { ...input, ...(ops ? { ops } : {}), patchLevel: CONTRACT_PATCH_LEVEL } satisfies TContractInput,
      ],
      staticSummary: ops
        ? dealSummary('Contract', ops)
        : `Contract ${input.contractId} of deal ${input.dealId}`,
      staticDetails: contractStaticDetails(input),
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
