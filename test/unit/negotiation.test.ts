import { describe, expect, it } from 'vitest';
import {
  diffProposals,
  transition,
  violation,
  type TNegotiationState,
  type TProposal,
} from '../../src/domain/negotiation.js';

const start: TNegotiationState = {
  status: 'Pending',
  initiator: 'community',
  currentRevision: 1,
  currentAuthor: 'community',
};

describe('negotiation rules', () => {
  it('lets the other side counter the current revision, which becomes the next one', () => {
    expect(violation(start, { type: 'counter', by: 'organization', inReplyToRevision: 1 })).toBeNull();
    const next = transition(start, { type: 'counter', by: 'organization', inReplyToRevision: 1 });
    expect(next).toEqual({
      status: 'Negotiation',
      initiator: 'community',
      currentRevision: 2,
      currentAuthor: 'organization',
    });
  });

  it('refuses stale revisions and the author answering itself', () => {
    expect(violation(start, { type: 'counter', by: 'organization', inReplyToRevision: 0 })?.code).toBe(
      'STALE_REVISION',
    );
    expect(violation(start, { type: 'accept', by: 'organization', revision: 2 })?.code).toBe(
      'STALE_REVISION',
    );
    expect(violation(start, { type: 'counter', by: 'community', inReplyToRevision: 1 })?.code).toBe(
      'NOT_YOUR_TURN',
    );
    expect(violation(start, { type: 'accept', by: 'community', revision: 1 })?.code).toBe('NOT_YOUR_TURN');
    expect(violation(start, { type: 'reject', by: 'community', revision: 1 })?.code).toBe('NOT_YOUR_TURN');
  });

  it('only the initiator withdraws, and only before a final outcome', () => {
    expect(violation(start, { type: 'withdraw', by: 'organization' })?.code).toBe('NOT_INITIATOR');
    expect(violation(start, { type: 'withdraw', by: 'community' })).toBeNull();
    const accepted = transition(start, { type: 'accept', by: 'organization', revision: 1 });
    expect(accepted.status).toBe('Accepted');
    expect(violation(accepted, { type: 'withdraw', by: 'community' })?.code).toBe('WRONG_STATE');
  });

  it('closes everything but messages after acceptance, and everything after expiry', () => {
    const accepted = transition(start, { type: 'accept', by: 'organization', revision: 1 });
    expect(violation(accepted, { type: 'counter', by: 'community', inReplyToRevision: 1 })?.code).toBe(
      'WRONG_STATE',
    );
    expect(violation(accepted, { type: 'message', by: 'community' })).toBeNull();
    const expired = transition(start, { type: 'expire' });
    expect(expired.status).toBe('Expired');
    for (const action of [
      { type: 'message', by: 'community' },
      { type: 'accept', by: 'organization', revision: 1 },
      { type: 'expire' },
    ] as const) {
      expect(violation(expired, action)?.code).toBe('WRONG_STATE');
    }
  });
});

describe('diffProposals', () => {
  const base: TProposal = {
    amountMinor: 100,
    currency: 'INR',
    category: 'Gold Sponsor',
    benefits: [{ key: 'booth' }, { key: 'workshop_slot', detail: '30 min' }],
    terms: 'a',
  };
  it('reports amount, category, benefit and term changes', () => {
    const diff = diffProposals(base, {
      ...base,
      amountMinor: 150,
      category: 'Platinum Sponsor',
      benefits: [{ key: 'workshop_slot', detail: '45 min' }, { key: 'logo_placement' }],
      terms: 'b',
    });
    expect(diff).toEqual({
      amountMinor: { from: 100, to: 150 },
      category: { from: 'Gold Sponsor', to: 'Platinum Sponsor' },
      benefitsAdded: [{ key: 'logo_placement' }],
      benefitsRemoved: [{ key: 'booth' }],
      benefitsChanged: [
        {
          key: 'workshop_slot',
          from: { key: 'workshop_slot', detail: '30 min' },
          to: { key: 'workshop_slot', detail: '45 min' },
        },
      ],
      termsChanged: true,
    });
    expect(diffProposals(base, base)).toEqual({
      benefitsAdded: [],
      benefitsRemoved: [],
      benefitsChanged: [],
      termsChanged: false,
    });
  });
});
