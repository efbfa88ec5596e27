import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import { findLiveContractOfDeal } from '../../db/repositories/contract-repository.js';
import { findFulfillment } from '../../db/repositories/fulfillment-repository.js';
import { dealOps } from '../../db/repositories/negotiation-repository.js';
import { dealSummary, fulfillmentStaticDetails } from '../../domain/ops-view.js';
import { AppError } from '../../errors.js';
import {
  FULFILLMENT_WORKFLOW,
  fulfillmentWorkflowId,
  type TFulfillmentInput,
} from '../../workflows/fulfillment/fulfillment.contract.js';
import type { TApiDeps } from '../context.js';

/**
 * Starts a deal's benefit fulfillment once its contract is signed: the deal's fulfillment if it has one already
 * (`created: false`), else `fulfillment:<dealId>` is started and its first step's items are awaited briefly (503
 * with Retry-After when they are not there within 10 s).
 */
export async function startFulfillment(deps: Pick<TApiDeps, 'db' | 'temporal' | 'config'>, dealId: string) {
  const { db, config } = deps;
  const existing = await findFulfillment(db, dealId);
  if (existing) return { fulfillment: existing, created: false };
  const contract = await findLiveContractOfDeal(db, dealId);
  if (!contract || !['Signed', 'Completed', 'Disputed'].includes(contract.status))
    throw new AppError(
      'CONFLICT',
      `the deal's contract is ${contract?.status ?? 'missing'}: fulfillment starts when both parties have signed`,
      { contractStatus: contract?.status ?? null },
    );
  // Who, what and how much by name for the Temporal UI (the workflow cannot read them before it starts).
  const deal = await dealOps(db, dealId);
  try {
    // A run that failed or was terminated may be replaced; a running or completed one is the deal's.
    await deps.temporal.workflow.start(FULFILLMENT_WORKFLOW, {
      workflowId: fulfillmentWorkflowId(dealId),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ dealId, contractId: contract.id } satisfies TFulfillmentInput],
      staticSummary: deal
        ? dealSummary('Benefit fulfillment', deal)
        : `Benefit fulfillment of deal ${dealId} (contract ${contract.id})`,
      staticDetails: fulfillmentStaticDetails({ dealId, contractId: contract.id }),
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  // The workflow's first step writes the items; the answer waits for it, briefly.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const started = await findFulfillment(db, dealId);
    if (started) return { fulfillment: started, created: true };
    if (Date.now() > deadline)
      throw new AppError(
        'UNAVAILABLE',
        'fulfillment is starting but not ready yet; read it again shortly',
        undefined,
        {
          'Retry-After': '2',
        },
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
