import { describe, expect, it } from 'vitest';
import {
  allocateBudget,
  cycleReport,
  fulfillmentWeight,
  nextRenewal,
  noticeCalendar,
  periodAt,
  periodForFiring,
  programHasEnded,
  renewalWeight,
  scheduleWindow,
  startDateProblem,
} from '../../src/domain/programs.js';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const quarterly = { startDate: '2027-01-01', endDate: null, period: 'quarterly' as const };

describe('program periods', () => {
  it('keys each period by its first day and ends it where the next starts', () => {
    expect(periodAt('2027-01-01', 'quarterly', 0)).toEqual({
      index: 0,
      key: '2027-01-01',
      startAt: at('2027-01-01T00:00:00Z'),
      endAt: at('2027-04-01T00:00:00Z'),
    });
    expect(periodAt('2027-01-01', 'quarterly', 3).key).toBe('2027-10-01');
    expect(periodAt('2027-01-01', 'quarterly', 3).endAt).toBe(at('2028-01-01T00:00:00Z'));
    expect(periodAt('2027-11-15', 'monthly', 2).key).toBe('2028-01-15');
    expect(periodAt('2027-03-10', 'annual', 1).key).toBe('2028-03-10');
  });

  it('refuses start dates that do not exist, or on a day some month lacks', () => {
    expect(startDateProblem('2027-01-28')).toBeNull();
    expect(startDateProblem('2027-01-31')).toMatch(/day 1 to 28/);
    expect(startDateProblem('2027-02-30')).toMatch(/calendar date/);
    expect(startDateProblem('27-01-01')).toMatch(/calendar date/);
  });

  it('maps a firing to the period whose notice time came last, so repeated firings name the same period', () => {
    const notice = 7 * DAY;
    expect(periodForFiring(quarterly, notice, at('2026-12-24T23:59:59Z'))).toBeNull();
    expect(periodForFiring(quarterly, notice, at('2026-12-25T00:00:00Z'))?.key).toBe('2027-01-01');
    expect(periodForFiring(quarterly, notice, at('2027-02-10T12:00:00Z'))?.key).toBe('2027-01-01');
    expect(periodForFiring(quarterly, notice, at('2027-03-24T23:59:59Z'))?.key).toBe('2027-01-01');
    expect(periodForFiring(quarterly, notice, at('2027-03-25T00:00:00Z'))?.key).toBe('2027-04-01');
    // With an end date of 2027-07-01 the period starting that day never runs.
    const ending = { ...quarterly, endDate: '2027-07-01' };
    expect(periodForFiring(ending, notice, at('2027-06-23T00:00:00Z'))?.key).toBe('2027-04-01');
    expect(periodForFiring(ending, notice, at('2027-06-24T00:00:00Z'))).toBeNull();
  });

  it('names the next renewal and its notice date', () => {
    const next = nextRenewal(quarterly, 7 * DAY, at('2027-02-10T00:00:00Z'));
    expect(next?.key).toBe('2027-04-01');
    expect(next?.noticeAt).toBe(at('2027-03-25T00:00:00Z'));
    expect(nextRenewal(quarterly, 7 * DAY, at('2026-06-01T00:00:00Z'))?.key).toBe('2027-01-01');
    expect(nextRenewal({ ...quarterly, endDate: '2027-04-01' }, 0, at('2027-02-10T00:00:00Z'))).toBeNull();
  });

  it('has ended from 00:00 UTC of its end date on, never without one', () => {
    const ending = { ...quarterly, endDate: '2027-04-15' };
    expect(programHasEnded(ending, at('2027-04-14T23:59:59.999Z'))).toBe(false);
    expect(programHasEnded(ending, at('2027-04-15T00:00:00Z'))).toBe(true);
    expect(programHasEnded(ending, at('2031-01-01T00:00:00Z'))).toBe(true);
    expect(programHasEnded(quarterly, at('2099-12-31T00:00:00Z'))).toBe(false);
  });
});

