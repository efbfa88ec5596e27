import { describe, expect, it } from 'vitest';
import {
  compareNegotiation,
  compareVerification,
  explainNegotiation,
  type TNegotiationPosition,
} from '../../src/domain/reconcile.js';

const at = (step: number, extra: Partial<TNegotiationPosition> = {}): TNegotiationPosition => ({
  step,
  status: 'Negotiation',
  currentRevision: step,
  currentAuthor: step % 2 ? 'community' : 'organization',
  dealId: null,
  ...extra,
});

describe('compareNegotiation', () => {
  it('classifies by step count first, then by state', () => {
    expect(compareNegotiation(at(3), at(3))).toEqual({ kind: 'in-sync' });
    expect(compareNegotiation(at(3), null)).toEqual({ kind: 'row-missing' });
    expect(compareNegotiation(at(4), at(2))).toEqual({ kind: 'database-behind', fromStep: 3, toStep: 4 });
    expect(compareNegotiation(at(2), at(5))).toEqual({ kind: 'database-ahead', fromStep: 3, toStep: 5 });
    const conflict = compareNegotiation(
      at(4, { status: 'Accepted', dealId: 'd1' }),
      at(4, { status: 'Withdrawn' }),
    );
    expect(conflict).toEqual({
      kind: 'conflict',
      detail:
        'workflow Accepted r4 by organization deal d1 (step 4), Postgres Withdrawn r4 by organization (step 4)',
    });
  });

  it('tells ops what to do, and only offers --fix where a safe repair exists', () => {
    const missing = explainNegotiation('negotiation:r1', { kind: 'row-missing' });
    expect(missing.fixable).toBe(false);
    expect(missing.action).toContain('temporal workflow terminate --workflow-id negotiation:r1');
    expect(
      explainNegotiation('negotiation:r1', { kind: 'database-behind', fromStep: 3, toStep: 4 }),
    ).toMatchObject({
      problem: 'Postgres lacks steps 3..4 that the workflow recorded',
      fixable: true,
    });
    expect(explainNegotiation('negotiation:r1', { kind: 'conflict', detail: 'x' }).action).toContain(
      'needing attention',
    );
  });
});

describe('compareVerification', () => {
  it("maps phases to the run's status and waits for an activity in flight", () => {
    expect(compareVerification('awaiting_activation', 'approved', false)).toEqual({ kind: 'in-sync' });
    expect(compareVerification('active', 'approved', false)).toEqual({ kind: 'in-sync' });
    expect(compareVerification('pending_review', 'checking', true)).toEqual({ kind: 'in-flight' });
    expect(compareVerification('pending_review', 'checking', false)).toEqual({
      kind: 'differs',
      expected: 'pending_review',
      actual: 'checking',
    });
    expect(compareVerification('rejected', null, false)).toEqual({ kind: 'row-missing' });
  });
});
