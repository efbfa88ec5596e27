import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertLedgerHolds } from '../../src/ledger-verify.js';
import { createSessionToken, createUser } from '../helpers/fixtures.js';
import {
  escrowDeal,
  expectLedger,
  paymentWhen,
  refundEvent,
  startStripeFaults,
  type TEscrowDeal,
} from '../helpers/escrow.js';
import { waitFor } from '../helpers/receiver.js';
import { paymentIntentEvent, postStripeEvent } from '../helpers/stripe.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

/**
 * Tax charged end to end (INVOICE_TAX_RATE_BPS 19 %): the invoice adds it to the subtotal, the PaymentIntent asks
 * Stripe for the total, a payment of the total is escrowed with the tax in tax_payable (a payment of the gross alone is
 * a mismatch, held for ops), the receipt says paid in full, and the release pays the community its share of the gross;
 * the ledger balances with the tax owed to the tax authority.
 */

const GROSS = 10_000_000;
const TAX = 1_900_000; // 19 % of the gross, exact
const FEE = 500_000; // 5 % (PLATFORM_FEE_BPS default), on the gross only

let stack: TTestStack;
let stripe: Awaited<ReturnType<typeof startStripeFaults>>;
let admin: { token: string; id: string };

beforeAll(async () => {
  // stripe-mock behind a recording proxy: the PaymentIntent's amount is read from the request we sent.
  stripe = await startStripeFaults(inject('stripe').apiBase);
  stack = await startTestStack({ STRIPE_API_BASE: stripe.url, INVOICE_TAX_RATE_BPS: '1900' });
  const user = await createUser(stack.db, { isPlatformAdmin: true });
  admin = { id: user.id, token: await createSessionToken(stack.db, user.id) };
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await stripe?.close();
});

/** The amounts of the refunds we asked Stripe for on this payment (read from the requests the proxy saw). */
const refundAmounts = (paymentId: string) =>
  stripe.seen
    .filter((r) => r.method === 'POST' && r.path === '/v1/refunds' && r.body.includes(paymentId))
    .map((r) => Number(new URLSearchParams(r.body).get('amount')));

const post = (token: string, path: string, body: unknown = {}) =>
  stack.request('POST', `/api/v1${path}`, { token, body });

/** A taxed deal paid in full (gross + tax) and in escrow. */
async function paidInFull() {
  const deal = await escrowDeal(stack);
  expect((await paidBy(deal, GROSS + TAX)).status).toBe(200);
  const paid = await paymentWhen(
    stack,
    deal.sponsor.token,
    deal.paymentId,
    (p) => p.status === 'InEscrow',
    'InEscrow',
  );
  return { deal, milestoneId: paid.milestones[0].id as string };
}

const paidBy = (deal: TEscrowDeal, amountMinor: number) =>
  postStripeEvent(
    stack,
    paymentIntentEvent('payment_intent.succeeded', {
      paymentId: deal.paymentId,
      dealId: deal.dealId,
      contractId: deal.contractId,
      amountMinor,
      paymentIntentId: deal.payment.stripePaymentIntentId!,
    }),
  );