describe('the Schedule calendar', () => {
  it('fires a monthly program 7 days before each first of the month, leap Februaries included', () => {
    const entries = noticeCalendar({ startDate: '2027-01-01', endDate: null, period: 'monthly' }, 7 * DAY);
    const find = (month: number, day: number) =>
      entries.find((e) => e.month === month && e.dayOfMonth === day);
    // 1 Jan - 7 days = 25 Dec, every year; 1 May - 7 = 24 Apr (April has 30 days).
    expect(find(12, 25)).toEqual({ month: 12, dayOfMonth: 25, hour: 0, minute: 0, second: 0 });
    expect(find(4, 24)?.years).toBeUndefined();
    // 1 March - 7 days: 23 Feb in leap years (2028, 2032, ...), 22 Feb otherwise.
    expect(find(2, 23)?.years).toEqual([{ start: 2028, end: 2099, step: 4 }]);
    expect(find(2, 22)?.years?.map((y) => y.start)).toEqual([2026, 2027, 2029]);
    expect(entries).toHaveLength(13);
  });

  it('fires a quarterly program without notice on each period start', () => {
    const entries = noticeCalendar(quarterly, 0);
    expect(entries.map((e) => `${e.month}-${e.dayOfMonth}`).sort()).toEqual(['1-1', '10-1', '4-1', '7-1']);
    expect(entries.every((e) => e.years === undefined && e.hour === 0)).toBe(true);
  });

  it('bounds the Schedule by the first and the last notice', () => {
    expect(scheduleWindow({ ...quarterly, endDate: '2028-01-01' }, 7 * DAY)).toEqual({
      startAt: at('2026-12-25T00:00:00Z'),
      endAt: at('2027-09-24T00:00:00Z'),
    });
    expect(scheduleWindow(quarterly, 0).endAt).toBeNull();
  });
});

describe('budget allocation', () => {
  const communities = (weights: Record<string, number>) =>
    Object.entries(weights).map(([communityId, weight]) => ({ communityId, weight }));

  it('gives each community its ask when the asks fit, and leaves the rest unallocated', () => {
    const result = allocateBudget({
      budgetMinor: 1_000_000,
      carryInMinor: 0,
      askMinor: 300_000,
      capMinor: null,
      communities: communities({ a: 1, b: 1, c: 1 }),
    });
    expect(result.allocations.map((a) => a.amountMinor)).toEqual([300_000, 300_000, 300_000]);
    expect(result).toMatchObject({
      availableMinor: 1_000_000,
      allocatedMinor: 900_000,
      unallocatedMinor: 100_000,
    });
  });

  it('caps every community at the per-community cap', () => {
    const result = allocateBudget({
      budgetMinor: 1_000_000,
      carryInMinor: 0,
      askMinor: 500_000,
      capMinor: 200_000,
      communities: communities({ a: 1, b: 1, c: 1 }),
    });
    expect(result.allocations.map((a) => a.amountMinor)).toEqual([200_000, 200_000, 200_000]);
    expect(result.unallocatedMinor).toBe(400_000);
  });

  it('shares a short budget equally, handing the rounding unit to the first by id', () => {
    // 1000 / 3 = 333.33 each: 333 * 3 = 999, one unit left, equal remainders, so "a" gets it.
    const result = allocateBudget({
      budgetMinor: 1000,
      carryInMinor: 0,
      askMinor: 500,
      capMinor: null,
      communities: communities({ c: 1, b: 1, a: 1 }),
    });
    expect(result.allocations).toEqual([
      { communityId: 'a', amountMinor: 334 },
      { communityId: 'b', amountMinor: 333 },
      { communityId: 'c', amountMinor: 333 },
    ]);
    expect(result.unallocatedMinor).toBe(0);
  });

  it('water-fills by weight: whoever reaches the ask is fixed there and the rest is shared again', () => {
    // Weights 1, 0.5, 0.5 of 900: a's share 450 >= ask 400, so a gets 400; 500 left for b and c (equal): 250 each.
    const result = allocateBudget({
      budgetMinor: 900,
      carryInMinor: 0,
      askMinor: 400,
      capMinor: null,
      communities: communities({ a: 1, b: 0.5, c: 0.5 }),
    });
    expect(result.allocations.map((a) => a.amountMinor)).toEqual([400, 250, 250]);
    // Weights 1, 1, 0.5 of 1000: a and b's shares are 400 each (= ask), c's 200.
    const second = allocateBudget({
      budgetMinor: 1000,
      carryInMinor: 0,
      askMinor: 400,
      capMinor: null,
      communities: communities({ a: 1, b: 1, c: 0.5 }),
    });
    expect(second.allocations.map((a) => a.amountMinor)).toEqual([400, 400, 200]);
  });

  it('adds the carry-in to the period budget', () => {
    // 600 + 300 = 900 available; asks 2 x 400 = 800 fit; 100 left.
    const result = allocateBudget({
      budgetMinor: 600,
      carryInMinor: 300,
      askMinor: 400,
      capMinor: null,
      communities: communities({ a: 1, b: 1 }),
    });
    expect(result.allocations.map((a) => a.amountMinor)).toEqual([400, 400]);
    expect(result).toMatchObject({ availableMinor: 900, unallocatedMinor: 100 });
  });

  it('weighs by reputation as far as its confidence goes', () => {
    expect(renewalWeight(null, null)).toBe(1);
    // Score 60 -> factor 0.8; confidence 0.5 -> 0.5 + 0.5 * 0.8 = 0.9; fulfillment 0 -> 0.5; 0.5 * 0.9 = 0.45.
    expect(renewalWeight(0, { score: 60, confidence: 0.5 })).toBeCloseTo(0.45);
    expect(renewalWeight(null, { score: 0, confidence: 0 })).toBe(1);
    expect(renewalWeight(null, { score: 100, confidence: 1 })).toBe(1);
  });

  it('weighs communities by past fulfillment, half guaranteed', () => {
    expect(fulfillmentWeight(null)).toBe(1);
    expect(fulfillmentWeight(0)).toBe(0.5);
    expect(fulfillmentWeight(0.8)).toBeCloseTo(0.9);
  });
});

