import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deleteProgramSchedule } from '../../src/infra/program-schedule.js';
import { programCycles, programRenewals, programs, sponsorshipRequests } from '../../src/db/schema/index.js';
import { escrowDeal, expectLedger, pay, paymentWhen } from '../helpers/escrow.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

const GROSS = 10_000_000;

let stack: TTestStack;

beforeAll(async () => {
  stack = await startTestStack({ STRIPE_API_BASE: inject('stripe').apiBase, PLATFORM_FEE_BPS: '500' });
}, 120_000);

afterAll(async () => {
  if (stack) {
    for (const p of await stack.db.select({ id: programs.id }).from(programs))
      await deleteProgramSchedule(stack.deps, p.id);
  }
  await stack?.close();
});

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe("program report: spend is the escrow's money", () => {
  it('counts nothing until the deal is paid, then what escrow holds, then what it released', async () => {
    let programId = '';
    let cycleId = '';
    const report = async (token: string) => {
      const res = await stack.request('GET', `/api/v1/programs/${programId}/report`, { token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.data;
    };
    const deal = await escrowDeal(stack, {
      beforeSigning: async ({ requestId, dealId, org, sponsor, community }) => {
        const created = await stack.request('POST', '/api/v1/programs', {
          token: sponsor.token,
          body: {
            organizationId: org.id,
            name: 'Hackathons',
            period: 'monthly',
            startDate: tomorrow(),
            budgetPerPeriod: { amountMinor: 2 * GROSS, currency: 'USD' },
            communityIds: [community.id],
            proposalTemplate: {
              category: 'Gold Sponsor',
              amountMinor: GROSS,
              currency: 'USD',
              benefits: [{ key: 'logo_placement' }],
              terms: 'Logo on the website.',
            },
          },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        programId = created.body.data.id;
        // The cycle's accepted renewal as the cycle records it (request and deal of this negotiation).
        const start = new Date(`${tomorrow()}T00:00:00Z`);
        const [cycle] = await stack.db
          .insert(programCycles)
          .values({
            programId,
            period: tomorrow(),
            periodStartAt: start,
            periodEndAt: new Date(start.getTime() + 30 * 86_400_000),
            status: 'Completed',
            budgetMinor: 2 * GROSS,
            currency: 'USD',
          })
          .returning();
        cycleId = cycle!.id;
        await stack.db.insert(programRenewals).values({
          cycleId,
          programId,
          communityId: community.id,
          allocatedMinor: GROSS,
          status: 'Accepted',
          requestId,
          dealId,
          acceptedMinor: GROSS,
        });
        await stack.db
          .update(sponsorshipRequests)
          .set({ programId, programPeriod: tomorrow() })
          .where(eq(sponsorshipRequests.id, requestId));
      },
    });
    // Signed and invoiced, not paid: no money moved, so no spend (the deal still counts).
    const unpaid = await report(deal.sponsor.token);
    expect(unpaid.periods[0]).toMatchObject({ deals: 1, spendMinor: 0, heldMinor: 0, releasedMinor: 0 });
    expect(unpaid.totals).toMatchObject({ deals: 1, spendMinor: 0 });

    await pay(stack, deal);
    const paid = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'InEscrow',
      'InEscrow',
    );
    const held = await report(deal.sponsor.token);
    expect(held.periods[0]).toMatchObject({ spendMinor: GROSS, heldMinor: GROSS, releasedMinor: 0 });
    expect(held.totals).toMatchObject({ spendMinor: GROSS, heldMinor: GROSS, releasedMinor: 0 });

    // A milestone released: it leaves escrow, the spend stays what the sponsor paid.
    const milestone = paid.milestones[0];
    await stack.request(
      'POST',
      `/api/v1/payments/${deal.paymentId}/milestones/${milestone.id}/release-request`,
      { token: deal.organizer.token, body: { note: 'done' } },
    );
    const approved = await stack.request(
      'POST',
      `/api/v1/payments/${deal.paymentId}/milestones/${milestone.id}/approve`,
      { token: deal.sponsor.token },
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.milestones[0].releasedMinor === milestone.amountMinor,
      'the release',
    );
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -GROSS,
      escrow: GROSS - milestone.amountMinor,
      community_paid_out: milestone.amountMinor - milestone.platformFeeMinor,
      platform_fee_revenue: milestone.platformFeeMinor,
    });
    const released = await report(deal.sponsor.token);
    expect(released.periods[0]).toMatchObject({
      spendMinor: GROSS,
      heldMinor: GROSS - milestone.amountMinor,
      releasedMinor: milestone.amountMinor,
    });
    const csv = await stack.request('GET', `/api/v1/programs/${programId}/report?format=csv`, {
      token: deal.sponsor.token,
    });
    const [header, row] = (csv.body as string).trim().split('\r\n');
    const cells = Object.fromEntries(header!.split(',').map((h, i) => [h, row!.split(',')[i]]));
    expect(cells).toMatchObject({
      spendMinor: String(GROSS),
      heldMinor: String(GROSS - milestone.amountMinor),
      releasedMinor: String(milestone.amountMinor),
      currency: 'USD',
    });
  }, 120_000);
});
