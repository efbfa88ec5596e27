/**
 * Money Stripe has not finished moving: refunds Stripe leaves pending (settled by refund.updated /
 * charge.refund.updated webhooks, or stuck past ESCROW_STUCK_AFTER), transfers Stripe never answers (bounded retries,
 * the stuck-money alert, the same idempotency key every attempt), and disputes marking the contract Disputed.
 * Against stripe-mock behind a loopback proxy that changes or loses Stripe's answers, the real dev server and Postgres.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  contractEvents,
  contracts,
  emailOutbox,
  paymentEvents,
  paymentMovements,
  paymentOpsTasks,
  users,
} from '../../src/db/schema/index.js';
import { assertLedgerHolds } from '../../src/ledger-verify.js';
import { escrowWorkflowId } from '../../src/workflows/escrow/escrow.contract.js';
import { createSessionToken, createUser } from '../helpers/fixtures.js';
import {
  chargebackEvent,
  escrowDeal,
  expectLedger,
  pay,
  paymentWhen,
  refundEvent,
  startStripeFaults,
  type TEscrowDeal,
} from '../helpers/escrow.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { postStripeEvent } from '../helpers/stripe.js';

const GROSS = 10_000_000;

let stack: TTestStack;
let faults: Awaited<ReturnType<typeof startStripeFaults>>;
let admin: { token: string; id: string; email: string };
const checked: string[] = [];

beforeAll(async () => {
  faults = await startStripeFaults(inject('stripe').apiBase);
  // A 4 s stuck-money delay so the alerts fire within a test.
  stack = await startTestStack({ STRIPE_API_BASE: faults.url, ESCROW_STUCK_AFTER: '4s' });
  const user = await createUser(stack.db, { isPlatformAdmin: true });
  const [row] = await stack.db.select({ email: users.email }).from(users).where(eq(users.id, user.id));
  admin = { id: user.id, token: await createSessionToken(stack.db, user.id), email: row!.email };
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await faults?.close();
});

// The ledger invariants after every test (balanced, signs, escrow = what the milestones hold).
afterEach(async () => {
  faults.clear();
  for (const id of checked.splice(0)) await expectLedger(stack, id, undefined);
  await assertLedgerHolds(stack.db);
});

const post = (token: string, path: string, body: unknown = {}) =>
  stack.request('POST', `/api/v1${path}`, { token, body });

async function funded(): Promise<TEscrowDeal> {
  const deal = await escrowDeal(stack);
  checked.push(deal.paymentId);
  await pay(stack, deal);
  await paymentWhen(stack, deal.sponsor.token, deal.paymentId, (p) => p.status === 'InEscrow', 'InEscrow');
  return deal;
}

const tasksOf = (paymentId: string) =>
  stack.db.select().from(paymentOpsTasks).where(eq(paymentOpsTasks.paymentId, paymentId));
const refundMoves = (paymentId: string) =>
  stack.db
    .select()
    .from(paymentMovements)
    .where(and(eq(paymentMovements.paymentId, paymentId), eq(paymentMovements.kind, 'refund')));
const contractStatus = async (contractId: string) =>
  (await stack.db.select({ status: contracts.status }).from(contracts).where(eq(contracts.id, contractId)))[0]
    ?.status;
const later = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

describe('escrow: a refund Stripe leaves pending', () => {
  it('shows RefundPending with nothing refunded in the ledger; refund.updated succeeded settles it once', async () => {
    const deal = await funded();
    const refundKey = `escrow:${deal.paymentId}:refund:0`;
    faults.answerWith('POST', /^\/v1\/refunds$/, { status: 'pending' });
    const refunded = await post(admin.token, `/payments/${deal.paymentId}/refund`, {
      reason: 'event cancelled',
    });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    const view = refunded.body.data;
    expect(view.status).toBe('RefundPending');
    expect(view.phase).toBe('InEscrow');
    expect(view.milestones.map((m: { status: string }) => m.status)).toEqual(
      view.milestones.map(() => 'Refunding'),
    );
    expect(view.milestones[0].waitingFor).toMatch(/Stripe to complete the refund/);
    expect(view.refunds).toEqual([
      expect.objectContaining({ amountMinor: GROSS, status: 'pending', failureReason: null }),
    ]);
    // Not money back yet: the ledger still holds it in escrow.
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, escrow: GROSS });
    expect(
      (await refundMoves(deal.paymentId)).map((m) => [m.status, m.amountMinor, m.idempotencyKey]),
    ).toEqual([['pending', GROSS, refundKey]]);
    // The refund carries our ids and its key in its metadata (that is how its webhooks find it).
    const sent = faults.seen.find((r) => r.path === '/v1/refunds' && r.idempotencyKey === refundKey)!;
    expect(decodeURIComponent(sent.body)).toContain(`metadata[refundKey]=${refundKey}`);
    expect(decodeURIComponent(sent.body)).toContain(`metadata[paymentId]=${deal.paymentId}`);

    // Stripe finishes it: the signed webhook settles it; a redelivery and an older pending update change nothing.
    const done = refundEvent(
      deal,
      { refundKey, amountMinor: GROSS, status: 'succeeded' },
      { created: later(2) },
    );
    expect((await postStripeEvent(stack, done)).status).toBe(200);
    const stale = refundEvent(
      deal,
      { refundKey, amountMinor: GROSS, status: 'pending' },
      { created: later(1) },
    );
    const settled = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'Refunded',
      'the refund settled by refund.updated',
    );
    expect((await postStripeEvent(stack, done)).body.data.duplicate).toBe(true);
    expect((await postStripeEvent(stack, stale)).status).toBe(200);
    expect(settled.milestones.every((m: { status: string }) => m.status === 'Refunded')).toBe(true);
    expect(settled.refunds[0]).toMatchObject({ status: 'succeeded', amountMinor: GROSS });
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, refunds: GROSS });
    expect((await refundMoves(deal.paymentId)).map((m) => m.status)).toEqual(['succeeded']);
    const after = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    expect(after.status).toBe('Refunded');
    expect(after.timeline.filter((e: { type: string }) => e.type === 'refund_settled')).toHaveLength(1);
  }, 120_000);

  it('a refund Stripe fails puts the money back in escrow, opens an ops task and emails the admins; a new refund uses a new key', async () => {
    const deal = await funded();
    const refundKey = `escrow:${deal.paymentId}:refund:0`;
    faults.answerWith('POST', /^\/v1\/refunds$/, { status: 'pending' });
    const refunded = await post(admin.token, `/payments/${deal.paymentId}/refund`, { reason: 'duplicate' });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body.data.status).toBe('RefundPending');
    faults.clear();

    const failed = refundEvent(
      deal,
      { refundKey, amountMinor: GROSS, status: 'failed', failureReason: 'expired_or_canceled_card' },
      { type: 'charge.refund.updated' },
    );
    expect((await postStripeEvent(stack, failed)).status).toBe(200);
    const back = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'InEscrow' && p.refunds[0]?.status === 'failed',
      'the failed refund put back into escrow',
    );
    expect(
      back.milestones.every((m: { status: string; refundedMinor: number }) => m.status === 'Funded'),
    ).toBe(true);
    expect(back.milestones.reduce((sum: number, m: { heldMinor: number }) => sum + m.heldMinor, 0)).toBe(
      GROSS,
    );
    expect(back.refunds[0].failureReason).toBe('expired_or_canceled_card');
    expect(back.alert).toMatch(/failed at Stripe \(expired_or_canceled_card\): ops task open/);
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, escrow: GROSS });
    const tasks = await tasksOf(deal.paymentId);
    expect(tasks.map((t) => [t.kind, t.status])).toEqual([['refund_failed', 'open']]);
    const mails = await stack.db.select().from(emailOutbox).where(eq(emailOutbox.to, admin.email));
    expect(mails.some((m) => m.subject.includes(deal.paymentId) && /refund failed/.test(m.subject))).toBe(
      true,
    );

    // Refunded again: Stripe must not answer with the failed refund, so the key is a new one; this time it succeeds.
    const again = await post(admin.token, `/payments/${deal.paymentId}/refund`, { reason: 'duplicate' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.data.status).toBe('Refunded');
    expect((await refundMoves(deal.paymentId)).map((m) => [m.status, m.idempotencyKey])).toEqual([
      ['failed', refundKey],
      ['succeeded', `${refundKey}:after-failed-1`],
    ]);
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, refunds: GROSS });
  }, 120_000);

  it('a refund pending past the stuck delay raises the stuck-money alert (payment, ops task, email, saved view)', async () => {
    const deal = await funded();
    faults.answerWith('POST', /^\/v1\/refunds$/, { status: 'requires_action' });
    const refunded = await post(admin.token, `/payments/${deal.paymentId}/refund`, { reason: 'cancelled' });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body.data.refunds[0].status).toBe('requires_action');
    const stuck = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => /stuck money/.test(p.alert ?? ''),
      'the stuck-money alert of the pending refund',
    );
    expect(stuck.status).toBe('RefundPending');
    expect(stuck.refunds[0]).toMatchObject({ status: 'requires_action', stuck: true });
    expect(stuck.alert).toMatch(/requires_action at Stripe since/);
    expect((await tasksOf(deal.paymentId)).map((t) => t.kind)).toEqual(['stuck_money']);
    const mails = await stack.db.select().from(emailOutbox).where(eq(emailOutbox.to, admin.email));
    expect(mails.some((m) => m.subject.includes(deal.paymentId) && /stuck money/.test(m.subject))).toBe(true);
    const workflowId = escrowWorkflowId(deal.paymentId);
    await waitFor(
      async () => {
        const ids: string[] = [];
        for await (const run of stack.deps.temporal.workflow.list({
          query: `WorkflowType = "escrowWorkflow" AND CommDeskAlert = "stuck_money" AND CommDeskStatus = "RefundPending" AND TaskQueue = "${stack.config.TEMPORAL_TASK_QUEUE}"`,
        }))
          ids.push(run.workflowId);
        return ids.includes(workflowId);
      },
      30_000,
      'the saved view of stuck money',
    );
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, escrow: GROSS });
    // Stripe finishes it after all: refunded, the alert is over.
    const done = refundEvent(deal, {
      refundKey: `escrow:${deal.paymentId}:refund:0`,
      amountMinor: GROSS,
      status: 'succeeded',
    });
    expect((await postStripeEvent(stack, done)).status).toBe(200);
    const settled = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'Refunded',
      'Refunded',
    );
    expect(settled.alert).toBeNull();
    await expectLedger(stack, deal.paymentId, { sponsor_funding: -GROSS, refunds: GROSS });
  }, 120_000);
});

describe('escrow: a transfer Stripe never answers', () => {
  it('is retried with the same key without holding the lock, raises the stuck-money alert, and transfers once', async () => {
    const deal = await funded();
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    const milestoneId = payment.milestones[0].id as string;
    const transfers = () =>
      faults.seen.filter(
        (r) =>
          r.method === 'POST' && r.path === '/v1/transfers' && r.idempotencyKey?.includes(deal.paymentId),
      );
    // Stripe gets every transfer request but its answer never comes back.
    faults.loseAnswer('POST', /^\/v1\/transfers$/);
    expect(
      (
        await post(
          deal.organizer.token,
          `/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
          { note: 'part', amountMinor: 2_000_000 },
        )
      ).status,
    ).toBe(200);
    const approved = await post(
      deal.sponsor.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`,
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);

    // Past the stuck delay: the alert (payment, ops task, saved view) while the milestone stays Releasing.
    const stuck = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => /stuck money/.test(p.alert ?? ''),
      'the stuck-money alert of the unanswered transfer',
      60_000,
    );
    expect(stuck.milestones[0]).toMatchObject({
      status: 'Releasing',
      releasingMinor: 2_000_000,
      releasedMinor: 0,
    });
    expect((await tasksOf(deal.paymentId)).map((t) => t.kind)).toEqual(['stuck_money']);
    await waitFor(
      async () => {
        const ids: string[] = [];
        for await (const run of stack.deps.temporal.workflow.list({
          query: `WorkflowType = "escrowWorkflow" AND CommDeskAlert = "stuck_money" AND CommDeskDealId = "${deal.dealId}" AND TaskQueue = "${stack.config.TEMPORAL_TASK_QUEUE}"`,
        }))
          ids.push(run.workflowId);
        return ids.includes(escrowWorkflowId(deal.paymentId));
      },
      30_000,
      'the saved view of stuck money',
    );
    // It kept trying: recorded as unanswered (each a timeline entry), never given up.
    await waitFor(
      async () => {
        const rows = await stack.db
          .select()
          .from(paymentEvents)
          .where(
            and(eq(paymentEvents.paymentId, deal.paymentId), eq(paymentEvents.type, 'transfer_unanswered')),
          );
        return rows.length >= 2 ? rows : null;
      },
      60_000,
      'two unanswered attempts recorded',
    );
    // Between attempts the lock is free: a person's step is answered at once (here refused by the state).
    const started = Date.now();
    const again = await post(
      deal.sponsor.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/approve`,
    );
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(Date.now() - started).toBeLessThan(20_000);

    // Stripe answers again: the next attempt goes through, once, with the key every attempt carried.
    faults.clear();
    await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.milestones[0].releasedMinor === 2_000_000,
      'the transfer once Stripe answers',
      60_000,
    );
    const keys = transfers().map((r) => r.idempotencyKey);
    expect(keys.length).toBeGreaterThan(2);
    expect(new Set(keys)).toEqual(new Set([`escrow:${deal.paymentId}:transfer:${milestoneId}:1`]));
    const moves = await stack.db
      .select()
      .from(paymentMovements)
      .where(and(eq(paymentMovements.paymentId, deal.paymentId), eq(paymentMovements.kind, 'transfer')));
    expect(moves.map((m) => [m.status, m.amountMinor])).toEqual([['succeeded', 1_900_000]]);
    await expectLedger(stack, deal.paymentId, {
      sponsor_funding: -GROSS,
      escrow: GROSS - 2_000_000,
      community_paid_out: 1_900_000,
      platform_fee_revenue: 100_000,
    });
  }, 180_000);
});

describe('escrow: disputes mark the contract Disputed', () => {
  it("a party's dispute marks it Disputed; the admin's resolution puts it back to Signed", async () => {
    const deal = await funded();
    expect(await contractStatus(deal.contractId)).toBe('Signed');
    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    const milestoneId = payment.milestones[0].id as string;
    const disputed = await post(
      deal.sponsor.token,
      `/payments/${deal.paymentId}/milestones/${milestoneId}/dispute`,
      { reason: 'booth missing' },
    );
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(200);
    expect(await contractStatus(deal.contractId)).toBe('Disputed');
    const contract = await stack.request('GET', `/api/v1/contracts/${deal.contractId}`, {
      token: deal.organizer.token,
    });
    expect(contract.status).toBe(200);
    expect(contract.body.data.status).toBe('Disputed');
    const resolved = await post(admin.token, `/disputes/${disputed.body.data.disputes[0].id}/resolve`, {
      outcome: 'release',
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(await contractStatus(deal.contractId)).toBe('Signed');
    const timeline = await stack.db
      .select()
      .from(contractEvents)
      .where(eq(contractEvents.contractId, deal.contractId));
    expect(
      timeline
        .filter((e) => e.type === 'disputed' || e.type === 'dispute_settled')
        .map((e) => [e.type, e.toStatus]),
    ).toEqual([
      ['disputed', 'Disputed'],
      ['dispute_settled', 'Signed'],
    ]);
    await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.milestones[0].releasedMinor > 0,
      'released',
    );
  }, 120_000);

  it('a chargeback marks it Disputed until Stripe closes it as won; a lost one keeps it Disputed', async () => {
    const won = await funded();
    expect((await postStripeEvent(stack, chargebackEvent(won, 'charge.dispute.created'))).status).toBe(200);
    await waitFor(async () => (await contractStatus(won.contractId)) === 'Disputed', 30_000, 'Disputed');
    const closed = chargebackEvent(won, 'charge.dispute.closed', { status: 'won', created: later(5) });
    expect((await postStripeEvent(stack, closed)).status).toBe(200);
    await waitFor(async () => (await contractStatus(won.contractId)) === 'Signed', 30_000, 'Signed again');
    await paymentWhen(stack, won.sponsor.token, won.paymentId, (p) => p.frozen === false, 'unfrozen');

    const lost = await funded();
    expect((await postStripeEvent(stack, chargebackEvent(lost, 'charge.dispute.created'))).status).toBe(200);
    await waitFor(async () => (await contractStatus(lost.contractId)) === 'Disputed', 30_000, 'Disputed');
    const closedLost = chargebackEvent(lost, 'charge.dispute.closed', { status: 'lost', created: later(5) });
    expect((await postStripeEvent(stack, closedLost)).status).toBe(200);
    await paymentWhen(
      stack,
      lost.sponsor.token,
      lost.paymentId,
      (p) => /lost at Stripe/.test(p.alert ?? ''),
      'lost',
    );
    expect(await contractStatus(lost.contractId)).toBe('Disputed');
  }, 150_000);
});
