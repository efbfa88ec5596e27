import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  auditLog,
  emailOutbox,
  paymentMovements,
  paymentOpsTasks,
  users,
} from '../../src/db/schema/index.js';
import { assertLedgerHolds } from '../../src/ledger-verify.js';
import { contractWorkflowId } from '../../src/workflows/contract/contract.contract.js';
import { captureHistory } from '../helpers/histories.js';
import { createSessionToken, createUser } from '../helpers/fixtures.js';
import {
  ACCOUNT_ID,
  chargebackEvent,
  escrowDeal,
  expectLedger,
  pay,
  paymentWhen,
  startStripeFaults,
  type TEscrowDeal,
} from '../helpers/escrow.js';
import { accountUpdatedEvent, paymentIntentEvent, postStripeEvent } from '../helpers/stripe.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { escrowStateQuery, escrowWorkflowId } from '../../src/workflows/escrow/escrow.contract.js';

const GROSS = 10_000_000;
const FEE = 500_000; // 5 % (PLATFORM_FEE_BPS default)

let stack: TTestStack;
let faults: Awaited<ReturnType<typeof startStripeFaults>>;
let admin: { token: string; id: string };
const checked: string[] = [];

beforeAll(async () => {
  // Stripe is stripe-mock behind a proxy that can refuse a call as Stripe would (a reversal of a spent transfer).
  faults = await startStripeFaults(inject('stripe').apiBase);
  stack = await startTestStack({
    STRIPE_API_BASE: faults.url,
    // Durations in seconds so the real dev server runs the escrow's clock within a test.
    INVOICE_DUE_AFTER: '15s',
    ESCROW_PAYMENT_REMINDERS: '12s,10s',
    ESCROW_REVIEW_WINDOW: '8s',
    ESCROW_SECOND_APPROVAL_ABOVE: '5000000',
    ESCROW_DISPUTE_ANSWER_WINDOW: '6s',
    ESCROW_DISPUTE_RESOLVE_WINDOW: '10s',
    ESCROW_STUCK_AFTER: '4s',
  });
  const user = await createUser(stack.db, { isPlatformAdmin: true });
  admin = { id: user.id, token: await createSessionToken(stack.db, user.id) };
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await faults?.close();
});

// The ledger invariants after every test: M2's verifyLedger over the whole database (balanced transactions, signs,
// funding = gross, escrow = what the milestones hold), and each touched payment's own sums.
afterEach(async () => {
  for (const id of checked.splice(0)) await expectLedger(stack, id, undefined);
  await assertLedgerHolds(stack.db);
});

const track = (deal: TEscrowDeal) => (checked.push(deal.paymentId), deal);
const adminEmail = async () =>
  (await stack.db.select({ email: users.email }).from(users).where(eq(users.id, admin.id)))[0]?.email;
const post = (token: string, path: string, body: unknown = {}) =>
  stack.request('POST', `/api/v1${path}`, { token, body });

async function funded(opts: Parameters<typeof escrowDeal>[1] = {}) {
  const deal = track(await escrowDeal(stack, opts));
  await pay(stack, deal);
  await paymentWhen(stack, deal.sponsor.token, deal.paymentId, (p) => p.status === 'InEscrow', 'InEscrow');
  return deal;
}

