/**
 * The second-approval threshold per currency: the config list, the lookup, the settings an escrow opens with, and
 * what they change for a release.
 */
import { describe, expect, it } from 'vitest';
import { escrowSettingsOf } from '../../src/activities/escrow.activities.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import {
  escrowTransition,
  escrowViolation,
  initialEscrowState,
  secondApprovalAboveFor,
  settled,
  type TEscrowAction,
  type TEscrowActor,
  type TEscrowSettings,
  type TEscrowState,
} from '../../src/domain/escrow.js';
import { parseCurrencyAmounts } from '../../src/domain/money.js';

describe('parseCurrencyAmounts (ESCROW_SECOND_APPROVAL_ABOVE_BY_CURRENCY)', () => {
  it('reads <ISO code>=<minor units> items, in any case and with whitespace; empty is none', () => {
    expect(parseCurrencyAmounts('INR=8500000000, jpy = 150000000 ,EUR=0')).toEqual({
      INR: 8_500_000_000,
      JPY: 150_000_000,
      EUR: 0,
    });
    expect(parseCurrencyAmounts('')).toEqual({});
    expect(parseCurrencyAmounts(' , ')).toEqual({});
  });

  it('refuses a code that is not ISO 4217, a malformed item, a negative or fractional amount, a repeat', () => {
    expect(() => parseCurrencyAmounts('XYZ=100')).toThrow('XYZ is not an ISO 4217 currency code');
    expect(() => parseCurrencyAmounts('USD:100')).toThrow(
      '"USD:100" is not <ISO 4217 code>=<amount in minor units>',
    );
    expect(() => parseCurrencyAmounts('USD=-5')).toThrow('"USD=-5" is not');
    expect(() => parseCurrencyAmounts('USD=10.5')).toThrow('"USD=10.5" is not');
    expect(() => parseCurrencyAmounts('USD=1,usd=2')).toThrow('USD is listed twice');
    expect(() => parseCurrencyAmounts('USD=9999999999999999')).toThrow('USD: 9999999999999999 is too large');
  });
});

describe('secondApprovalAboveFor', () => {
  const byCurrency = { INR: 8_500_000_000, JPY: 150_000_000, EUR: 0 };

  it("takes the currency's own threshold, else the default; 0 means never", () => {
    expect(secondApprovalAboveFor('INR', byCurrency, 100_000_000)).toBe(8_500_000_000);
    expect(secondApprovalAboveFor('jpy', byCurrency, 100_000_000)).toBe(150_000_000);
    expect(secondApprovalAboveFor('USD', byCurrency, 100_000_000)).toBe(100_000_000);
    expect(secondApprovalAboveFor('EUR', byCurrency, 100_000_000)).toBeNull();
    expect(secondApprovalAboveFor('USD', byCurrency, 0)).toBeNull();
    expect(secondApprovalAboveFor('GBP', {}, 100_000_000)).toBe(100_000_000);
  });
});

