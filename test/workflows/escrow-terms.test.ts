import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  contracts,
  contractTemplateOverrides,
  paymentMovements,
  paymentOpsTasks,
} from '../../src/db/schema/index.js';
import { assertLedgerHolds } from '../../src/ledger-verify.js';
import { createSessionToken, createUser } from '../helpers/fixtures.js';
import { escrowDeal, expectLedger, pay, paymentWhen, startStripeFaults } from '../helpers/escrow.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

const GROSS = 10_000_000;
const FEE = 500_000; // 5 % (PLATFORM_FEE_BPS default)

let stack: TTestStack;
let faults: Awaited<ReturnType<typeof startStripeFaults>>;
let admin: { token: string; id: string };

beforeAll(async () => {
  // Stripe is stripe-mock behind a proxy that can refuse chosen calls as Stripe would.
  faults = await startStripeFaults(inject('stripe').apiBase);
  stack = await startTestStack({
    STRIPE_API_BASE: faults.url,
    ESCROW_REVIEW_WINDOW: '1h',
    ESCROW_DISPUTE_ANSWER_WINDOW: '1h',
    ESCROW_DISPUTE_RESOLVE_WINDOW: '1h',
  });
  const user = await createUser(stack.db, { isPlatformAdmin: true });
  admin = { id: user.id, token: await createSessionToken(stack.db, user.id) };
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await faults?.close();
});

afterEach(async () => {
  await assertLedgerHolds(stack.db);
});

const post = (token: string, path: string, body: unknown = {}) =>
  stack.request('POST', `/api/v1${path}`, { token, body });

describe('escrow: a dispute resolved as release', () => {
  it('the sponsor disputes, an admin releases the whole milestone to the community; a second resolve changes nothing', async () => {
    const deal = await escrowDeal(stack);
    await pay(stack, deal);
    const funded = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'InEscrow',
      'InEscrow',
    );
    const milestoneId = funded.milestones[0].id as string;
    const asked = await post(
      deal.organizer.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      { note: 'booth staffed both days', proofUrl: 'https://example.org/photos' },
    );
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const disputed = await post(
      deal.sponsor.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/dispute`,
      { reason: 'logo too small' },
    );
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(200);
    const dispute = disputed.body.data.disputes[0];
    // Nothing leaves escrow while the dispute is open: the community cannot ask again, the sponsor cannot approve.
    const approveWhileDisputed = await post(
      deal.sponsor.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`,
    );
    expect(approveWhileDisputed.status).toBeGreaterThanOrEqual(400);
    expect(approveWhileDisputed.status).toBeLessThan(500);

    // A community member is a party, not an arbiter.
    expect(
      (await post(deal.organizer.token, `/disputes/${dispute.id}/resolve`, { outcome: 'release' })).status,
    ).toBe(403);
    // A split amount makes no sense for a release.
    const withSplit = await post(admin.token, `/disputes/${dispute.id}/resolve`, {
      outcome: 'release',
      splitMinor: 1,
    });
    expect(withSplit.status).toBe(422);

    const resolved = await post(admin.token, `/disputes/${dispute.id}/resolve`, { outcome: 'release' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const settled = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.milestones[0].status === 'Released',
      'the released milestone',
    );
    expect(settled.milestones[0]).toMatchObject({ releasedMinor: GROSS, refundedMinor: 0 });
    expect(settled.disputes[0]).toMatchObject({
      id: dispute.id,
      resolution: { outcome: 'release', splitMinor: null },
    });

    // Resolving again is refused and moves no money.
    const again = await post(admin.token, `/disputes/${dispute.id}/resolve`, { outcome: 'refund' });
    expect(again.status).toBe(409);
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -GROSS,
      community_paid_out: GROSS - FEE,
      platform_fee_revenue: FEE,
    });
  }, 120_000);
});

