import { describe, expect, it } from 'vitest';
import {
  isPayoutEventType,
  payoutEventIsNewer,
  payoutOpen,
  payoutStatusOf,
} from '../../src/domain/payouts.js';

const at = (s: number) => new Date(s * 1000);

describe('payout rules', () => {
  it('reads the status from the object, else from the event type', () => {
    expect(payoutStatusOf('payout.updated', 'in_transit')).toBe('in_transit');
    expect(payoutStatusOf('payout.paid', undefined)).toBe('paid');
    expect(payoutStatusOf('payout.failed', 'nonsense')).toBe('failed');
    expect(payoutStatusOf('payout.created', null)).toBe('pending');
    expect(payoutStatusOf('payout.updated', null)).toBeNull();
  });

  it('applies a later event, never an older one; at the same second a final status wins', () => {
    expect(
      payoutEventIsNewer(
        { status: 'pending', eventCreatedAt: at(10) },
        { status: 'in_transit', eventCreatedAt: at(11) },
      ),
    ).toBe(true);
    expect(
      payoutEventIsNewer(
        { status: 'failed', eventCreatedAt: at(10) },
        { status: 'in_transit', eventCreatedAt: at(5) },
      ),
    ).toBe(false);
    expect(
      payoutEventIsNewer(
        { status: 'in_transit', eventCreatedAt: at(10) },
        { status: 'paid', eventCreatedAt: at(10) },
      ),
    ).toBe(true);
    expect(
      payoutEventIsNewer(
        { status: 'paid', eventCreatedAt: at(10) },
        { status: 'in_transit', eventCreatedAt: at(10) },
      ),
    ).toBe(false);
    expect(
      payoutEventIsNewer(
        { status: 'paid', eventCreatedAt: at(10) },
        { status: 'paid', eventCreatedAt: at(10) },
      ),
    ).toBe(false);
  });

  it('knows which payouts are open and which events are payouts', () => {
    expect(
      ['pending', 'in_transit', 'paid', 'failed', 'canceled'].map((s) => payoutOpen(s as never)),
    ).toEqual([true, true, false, false, false]);
    expect(isPayoutEventType('payout.paid')).toBe(true);
    expect(isPayoutEventType('payout.reconciliation_completed')).toBe(false);
  });
});
