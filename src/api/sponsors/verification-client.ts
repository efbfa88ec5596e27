import {
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { SA_ORGANIZATION_ID, SA_STATUS } from '../../domain/search-attributes.js';
import { AppError } from '../../errors.js';
import {
  VERIFICATION_WORKFLOW,
  verificationWorkflowId,
  type TVerificationInput,
} from '../../workflows/verification/verification.contract.js';
import type { TApiDeps } from '../context.js';

export async function startVerification(
  deps: Pick<TApiDeps, 'temporal' | 'config'>,
  input: Pick<TVerificationInput, 'organizationId' | 'verificationId' | 'needsFirstAccount'> & {
    claim?: boolean;
    /** Who, by name, for the Temporal UI's summary: the organization, its domain and who applied. */
    names: { organization: string; domain: string; applicant: string };
  },
): Promise<void> {
  const { claim, names, ...rest } = input;
  const what = claim
    ? 'Claim of a listed organization'
    : rest.needsFirstAccount
      ? 'Application'
      : 'Re-verification';
  const { config } = deps;
  await deps.temporal.workflow.start(VERIFICATION_WORKFLOW, {
    workflowId: verificationWorkflowId(input.organizationId),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [
      {
        ...rest,
        autoApproveBelow: config.VERIFICATION_AUTO_APPROVE_BELOW,
        reminderAfterMs: config.VERIFICATION_REMINDER_AFTER,
        expireAfterMs: config.VERIFICATION_EXPIRE_AFTER,
        ...(claim ? { claim: { confirmWithinMs: config.CLAIM_CONFIRMATION_WINDOW } } : {}),
      } satisfies TVerificationInput,
    ],
    // One verification per organization at a time; a later one (claim, website change) reuses the key.
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    typedSearchAttributes: [
      { key: SA_ORGANIZATION_ID, value: rest.organizationId },
      { key: SA_STATUS, value: claim ? 'awaiting_confirmation' : 'checking' },
    ],
    staticSummary: `${what} · ${names.organization} (${names.domain}) by ${names.applicant}`,
    staticDetails: `Organization ${rest.organizationId}, verification run ${rest.verificationId}. API: GET /api/v1/sponsors/${rest.organizationId} (a platform admin sees the run, its risk score and signals)`,
  });
}

/** Runs a workflow Update and turns "not running" and validator rejections into precise 409s. */
export async function verificationUpdate<T>(run: () => Promise<T>, notRunningMessage: string): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new AppError('CONFLICT', notRunningMessage);
    if (err instanceof WorkflowUpdateFailedError)
      throw new AppError('CONFLICT', err.cause?.message ?? err.message);
    // Completed workflows answer updates with a NOT_FOUND-like gRPC error on some servers.
    if (err instanceof Error && /workflow execution already completed|not found/i.test(err.message))
      throw new AppError('CONFLICT', notRunningMessage);
    throw err;
  }
}