describe('escrow: invoice, payment, release', () => {
  it('a signed contract invoices, takes the payment into escrow and releases it to the community', async () => {
    const deal = track(await escrowDeal(stack));
    // The invoice before the payment; the PaymentIntent on the platform account with our ids.
    const created = await post(deal.sponsor.token, '/payments', { dealId: deal.dealId });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const view = created.body.data;
    expect(view).toMatchObject({
      id: deal.paymentId,
      contractId: deal.contractId,
      status: 'AwaitingPayment',
      waitingOn: 'organization',
      amounts: {
        grossMinor: GROSS,
        platformFeeMinor: FEE,
        platformFeeBps: 500,
        netToCommunityMinor: GROSS - FEE,
      },
      links: { invoice: `/api/v1/payments/${deal.paymentId}/invoice`, receipt: null },
    });
    expect(view.clientSecret).toMatch(/^pi_.*_secret_/);
    expect(view.stripe.paymentIntentId).toMatch(/^pi_/);
    expect(new Date(view.paymentDeadline).getTime()).toBeGreaterThan(Date.now());
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'invoiced']);
    // The community's members see the payment, not the sponsor's client secret.
    const community = await stack.request('GET', `/api/v1/payments/${deal.paymentId}`, {
      token: deal.organizer.token,
    });
    expect(community.body.data.clientSecret).toBeNull();
    // Strangers get 404.
    const stranger = await createUser(stack.db);
    const hidden = await stack.request('GET', `/api/v1/payments/${deal.paymentId}`, {
      token: await createSessionToken(stack.db, stranger.id),
    });
    expect(hidden.status).toBe(404);

    await pay(stack, deal);
    const paid = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'InEscrow',
      'InEscrow',
    );
    expect(paid.milestones).toHaveLength(1);
    expect(paid.milestones[0]).toMatchObject({ label: 'Full payment', status: 'Funded', heldMinor: GROSS });
    expect(paid.links.receipt).toBe(`/api/v1/payments/${deal.paymentId}/receipt`);
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, escrow: GROSS });

    const milestoneId = paid.milestones[0].id as string;
    // The sponsor cannot ask for a release; the community cannot approve one.
    expect(
      (
        await post(
          deal.sponsor.token,
          `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
          { note: 'x' },
        )
      ).status,
    ).toBe(403);
    const requested = await post(
      deal.organizer.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      {
        note: 'Logo is live',
        proofUrl: 'https://example.com/proof',
      },
    );
    expect(requested.status, JSON.stringify(requested.body)).toBe(200);
    expect(requested.body.data.milestones[0]).toMatchObject({
      status: 'ReleaseRequested',
      request: { amountMinor: GROSS, proofUrl: 'https://example.com/proof' },
    });
    expect(
      (await post(deal.organizer.token, `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`))
        .status,
    ).toBe(403);

    // Above ESCROW_SECOND_APPROVAL_ABOVE: a second sponsor member approves, not the first one again.
    const first = await post(
      deal.sponsor.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`,
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data.milestones[0].status).toBe('AwaitingSecondApproval');
    const again = await post(
      deal.sponsor.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`,
    );
    expect(again.status).toBe(403);
    expect(again.body.message).toMatch(/second approver/);
    const second = await post(
      deal.manager.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`,
    );
    expect(second.status, JSON.stringify(second.body)).toBe(200);

    const released = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'Released',
      'Released',
    );
    expect(released.milestones[0]).toMatchObject({ status: 'Released', releasedMinor: GROSS, heldMinor: 0 });
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -GROSS,
      community_paid_out: GROSS - FEE,
      platform_fee_revenue: FEE,
    });
    const [transfer] = await stack.db
      .select()
      .from(paymentMovements)
      .where(eq(paymentMovements.paymentId, deal.paymentId));
    expect(transfer).toMatchObject({
      kind: 'transfer',
      amountMinor: GROSS - FEE,
      status: 'succeeded',
      idempotencyKey: `escrow:${deal.paymentId}:transfer:${milestoneId}:1`,
    });
    expect(transfer!.stripeId).toMatch(/^tr_/);
    expect(released.timeline.find((e: any) => e.type === 'transferred').detail.transfer).toMatchObject({
      destination: ACCOUNT_ID,
      netMinor: GROSS - FEE,
    });
    // Audited, and both sides were told.
    const audits = await stack.db.select().from(auditLog).where(eq(auditLog.entityId, deal.paymentId));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'payment.created',
        'payment.invoiced',
        'payment.paid',
        'payment.request_release',
        'payment.approve',
        'payment.transferred',
      ]),
    );
    const mails = await stack.db.select().from(emailOutbox);
    expect(mails.some((m) => m.to === deal.organizer.user.email && m.subject.includes('released'))).toBe(
      true,
    );
    await captureHistory(stack, escrowWorkflowId(deal.paymentId), 'escrow-released');
    await captureHistory(stack, contractWorkflowId(deal.contractId), 'contract-signed-starts-escrow');
  }, 90_000);

  it('releases automatically when the review window passes in silence, and part of a milestone at a time', async () => {
    const deal = await funded();
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    const milestoneId = payment.milestones[0].id as string;
    const part = 4_000_000; // below the second-approval threshold
    const requested = await post(
      deal.organizer.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      {
        note: 'First half delivered',
        amountMinor: part,
      },
    );
    expect(requested.status, JSON.stringify(requested.body)).toBe(200);
    const tooMuch = await post(
      deal.organizer.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      {
        note: 'again',
      },
    );
    expect(tooMuch.status).toBe(409);
    // Nobody answers: the review window (8 s here) releases it.
    const partly = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.milestones[0].releasedMinor === part && p.milestones[0].status === 'Funded',
      'the automatic partial release',
    );
    expect(partly.status).toBe('InEscrow');
    expect(partly.milestones[0].heldMinor).toBe(GROSS - part);
    expect(partly.timeline.map((e: any) => e.type)).toContain('auto_release');
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -GROSS,
      escrow: GROSS - part,
      community_paid_out: part - 200_000,
      platform_fee_revenue: 200_000,
    });
    // The rest, asked for and approved (one approver: below the threshold).
    const rest = await post(
      deal.organizer.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      {
        note: 'The rest',
        amountMinor: 1_000_000,
      },
    );
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(
      (await post(deal.sponsor.token, `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`))
        .status,
    ).toBe(200);
    await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.milestones[0].releasedMinor === part + 1_000_000,
      'the second part',
    );
    const moves = await stack.db
      .select()
      .from(paymentMovements)
      .where(eq(paymentMovements.paymentId, deal.paymentId));
    expect(moves.map((m) => m.idempotencyKey).sort()).toEqual(
      [1, 2].map((n) => `escrow:${deal.paymentId}:transfer:${milestoneId}:${n}`),
    );
  }, 90_000);

  it("a milestone due at the event's end asks for itself then, and the money waits for a payout account", async () => {
    const deal = await funded({
      payoutAccount: false,
      endsInMs: 25_000,
      milestones: [
        { label: 'Deposit', shareBps: 3_000, due: 'on signing' },
        { label: 'Balance', shareBps: 7_000, due: "at the event's end" },
      ],
    });
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    expect(
      payment.milestones.map((m: any) => [m.label, m.amountMinor, m.platformFeeMinor, m.condition.type]),
    ).toEqual([
      ['Deposit', 3_000_000, 150_000, 'request'],
      ['Balance', 7_000_000, 350_000, 'date'],
    ]);
    const deposit = payment.milestones[0].id as string;
    await post(deal.organizer.token, `/payments/${deal.paymentId}/milestones/${deposit}/release-request`, {
      note: 'Deposit',
    });
    expect(
      (await post(deal.sponsor.token, `/payments/${deal.paymentId}/milestones/${deposit}/approve`)).status,
    ).toBe(200);
    const waiting = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'AwaitingPayoutAccount',
      'AwaitingPayoutAccount',
    );
    expect(waiting.milestones[0].waitingFor).toMatch(/payout account/);
    expect(waiting.payoutAccount).toEqual({ connected: false, payoutsEnabled: false });
    // Pending longer than ESCROW_STUCK_AFTER: ops are alerted (task, email, status on the payment).
    const stuck = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.alert !== null,
      'the stuck-money alert',
    );
    expect(stuck.alert).toMatch(/stuck money/);
    const tasks = await stack.db
      .select()
      .from(paymentOpsTasks)
      .where(eq(paymentOpsTasks.paymentId, deal.paymentId));
    expect(tasks.map((t) => t.kind)).toEqual(['stuck_money']);
    // Ops find it with a saved view on the search attributes, and read why in its current details.
    const workflowId = escrowWorkflowId(deal.paymentId);
    await waitFor(
      async () => {
        const ids: string[] = [];
        for await (const run of stack.deps.temporal.workflow.list({
          query: `WorkflowType = "escrowWorkflow" AND CommDeskStatus = "AwaitingPayoutAccount" AND CommDeskWaitingOn = "community" AND CommDeskDealId = "${deal.dealId}" AND TaskQueue = "${stack.config.TEMPORAL_TASK_QUEUE}"`,
        }))
          ids.push(run.workflowId);
        return ids.includes(workflowId);
      },
      30_000,
      'the saved view of escrows waiting for a payout account',
    );
    const metadata = (await stack.deps.temporal.workflow
      .getHandle(workflowId)
      .query('__temporal_workflow_metadata')) as { currentDetails?: string };
    expect(metadata.currentDetails).toMatch(
      /waiting for the community to connect a payout account — \*\*stuck: ops alerted\*\*/,
    );
    expect(metadata.currentDetails).toContain('USD 100,000.00');
    // The community connects its account: account.updated (payouts enabled) lets the transfer go.
    const { insertPayoutAccount } = await import('../../src/db/repositories/stripe-repository.js');
    await insertPayoutAccount(stack.db, {
      communityId: deal.community.id,
      stripeAccountId: ACCOUNT_ID,
      createdBy: null,
      state: {
        payoutsEnabled: false,
        chargesEnabled: false,
        detailsSubmitted: false,
        requirements: {},
        country: 'US',
        defaultCurrency: 'usd',
      },
    });
    const res = await postStripeEvent(
      stack,
      accountUpdatedEvent({ communityId: deal.community.id, accountId: ACCOUNT_ID, payoutsEnabled: true }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.milestones[0].status === 'Released',
      'the deposit transferred',
    );
    // The balance asks for itself at the event's end and is released when the review window passes.
    const done = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'Released',
      'the balance released after the event',
      120_000,
    );
    expect(done.timeline.map((e: any) => e.type)).toEqual(
      expect.arrayContaining(['date_due', 'auto_release']),
    );
  }, 180_000);
});

