import type { Actor } from '../../domain/access.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  findCycleByPeriod,
  findProgram,
  updateProgramRow,
} from '../../db/repositories/programs-repository.js';
import { periodForFiring, type TProgramStatus } from '../../domain/programs.js';
import { AppError } from '../../errors.js';
import { programCycleWorkflowId } from '../../workflows/program-cycle/program-cycle.contract.js';
import type { TApiDeps } from '../context.js';
import { loadProgramToManage } from './program-access.js';
import { deleteProgramSchedule } from '../../infra/program-schedule.js';
import { triggerProgramSchedule, upsertProgramSchedule } from './program-schedule.js';

/**
 * Pause, resume and end: the program's status and the Schedule's state change together (the Schedule is updated
 * inside the transaction, so a refused Schedule change writes nothing). Repeating a step is a no-op that answers
 * the program as it is.
 */
async function changeStatus(
  deps: TApiDeps,
  actor: Actor,
  programId: string,
  to: TProgramStatus,
  reason: string | null,
) {
  const { db } = deps;
  const loaded = await loadProgramToManage(db, actor, programId);
  return db.transaction(async (tx) => {
    const before = (await findProgram(tx, programId, true))!;
    if (before.status === 'Ended') {
      if (to === 'Ended') return before;
      throw new AppError('CONFLICT', 'The program has ended');
    }
    if (before.status === to && (to !== 'Paused' || before.pausedReason === reason)) return before;
    const after = await updateProgramRow(tx, programId, {
      status: to,
      pausedReason: to === 'Paused' ? reason : null,
      revision: before.revision + 1,
      updatedAt: new Date(),
    });
    await writeAudit(tx, {
      actorUserId: actor.userId,
      action: to === 'Paused' ? 'program.paused' : to === 'Active' ? 'program.resumed' : 'program.ended',
      entityType: 'program',
      entityId: programId,
      before,
      after: after,
      reason,
    });
    if (to === 'Ended') await deleteProgramSchedule(deps, programId);
    else await upsertProgramSchedule(deps, after, loaded.organizationName);
    return after;
  });
}

export const pauseProgram = (deps: TApiDeps, actor: Actor, programId: string, reason: string) =>
  changeStatus(deps, actor, programId, 'Paused', reason);
export const resumeProgram = (deps: TApiDeps, actor: Actor, programId: string) =>
  changeStatus(deps, actor, programId, 'Active', null);
/** Ends the program and deletes its Schedule; its cycles, renewals and requests stay (nothing is lost). */
export const endProgram = (deps: TApiDeps, actor: Actor, programId: string) =>
  changeStatus(deps, actor, programId, 'Ended', null);

/** Runs a cycle now: fires the Schedule, whose firing starts the due period's cycle unless it already ran. */
export async function triggerProgram(deps: TApiDeps, actor: Actor, programId: string) {
  const { program } = await loadProgramToManage(deps.db, actor, programId);
  if (program.status !== 'Active')
    throw new AppError('CONFLICT', `The program is ${program.status}; resume it before running a cycle`);
  const period = periodForFiring(program, deps.config.PROGRAM_RENEWAL_NOTICE, Date.now());
  const alreadyRan = period ? Boolean(await findCycleByPeriod(deps.db, programId, period.key)) : false;
  await triggerProgramSchedule(deps, programId);
  await writeAudit(deps.db, {
    actorUserId: actor.userId,
    action: 'program.triggered',
    entityType: 'program',
    entityId: programId,
    after: { period: period?.key ?? null, alreadyRan },
  });
  return {
    period: period?.key ?? null,
    cycleWorkflowId: period ? programCycleWorkflowId(programId, period.key) : null,
    alreadyRan,
  };
}
