import { describe, expect, it } from 'vitest';
import { contractDetails, type TContractState } from '../../src/domain/contract.js';
import {
  dealSummary,
  formatMoney,
  payoutStaticDetails,
  payoutSummary,
  payoutWaitDetails,
  withoutIds,
} from '../../src/domain/ops-view.js';
import { cycleDetails } from '../../src/domain/programs.js';

const deal = {
  community: 'GDG Pune',
  organization: 'Globex',
  event: 'DevFest Pune 2026',
  amountMinor: 12_345_678,
  currency: 'INR',
  category: 'Silver Sponsor',
};

describe('what ops read in the Temporal UI', () => {
  it('summarizes a deal workflow: its job, who, the event, the amount from minor units, the category', () => {
    expect(dealSummary('Escrow', deal)).toBe(
      'Escrow · GDG Pune → Globex · DevFest Pune 2026: INR 123,456.78 Silver Sponsor',
    );
    expect(dealSummary('Contract', { ...deal, event: null, amountMinor: 5 })).toBe(
      'Contract · GDG Pune → Globex: INR 0.05 Silver Sponsor',
    );
    expect(formatMoney(100_000_000_00, 'USD')).toBe('USD 100,000,000.00');
    // Only names and the offer go into a workflow input, not a repository row's ids.
    expect(withoutIds({ ...deal, communityId: 'c', organizationId: 'o' } as typeof deal)).toEqual(deal);
  });

  it("names whose signature a contract waits for when it knows the parties' names, and until when", () => {
    const state: TContractState = {
      status: 'PendingSignature',
      documentSha256: 'abcdef0123456789',
      sequential: false,
      order: ['organization', 'community'],
      signedBy: [],
    };
    const deadline = Date.UTC(2030, 0, 2, 3, 4);
    expect(contractDetails(state, deadline, deal)).toBe(
      'Waiting for the signature of both parties, GDG Pune (community) and Globex (organization) until 2030-01-02 03:04 UTC (document abcdef012345…)',
    );
    expect(contractDetails({ ...state, signedBy: ['community'] }, deadline, deal)).toBe(
      'Waiting for the signature of Globex (organization) until 2030-01-02 03:04 UTC (document abcdef012345…)',
    );
    // A run started before names were passed reads as before.
    expect(contractDetails({ ...state, signedBy: ['organization'] }, deadline)).toBe(
      'Waiting for the signature of the community until 2030-01-02 03:04 UTC (document abcdef012345…)',
    );
  });

  it('lists the communities a waiting program cycle waits on, soonest deadline first, ten at most', () => {
    const waiting = Array.from({ length: 12 }, (_, i) => ({
      community: `Community ${String(12 - i).padStart(2, '0')}`,
      waitingOn: (i === 11 ? 'organization' : 'community') as 'community' | 'organization',
      deadlineAt: Date.UTC(2030, 0, 12 - i, 9, 0),
    }));
    const details = cycleDetails({
      phase: 'Waiting',
      currency: 'INR',
      periodStartAt: Date.UTC(2030, 0, 1),
      renewals: waiting.map(() => ({ status: 'Open' as const, allocatedMinor: 100_00 })),
      waiting,
    });
    const lines = details.split('\n');
    expect(lines[0]).toBe('**Waiting** · 12 communities · INR 1,200.00 allocated');
    expect(lines).toContain('- Community 01: waiting on the organization until 2030-01-01 09:00 UTC');
    expect(lines).toContain('- Community 10: waiting on the community until 2030-01-10 09:00 UTC');
    // The two with the latest deadlines are counted, not listed.
    expect(details).not.toContain('Community 11');
    expect(details).not.toContain('Community 12');
    expect(lines.filter((l) => l.startsWith('- Community'))).toHaveLength(10);
    expect(lines.at(-1)).toBe('- and 2 more');
    // The soonest deadline comes first.
    expect(lines.findIndex((l) => l.startsWith('- Community 01'))).toBeLessThan(
      lines.findIndex((l) => l.startsWith('- Community 02')),
    );
  });

  it("names a payout's community and amount, and when its stuck-money alert would fire", () => {
    const ops = { community: 'Pune Devs', amountMinor: 1_234_567, currency: 'eur' };
    expect(payoutSummary('po_1', ops)).toBe('Payout · Pune Devs: EUR 12,345.67 to its bank account (po_1)');
    expect(
      payoutStaticDetails({ stripePayoutId: 'po_1', communityId: 'c-1', stripeAccountId: 'acct_1' }),
    ).toBe(
      'Payout po_1 of community c-1 (connected account acct_1). API: GET /api/v1/communities/c-1/payout-account',
    );
    const input = { stripePayoutId: 'po_1', communityId: 'c-1', createdAtMs: Date.UTC(2030, 0, 1, 9) };
    expect(payoutWaitDetails(input, ops, Date.UTC(2030, 0, 4, 9))).toBe(
      'Waiting for EUR 12,345.67 to reach the bank account of Pune Devs (Stripe and the bank move it; created 2030-01-01 09:00 UTC); stuck-money alert to a platform admin at 2030-01-04 09:00 UTC if still open.',
    );
    // A watch started before the names were passed still says which payout it is.
    expect(payoutWaitDetails(input, undefined, Date.UTC(2030, 0, 4, 9))).toMatch(
      /^Waiting for payout po_1 of community c-1 to arrive \(/,
    );
  });
});