describe('escrow: refunds', () => {
  it('refunds money still in escrow (platform admin); the sponsor may not while the contract stands', async () => {
    const deal = await funded();
    const bySponsor = await post(deal.sponsor.token, `/payments/${deal.paymentId}/refund`, {
      reason: 'changed my mind',
    });
    expect(bySponsor.status).toBe(403);
    expect(bySponsor.body.message).toMatch(/contract was cancelled/);
    const refunded = await post(admin.token, `/payments/${deal.paymentId}/refund`, {
      reason: 'event cancelled',
    });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body.data.status).toBe('Refunded');
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, refunds: GROSS });
    const [refund] = await stack.db
      .select()
      .from(paymentMovements)
      .where(and(eq(paymentMovements.paymentId, deal.paymentId), eq(paymentMovements.kind, 'refund')));
    expect(refund).toMatchObject({ amountMinor: GROSS, status: 'succeeded' });
    expect(refund!.stripeId).toMatch(/^re_/);
  }, 90_000);

  it('after a transfer, reverses it first and refunds the whole payment', async () => {
    const deal = await funded();
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    const milestoneId = payment.milestones[0].id as string;
    await post(
      deal.organizer.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      { note: 'part', amountMinor: 2_000_000 },
    );
    await post(deal.sponsor.token, `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`);
    await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.milestones[0].releasedMinor === 2_000_000,
      'the partial transfer',
    );
    const refunded = await post(admin.token, `/payments/${deal.paymentId}/refund`, { reason: 'fraud' });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body.data.status).toBe('Refunded');
    const moves = await stack.db
      .select()
      .from(paymentMovements)
      .where(eq(paymentMovements.paymentId, deal.paymentId));
    expect(moves.map((m) => [m.kind, m.amountMinor, m.status]).sort()).toEqual([
      ['refund', GROSS, 'succeeded'],
      ['reversal', 1_900_000, 'succeeded'],
      ['transfer', 1_900_000, 'succeeded'],
    ]);
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, refunds: GROSS });
  }, 90_000);
  it('a reversal Stripe refuses keeps the milestone released, refunds the rest and opens an ops task', async () => {
    const deal = await funded();
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    const milestoneId = payment.milestones[0].id as string;
    await post(
      deal.organizer.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      {
        note: 'part',
        amountMinor: 2_000_000,
      },
    );
    await post(deal.sponsor.token, `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`);
    await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.milestones[0].releasedMinor === 2_000_000,
      'the partial transfer',
    );
    faults.refuse(
      'POST',
      /^\/v1\/transfers\/[^/]+\/reversals$/,
      'Insufficient funds in the connected account',
    );
    try {
      const refunded = await post(admin.token, `/payments/${deal.paymentId}/refund`, { reason: 'fraud' });
      expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
      const view = refunded.body.data;
      // Not silently: the money that went out stays recorded as released, ops have a task and an email.
      expect(view.status).toBe('Settled');
      expect(view.alert).toMatch(/reversal failed/);
      expect(view.milestones[0]).toMatchObject({ releasedMinor: 2_000_000, status: 'Released' });
    } finally {
      faults.clear();
    }
    const [task] = await stack.db
      .select()
      .from(paymentOpsTasks)
      .where(eq(paymentOpsTasks.paymentId, deal.paymentId));
    expect(task).toMatchObject({ kind: 'reversal_failed', status: 'open' });
    expect(task!.detail).toMatch(/Insufficient funds/);
    await captureHistory(stack, escrowWorkflowId(deal.paymentId), 'escrow-refund-reversal-refused');
    const mails = await stack.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, (await adminEmail())!));
    expect(mails.some((m) => m.subject.includes('reversal failed'))).toBe(true);
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -GROSS,
      refunds: GROSS - 2_000_000,
      community_paid_out: 1_900_000,
      platform_fee_revenue: 100_000,
    });
  }, 90_000);

  it('lets the sponsor refund before any release once the contract was cancelled', async () => {
    const deal = await funded();
    // Both parties agree to cancel the signed contract (the template's cancellation by written agreement).
    const proposed = await post(deal.organizer.token, `/contracts/${deal.contractId}/cancellation`, {
      reason: 'the event was called off',
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const confirmed = await post(deal.sponsor.token, `/contracts/${deal.contractId}/cancellation/confirm`);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.data).toMatchObject({ status: 'Confirmed', contractStatus: 'Cancelled' });
    const byCommunity = await post(deal.organizer.token, `/payments/${deal.paymentId}/refund`, {
      reason: 'x',
    });
    expect(byCommunity.status).toBe(403);
    const refunded = await post(deal.sponsor.token, `/payments/${deal.paymentId}/refund`, {
      reason: 'the sponsorship was called off',
    });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body.data.status).toBe('Refunded');
    const [audit] = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, deal.paymentId), eq(auditLog.action, 'payment.refund')));
    expect(audit).toMatchObject({ actorUserId: deal.sponsor.user.id });
    expect(JSON.stringify(audit!.after)).toContain('the sponsorship was called off');
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, refunds: GROSS });
  }, 90_000);
});