describe('escrow: the milestones of the signed document', () => {
  it("pays the milestones the parties signed, even when the community's template changes before payment", async () => {
    const signedMilestones = [
      { label: 'On signing', shareBps: 4_000, due: 'on signing' },
      { label: 'After the event', shareBps: 6_000, due: "at the event's end" },
    ];
    const deal = await escrowDeal(stack, {
      milestones: signedMilestones,
      beforeSigning: async ({ dealId, community }) => {
        // The document is rendered from the template of its day...
        const rendered = await waitFor(
          async () => {
            const [row] = await stack.db.select().from(contracts).where(eq(contracts.dealId, dealId));
            return row?.status === 'PendingSignature' ? row : null;
          },
          30_000,
          'the rendered contract',
        );
        expect(rendered.milestones).toEqual(signedMilestones);
        // ...and the community edits its template while the parties sign.
        await stack.db
          .update(contractTemplateOverrides)
          .set({
            version: 3,
            fields: { milestones: [{ label: 'All', shareBps: 10_000, due: 'on signing' }] },
          })
          .where(eq(contractTemplateOverrides.communityId, community.id));
      },
    });
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    expect(
      payment.milestones.map((m: { label: string; amountMinor: number }) => [m.label, m.amountMinor]),
    ).toEqual([
      ['On signing', 4_000_000],
      ['After the event', 6_000_000],
    ]);
  }, 120_000);
});

describe('escrow: a refund whose reversal Stripe refuses part way', () => {
  it('pays the already reversed transfer back, keeps the milestone released as a whole and says so in the ops task', async () => {
    const deal = await escrowDeal(stack);
    await pay(stack, deal);
    const funded = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'InEscrow',
      'InEscrow',
    );
    const milestoneId = funded.milestones[0].id as string;
    // Two partial releases: two transfers of the same milestone.
    for (const [amountMinor, releasedMinor] of [
      [2_000_000, 2_000_000],
      [3_000_000, 5_000_000],
    ] as const) {
      const asked = await post(
        deal.organizer.token,
        `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
        { note: 'part', amountMinor },
      );
      expect(asked.status, JSON.stringify(asked.body)).toBe(200);
      const approved = await post(
        deal.sponsor.token,
        `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`,
      );
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      await paymentWhen(
        stack,
        deal.sponsor.token,
        deal.paymentId,
        (p) => p.milestones[0].releasedMinor === releasedMinor,
        `${releasedMinor} released`,
      );
    }
    const seenBefore = faults.seen.length;
    // The first reversal goes through, the second is refused (the community spent that money).
    faults.refuse(
      'POST',
      /^\/v1\/transfers\/[^/]+\/reversals$/,
      'Insufficient funds in the connected account',
      1,
    );
    try {
      const refunded = await post(admin.token, `/payments/${deal.paymentId}/refund`, { reason: 'fraud' });
      expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
      expect(refunded.body.data.milestones[0]).toMatchObject({
        releasedMinor: 5_000_000,
        status: 'Released',
      });
    } finally {
      faults.clear();
    }
    const calls = faults.seen.slice(seenBefore);
    expect(calls.filter((c) => /\/reversals$/.test(c.path))).toHaveLength(2);
    // The reversed 1.9M (2M less its fee share) went back to the community's account, under its own key.
    const restore = calls.filter((c) => c.path === '/v1/transfers');
    expect(restore).toHaveLength(1);
    expect(restore[0]!.idempotencyKey).toMatch(/:restore:/);
    expect(new URLSearchParams(restore[0]!.body).get('amount')).toBe('1900000');
    const moves = await stack.db
      .select()
      .from(paymentMovements)
      .where(eq(paymentMovements.paymentId, deal.paymentId));
    expect(
      moves.map((m) => [m.kind, m.status, m.amountMinor]).sort((a, b) => String(a).localeCompare(String(b))),
    ).toEqual(
      [
        ['transfer', 'succeeded', 1_900_000],
        ['transfer', 'succeeded', 2_850_000],
        ['transfer', 'succeeded', 1_900_000],
        ['reversal', 'succeeded', 1_900_000],
        ['reversal', 'failed', 2_850_000],
        ['refund', 'succeeded', 5_000_000],
      ].sort((a, b) => String(a).localeCompare(String(b))),
    );
    const tasks = await stack.db
      .select()
      .from(paymentOpsTasks)
      .where(eq(paymentOpsTasks.paymentId, deal.paymentId));
    const task = tasks.find((t) => t.kind === 'reversal_failed');
    expect(task?.detail).toMatch(/Insufficient funds/);
    expect(task?.detail).toMatch(/was paid back/);
    // The ledger is what happened: the milestone's 5M stays paid out (net of its fee), the rest is refunded.
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -GROSS,
      refunds: GROSS - 5_000_000,
      community_paid_out: 4_750_000,
      platform_fee_revenue: 250_000,
    });
  }, 120_000);
});
