/**
 * Long-term sponsor programs: periods and their keys, when each period's renewal fires, how a period's budget is
 * split across the participating communities, and the cycle report. Pure and deterministic: the cycle workflow calls
 * it, and it is unit-tested on its own with hand-computed cases.
 */
import { formatMoney } from './ops-view.js';
import {
  rankMatches,
  scoreMatch,
  type TMatch,
  type TMatchOpportunity,
  type TMatchOrganization,
} from './matching.js';

export const PROGRAM_PERIODS = ['monthly', 'quarterly', 'annual'] as const;
export type TProgramPeriod = (typeof PROGRAM_PERIODS)[number];
export const CARRY_OVER_RULES = ['none', 'next-period'] as const;
export type TCarryOver = (typeof CARRY_OVER_RULES)[number];
/** Active programs fire; Paused ones keep their Schedule paused; Ended ones (deleted or past their end) have none. */
export const PROGRAM_STATUSES = ['Active', 'Paused', 'Ended'] as const;
export type TProgramStatus = (typeof PROGRAM_STATUSES)[number];
export const PARTICIPATION_STATUSES = ['Invited', 'Accepted', 'Declined'] as const;
export type TParticipationStatus = (typeof PARTICIPATION_STATUSES)[number];
export const CYCLE_STATUSES = ['Noticed', 'Opening', 'Waiting', 'Completed', 'Skipped'] as const;
export type TCycleStatus = (typeof CYCLE_STATUSES)[number];
/** A renewal's state: Planned (allocated, not yet sent), Skipped (never sent, with why), or its request's outcome. */
export const RENEWAL_STATUSES = [
  'Planned',
  'Skipped',
  'Open',
  'Accepted',
  'Rejected',
  'Expired',
  'Withdrawn',
] as const;
export type TRenewalStatus = (typeof RENEWAL_STATUSES)[number];

const MONTHS_PER_PERIOD: Record<TProgramPeriod, number> = { monthly: 1, quarterly: 3, annual: 12 };

/** "2027-01-15" -> its parts; null when it is not a real calendar date. */
export function parseDateOnly(text: string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return { year, month, day };
}

/**
 * Periods repeat on the start date's day of the month, so that day must exist in every month: 1 to 28. (A program
 * starting on the 31st would have no renewal date in April.)
 */
export function startDateProblem(text: string): string | null {
  const parts = parseDateOnly(text);
  if (!parts) return 'must be a calendar date YYYY-MM-DD';
  if (parts.day > 28) return 'must fall on day 1 to 28 of its month, so that every period starts on that day';
  return null;
}

const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Start (epoch ms, 00:00 UTC) of period `index` (0 = the first) of a program starting on `startDate`. */
export function periodStartAt(startDate: string, period: TProgramPeriod, index: number): number {
  const { year, month, day } = parseDateOnly(startDate)!;
  return Date.UTC(year, month - 1 + index * MONTHS_PER_PERIOD[period], day);
}

export type TPeriod = { index: number; key: string; startAt: number; endAt: number };

/** A period's key is its first day: `program-cycle:<programId>:<key>` names its one cycle. */
export function periodAt(startDate: string, period: TProgramPeriod, index: number): TPeriod {
  const startAt = periodStartAt(startDate, period, index);
  return { index, key: dateOnly(startAt), startAt, endAt: periodStartAt(startDate, period, index + 1) };
}

export type TProgramTiming = {
  startDate: string;
  endDate: string | null;
  period: TProgramPeriod;
};

/** Whether a period starts before the program's end date (periods starting on or after it never run). */
const withinProgram = (p: TProgramTiming, startAt: number) =>
  p.endDate === null || startAt < periodStartAt(p.endDate, 'monthly', 0);

/** Whether the program's end date (00:00 UTC that day) has come at `at`: it is then Ended, with no more firings. */
export function programHasEnded(p: TProgramTiming, at: number): boolean {
  return p.endDate !== null && at >= periodStartAt(p.endDate, 'monthly', 0);
}

/**
 * The period a firing at `at` prepares: the latest one whose renewal notice time (its start minus `noticeMs`) has
 * come. Null before the first notice time or when that period starts after the program's end. Every firing between
 * two notice times names the same period, so a repeated or caught-up firing starts nothing new.
 */