describe('escrow: disputes', () => {
  it('the sponsor disputes a release, the community answers, an admin splits it', async () => {
    const deal = await funded();
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    const milestoneId = payment.milestones[0].id as string;
    await post(
      deal.organizer.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      { note: 'all done' },
    );
    const disputed = await post(
      deal.sponsor.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/dispute`,
      { reason: 'booth missing' },
    );
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(200);
    expect(disputed.body.data.status).toBe('Disputed');
    const dispute = disputed.body.data.disputes[0];
    expect(dispute).toMatchObject({ filedBy: 'organization', reason: 'booth missing', answer: null });
    // The sponsor does not answer its own dispute; the community does.
    expect(
      (await post(deal.sponsor.token, `/disputes/${dispute.id}/answer`, { statement: 'x' })).status,
    ).toBe(403);
    const answered = await post(deal.organizer.token, `/disputes/${dispute.id}/answer`, {
      statement: 'booth was there',
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    // Only a platform admin resolves; a split names the community's part.
    expect(
      (await post(deal.sponsor.token, `/disputes/${dispute.id}/resolve`, { outcome: 'refund' })).status,
    ).toBe(403);
    expect((await post(admin.token, `/disputes/${dispute.id}/resolve`, { outcome: 'split' })).status).toBe(
      422,
    );
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
    expect(settled.milestones[0]).toMatchObject({ releasedMinor: 6_000_000, refundedMinor: 4_000_000 });
    await captureHistory(stack, escrowWorkflowId(deal.paymentId), 'escrow-dispute-split');
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -GROSS,
      refunds: 4_000_000,
      community_paid_out: 6_000_000 - 300_000,
      platform_fee_revenue: 300_000,
    });
  }, 90_000);

  it("refuses a dispute filed more than the window after the event's end", async () => {
    const deal = await funded({ endsInMs: -8 * 86_400_000 });
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    const late = await post(
      deal.sponsor.token,
      `/payments/${deal.paymentId}/milestones/${payment.milestones[0].id}/dispute`,
      { reason: 'too late' },
    );
    expect(late.status).toBe(422);
    expect(late.body.message).toMatch(/within 7 day\(s\) of the event's end/);
  }, 90_000);

  it('records a missed answer and alerts ops when a dispute passes its deadlines', async () => {
    const deal = await funded();
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    const milestoneId = payment.milestones[0].id as string;
    const disputed = await post(
      deal.organizer.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/dispute`,
      { reason: 'sponsor asked for extra work' },
    );
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(200);
    const missed = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.disputes[0].answerMissed,
      'the missed answer',
    );
    const late = await post(deal.sponsor.token, `/disputes/${missed.disputes[0].id}/answer`, {
      statement: 'late',
    });
    expect(late.status).toBe(422);
    await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.alert !== null,
      'the overdue alert',
    );
    const tasks = await stack.db
      .select()
      .from(paymentOpsTasks)
      .where(eq(paymentOpsTasks.paymentId, deal.paymentId));
    // Ops heard of it when it was filed, when its answer was missed and when it passed its resolution deadline.
    expect(tasks.map((t) => t.kind).sort()).toEqual([
      'dispute_answer_missed',
      'dispute_open',
      'dispute_overdue',
    ]);
    // Resolved after all: refund. Nothing is left for ops, so the alert is cleared.
    const resolved = await post(admin.token, `/disputes/${missed.disputes[0].id}/resolve`, {
      outcome: 'refund',
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body.data.alert).toBeNull();
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, refunds: GROSS });
  }, 60_000);
});

