import type { TConfig } from '../../config.js';
import type { TDbOrTx } from '../../db/client.js';
import {
  listCycles,
  listParticipants,
  listRenewals,
  reportRows,
  type TProgramRow,
} from '../../db/repositories/programs-repository.js';
import { nextRenewal } from '../../domain/programs.js';
import {
  programCycleWorkflowId,
  programScheduleId,
} from '../../workflows/program-cycle/program-cycle.contract.js';
import type { z } from '@hono/zod-openapi';
import type { ZProgramReport, ZProgramView } from './programs.types.js';

type TView = z.infer<typeof ZProgramView>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function nextRenewalOf(config: TConfig, program: TProgramRow) {
  if (program.status === 'Ended') return null;
  const next = nextRenewal(program, config.PROGRAM_RENEWAL_NOTICE, Date.now());
  return next
    ? {
        period: next.key,
        startsAt: new Date(next.startAt).toISOString(),
        noticeAt: new Date(next.noticeAt).toISOString(),
      }
    : null;
}

function common(config: TConfig, program: TProgramRow, organizationName: string) {
  return {
    id: program.id,
    organizationId: program.organizationId,
    organizationName,
    name: program.name,
    status: program.status,
    period: program.period,
    startDate: program.startDate,
    endDate: program.endDate,
    currency: program.currency,
    regions: program.regions,
    eventTypes: program.eventTypes,
    categories: program.categories,
    technologies: program.technologies,
    nextRenewal: nextRenewalOf(config, program),
  };
}

/** The program as the caller may see it: in full for its organization, only its own part for a community. */
export async function programView(
  db: TDbOrTx,
  config: TConfig,
  loaded: {
    program: TProgramRow;
    organizationName: string;
    side: 'organization' | 'community';
    communityIds: string[];
  },
): Promise<TView> {
  const { program } = loaded;
  const participants = (await listParticipants(db, program.id)).map((p) => ({
    communityId: p.participant.communityId,
    communityName: p.communityName,
    status: p.participant.status,
    decidedAt: iso(p.participant.decidedAt),
  }));
  if (loaded.side === 'community')
    return {
      view: 'community',
      ...common(config, program, loaded.organizationName),
      proposal: {
        category: program.proposalTemplate.category,
        benefits: program.proposalTemplate.benefits,
        terms: program.proposalTemplate.terms,
      },
      participation: participants.filter((p) => loaded.communityIds.includes(p.communityId)),
    };
  return {
    view: 'organization',
    ...common(config, program, loaded.organizationName),
    budgetPerPeriod: { amountMinor: program.budgetPerPeriodMinor, currency: program.currency },
    perCommunityCapMinor: program.perCommunityCapMinor,
    carryOver: program.carryOver,
    platformFeeBps: program.platformFeeBps,
    proposalTemplate: program.proposalTemplate,
    contractTemplate: program.contractTemplate,
    communities:
      program.matchedCommunitiesLimit === null
        ? null
        : { mode: 'matched' as const, limit: program.matchedCommunitiesLimit },
    pausedReason: program.pausedReason,
    revision: program.revision,
    scheduleId: programScheduleId(program.id),
    participants,
    createdAt: program.createdAt.toISOString(),
    updatedAt: program.updatedAt.toISOString(),
  };
}

/** The cycles, newest first, with their renewals (a community sees its own renewals and no budget or report). */
export async function cycleViews(db: TDbOrTx, programId: string, communityIds: string[] | null) {
  const cycles = await listCycles(db, programId);
  const renewals = await listRenewals(
    db,
    cycles.map((c) => c.id),
    communityIds ?? undefined,
  );
  return cycles.map((c) => ({
    id: c.id,
    period: c.period,
    periodStartAt: c.periodStartAt.toISOString(),
    periodEndAt: c.periodEndAt.toISOString(),
    status: c.status,
    workflowId: programCycleWorkflowId(programId, c.period),
    currency: c.currency,
    budgetMinor: communityIds ? null : c.budgetMinor,
    carryInMinor: communityIds ? null : c.carryInMinor,
    noticeSentAt: iso(c.noticeSentAt),
    note: c.note,
    report: communityIds ? null : (c.report ?? null),
    closedAt: iso(c.closedAt),
    renewals: renewals
      .filter((r) => r.renewal.cycleId === c.id)
      .map((r) => ({
        communityId: r.renewal.communityId,
        communityName: r.communityName,
        allocatedMinor: r.renewal.allocatedMinor,
        status: r.renewal.status,
        requestId: r.renewal.requestId,
        dealId: r.renewal.dealId,
        acceptedMinor: r.renewal.acceptedMinor,
        reason: r.renewal.reason,
      })),
  }));
}

