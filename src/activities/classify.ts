import { ApplicationFailure } from '@temporalio/activity';
import { classifyDbError } from '../db/pg-errors.js';
import { STEP_FAILURE } from '../errors.js';

/**
 * Wraps every activity so a Postgres data or constraint error (SQLSTATE class 22/23) fails at once as a
 * non-retryable ApplicationFailure of a known type: retrying cannot change the outcome, and a retry loop holding a
 * workflow's lock is how one bad message froze a negotiation. Everything else is rethrown for the retry policy.
 */
export function classifyFailures<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, run]) => [
      name,
      async (...args: never[]) => {
        try {
          return await run(...args);
        } catch (err) {
          const failure = classifyDbError(err);
          if (failure?.kind === 'invalid_data' || failure?.kind === 'constraint') {
            throw ApplicationFailure.create({
              type:
                failure.kind === 'invalid_data'
                  ? STEP_FAILURE.INVALID_DATA
                  : STEP_FAILURE.CONSTRAINT_VIOLATION,
              message: `the database refused the data: ${failure.message}`,
              nonRetryable: true,
              details: [{ sqlState: failure.sqlState }],
            });
          }
          throw err;
        }
      },
    ]),
  ) as T;
}
