import { ApplicationFailure, Context } from '@temporalio/activity';

export const ROW_MISSING = 'ROW_MISSING';

/** Attempts that treat a missing row as not committed yet before calling it gone. */
export const ROW_MISSING_ATTEMPTS = 3;

/**
 * A row a workflow step depends on is gone: Postgres and the workflow disagree (a lost commit, a restore from backup,
 * an operator's delete). Retrying cannot bring it back, so the step fails, non-retryable, naming the row and the
 * workflow in the Temporal UI, instead of dereferencing null fifty times. Its first attempts are retried, though: the
 * API starts some workflows inside the transaction that writes their rows (so a refused start writes nothing), and
 * under load the first activity can run before that commit is visible. Failing it then killed a valid run (an
 * application's verification failed and a second claim of the domain was let in).
 */
export function mustExist<T>(row: T | null | undefined, what: string): T {
  if (row !== null && row !== undefined) return row;
  let workflowId = 'unknown workflow';
  let attempt = ROW_MISSING_ATTEMPTS;
  try {
    const { info } = Context.current();
    workflowId = info.workflowExecution?.workflowId ?? workflowId;
    attempt = info.attempt;
  } catch {
    // called outside an activity (a test): the row is still named
  }
  const settled = attempt >= ROW_MISSING_ATTEMPTS;
  throw ApplicationFailure.create({
    type: ROW_MISSING,
    message: settled
      ? `${what} is missing from Postgres (workflow ${workflowId}): the workflow and the database disagree; run npm run reconcile`
      : `${what} is not in Postgres yet (workflow ${workflowId}, attempt ${attempt}): the transaction that wrote it may not have committed; retrying`,
    nonRetryable: settled,
    details: [{ workflowId, what }],
  });
}
