import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  alreadySigned,
  contractDisputeTransition,
  contractTransition,
  contractViolation,
  milestoneAmounts,
  signingAuthority,
  type TContractState,
} from '../../src/domain/contract.js';
import { resolveTemplate, ZContractTemplate } from '../../src/domain/contract-template.js';

const HASH = 'a'.repeat(64);
const pending: TContractState = {
  status: 'PendingSignature',
  documentSha256: HASH,
  sequential: false,
  order: ['organization', 'community'],
  signedBy: [],
};

describe('contract rules', () => {
  it('goes Draft -> PendingSignature on generation, and is signed by both sides in any order by default', () => {
    const draft: TContractState = { ...pending, status: 'Draft', documentSha256: null };
    expect(contractViolation(draft, { type: 'generated', documentSha256: HASH })).toBeNull();
    let s = contractTransition(draft, { type: 'generated', documentSha256: HASH });
    expect(s.status).toBe('PendingSignature');
    expect(contractViolation(s, { type: 'sign', side: 'community', documentSha256: HASH })).toBeNull();
    s = contractTransition(s, { type: 'sign', side: 'community', documentSha256: HASH });
    expect(alreadySigned(s, 'community')).toBe(true);
    expect(contractViolation(s, { type: 'seal' })?.code).toBe('WRONG_STATE');
    s = contractTransition(s, { type: 'sign', side: 'organization', documentSha256: HASH });
    expect(contractViolation(s, { type: 'seal' })).toBeNull();
    expect(contractViolation(s, { type: 'cancel', side: 'community' })?.code).toBe('WRONG_STATE');
    expect(contractViolation(s, { type: 'expire' })?.code).toBe('WRONG_STATE');
    expect(contractTransition(s, { type: 'seal' }).status).toBe('Signed');
  });

  it('refuses a hash other than the current document as DOCUMENT_CHANGED', () => {
    expect(
      contractViolation(pending, { type: 'sign', side: 'community', documentSha256: 'b'.repeat(64) })?.code,
    ).toBe('DOCUMENT_CHANGED');
  });

  it('keeps the order when sequential', () => {
    const seq = { ...pending, sequential: true };
    expect(contractViolation(seq, { type: 'sign', side: 'community', documentSha256: HASH })?.code).toBe(
      'OUT_OF_ORDER',
    );
    const after = contractTransition(seq, { type: 'sign', side: 'organization', documentSha256: HASH });
    expect(contractViolation(after, { type: 'sign', side: 'community', documentSha256: HASH })).toBeNull();
  });

  it('lets either party cancel, and the deadline expire, only before both signed', () => {
    expect(contractViolation(pending, { type: 'cancel', side: 'organization' })).toBeNull();
    expect(contractTransition(pending, { type: 'cancel', side: 'organization' }).status).toBe('Cancelled');
    expect(contractTransition(pending, { type: 'expire' }).status).toBe('Expired');
    const cancelled = { ...pending, status: 'Cancelled' as const };
    expect(
      contractViolation(cancelled, { type: 'sign', side: 'community', documentSha256: HASH })?.code,
    ).toBe('WRONG_STATE');
    expect(contractViolation(cancelled, { type: 'expire' })?.code).toBe('WRONG_STATE');
  });
});

describe('who may sign', () => {
  const parties = { communityId: 'c1', organizationId: 'o1' };
  const none = { communities: [], organizations: [] };
  it('the community Organizer or Partnerships/Sponsorship Lead', () => {
    for (const role of ['Organizer', 'Partnerships Lead', 'Sponsorship Lead'] as const)
      expect(
        signingAuthority(
          { ...none, communities: [{ communityId: 'c1', role, status: 'Active' }] },
          parties,
          false,
        ),
      ).toEqual({ party: 'community', signer: true });
    const mentor = signingAuthority(
      { ...none, communities: [{ communityId: 'c1', role: 'Co-Organizer', status: 'Active' }] },
      parties,
      false,
    );
    expect(mentor).toMatchObject({ party: 'community', signer: false });
  });

  it('the organization admin or a delegated signer', () => {
    const manager = {
      ...none,
      organizations: [{ organizationId: 'o1', role: 'Sponsor Manager' as const, status: 'active' }],
    };
    expect(signingAuthority(manager, parties, false)).toMatchObject({ party: 'organization', signer: false });
    expect(signingAuthority(manager, parties, true)).toEqual({ party: 'organization', signer: true });
    const admin = {
      ...none,
      organizations: [{ organizationId: 'o1', role: 'Partner Admin' as const, status: 'active' }],
    };
    expect(signingAuthority(admin, parties, false)).toEqual({ party: 'organization', signer: true });
  });

  it('nobody else: outsiders and inactive members are not parties', () => {
    expect(signingAuthority(none, parties, false)).toEqual({ party: null });
    expect(
      signingAuthority(
        { ...none, communities: [{ communityId: 'c1', role: 'Organizer', status: 'Suspended' }] },
        parties,
        false,
      ),
    ).toEqual({ party: null });
    expect(
      signingAuthority(
        { ...none, communities: [{ communityId: 'c2', role: 'Organizer', status: 'Active' }] },
        parties,
        false,
      ),
    ).toEqual({ party: null });
  });
});

