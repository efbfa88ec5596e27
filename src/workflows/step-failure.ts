import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { STEP_FAILURE } from '../errors.js';

/**
 * A failed step as the caller of an Update sees it: the activity's own non-retryable failure (a refused value, a
 * business rule) as is, anything else (retries or time ran out) as UNAVAILABLE with `unavailable` as its message,
 * which tells the caller what to check before repeating. Always non-retryable: the Update fails, the workflow goes on.
 */
export function toStepFailure(err: unknown, unavailable: string): ApplicationFailure {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.nonRetryable)
    return ApplicationFailure.create({
      type: cause.type ?? undefined,
      message: cause.message,
      nonRetryable: true,
      details: cause.details ?? undefined,
    });
  return ApplicationFailure.create({
    type: STEP_FAILURE.UNAVAILABLE,
    message: unavailable,
    nonRetryable: true,
  });
}
