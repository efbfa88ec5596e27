import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { AppError, type AppErrorCode } from '../errors.js';

/** Seconds a caller should wait after a 503 from a step whose database did not answer. */
export const STEP_RETRY_AFTER_SECONDS = 5;

/**
 * The HTTP error for an Update a workflow refused: the failure's type mapped by `rules` (else 409), the workflow's
 * own message, the rule in details, and Retry-After on a 503 (its database did not answer). Null for any other error.
 */
export function updateRefusal(err: unknown, rules: Readonly<Record<string, AppErrorCode>>): AppError | null {
  if (!(err instanceof WorkflowUpdateFailedError)) return null;
  const cause = err.cause as { type?: string; message?: string } | undefined;
  const code = rules[cause?.type ?? ''] ?? 'CONFLICT';
  return new AppError(
    code,
    cause?.message ?? err.message,
    { rule: cause?.type ?? null },
    code === 'UNAVAILABLE' ? { 'Retry-After': String(STEP_RETRY_AFTER_SECONDS) } : undefined,
  );
}

/** Whether an Update found its workflow run gone or finished (the API answers that the process is closed). */
export function workflowClosed(err: unknown, pattern: RegExp = /already completed/i): boolean {
  return err instanceof WorkflowNotFoundError || (err instanceof Error && pattern.test(err.message));
}
