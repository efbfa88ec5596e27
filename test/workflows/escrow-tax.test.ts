import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertLedgerHolds } from '../../src/ledger-verify.js';
import {
  escrowDeal,
  expectLedger,
  paymentWhen,
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

beforeAll(async () => {
  // stripe-mock behind a recording proxy: the PaymentIntent's amount is read from the request we sent.
  stripe = await startStripeFaults(inject('stripe').apiBase);
  stack = await startTestStack({ STRIPE_API_BASE: stripe.url, INVOICE_TAX_RATE_BPS: '1900' });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await stripe?.close();
});

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
});
