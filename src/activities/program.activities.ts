import { Context } from '@temporalio/activity';
import type { TConfig } from '../config.js';
import type { TDb } from '../db/client.js';
import { writeAudit } from '../db/repositories/audit-repository.js';
import { findCommunity } from '../db/repositories/communities-repository.js';
import { findOrganizationById } from '../db/repositories/organizations-repository.js';
import { openOpportunitiesForMatching } from '../db/repositories/matching-repository.js';
import { storedReputations } from '../db/repositories/reputation-repository.js';
import {
  carryInFor,
  closeOpenCycle,
  eventForRenewal,
  findCycle,
  findCycleByPeriod,
  findParticipant,
  findProgram,
  findRenewal,
  fulfillmentRates,
  insertCycleIfAbsent,
  inviteCommunities,
  listParticipants,
  planRenewal,
  programWithOrganization,
  queueInvitationEmails,
  queueOrganizationAdminEmail,
  renewalRequestOf,
  renewalsWithRequests,
  replanNoticedCycle,
  setCycleStatus,
  setRenewal,
  skipPlannedRenewals,
  updateProgramRow,
} from '../db/repositories/programs-repository.js';
import { OUTREACH_COMMUNITY_STATUSES } from '../domain/commdesk-facts.js';
import { formatMoney } from '../domain/ops-view.js';
import { opportunityPrescoreQuery } from '../domain/opportunity-prescore.js';
import {
  programAsOrganization,
  programHasEnded,
  renewalWeight,
  selectMatchedCommunities,
  type TRenewalOutcome,
  type TRenewalStatus,
  type TRenewalWait,
} from '../domain/programs.js';
import { AppError } from '../errors.js';
import { openRequest } from '../infra/open-request.js';
import { deleteProgramSchedule } from '../infra/program-schedule.js';
import { logger } from '../logger.js';
import type { TProgramActivities } from '../workflows/program-cycle/program-cycle.contract.js';
import { opportunityForMatching } from '../search/matching.js';
import { mustExist } from './must-exist.js';

/** Open opportunities scored when a program looks for matched communities (soonest decision deadline first). */
const MAX_MATCHED_OPPORTUNITIES = 2_000;

export type TProgramDeps = { db: TDb; config: TConfig };

const OUTCOME_OF: Record<string, TRenewalStatus> = {
  Pending: 'Open',
  Negotiation: 'Open',
  Accepted: 'Accepted',
  Rejected: 'Rejected',
  Expired: 'Expired',
  Withdrawn: 'Withdrawn',
};

