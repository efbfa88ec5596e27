import { describe, expect, it } from 'vitest';
import {
  cancellationDetails,
  cancellationRepeat,
  cancellationTransition,
  cancellationViolation,
  contractTransition,
  contractViolation,
  type TCancellationState,
  type TContractState,
} from '../../src/domain/contract.js';

const signed: TContractState = {
  status: 'Signed',
  documentSha256: 'a'.repeat(64),
  sequential: false,
  order: ['organization', 'community'],
  signedBy: ['community', 'organization'],
};
const proposed: TCancellationState = {
  status: 'Proposed',
  proposedBy: 'organization',
  reason: 'The event was called off',
  deadlineAt: Date.UTC(2026, 0, 10, 12, 0),
  closedBy: null,
};

describe('cancellation of a signed contract by agreement', () => {
  it('moves only a Signed contract to Cancelled; the one-sided cancel still refuses it', () => {
    expect(contractViolation(signed, { type: 'cancel', side: 'community' })?.code).toBe('WRONG_STATE');
    expect(contractViolation(signed, { type: 'cancelByAgreement' })).toBeNull();
    expect(contractTransition(signed, { type: 'cancelByAgreement' }).status).toBe('Cancelled');
    for (const status of [
      'Draft',
      'PendingSignature',
      'Completed',
      'Cancelled',
      'Expired',
      'Disputed',
    ] as const)
      expect(contractViolation({ ...signed, status }, { type: 'cancelByAgreement' })).toMatchObject({
        code: 'WRONG_STATE',
        message: `the contract is ${status}; only a Signed contract is cancelled by agreement of both parties`,
      });
  });

  it('is confirmed or declined by the other side only, withdrawn by the proposer only', () => {
    expect(cancellationViolation(proposed, { type: 'confirm', side: 'community' })).toBeNull();
    expect(cancellationViolation(proposed, { type: 'decline', side: 'community' })).toBeNull();
    expect(cancellationViolation(proposed, { type: 'withdraw', side: 'organization' })).toBeNull();
    expect(cancellationViolation(proposed, { type: 'confirm', side: 'organization' })).toEqual({
      code: 'WRONG_SIDE',
      message:
        'the organization proposed this cancellation; only the community may confirm it (the proposer may withdraw it)',
    });
    expect(cancellationViolation(proposed, { type: 'decline', side: 'organization' })?.code).toBe(
      'WRONG_SIDE',
    );
    expect(cancellationViolation(proposed, { type: 'withdraw', side: 'community' })?.code).toBe('WRONG_SIDE');
    expect(cancellationViolation(proposed, { type: 'lapse' })).toBeNull();
  });

  it('ends in one of four closed states that take no further step, and a repeat of the closing step is recognised', () => {
    const cases = [
      [{ type: 'confirm', side: 'community' }, 'Confirmed', 'community'],
      [{ type: 'decline', side: 'community' }, 'Declined', 'community'],
      [{ type: 'withdraw', side: 'organization' }, 'Withdrawn', 'organization'],
      [{ type: 'lapse' }, 'Lapsed', null],
    ] as const;
    for (const [action, status, closedBy] of cases) {
      const after = cancellationTransition(proposed, action);
      expect(after).toEqual({ ...proposed, status, closedBy });
      expect(cancellationRepeat(after, action)).toBe(true);
      expect(cancellationRepeat(proposed, action)).toBe(false);
      for (const next of cases.map((c) => c[0]))
        expect(cancellationViolation(after, next)).toEqual({
          code: 'WRONG_STATE',
          message: `the cancellation proposal is ${status}`,
        });
    }
    // Another side's or another kind of step on a closed proposal is not a repeat.
    const confirmed = cancellationTransition(proposed, { type: 'confirm', side: 'community' });
    expect(cancellationRepeat(confirmed, { type: 'decline', side: 'community' })).toBe(false);
    expect(cancellationRepeat(confirmed, { type: 'withdraw', side: 'organization' })).toBe(false);
  });

  it('tells ops who waits for whom and until when, then how it ended', () => {
    expect(cancellationDetails(proposed)).toBe(
      'The organization proposed to cancel the signed contract ("The event was called off"); waiting for the community\'s signer to confirm or decline until 2026-01-10 12:00 UTC',
    );
    expect(cancellationDetails(cancellationTransition(proposed, { type: 'lapse' }))).toBe(
      'No answer by 2026-01-10 12:00 UTC: the proposal lapsed; the contract stays Signed',
    );
    expect(
      cancellationDetails(cancellationTransition(proposed, { type: 'confirm', side: 'community' })),
    ).toContain('Cancelled by agreement: proposed by the organization, confirmed by the community');
  });
});