export function periodForFiring(p: TProgramTiming, noticeMs: number, at: number): TPeriod | null {
  if (at < periodStartAt(p.startDate, p.period, 0) - noticeMs) return null;
  const { year, month } = parseDateOnly(p.startDate)!;
  const now = new Date(at + noticeMs);
  // A first guess from the calendar months elapsed, corrected by at most one period either way.
  let index = Math.floor(
    ((now.getUTCFullYear() - year) * 12 + now.getUTCMonth() - (month - 1)) / MONTHS_PER_PERIOD[p.period],
  );
  while (index > 0 && periodStartAt(p.startDate, p.period, index) - noticeMs > at) index--;
  while (periodStartAt(p.startDate, p.period, index + 1) - noticeMs <= at) index++;
  const found = periodAt(p.startDate, p.period, Math.max(index, 0));
  return withinProgram(p, found.startAt) ? found : null;
}

/** The next renewal: the first period starting after `at`, with its notice time (null when the program ends first). */
export function nextRenewal(
  p: TProgramTiming,
  noticeMs: number,
  at: number,
): (TPeriod & { noticeAt: number }) | null {
  const current = periodForFiring({ ...p, endDate: null }, 0, at);
  const next = periodAt(p.startDate, p.period, current ? current.index + 1 : 0);
  return withinProgram(p, next.startAt) ? { ...next, noticeAt: next.startAt - noticeMs } : null;
}

/** One calendar entry of a Schedule (UTC): fire on that month/day/time, in the listed years or every year. */
export type TCalendarEntry = {
  month: number;
  dayOfMonth: number;
  hour: number;
  minute: number;
  second: number;
  /** Each {start, step: 4}: a leap-year class; absent: every year. */
  years?: { start: number; end: number; step: number }[];
};

/** Calendar entries until this year (2100 is not a leap year, so the 4-year pattern holds until then). */
export const LAST_SCHEDULED_YEAR = 2099;

/**
 * The Schedule's calendar: every notice time (period start minus `noticeMs`), in UTC. Month lengths and leap years
 * move the notice day around (1 March minus 7 days is 22 or 23 February), and the pattern of dates repeats every 4
 * years, so the entries are computed over 4 years from the first notice and keyed by year modulo 4; an entry that
 * holds in all four years has no year. The Schedule's start and end times bound the first and last firing.
 */
export function noticeCalendar(p: TProgramTiming, noticeMs: number): TCalendarEntry[] {
  const firstAt = periodStartAt(p.startDate, p.period, 0) - noticeMs;
  const firstYear = new Date(firstAt).getUTCFullYear();
  const groups = new Map<string, { entry: Omit<TCalendarEntry, 'years'>; yearMods: Set<number> }>();
  const perYear = 12 / MONTHS_PER_PERIOD[p.period];
  for (let index = 0; index < perYear * 4; index++) {
    const at = new Date(periodStartAt(p.startDate, p.period, index) - noticeMs);
    const entry = {
      month: at.getUTCMonth() + 1,
      dayOfMonth: at.getUTCDate(),
      hour: at.getUTCHours(),
      minute: at.getUTCMinutes(),
      second: at.getUTCSeconds(),
    };
    const key = `${entry.month}-${entry.dayOfMonth}-${entry.hour}-${entry.minute}-${entry.second}`;
    const group = groups.get(key) ?? { entry, yearMods: new Set<number>() };
    group.yearMods.add(at.getUTCFullYear() % 4);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ entry, yearMods }) => {
    if (yearMods.size === 4) return entry;
    const years = [...yearMods]
      .map((mod) => firstYear + ((mod - (firstYear % 4) + 4) % 4))
      .sort((a, b) => a - b)
      .map((start) => ({ start, end: LAST_SCHEDULED_YEAR, step: 4 }));
    return { ...entry, years };
  });
}

/** The Schedule's first and last possible firing (the last is the notice of the last period before the end). */
export function scheduleWindow(
  p: TProgramTiming,
  noticeMs: number,
): { startAt: number; endAt: number | null } {
  const startAt = periodStartAt(p.startDate, p.period, 0) - noticeMs;
  if (p.endDate === null) return { startAt, endAt: null };
  const end = periodStartAt(p.endDate, 'monthly', 0);
  let index = 0;
  while (periodStartAt(p.startDate, p.period, index + 1) < end) index++;
  return { startAt, endAt: periodStartAt(p.startDate, p.period, index) - noticeMs };
}