export function createProgramActivities(deps: TProgramDeps): TProgramActivities {
  const { db, config } = deps;

  return {
    async programTiming({ programId }) {
      const found = await programWithOrganization(db, programId);
      if (!found) return null;
      const { program } = found;
      return {
        status: program.status,
        startDate: program.startDate,
        endDate: program.endDate,
        period: program.period,
        noticeMs: config.PROGRAM_RENEWAL_NOTICE,
        pollIntervalMs: config.PROGRAM_OUTCOME_POLL_INTERVAL,
        programName: program.name,
        organizationId: program.organizationId,
        organizationName: found.organizationName,
        budgetMinor: program.budgetPerPeriodMinor,
        currency: program.currency,
        participating: (await listParticipants(db, programId)).filter(
          (p) => p.participant.status === 'Accepted',
        ).length,
      };
    },

    async cycleInputs({ programId, periodKey }) {
      const found = await programWithOrganization(db, programId);
      if (!found) return null;
      const { program } = found;
      const accepted = (await listParticipants(db, programId)).filter(
        (p) => p.participant.status === 'Accepted',
      );
      const ids = accepted.map((p) => p.participant.communityId);
      const rates = await fulfillmentRates(db, program.organizationId, ids);
      const reputations = await storedReputations(db, 'community', ids);
      return {
        status: program.status,
        pausedReason: program.pausedReason,
        organizationId: program.organizationId,
        organizationName: found.organizationName,
        programName: program.name,
        currency: program.currency,
        carryOver: program.carryOver,
        allocation: {
          budgetMinor: program.budgetPerPeriodMinor,
          carryInMinor: program.carryOver === 'next-period' ? await carryInFor(db, programId, periodKey) : 0,
          askMinor: program.proposalTemplate.amountMinor,
          capMinor: program.perCommunityCapMinor,
          communities: ids.map((communityId) => ({
            communityId,
            weight: renewalWeight(rates.get(communityId) ?? null, reputations.get(communityId) ?? null),
          })),
        },
      };
    },

    async recordPlan(input) {
      const found = mustExist(
        await programWithOrganization(db, input.programId),
        `program ${input.programId}`,
      );
      return db.transaction(async (tx) => {
        await insertCycleIfAbsent(tx, {
          programId: input.programId,
          period: input.period.key,
          periodStartAt: new Date(input.period.startAt),
          periodEndAt: new Date(input.period.endAt),
          status: 'Noticed',
          budgetMinor: input.budgetMinor,
          carryInMinor: input.carryInMinor,
          currency: input.currency,
          noticeSentAt: new Date(),
        });
        const cycle = mustExist(
          await findCycleByPeriod(tx, input.programId, input.period.key),
          `cycle ${input.period.key}`,
        );
        // A re-plan (after the notice period) may change the amounts of renewals not sent yet, never of sent ones.
        await replanNoticedCycle(tx, cycle.id, {
          budgetMinor: input.budgetMinor,
          carryInMinor: input.carryInMinor,
        });
        for (const a of input.allocations) {
          const status: TRenewalStatus = a.amountMinor > 0 ? 'Planned' : 'Skipped';
          const reason = a.amountMinor > 0 ? null : 'no budget left for this community in this period';
          await planRenewal(tx, {
            cycleId: cycle.id,
            programId: input.programId,
            communityId: a.communityId,
            allocatedMinor: a.amountMinor,
            status,
            reason,
          });
        }
        const total = input.allocations.reduce((sum, a) => sum + a.amountMinor, 0);
        const lines = input.allocations.map(
          (a) => `- community ${a.communityId}: ${formatMoney(a.amountMinor, input.currency)}`,
        );
        if (!input.notify) return { cycleId: cycle.id };
        await queueOrganizationAdminEmail(tx, found.program.organizationId, {
          keyPrefix: `program-notice:${input.programId}:${input.period.key}`,
          subject: `Upcoming renewal of ${found.program.name} on ${input.period.key}`,
          body: [
            `The period starting ${input.period.key} of ${found.program.name} will propose ${input.allocations.filter((a) => a.amountMinor > 0).length} renewal(s) costing ${formatMoney(total, input.currency)} (budget ${formatMoney(input.budgetMinor, input.currency)}, carried over ${formatMoney(input.carryInMinor, input.currency)}):`,
            ...lines,
            '',
            `To change it, PATCH /api/v1/programs/${input.programId}; to stop it, POST /api/v1/programs/${input.programId}/pause before ${new Date(input.period.startAt).toISOString()}.`,
          ].join('\n'),
        });
        return { cycleId: cycle.id };
      });
    },

    async openRenewal({ cycleId, communityId }) {
      const cycle = mustExist(await findCycle(db, cycleId), `cycle ${cycleId}`);
      const renewal = await findRenewal(db, cycleId, communityId);
      if (!renewal) throw new Error(`no renewal of community ${communityId} in cycle ${cycleId}`);
      if (renewal.status !== 'Planned') return { status: renewal.status, requestId: renewal.requestId };
      const skip = async (reason: string) => {
        await setRenewal(db, renewal.id, { status: 'Skipped', reason });
        return { status: 'Skipped' as const, requestId: null };
      };
      // A previous attempt may have opened the request and failed before recording it: the request says so.
      const already = await renewalRequestOf(db, cycle.programId, cycle.period, communityId);
      if (already) {
        await setRenewal(db, renewal.id, { status: 'Open', requestId: already });
        return { status: 'Open' as const, requestId: already };
      }
      const { program } = mustExist(await programWithOrganization(db, cycle.programId), 'program');
      const participant = await findParticipant(db, program.id, communityId);
      if (participant?.status !== 'Accepted')
        return skip('the community no longer takes part in the program');
      const community = await findCommunity(db, communityId);
      if (!community || !OUTREACH_COMMUNITY_STATUSES.includes(community.status))
        return skip(`the community is ${community?.status ?? 'gone'}`);
      const org = mustExist(await findOrganizationById(db, program.organizationId), 'organization');
      if (org.status !== 'Verified' && org.status !== 'Active')
        return skip(`${org.displayName} is ${org.status}`);
      if (!program.createdBy) return skip('the program has no author left to send renewals in its name');
      const eventId = await eventForRenewal(db, {
        communityId,
        fromAt: cycle.periodStartAt,
        toAt: cycle.periodEndAt,
        eventTypes: program.eventTypes,
        regions: program.regions,
      });
      const { amountMinor: _template, message, ...template } = program.proposalTemplate;
      try {
        const request = await openRequest(
          { db, config, temporal: Context.current().client, logger },
          {
            communityId,
            organizationId: program.organizationId,
            eventId,
            opportunityId: null,
            initiator: 'organization',
            actorUserId: program.createdBy,
            deadline: new Date(Date.now() + config.NEGOTIATION_RESPONSE_WINDOW),
            proposal: {
              ...template,
              // The program's contract terms travel in the proposal, so an accepted renewal's deal and contract carry them.
              terms: [template.terms, program.contractTemplate?.terms].filter(Boolean).join('\n\n'),
              amountMinor: renewal.allocatedMinor,
              currency: program.currency,
              message: message ?? `Renewal of ${program.name} for the period starting ${cycle.period}.`,
            },
            program: { programId: program.id, period: cycle.period },
          },
        );
        await db.transaction(async (tx) => {
          await setRenewal(tx, renewal.id, { status: 'Open', requestId: request.id });
          await writeAudit(tx, {
            actorUserId: null,
            action: 'program.renewal_opened',
            entityType: 'program',
            entityId: program.id,
            after: {
              cycleId,
              period: cycle.period,
              communityId,
              requestId: request.id,
              amountMinor: renewal.allocatedMinor,
            },
          });
        });
        return { status: 'Open' as const, requestId: request.id };
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        // Our own renewal (a retried attempt whose first run committed): record it; anything else is a refusal.
        const ours = await renewalRequestOf(db, cycle.programId, cycle.period, communityId);
        if (ours) {
          await setRenewal(db, renewal.id, { status: 'Open', requestId: ours });
          return { status: 'Open' as const, requestId: ours };
        }
        return skip(err.message);
      }
    },

    async setCycleStatus({ cycleId, status, note }) {
      await setCycleStatus(db, cycleId, status, note);
    },

    async collectOutcomes({ cycleId }) {
      const cycle = mustExist(await findCycle(db, cycleId), `cycle ${cycleId}`);
      const { program } = mustExist(await programWithOrganization(db, cycle.programId), 'program');
      const rows = await renewalsWithRequests(db, cycleId);
      const renewals: TRenewalOutcome[] = [];
      const waiting: TRenewalWait[] = [];
      for (const row of rows) {
        const r = row.renewal;
        let status = r.status;
        if (r.requestId && row.requestStatus) status = OUTCOME_OF[row.requestStatus] ?? r.status;
        const acceptedMinor = status === 'Accepted' ? (row.dealAmountMinor ?? null) : null;
        if (status !== r.status || acceptedMinor !== r.acceptedMinor)
          await setRenewal(db, r.id, { status, dealId: row.dealId ?? null, acceptedMinor });
        renewals.push({
          communityId: r.communityId,
          status,
          allocatedMinor: r.allocatedMinor,
          acceptedMinor,
        });
        if (status === 'Open' && row.requestDeadline && row.requestAuthor)
          waiting.push({
            community: row.communityName ?? r.communityId,
            waitingOn: row.requestAuthor === 'community' ? 'organization' : 'community',
            deadlineAt: row.requestDeadline.getTime(),
          });
      }
      return {
        renewals,
        waiting,
        budgetMinor: cycle.budgetMinor,
        carryInMinor: cycle.carryInMinor,
        carryOver: program.carryOver,
        currency: cycle.currency,
      };
    },

    async inviteMatchedCommunities({ programId }) {
      return db.transaction(async (tx) => {
        // Locked: two firings (a trigger and the Schedule) must not both fill the same room.
        const program = await findProgram(tx, programId, true);
        if (!program || program.status !== 'Active' || program.matchedCommunitiesLimit === null)
          return { invited: [] };
        const participants = await listParticipants(tx, programId);
        const holding = participants.filter((p) => p.participant.status !== 'Declined').length;
        const room = program.matchedCommunitiesLimit - holding;
        if (room <= 0) return { invited: [] };
        const targeting = {
          eventTypes: program.eventTypes,
          regions: program.regions,
          categories: program.categories,
          technologies: program.technologies,
          offeredCategory: program.proposalTemplate.category,
          budgetPerPeriodMinor: program.budgetPerPeriodMinor,
          perCommunityCapMinor: program.perCommunityCapMinor,
          currency: program.currency,
        };
        // The best open opportunities for this targeting by the pre-score Postgres computes, not the soonest to close.
        const rows = await openOpportunitiesForMatching(
          tx,
          MAX_MATCHED_OPPORTUNITIES,
          opportunityPrescoreQuery(programAsOrganization(targeting, new Date().toISOString())),
        );
        const reputations = await storedReputations(tx, 'community', [
          ...new Set(rows.map((r) => r.opportunity.communityId)),
        ]);
        const selected = selectMatchedCommunities({
          targeting,
          candidates: rows.map((r) => ({
            opportunityId: r.opportunity.id,
            communityId: r.opportunity.communityId,
            opportunity: opportunityForMatching(r.opportunity),
            communityReputation: reputations.get(r.opportunity.communityId)?.score ?? null,
            updatedAt: r.opportunity.updatedAt.toISOString(),
          })),
          alreadyInvited: new Set(participants.map((p) => p.participant.communityId)),
          room,
          now: new Date(),
        });
        if (selected.length === 0) return { invited: [] };
        const invited = selected.map((m) => m.communityId);
        const org = await findOrganizationById(tx, program.organizationId);
        const orgName = org?.displayName ?? 'An organization';
        await inviteCommunities(tx, programId, invited);
        await queueInvitationEmails(tx, programId, invited, {
          subject: `${orgName} invites your community to ${program.name}`,
          body: `${orgName} runs ${program.name}, a ${program.period} sponsorship program from ${program.startDate}, and invites your community (its open opportunities fit the program). Accept or decline: POST /api/v1/programs/${program.id}/participation {"decision": "accept" | "decline"} (GET /api/v1/programs/${program.id} shows it).`,
        });
        await writeAudit(tx, {
          actorUserId: null,
          action: 'program.matched_invited',
          entityType: 'program',
          entityId: programId,
          after: {
            invited: selected.map((m) => ({
              communityId: m.communityId,
              opportunityId: m.opportunityId,
              score: m.match.score,
            })),
          },
          reason: `communities matched to the program's targeting (limit ${program.matchedCommunitiesLimit})`,
        });
        return { invited };
      });
    },

    async endProgramAtEnd({ programId }) {
      return db.transaction(async (tx) => {
        const before = await findProgram(tx, programId, true);
        if (!before) return { ended: false };
        if (before.status === 'Ended') return { ended: true };
        if (!programHasEnded(before, Date.now())) return { ended: false };
        const after = await updateProgramRow(tx, programId, {
          status: 'Ended',
          pausedReason: null,
          revision: before.revision + 1,
          updatedAt: new Date(),
        });
        await writeAudit(tx, {
          actorUserId: null,
          action: 'program.ended',
          entityType: 'program',
          entityId: programId,
          before,
          after,
          reason: `its end date ${before.endDate} has come`,
        });
        // Inside the transaction, as when an admin ends it: a Schedule that cannot be deleted leaves it running.
        await deleteProgramSchedule({ temporal: Context.current().client }, programId);
        return { ended: true };
      });
    },

    async closeCycle({ cycleId, status, report, note }) {
      const cycle = mustExist(await findCycle(db, cycleId), `cycle ${cycleId}`);
      const { program } = mustExist(await programWithOrganization(db, cycle.programId), 'program');
      await db.transaction(async (tx) => {
        if (!(await closeOpenCycle(tx, cycleId, { status, report, note: note ?? cycle.note }))) return;
        if (status === 'Skipped') await skipPlannedRenewals(tx, cycleId, note ?? 'the cycle was skipped');
        await writeAudit(tx, {
          actorUserId: null,
          action: status === 'Skipped' ? 'program.cycle_skipped' : 'program.cycle_completed',
          entityType: 'program',
          entityId: program.id,
          after: { cycleId, period: cycle.period, report },
          reason: note ?? null,
        });
        const money = (minor: number) => formatMoney(minor, cycle.currency);
        await queueOrganizationAdminEmail(tx, program.organizationId, {
          keyPrefix: `program-report:${program.id}:${cycle.period}`,
          subject: `${program.name}, period ${cycle.period}: ${status === 'Skipped' ? 'skipped' : 'cycle report'}`,
          body:
            status === 'Skipped'
              ? `${note ?? 'The cycle was skipped.'}\n\nGET /api/v1/programs/${program.id}/cycles`
              : [
                  `Communities reached: ${report.communitiesReached}; accepted ${report.accepted}, rejected ${report.rejected}, expired ${report.expired}, withdrawn ${report.withdrawn}, skipped ${report.skipped}.`,
                  `Accepted ${money(report.acceptedMinor)} of ${money(report.availableMinor)} available (budget ${money(report.budgetMinor)} + carried over ${money(report.carryInMinor)}); carries over ${money(report.carryOutMinor)}.`,
                  `GET /api/v1/programs/${program.id}/report`,
                ].join('\n'),
        });
      });
    },
  };
}
