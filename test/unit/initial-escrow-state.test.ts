import { describe, expect, it } from 'vitest';
import { initialEscrowState } from '../../src/domain/escrow.js';

describe('initialEscrowState', () => {
  it('splits the gross over the milestones with their fee shares, all Pending since now, nothing paid', () => {
    const state = initialEscrowState({
      currency: 'EUR',
      grossMinor: 100_000,
      feeBps: 1_000,
      milestones: [
        { label: 'On signing', shareBps: 3_000, due: 'on signing' },
        { label: 'After the event', shareBps: 7_000, due: "at the event's end" },
      ],
      milestoneIds: ['m1', 'm2'],
      eventEndsAt: 5_000,
      now: 1_000,
    });
    // 30% and 70% of 1,000.00; 10% of each is the platform's.
    expect(state.milestones.map((m) => [m.id, m.position, m.amountMinor, m.feeMinor])).toEqual([
      ['m1', 1, 30_000, 3_000],
      ['m2', 2, 70_000, 7_000],
    ]);
    expect(state.milestones.map((m) => m.condition)).toEqual([
      { type: 'request' },
      { type: 'date', at: 5_000 },
    ]);
    expect(state.milestones.every((m) => m.status === 'Pending' && m.since === 1_000)).toBe(true);
    expect(state.milestones.every((m) => m.releasedMinor + m.refundedMinor + m.releasingMinor === 0)).toBe(
      true,
    );
    expect(state).toMatchObject({
      phase: 'Initiated',
      currency: 'EUR',
      grossMinor: 100_000,
      feeMinor: 10_000,
      processorFeeMinor: 0,
      frozen: false,
      paymentDeadlineAt: null,
      eventEndsAt: 5_000,
      disputes: [],
      remindersSent: 0,
    });
  });

  it('gives the rounding remainder to the last milestone and needs no event for a dated release', () => {
    const state = initialEscrowState({
      currency: 'USD',
      grossMinor: 1_001,
      feeBps: 0,
      milestones: [
        { label: 'One', shareBps: 5_000, due: 'on delivery' },
        { label: 'Two', shareBps: 5_000, due: "at the event's end" },
      ],
      milestoneIds: ['a', 'b'],
      eventEndsAt: null,
      now: 0,
    });
    expect(state.milestones.map((m) => m.amountMinor)).toEqual([500, 501]);
    expect(state.feeMinor).toBe(0);
    // Without an event, "event end" is released on the community's request.
    expect(state.milestones[1]!.condition).toEqual({ type: 'request' });
  });
});
