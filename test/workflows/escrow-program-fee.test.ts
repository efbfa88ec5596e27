import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sponsorshipRequests } from '../../src/db/schema/index.js';
import { assertLedgerHolds } from '../../src/ledger-verify.js';
import { createSessionToken, createUser } from '../helpers/fixtures.js';
import { escrowDeal, expectLedger, pay, paymentWhen } from '../helpers/escrow.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

const GROSS = 10_000_000;

let stack: TTestStack;
let admin: { token: string; id: string };

beforeAll(async () => {
  stack = await startTestStack({ STRIPE_API_BASE: inject('stripe').apiBase, PLATFORM_FEE_BPS: '500' });
  const user = await createUser(stack.db, { isPlatformAdmin: true });
  admin = { id: user.id, token: await createSessionToken(stack.db, user.id) };
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe("escrow: a program's platform fee", () => {
  it('a platform admin sets it on the program; a deal of that program is invoiced and released with it', async () => {
    let programId = '';
    const deal = await escrowDeal(stack, {
      beforeSigning: async ({ requestId, org, sponsor, community }) => {
        const body = {
          organizationId: org.id,
          name: 'Yearly hackathons',
          period: 'monthly',
          startDate: tomorrow(),
          budgetPerPeriod: { amountMinor: GROSS, currency: 'USD' },
          communityIds: [community.id],
          proposalTemplate: {
            category: 'Gold Sponsor',
            amountMinor: GROSS,
            currency: 'USD',
            benefits: [{ key: 'logo_placement' }],
            terms: 'Logo on the website.',
          },
        };
        // The organization may not set the platform's revenue.
        const bySponsor = await stack.request('POST', '/api/v1/programs', {
          token: sponsor.token,
          body: { ...body, platformFeeBps: 100 },
        });
        expect(bySponsor.status, JSON.stringify(bySponsor.body)).toBe(403);
        expect(bySponsor.body.message).toMatch(/only a platform admin sets a program's platform fee/);
        const created = await stack.request('POST', '/api/v1/programs', { token: sponsor.token, body });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        programId = created.body.data.id;
        expect(created.body.data.platformFeeBps).toBeNull();
        const patchBySponsor = await stack.request('PATCH', `/api/v1/programs/${programId}`, {
          token: sponsor.token,
          body: { platformFeeBps: 250 },
        });
        expect(patchBySponsor.status).toBe(403);
        for (const bad of [10_001, -1, 2.5, '250'])
          expect(
            (
              await stack.request('PATCH', `/api/v1/programs/${programId}`, {
                token: admin.token,
                body: { platformFeeBps: bad },
              })
            ).status,
            `platformFeeBps ${bad}`,
          ).toBe(400);
        const patched = await stack.request('PATCH', `/api/v1/programs/${programId}`, {
          token: admin.token,
          body: { platformFeeBps: 250 },
        });
        expect(patched.status, JSON.stringify(patched.body)).toBe(200);
        expect(patched.body.data.platformFeeBps).toBe(250);
        // The program's renewal requests carry it (as the program cycle's openRequest records it).
        await stack.db
          .update(sponsorshipRequests)
          .set({ programId, programPeriod: tomorrow().slice(0, 7) })
          .where(eq(sponsorshipRequests.id, requestId));
      },
    });
    expect(deal.payment.feeBps).toBe(250);
    await pay(stack, deal);
    const paid = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'InEscrow',
      'InEscrow',
    );
    expect(paid.amounts).toMatchObject({
      grossMinor: GROSS,
      platformFeeBps: 250,
      platformFeeMinor: 250_000,
      netToCommunityMinor: GROSS - 250_000,
    });
    const milestoneId = paid.milestones[0].id as string;
    const share = paid.milestones[0].amountMinor as number;
    await stack.request(
      'POST',
      `/api/v1/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      {
        token: deal.organizer.token,
        body: { note: 'done' },
      },
    );
    const approved = await stack.request(
      'POST',
      `/api/v1/payments/${deal.paymentId}/milestones/${milestoneId}/approve`,
      { token: deal.sponsor.token },
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.milestones[0].releasedMinor === share,
      'the release',
    );
    const fee = paid.milestones[0].platformFeeMinor as number;
    expect(fee).toBe(Math.round((share * 250) / 10_000));
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -GROSS,
      escrow: GROSS - share,
      community_paid_out: share - fee,
      platform_fee_revenue: fee,
    });
    // Clearing it returns later deals to PLATFORM_FEE_BPS; the payment keeps the fee it opened with.
    const cleared = await stack.request('PATCH', `/api/v1/programs/${programId}`, {
      token: admin.token,
      body: { platformFeeBps: null },
    });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body.data.platformFeeBps).toBeNull();
    const again = await stack.request('GET', `/api/v1/payments/${deal.paymentId}`, {
      token: deal.sponsor.token,
    });
    expect(again.body.data.amounts.platformFeeBps).toBe(250);
    await assertLedgerHolds(stack.db);
  }, 150_000);
});