describe('the escrow settings of a payment follow its currency', () => {
  it('keeps ESCROW_SECOND_APPROVAL_ABOVE (default 1,000,000.00) for a currency without its own threshold', () => {
    const config = loadConfig({ NODE_ENV: 'test', ESCROW_SECOND_APPROVAL_ABOVE: '100000000' });
    expect(config.ESCROW_SECOND_APPROVAL_ABOVE_BY_CURRENCY).toEqual({});
    for (const currency of ['USD', 'INR', 'EUR', 'GBP'])
      expect(escrowSettingsOf(config, currency).secondApprovalAboveMinor).toBe(100_000_000);
    expect(
      escrowSettingsOf(loadConfig({ NODE_ENV: 'test', ESCROW_SECOND_APPROVAL_ABOVE: '0' }), 'USD')
        .secondApprovalAboveMinor,
    ).toBeNull();
  });

  it('defaults every event currency to about the same money (USD 1,000,000.00), not the same number', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(escrowSettingsOf(config, 'USD').secondApprovalAboveMinor).toBe(100_000_000);
    expect(escrowSettingsOf(config, 'EUR').secondApprovalAboveMinor).toBe(90_000_000);
    expect(escrowSettingsOf(config, 'GBP').secondApprovalAboveMinor).toBe(75_000_000);
    expect(escrowSettingsOf(config, 'INR').secondApprovalAboveMinor).toBe(8_500_000_000);
    // A currency outside the defaults (an operator may support more) keeps the one number.
    expect(escrowSettingsOf(config, 'JPY').secondApprovalAboveMinor).toBe(100_000_000);
    // The one number set alone applies to every currency: 0 = never, anywhere.
    const never = loadConfig({ NODE_ENV: 'test', ESCROW_SECOND_APPROVAL_ABOVE: '0' });
    for (const currency of ['USD', 'INR', 'EUR', 'GBP'])
      expect(escrowSettingsOf(never, currency).secondApprovalAboveMinor).toBeNull();
  });

  it('uses the per-currency list where it has an entry, the default elsewhere', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      ESCROW_SECOND_APPROVAL_ABOVE: '5000000',
      ESCROW_SECOND_APPROVAL_ABOVE_BY_CURRENCY: 'INR=400000000,JPY=7000000,GBP=0',
    });
    expect(escrowSettingsOf(config, 'USD').secondApprovalAboveMinor).toBe(5_000_000);
    expect(escrowSettingsOf(config, 'INR').secondApprovalAboveMinor).toBe(400_000_000);
    expect(escrowSettingsOf(config, 'JPY').secondApprovalAboveMinor).toBe(7_000_000);
    expect(escrowSettingsOf(config, 'GBP').secondApprovalAboveMinor).toBeNull();
  });

  it('stops at start-up on a bad list, naming the variable and the item', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'test', ESCROW_SECOND_APPROVAL_ABOVE_BY_CURRENCY: 'INR=100,ABC=5' }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({ NODE_ENV: 'test', ESCROW_SECOND_APPROVAL_ABOVE_BY_CURRENCY: 'INR=100,ABC=5' }),
    ).toThrow(/ESCROW_SECOND_APPROVAL_ABOVE_BY_CURRENCY: ABC is not an ISO 4217 currency code/);
  });

  it('the same release needs a second approver in one currency and not in another', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      ESCROW_SECOND_APPROVAL_ABOVE_BY_CURRENCY: 'INR=8500000000',
    });
    // 5,000,000.00 in minor units: above the default (USD) threshold, below INR's.
    const amount = 500_000_000;
    const sponsor: TEscrowActor = {
      kind: 'party',
      side: 'organization',
      userId: 'sp1',
      mayApprove: true,
      mayRequest: false,
    };
    const lead: TEscrowActor = {
      kind: 'party',
      side: 'community',
      userId: 'lead',
      mayApprove: true,
      mayRequest: true,
    };
    const statusAfterOneApproval = (currency: string) => {
      const settings: TEscrowSettings = escrowSettingsOf(config, currency);
      let s: TEscrowState = initialEscrowState({
        currency,
        grossMinor: amount,
        feeBps: 0,
        milestones: [{ label: 'All', shareBps: 10_000, due: 'on delivery' }],
        milestoneIds: ['all'],
        eventEndsAt: null,
        now: 0,
      });
      const act = (action: TEscrowAction, actor: TEscrowActor, now: number) => {
        const problem = escrowViolation(s, action, actor, settings, now);
        if (problem) throw new Error(`${problem.code}: ${problem.message}`);
        s = settled(escrowTransition(s, action, actor, settings, now));
      };
      const system: TEscrowActor = { kind: 'system' };
      act({ type: 'invoiced', deadlineAt: 10_000 }, system, 1);
      act({ type: 'paid', processorFeeMinor: 0, chargeId: 'ch_1' }, system, 2);
      act(
        { type: 'request_release', milestoneId: 'all', amountMinor: null, note: 'done', proofUrl: null },
        lead,
        3,
      );
      act({ type: 'approve', milestoneId: 'all' }, sponsor, 4);
      return s.milestones[0]!.status;
    };
    expect(statusAfterOneApproval('USD')).toBe('AwaitingSecondApproval');
    expect(statusAfterOneApproval('INR')).toBe('Releasing');
  });
});