type TReport = z.infer<typeof ZProgramReport>;
const ratio = (num: number, den: number) => (den === 0 ? null : num / den);

/**
 * Across cycles: per period the budget, allocations, accepted amount (the deals' amounts), spend (money: what was
 * paid into escrow less refunds, split into held and released), reach (the deals' events and their expected
 * participants), renewal and fulfillment rates, carry-over; then the totals.
 */
export async function programReport(db: TDbOrTx, program: TProgramRow): Promise<TReport> {
  const { cycles, perCycle, items, money } = await reportRows(db, program.id);
  const periods = [...cycles]
    .sort((a, b) => (a.period < b.period ? -1 : 1))
    .map((c) => {
      const d = perCycle.find((p) => p.cycleId === c.id);
      const f = items.find((i) => i.cycleId === c.id);
      const m = money.find((x) => x.cycleId === c.id);
      return {
        period: c.period,
        status: c.status,
        budgetMinor: c.budgetMinor,
        carryInMinor: c.carryInMinor,
        allocatedMinor: c.report?.allocatedMinor ?? 0,
        acceptedMinor: c.report?.acceptedMinor ?? 0,
        spendMinor: m?.spendMinor ?? 0,
        heldMinor: m?.heldMinor ?? 0,
        releasedMinor: (m?.spendMinor ?? 0) - (m?.heldMinor ?? 0),
        communitiesReached: c.report?.communitiesReached ?? 0,
        deals: d?.deals ?? 0,
        events: d?.events ?? 0,
        participants: d?.participants ?? 0,
        renewalRate: c.report?.renewalRate ?? null,
        fulfillmentRate: f ? ratio(f.done, f.total) : null,
        carryOutMinor: c.report?.carryOutMinor ?? 0,
      };
    });
  const sum = (pick: (p: (typeof periods)[number]) => number) => periods.reduce((s, p) => s + pick(p), 0);
  const decided = cycles.reduce(
    (s, c) =>
      s + (c.report ? c.report.accepted + c.report.rejected + c.report.expired + c.report.withdrawn : 0),
    0,
  );
  const itemTotals = items.reduce((s, i) => ({ total: s.total + i.total, done: s.done + i.done }), {
    total: 0,
    done: 0,
  });
  return {
    programId: program.id,
    currency: program.currency,
    periods,
    totals: {
      budgetMinor: sum((p) => p.budgetMinor),
      acceptedMinor: sum((p) => p.acceptedMinor),
      spendMinor: sum((p) => p.spendMinor),
      heldMinor: sum((p) => p.heldMinor),
      releasedMinor: sum((p) => p.releasedMinor),
      deals: sum((p) => p.deals),
      events: sum((p) => p.events),
      participants: sum((p) => p.participants),
      renewalRate: ratio(
        cycles.reduce((s, c) => s + (c.report?.accepted ?? 0), 0),
        decided,
      ),
      fulfillmentRate: ratio(itemTotals.done, itemTotals.total),
    },
  };
}

const CSV_COLUMNS = [
  'period',
  'status',
  'budgetMinor',
  'carryInMinor',
  'allocatedMinor',
  'acceptedMinor',
  'spendMinor',
  'communitiesReached',
  'deals',
  'events',
  'participants',
  'renewalRate',
  'fulfillmentRate',
  'carryOutMinor',
  'heldMinor',
  'releasedMinor',
] as const;

/** RFC 4180: one header row, one row per period, CRLF line ends; the currency is a column. */
export function reportCsv(report: TReport): string {
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = [
    [...CSV_COLUMNS, 'currency'].join(','),
    ...report.periods.map((p) => [...CSV_COLUMNS.map((c) => cell(p[c])), cell(report.currency)].join(',')),
  ];
  return `${rows.join('\r\n')}\r\n`;
}