describe('escrow with tax', () => {
  it('invoices and charges gross + tax, escrows the gross, owes the tax, releases the net; ledger balanced', async () => {
    const deal = await escrowDeal(stack);
    const json = await stack.request('GET', `/api/v1/payments/${deal.paymentId}/invoice?format=json`, {
      token: deal.sponsor.token,
    });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      subtotalMinor: GROSS,
      tax: { rateBps: 1_900, amountMinor: TAX, note: 'Tax at 19 % of the subtotal.' },
      totalMinor: GROSS + TAX,
      amountDueMinor: GROSS + TAX,
      platformFee: { amountMinor: FEE, netToCommunityMinor: GROSS - FEE },
    });
    const pdf = await stack.request('GET', `/api/v1/payments/${deal.paymentId}/invoice`, {
      token: deal.sponsor.token,
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/application\/pdf/);

    // The PaymentIntent asked Stripe for the invoice's total, keyed by our workflow.
    const created = stripe.seen.filter(
      (r) => r.method === 'POST' && r.path === '/v1/payment_intents' && r.body.includes(deal.paymentId),
    );
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of created) expect(new URLSearchParams(r.body).get('amount')).toBe(String(GROSS + TAX));

    const view = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    expect(view.amounts).toMatchObject({
      grossMinor: GROSS,
      taxMinor: TAX,
      totalMinor: GROSS + TAX,
      platformFeeMinor: FEE,
      netToCommunityMinor: GROSS - FEE,
    });

    expect((await paidBy(deal, GROSS + TAX)).status).toBe(200);
    const paid = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'InEscrow',
      'InEscrow',
    );
    expect(paid.milestones[0]).toMatchObject({ heldMinor: GROSS });
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -(GROSS + TAX),
      escrow: GROSS,
      tax_payable: TAX,
    });
    // The receipt is issued right after the payment is recorded.
    const receipt = await waitFor(
      async () => {
        const res = await stack.request('GET', `/api/v1/payments/${deal.paymentId}/receipt?format=json`, {
          token: deal.sponsor.token,
        });
        return res.status === 200 ? res : null;
      },
      30_000,
      'the receipt',
    );
    expect(receipt.body).toMatchObject({ amountPaidMinor: GROSS + TAX, taxMinor: TAX });
    expect(receipt.body.note).toMatch(/^Paid in full/);

    const milestoneId = paid.milestones[0].id as string;
    const path = `/api/v1/payments/${deal.paymentId}/milestones/${milestoneId}`;
    const asked = await stack.request('POST', `${path}/release-request`, {
      token: deal.organizer.token,
      body: { note: 'Logo is live' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const approved = await stack.request('POST', `${path}/approve`, { token: deal.sponsor.token, body: {} });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const released = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'Released',
      'Released',
    );
    expect(released.timeline.find((e: any) => e.type === 'transferred').detail.transfer).toMatchObject({
      netMinor: GROSS - FEE,
    });
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -(GROSS + TAX),
      community_paid_out: GROSS - FEE,
      platform_fee_revenue: FEE,
      tax_payable: TAX,
    });
    await assertLedgerHolds(stack.db);
  }, 120_000);

  it('a payment of the gross without the tax is not the invoice: held for ops, nothing escrowed', async () => {
    const deal = await escrowDeal(stack);
    expect((await paidBy(deal, GROSS)).status).toBe(200);
    const held = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.frozen === true && /Stripe reports/.test(p.alert ?? ''),
      'the mismatch held',
    );
    expect(held.alert).toContain(`the invoice is ${GROSS + TAX} USD`);
    expect(held.ledger).toEqual([]);
    await assertLedgerHolds(stack.db);
  }, 90_000);

  it('an admin refund of the whole payment gives the sponsor the gross and all of the tax back', async () => {
    const { deal } = await paidInFull();
    const refunded = await post(admin.token, `/payments/${deal.paymentId}/refund`, {
      reason: 'event cancelled',
    });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body.data.status).toBe('Refunded');
    // Stripe was asked for the total the sponsor paid: the escrowed gross plus the tax on it.
    expect(refundAmounts(deal.paymentId)).toEqual([GROSS + TAX]);
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -(GROSS + TAX),
      refunds: GROSS + TAX,
      tax_payable: 0,
    });
    const view = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    expect(view.amounts).toMatchObject({ taxMinor: TAX, taxRefundedMinor: TAX, totalMinor: GROSS + TAX });
    await assertLedgerHolds(stack.db);
  }, 120_000);

  it('a dispute split refunds part of the gross with its share of the tax; the rest of the tax stays owed', async () => {
    const { deal, milestoneId } = await paidInFull();
    const path = `/payments/${deal.paymentId}/milestones/${milestoneId}`;
    const asked = await post(deal.organizer.token, `${path}/release-request`, { note: 'all done' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const disputed = await post(deal.sponsor.token, `${path}/dispute`, { reason: 'booth missing' });
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(200);
    const dispute = disputed.body.data.disputes[0];
    const answered = await post(deal.organizer.token, `/disputes/${dispute.id}/answer`, {
      statement: 'booth was there',
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const resolved = await post(admin.token, `/disputes/${dispute.id}/resolve`, {
      outcome: 'split',
      splitMinor: 6_000_000,
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const settled = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'Settled',
      'Settled',
    );
    // 4 000 000 of the 10 000 000 gross refunded: its tax is 1 900 000 x 4 / 10 = 760 000.
    expect(settled.milestones[0]).toMatchObject({ releasedMinor: 6_000_000, refundedMinor: 4_000_000 });
    expect(refundAmounts(deal.paymentId)).toEqual([4_000_000 + 760_000]);
    expect(settled.amounts).toMatchObject({ taxMinor: TAX, taxRefundedMinor: 760_000 });
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -(GROSS + TAX),
      refunds: 4_760_000,
      tax_payable: TAX - 760_000,
      community_paid_out: 6_000_000 - 300_000,
      platform_fee_revenue: 300_000,
    });
    await assertLedgerHolds(stack.db);
  }, 120_000);

  it('a refund Stripe leaves pending posts its tax only when it succeeds', async () => {
    const { deal } = await paidInFull();
    stripe.answerWith('POST', /^\/v1\/refunds$/, { status: 'pending' });
    try {
      const refunded = await post(admin.token, `/payments/${deal.paymentId}/refund`, { reason: 'fraud' });
      expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
      expect(refunded.body.data.status).toBe('RefundPending');
    } finally {
      stripe.clear();
    }
    expect(refundAmounts(deal.paymentId)).toEqual([GROSS + TAX]);
    // Not money back yet: escrow and the tax owed are untouched, and no tax is shown as refunded.
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -(GROSS + TAX),
      escrow: GROSS,
      tax_payable: TAX,
    });
    const pending = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    expect(pending.amounts.taxRefundedMinor).toBe(0);
    const done = refundEvent(
      deal,
      { refundKey: `escrow:${deal.paymentId}:refund:0`, amountMinor: GROSS + TAX, status: 'succeeded' },
      { created: Math.floor(Date.now() / 1000) + 2 },
    );
    expect((await postStripeEvent(stack, done)).status).toBe(200);
    const settled = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'Refunded',
      'the refund settled by refund.updated',
    );
    expect(settled.amounts.taxRefundedMinor).toBe(TAX);
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -(GROSS + TAX),
      refunds: GROSS + TAX,
      tax_payable: 0,
    });
    await assertLedgerHolds(stack.db);
  }, 120_000);
});