export type TAllocationInput = {
  /** The period's own budget plus what the previous period carried over. */
  budgetMinor: number;
  carryInMinor: number;
  /** What each community is offered at most: the proposal template's amount, lowered by the per-community cap. */
  askMinor: number;
  capMinor: number | null;
  /** Participating communities, each with a weight in (0, 1] (`renewalWeight`: fulfillment, reputation). */
  communities: { communityId: string; weight: number }[];
};
export type TAllocation = {
  availableMinor: number;
  allocations: { communityId: string; amountMinor: number }[];
  allocatedMinor: number;
  unallocatedMinor: number;
};

/**
 * Splits the available budget (budget + carry-in) across communities: each gets at most its ask (the template's
 * amount, capped by the per-community cap). When the asks fit, each gets its ask. Otherwise the budget is shared in
 * proportion to the weights by water-filling: communities whose share would exceed their ask get their ask, and the
 * rest is shared again among the others. Shares are whole minor units; the units rounding leaves are handed out one
 * each by largest remainder (ties by community id), so the whole available budget is allocated.
 */
export function allocateBudget(input: TAllocationInput): TAllocation {
  const availableMinor = input.budgetMinor + input.carryInMinor;
  const ask = input.capMinor === null ? input.askMinor : Math.min(input.askMinor, input.capMinor);
  const sorted = [...input.communities].sort((a, b) => (a.communityId < b.communityId ? -1 : 1));
  const amounts = new Map<string, number>();
  let remaining = availableMinor;
  let active = sorted.filter((c) => c.weight > 0);
  for (const c of sorted) amounts.set(c.communityId, 0);
  if (active.length * ask <= remaining) {
    for (const c of active) amounts.set(c.communityId, ask);
    remaining -= active.length * ask;
  } else {
    // Water-filling: fix the communities whose proportional share reaches their ask, then share again.
    for (;;) {
      const totalWeight = active.reduce((sum, c) => sum + c.weight, 0);
      const saturated = active.filter((c) => (remaining * c.weight) / totalWeight >= ask);
      if (saturated.length === 0) break;
      for (const c of saturated) amounts.set(c.communityId, ask);
      remaining -= saturated.length * ask;
      active = active.filter((c) => !saturated.includes(c));
      if (active.length === 0) break;
    }
    if (active.length > 0) {
      const totalWeight = active.reduce((sum, c) => sum + c.weight, 0);
      const shares = active.map((c) => {
        const exact = (remaining * c.weight) / totalWeight;
        return { c, floor: Math.floor(exact), fraction: exact - Math.floor(exact) };
      });
      let leftover = remaining - shares.reduce((sum, s) => sum + s.floor, 0);
      for (const s of shares) amounts.set(s.c.communityId, s.floor);
      const byRemainder = [...shares].sort(
        (a, b) => b.fraction - a.fraction || (a.c.communityId < b.c.communityId ? -1 : 1),
      );
      for (const s of byRemainder) {
        if (leftover <= 0) break;
        amounts.set(s.c.communityId, amounts.get(s.c.communityId)! + 1);
        leftover--;
      }
      remaining = leftover;
    }
  }
  const allocations = sorted.map((c) => ({
    communityId: c.communityId,
    amountMinor: amounts.get(c.communityId)!,
  }));
  const allocatedMinor = allocations.reduce((sum, a) => sum + a.amountMinor, 0);
  return { availableMinor, allocations, allocatedMinor, unallocatedMinor: availableMinor - allocatedMinor };
}

/**
 * A community's weight from its past fulfillment with this organization (share of benefits verified or waived):
 * half the weight is guaranteed, the other half earned, so a new community (unknown: 1) is not starved and a poor
 * record halves the share rather than removing it.
 */
export function fulfillmentWeight(rate: number | null): number {
  if (rate === null) return 1;
  return 0.5 + 0.5 * Math.min(1, Math.max(0, rate));
}

/**
 * A community's weight: its fulfillment weight times a reputation factor. The factor is 0.5 + 0.5 * score/100,
 * trusted as far as the reputation's confidence goes (confidence 0 leaves 1): a thin record neither helps nor hurts.
 */
