import type { Actor } from '../../domain/access.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  existingCommunityIds,
  findProgram,
  inviteCommunities,
  listCycles,
  queueInvitationEmails,
  updateProgramRow,
} from '../../db/repositories/programs-repository.js';
import { requireFeeSetter } from './create-program.js';
import { AppError } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { requireSupportedCurrency } from '../money.js';
import { loadProgramToManage } from './program-access.js';
import { requireProgramRules } from './program-rules.js';
import { startMatchedInvitations, upsertProgramSchedule } from './program-schedule.js';
import type { TPatchProgram } from './programs.types.js';

/** Changes a program and brings its Schedule along, in one transaction with the audit row. */
export async function updateProgram(deps: TApiDeps, actor: Actor, programId: string, body: TPatchProgram) {
  const { db, config } = deps;
  const loaded = await loadProgramToManage(db, actor, programId);
  requireFeeSetter(actor, body.platformFeeBps);
  if (loaded.program.status === 'Ended') throw new AppError('CONFLICT', 'The program has ended');
  if (body.budgetPerPeriod)
    requireSupportedCurrency(config, body.budgetPerPeriod.currency, 'budgetPerPeriod.currency');
  const invite = [...new Set(body.inviteCommunityIds ?? [])];
  const found = await existingCommunityIds(db, invite);
  const missing = invite.filter((id) => !found.includes(id));
  if (missing.length) throw new AppError('NOT_FOUND', `No such community: ${missing.join(', ')}`);

  let matchingGrew = false;
  const updated = await db.transaction(async (tx) => {
    const before = (await findProgram(tx, programId, true))!;
    if (body.revision !== undefined && body.revision !== before.revision)
      throw new AppError(
        'STALE_REVISION',
        `The program changed since revision ${body.revision} (now ${before.revision})`,
      );
    if (
      (body.period && body.period !== before.period) ||
      (body.startDate && body.startDate !== before.startDate)
    ) {
      // Period keys come from the start date and period: changing them under existing cycles could run a period twice.
      if ((await listCycles(tx, programId)).length > 0)
        throw new AppError(
          'BUSINESS_RULE',
          'period and startDate cannot change once a cycle has run; end this program and create another',
        );
    }
    const currency = body.budgetPerPeriod?.currency ?? before.currency;
    const { currency: templateCurrency, ...template } = body.proposalTemplate ?? { currency: undefined };
    const startDate = body.startDate ?? before.startDate;
    const endDate = body.endDate === undefined ? before.endDate : body.endDate;
    const contractTerms =
      body.contractTemplate === undefined ? before.contractTemplate?.terms : body.contractTemplate?.terms;
    const proposalTerms = body.proposalTemplate?.terms ?? before.proposalTemplate.terms;
    requireProgramRules({
      startDate,
      endDate,
      currency,
      templateCurrency,
      termsLength: proposalTerms.length + 2 + (contractTerms?.length ?? 0),
    });
    const after = await updateProgramRow(tx, programId, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.period !== undefined ? { period: body.period } : {}),
      startDate,
      endDate,
      ...(body.budgetPerPeriod
        ? {
            budgetPerPeriodMinor: body.budgetPerPeriod.amountMinor,
            currency: body.budgetPerPeriod.currency,
          }
        : {}),
      ...(body.regions !== undefined ? { regions: body.regions } : {}),
      ...(body.eventTypes !== undefined ? { eventTypes: body.eventTypes } : {}),
      ...(body.categories !== undefined ? { categories: body.categories } : {}),
      ...(body.technologies !== undefined ? { technologies: body.technologies } : {}),
      ...(body.perCommunityCapMinor !== undefined ? { perCommunityCapMinor: body.perCommunityCapMinor } : {}),
      ...(body.carryOver !== undefined ? { carryOver: body.carryOver } : {}),
      ...(body.platformFeeBps !== undefined ? { platformFeeBps: body.platformFeeBps } : {}),
      ...(body.communities !== undefined ? { matchedCommunitiesLimit: body.communities?.limit ?? null } : {}),
      ...(body.proposalTemplate ? { proposalTemplate: template as typeof before.proposalTemplate } : {}),
      ...(body.contractTemplate !== undefined ? { contractTemplate: body.contractTemplate } : {}),
      revision: before.revision + 1,
      updatedAt: new Date(),
    });
    await inviteCommunities(tx, programId, invite);
    await queueInvitationEmails(tx, after.id, invite, {
      subject: `${loaded.organizationName} invites your community to ${after.name}`,
      body: `${loaded.organizationName} runs ${after.name}, a ${after.period} sponsorship program from ${after.startDate}, and invites your community. Accept or decline: POST /api/v1/programs/${after.id}/participation {"decision": "accept" | "decline"} (GET /api/v1/programs/${after.id} shows it).`,
    });
    await writeAudit(tx, {
      actorUserId: actor.userId,
      action: 'program.updated',
      entityType: 'program',
      entityId: programId,
      before,
      after: { ...after, invitedCommunityIds: invite },
    });
    await upsertProgramSchedule(deps, after, loaded.organizationName);
    matchingGrew =
      after.matchedCommunitiesLimit !== null &&
      after.matchedCommunitiesLimit > (before.matchedCommunitiesLimit ?? 0);
    return after;
  });
  // Matching turned on or its limit raised: invite now, not at the next notice firing.
  if (matchingGrew) await startMatchedInvitations(deps, updated, loaded.organizationName);
  return updated;
}
