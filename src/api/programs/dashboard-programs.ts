import { z } from '@hono/zod-openapi';
import type { TConfig } from '../../config.js';
import type { TDbOrTx } from '../../db/client.js';
import { runningPrograms } from '../../db/repositories/programs-repository.js';
import { PROGRAM_PERIODS, PROGRAM_STATUSES } from '../../domain/programs.js';
import { nextRenewalOf } from './program-views.js';

export const ZDashboardProgram = z
  .object({
    id: z.uuid(),
    name: z.string(),
    status: z.enum(PROGRAM_STATUSES),
    period: z.enum(PROGRAM_PERIODS),
    nextRenewal: z
      .object({
        period: z.string(),
        startsAt: z.iso.datetime({ offset: true }),
        noticeAt: z.iso.datetime({ offset: true }),
      })
      .nullable()
      .describe('the next period and when its renewal notice goes out; null when the program ends first'),
  })
  .openapi('DashboardProgram');

/** The organization's running (active or paused) programs with their next renewal dates, for its dashboard. */
export async function dashboardPrograms(db: TDbOrTx, config: TConfig, organizationId: string) {
  return (await runningPrograms(db, [organizationId])).map((program) => ({
    id: program.id,
    name: program.name,
    status: program.status,
    period: program.period,
    nextRenewal: nextRenewalOf(config, program),
  }));
}