export function renewalWeight(
  fulfillmentRate: number | null,
  reputation: { score: number; confidence: number } | null,
): number {
  const base = fulfillmentWeight(fulfillmentRate);
  if (!reputation) return base;
  const confidence = Math.min(1, Math.max(0, reputation.confidence));
  const factor = 0.5 + 0.5 * (Math.min(100, Math.max(0, reputation.score)) / 100);
  return base * (1 - confidence + confidence * factor);
}

export type TRenewalOutcome = {
  communityId: string;
  status: TRenewalStatus;
  allocatedMinor: number;
  /** The deal's amount when accepted (a counter may have changed it). */
  acceptedMinor: number | null;
};

/** An open renewal as ops read it: the community by name, whose answer it waits for, and its deadline. */
export type TRenewalWait = { community: string; waitingOn: 'community' | 'organization'; deadlineAt: number };

export type TCycleReport = {
  budgetMinor: number;
  carryInMinor: number;
  availableMinor: number;
  allocatedMinor: number;
  acceptedMinor: number;
  communitiesReached: number;
  opened: number;
  accepted: number;
  rejected: number;
  expired: number;
  withdrawn: number;
  skipped: number;
  /** Accepted among those that reached an outcome (null when none did). */
  renewalRate: number | null;
  /** What the next period receives on top of its own budget. */
  carryOutMinor: number;
};

/**
 * The cycle's closing numbers. Unspent is what was available and not committed in accepted deals (never negative:
 * a counter-offer accepted above its allocation overspends, and nothing carries over then).
 */
export function cycleReport(
  input: { budgetMinor: number; carryInMinor: number; carryOver: TCarryOver },
  renewals: TRenewalOutcome[],
): TCycleReport {
  const count = (status: TRenewalStatus) => renewals.filter((r) => r.status === status).length;
  const availableMinor = input.budgetMinor + input.carryInMinor;
  const acceptedMinor = renewals.reduce(
    (sum, r) => sum + (r.status === 'Accepted' ? (r.acceptedMinor ?? 0) : 0),
    0,
  );
  const opened = renewals.filter((r) => r.status !== 'Planned' && r.status !== 'Skipped').length;
  const decided = count('Accepted') + count('Rejected') + count('Expired') + count('Withdrawn');
  return {
    budgetMinor: input.budgetMinor,
    carryInMinor: input.carryInMinor,
    availableMinor,
    allocatedMinor: renewals.reduce((sum, r) => sum + (r.status === 'Skipped' ? 0 : r.allocatedMinor), 0),
    acceptedMinor,
    communitiesReached: opened,
    opened,
    accepted: count('Accepted'),
    rejected: count('Rejected'),
    expired: count('Expired'),
    withdrawn: count('Withdrawn'),
    skipped: count('Skipped'),
    renewalRate: decided === 0 ? null : count('Accepted') / decided,
    carryOutMinor: input.carryOver === 'next-period' ? Math.max(0, availableMinor - acceptedMinor) : 0,
  };
}

/** The Temporal UI's static summary of a cycle: program, organization, period, budget. */
export function cycleSummary(v: {
  programName: string;
  organizationName: string;
  periodKey: string;
  budgetMinor: number;
  currency: string;
}): string {
  return `${v.organizationName} · ${v.programName} · period ${v.periodKey}: budget ${formatMoney(v.budgetMinor, v.currency)}`;
}