describe('escrow: Stripe events', () => {
  it('a chargeback freezes every release until it is closed', async () => {
    const deal = await funded();
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    const milestoneId = payment.milestones[0].id as string;
    await post(
      deal.organizer.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      { note: 'n', amountMinor: 1_000_000 },
    );
    expect((await postStripeEvent(stack, chargebackEvent(deal, 'charge.dispute.created'))).status).toBe(200);
    await paymentWhen(stack, deal.sponsor.token, deal.paymentId, (p) => p.status === 'Frozen', 'Frozen');
    expect(
      (await post(deal.sponsor.token, `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`))
        .status,
    ).toBe(200);
    // Held: no transfer while frozen.
    await new Promise((r) => setTimeout(r, 2_000));
    const frozen = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    expect(frozen.milestones[0]).toMatchObject({ status: 'Releasing', releasedMinor: 0 });
    expect(frozen.milestones[0].waitingFor).toMatch(/chargeback/);
    expect(
      await stack.db.select().from(paymentMovements).where(eq(paymentMovements.paymentId, deal.paymentId)),
    ).toEqual([]);
    expect(
      (
        await postStripeEvent(
          stack,
          chargebackEvent(deal, 'charge.dispute.closed', { created: Math.floor(Date.now() / 1000) + 1 }),
        )
      ).status,
    ).toBe(200);
    await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.milestones[0].releasedMinor === 1_000_000,
      'the transfer after the chargeback closed',
    );
  }, 90_000);

  it('ignores duplicated and reordered events', async () => {
    const deal = track(await escrowDeal(stack));
    const now = Math.floor(Date.now() / 1000);
    const succeeded = await pay(stack, deal, { created: now });
    // The same event again (Stripe retries), and an older failure arriving after the success.
    await postStripeEvent(stack, succeeded);
    const failed = paymentIntentEvent(
      'payment_intent.payment_failed',
      { paymentId: deal.paymentId, amountMinor: GROSS, failureMessage: 'card declined' },
      { created: now - 5 },
    );
    expect((await postStripeEvent(stack, failed)).status).toBe(200);
    // A chargeback's close arriving before its creation: the older creation changes nothing.
    await postStripeEvent(stack, chargebackEvent(deal, 'charge.dispute.closed', { created: now + 10 }));
    await postStripeEvent(stack, chargebackEvent(deal, 'charge.dispute.created', { created: now + 5 }));
    // A forged event (bad signature) is refused and changes nothing.
    const forged = await postStripeEvent(
      stack,
      chargebackEvent(deal, 'charge.dispute.created', { created: now + 20 }),
      { secret: 'whsec_forged' },
    );
    expect(forged.status).toBe(400);
    // The workflow took all four events in (duplicates never reach it: the webhook route stores each event once).
    const handle = stack.deps.temporal.workflow.getHandle(escrowWorkflowId(deal.paymentId));
    await waitFor(
      async () => (await handle.query(escrowStateQuery)).state.seenEvents.length >= 4,
      20_000,
      'the events applied',
    );
    const view = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    expect(view.status).toBe('InEscrow');
    expect(view.frozen).toBe(false);
    expect(view.failureReason).toBeNull();
    expect(view.timeline.filter((e: any) => e.type === 'paid')).toHaveLength(1);
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, escrow: GROSS });
  }, 90_000);

  it('fails with the reason when the deadline passes without a payment, after reminding the sponsor', async () => {
    const deal = track(await escrowDeal(stack));
    const failed = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'Failed',
      'Failed',
      40_000,
    );
    expect(failed.failureReason).toMatch(/deadline .* passed without a payment/);
    await captureHistory(stack, escrowWorkflowId(deal.paymentId), 'escrow-expired');
    expect(failed.clientSecret).toBeNull();
    expect(failed.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['reminder', 'expire']));
    const reminders = await stack.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, deal.sponsor.user.email));
    expect(reminders.some((m) => m.subject.startsWith('Reminder: sponsorship payment due'))).toBe(true);
    await expectLedger(stack, deal.paymentId, {});
  }, 60_000);
});
