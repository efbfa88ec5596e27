import { ApplicationFailure, Context } from '@temporalio/activity';

export const ROW_MISSING = 'ROW_MISSING';

/**
 * A row a workflow step depends on is gone: Postgres and the workflow disagree (a lost commit, a restore from backup,
 * an operator's delete). Retrying cannot bring it back, so the step fails at once, non-retryable, naming the row and
 * the workflow in the Temporal UI, instead of dereferencing null fifty times.
 */
export function mustExist<T>(row: T | null | undefined, what: string): T {
  if (row !== null && row !== undefined) return row;
  let workflowId = 'unknown workflow';
  try {
    workflowId = Context.current().info.workflowExecution?.workflowId ?? workflowId;
  } catch {
    // called outside an activity (a test): the row is still named
  }
  throw ApplicationFailure.create({
    type: ROW_MISSING,
    message: `${what} is missing from Postgres (workflow ${workflowId}): the workflow and the database disagree; run npm run reconcile`,
    nonRetryable: true,
    details: [{ workflowId, what }],
  });
}
