import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { programScheduleId } from '../workflows/program-cycle/program-cycle.contract.js';

/**
 * Deletes a program's Schedule (`program:<programId>`); already gone is fine. Both an admin ending the program (API)
 * and the cycle's activity ending it at its end date call it, inside their transaction, so it lives here rather than
 * in src/api (activities do not import the API layer).
 */
export async function deleteProgramSchedule(deps: { temporal: Client }, programId: string): Promise<void> {
  try {
    await deps.temporal.schedule.getHandle(programScheduleId(programId)).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}