describe('templates and milestones', () => {
  const base = ZContractTemplate.parse(
    JSON.parse(readFileSync(new URL('../../src/documents/templates/default.json', import.meta.url), 'utf8')),
  );
  it('the default is 100% on signing; a community override replaces fields and is versioned', () => {
    expect(base.milestones).toEqual([{ label: 'Full payment', shareBps: 10_000, due: 'on signing' }]);
    expect(resolveTemplate(base, null).versionLabel).toBe('default@1');
    const custom = resolveTemplate(base, {
      communityId: 'c1',
      version: 3,
      fields: {
        sequential: true,
        milestones: [
          { label: 'Deposit', shareBps: 3000, due: 'on signing' },
          { label: 'Balance', shareBps: 7000, due: 'after the event' },
        ],
      },
    });
    expect(custom.versionLabel).toBe('default@1+community@3');
    expect(custom.sequential).toBe(true);
    expect(custom.governingLaw).toBe(base.governingLaw);
    expect(() =>
      resolveTemplate(base, {
        communityId: 'c1',
        version: 4,
        fields: { milestones: [{ label: 'Half', shareBps: 5000, due: 'x' }] },
      }),
    ).toThrow(/10000/);
  });

  it('splits an amount by shares with the remainder on the last milestone', () => {
    expect(
      milestoneAmounts(100_001, [
        { label: 'a', shareBps: 3333, due: '' },
        { label: 'b', shareBps: 6667, due: '' },
      ]),
    ).toEqual([33_330, 66_671]);
    expect(milestoneAmounts(5000, [{ label: 'all', shareBps: 10_000, due: '' }])).toEqual([5000]);
  });
});

describe('what ops read', () => {
  it('names whose signature the contract waits for', async () => {
    const { contractDetails, contractWaitingOn } = await import('../../src/domain/contract.js');
    const state: TContractState = { ...pending, signedBy: [] };
    expect(contractWaitingOn(state)).toBe('both');
    expect(contractWaitingOn({ ...state, sequential: true })).toBe('organization');
    expect(contractWaitingOn({ ...state, signedBy: ['organization'] })).toBe('community');
    expect(contractWaitingOn({ ...state, status: 'Signed' })).toBe('nobody');
    expect(contractDetails({ ...state, signedBy: ['community'] }, Date.UTC(2030, 0, 2, 3, 4))).toBe(
      `Waiting for the signature of the organization until 2030-01-02 03:04 UTC (document ${HASH.slice(0, 12)}…)`,
    );
    expect(contractDetails({ ...state, status: 'Expired' }, null)).toBe('Contract Expired');
  });
});

describe('contract: disputes of its payment', () => {
  it('is Disputed while one is open, then Signed again, or Completed when fulfillment completed meanwhile', () => {
    expect(contractDisputeTransition('Signed', { type: 'opened' })).toBe('Disputed');
    expect(contractDisputeTransition('Completed', { type: 'opened' })).toBe('Disputed');
    expect(contractDisputeTransition('Disputed', { type: 'opened' })).toBeNull();
    expect(contractDisputeTransition('Cancelled', { type: 'opened' })).toBeNull();
    expect(contractDisputeTransition('Disputed', { type: 'closed', fulfilled: false })).toBe('Signed');
    expect(contractDisputeTransition('Disputed', { type: 'closed', fulfilled: true })).toBe('Completed');
    expect(contractDisputeTransition('Signed', { type: 'closed', fulfilled: true })).toBeNull();
    expect(contractDisputeTransition('Cancelled', { type: 'closed', fulfilled: false })).toBeNull();
  });
});