/** The Temporal UI's current details of a cycle: what it is doing, and for whom it waits. */
export function cycleDetails(v: {
  phase: TCycleStatus;
  currency: string;
  periodStartAt: number;
  renewals: { status: TRenewalStatus; allocatedMinor: number }[];
  /** The open renewals by name (absent in histories recorded before they were read). */
  waiting?: TRenewalWait[];
  note?: string;
}): string {
  const open = v.renewals.filter((r) => r.status === 'Open').length;
  const done = v.renewals.filter((r) => ['Accepted', 'Rejected', 'Expired', 'Withdrawn'].includes(r.status));
  const allocated = v.renewals.reduce((sum, r) => sum + (r.status === 'Skipped' ? 0 : r.allocatedMinor), 0);
  const lines = [
    `**${v.phase}** · ${v.renewals.length} communities · ${formatMoney(allocated, v.currency)} allocated`,
  ];
  if (v.phase === 'Noticed')
    lines.push(
      `Renewal notice sent; requests open ${new Date(v.periodStartAt).toISOString().slice(0, 16)} UTC.`,
    );
  if (v.phase === 'Waiting')
    lines.push(`Waiting on **${open}** communities to accept, reject or counter; ${done.length} decided.`);
  // Whose answer each open renewal waits for and until when, soonest first (the first ten: the rest are counted).
  if (v.phase === 'Waiting' && v.waiting?.length) {
    const soonest = [...v.waiting].sort((a, b) => a.deadlineAt - b.deadlineAt);
    const until = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    lines.push(
      soonest
        .slice(0, 10)
        .map(
          (w) =>
            `- ${w.community}: waiting on the ${w.waitingOn === 'community' ? 'community' : 'organization'} until ${until(w.deadlineAt)}`,
        )
        .join('\n') + (soonest.length > 10 ? `\n- and ${soonest.length - 10} more` : ''),
    );
  }
  if (v.note) lines.push(v.note);
  return lines.join('\n\n');
}

// ---- communities "matched" ----

/**
 * A matched community must score at least this (of 100) on one of its open opportunities. The signals that do not
 * depend on the program (reputation, recency, audience) give any opportunity up to 15 points, and a fit on event
 * type, region or technology alone 10 to 20: 40 needs the program's targeting to fit on two or more of them.
 */
export const MIN_PROGRAM_MATCH_SCORE = 40;

/** What a program's targeting says, as the organization side of scoreMatch. */
export type TProgramTargeting = {
  eventTypes: string[];
  regions: string[];
  categories: string[];
  technologies: string[];
  /** The proposal template's category: the sponsorship the program offers. */
  offeredCategory: string;
  budgetPerPeriodMinor: number;
  perCommunityCapMinor: number | null;
  currency: string;
};

/** An open opportunity as matching reads it, with its community and the community's published reputation. */
export type TMatchCandidate = {
  opportunityId: string;
  communityId: string;
  opportunity: TMatchOpportunity;
  communityReputation: number | null;
  updatedAt: string;
};

export type TMatchedCommunity = { communityId: string; opportunityId: string; match: TMatch };

/** The program's targeting read as an organization profile: what scoreMatch compares an opportunity with. */
export function programAsOrganization(p: TProgramTargeting, lastActiveAt: string): TMatchOrganization {
  return {
    preferredEventTypes: p.eventTypes,
    sponsorshipTypes: [p.offeredCategory],
    supportedRegions: p.regions,
    // Event categories name concepts too (Artificial Intelligence -> ai_ml), as technologies do.
    technologies: [...p.technologies, ...p.categories],
    developerTools: [],
    industry: null,
    shortDescription: null,
    budget: {
      minMinor: 0,
      maxMinor: Math.min(p.perCommunityCapMinor ?? p.budgetPerPeriodMinor, p.budgetPerPeriodMinor),
      currency: p.currency,
    },
    similarEvents: 0,
    typicalAudience: null,
    lastActiveAt,
  };
}

/**
 * The communities to invite: each community scored by its best open opportunity against the program's targeting,
 * those already invited (whatever they answered: a decline is not asked again) and those below
 * MIN_PROGRAM_MATCH_SCORE left out, best first (ties by community id), at most `room` of them.
 */
export function selectMatchedCommunities(input: {
  targeting: TProgramTargeting;
  candidates: TMatchCandidate[];
  alreadyInvited: ReadonlySet<string>;
  room: number;
  now: Date;
}): TMatchedCommunity[] {
  if (input.room <= 0) return [];
  const best = new Map<string, TMatchedCommunity>();
  for (const c of input.candidates) {
    if (input.alreadyInvited.has(c.communityId)) continue;
    const match = scoreMatch(c.opportunity, programAsOrganization(input.targeting, c.updatedAt), {
      counterpartReputation: c.communityReputation,
      now: input.now,
    });
    if (match.score < MIN_PROGRAM_MATCH_SCORE) continue;
    const held = best.get(c.communityId);
    if (!held || match.score > held.match.score)
      best.set(c.communityId, { communityId: c.communityId, opportunityId: c.opportunityId, match });
  }
  return rankMatches([...best.values()].map((m) => ({ ...m, id: m.communityId })))
    .slice(0, input.room)
    .map(({ id: _id, ...m }) => m);
}