describe('cycle report', () => {
  const renewals = [
    { communityId: 'a', status: 'Accepted' as const, allocatedMinor: 400, acceptedMinor: 450 },
    { communityId: 'b', status: 'Rejected' as const, allocatedMinor: 400, acceptedMinor: null },
    { communityId: 'c', status: 'Expired' as const, allocatedMinor: 300, acceptedMinor: null },
    { communityId: 'd', status: 'Skipped' as const, allocatedMinor: 100, acceptedMinor: null },
  ];

  it('counts outcomes and carries the unspent budget to the next period', () => {
    // Available 1000 + 200 = 1200; accepted 450 (a counter raised a's 400); 750 carries over.
    const report = cycleReport({ budgetMinor: 1000, carryInMinor: 200, carryOver: 'next-period' }, renewals);
    expect(report).toEqual({
      budgetMinor: 1000,
      carryInMinor: 200,
      availableMinor: 1200,
      allocatedMinor: 1100,
      acceptedMinor: 450,
      communitiesReached: 3,
      opened: 3,
      accepted: 1,
      rejected: 1,
      expired: 1,
      withdrawn: 0,
      skipped: 1,
      renewalRate: 1 / 3,
      carryOutMinor: 750,
    });
  });

  it('carries nothing under "none", nor when accepted deals overspend', () => {
    expect(
      cycleReport({ budgetMinor: 1000, carryInMinor: 0, carryOver: 'none' }, renewals).carryOutMinor,
    ).toBe(0);
    expect(
      cycleReport({ budgetMinor: 400, carryInMinor: 0, carryOver: 'next-period' }, renewals).carryOutMinor,
    ).toBe(0);
    expect(cycleReport({ budgetMinor: 1, carryInMinor: 0, carryOver: 'none' }, []).renewalRate).toBeNull();
  });
});
