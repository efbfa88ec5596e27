import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { contracts, contractTemplateOverrides } from '../../src/db/schema/index.js';
import { assertLedgerHolds } from '../../src/ledger-verify.js';
import { createSessionToken, createUser } from '../helpers/fixtures.js';
import { escrowDeal, expectLedger, pay, paymentWhen } from '../helpers/escrow.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

const GROSS = 10_000_000;
const FEE = 500_000; // 5 % (PLATFORM_FEE_BPS default)

let stack: TTestStack;
let admin: { token: string; id: string };

beforeAll(async () => {
  stack = await startTestStack({
    STRIPE_API_BASE: inject('stripe').apiBase,
    ESCROW_REVIEW_WINDOW: '1h',
    ESCROW_DISPUTE_ANSWER_WINDOW: '1h',
    ESCROW_DISPUTE_RESOLVE_WINDOW: '1h',
  });
  const user = await createUser(stack.db, { isPlatformAdmin: true });
  admin = { id: user.id, token: await createSessionToken(stack.db, user.id) };
}, 120_000);

afterAll(async () => {
  await stack?.close();
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
