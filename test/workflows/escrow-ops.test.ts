/**
 * Ops around the escrow, against stripe-mock, the Temporal dev server and Postgres: late Stripe events after the escrow
 * ended, the platform admins' queues (ops tasks, disputes), the payment's alert clearing, the processor fee read from
 * the charge's balance transaction, and a declined card that leaves the payment payable.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditLog, emailOutbox, paymentOpsTasks, stripeEvents } from '../../src/db/schema/index.js';
import { assertLedgerHolds } from '../../src/ledger-verify.js';
import { escrowWorkflowId } from '../../src/workflows/escrow/escrow.contract.js';
import { createSessionToken, createUser } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/receiver.js';
import {
  chargebackEvent,
  escrowDeal,
  expectLedger,
  pay,
  paymentWhen,
  startStripeFaults,
  type TEscrowDeal,
} from '../helpers/escrow.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { paymentIntentEvent, postStripeEvent } from '../helpers/stripe.js';

const GROSS = 10_000_000;
/** What real Stripe reports on the charge's balance transaction (stripe-mock's fixture says 0). */
const STRIPE_FEE = 29_030;
const ONE_MILESTONE = [{ label: 'All', shareBps: 10_000, due: 'on signing' }];

let stack: TTestStack;
let feeProxy: { url: string; close: () => Promise<void> };
let faults: Awaited<ReturnType<typeof startStripeFaults>>;
let admin: { token: string; id: string; email: string };
const checked: string[] = [];

/**
 * A loopback proxy in front of stripe-mock answering a charge retrieved with its balance transaction the way Stripe
 * does for a real card payment: with the processor's fee on it (stripe-mock's fixture has fee 0).
 */
async function startFeeProxy(targetBase: string) {
  const target = new URL(targetBase);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (up) => {
          const body: Buffer[] = [];
          up.on('data', (c: Buffer) => body.push(c));
          up.on('end', () => {
            let text = Buffer.concat(body).toString();
            if (req.method === 'GET' && /^\/v1\/charges\//.test(req.url ?? '') && up.statusCode === 200) {
              const charge = JSON.parse(text);
              if (charge.balance_transaction && typeof charge.balance_transaction === 'object')
                charge.balance_transaction = { ...charge.balance_transaction, fee: STRIPE_FEE };
              text = JSON.stringify(charge);
            }
            const headers = { ...up.headers };
            delete headers['content-length'];
            delete headers['transfer-encoding'];
            res.writeHead(up.statusCode ?? 502, headers);
            res.end(text);
          });
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

beforeAll(async () => {
  feeProxy = await startFeeProxy(inject('stripe').apiBase);
  faults = await startStripeFaults(feeProxy.url);
  stack = await startTestStack({
    STRIPE_API_BASE: faults.url,
    // The escrow ends 3 s after it settles (instead of 7 days), so a late event finds it closed.
    ESCROW_DISPUTE_FILE_WINDOW: '3s',
    ESCROW_DISPUTE_ANSWER_WINDOW: '2s',
    ESCROW_STUCK_AFTER: '4s',
  });
  const user = await createUser(stack.db, { isPlatformAdmin: true });
  admin = { id: user.id, email: user.email, token: await createSessionToken(stack.db, user.id) };
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await faults?.close();
  await feeProxy?.close();
});

afterEach(async () => {
  faults.clear();
  for (const id of checked.splice(0)) await expectLedger(stack, id, undefined);
  await assertLedgerHolds(stack.db);
});

const post = (token: string, path: string, body: unknown = {}) =>
  stack.request('POST', `/api/v1${path}`, { token, body });
const get = (token: string, path: string) => stack.request('GET', `/api/v1${path}`, { token });

async function deal(): Promise<TEscrowDeal> {
  const d = await escrowDeal(stack, { milestones: ONE_MILESTONE });
  checked.push(d.paymentId);
  return d;
}

const tasksOf = (paymentId: string) =>
  stack.db.select().from(paymentOpsTasks).where(eq(paymentOpsTasks.paymentId, paymentId));
const adminMails = async (paymentId: string) =>
  (await stack.db.select().from(emailOutbox).where(eq(emailOutbox.to, admin.email))).filter((m) =>
    m.subject.includes(paymentId),
  );

async function workflowEnded(paymentId: string) {
  const handle = stack.deps.temporal.workflow.getHandle(escrowWorkflowId(paymentId));
  await waitFor(
    async () => (await handle.describe()).status.name === 'COMPLETED',
    30_000,
    'the escrow workflow to end after its window',
  );
}

async function releaseAll(d: TEscrowDeal) {
  const view = await paymentWhen(
    stack,
    d.sponsor.token,
    d.paymentId,
    (p) => p.status === 'InEscrow',
    'InEscrow',
  );
  const milestoneId = view.milestones[0].id;
  const asked = await post(
    d.organizer.token,
    `/payments/${d.paymentId}/milestones/${milestoneId}/release-request`,
    {
      note: 'done',
    },
  );
  expect(asked.status, JSON.stringify(asked.body)).toBe(200);
  const approved = await post(d.sponsor.token, `/payments/${d.paymentId}/milestones/${milestoneId}/approve`);
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return milestoneId;
}

describe('a declined card and the processor fee', () => {
  it('stays payable after a declined attempt (last failure shown, client secret kept), then takes the payment with the fee Stripe charged', async () => {
    const d = await deal();
    const declined = paymentIntentEvent('payment_intent.payment_failed', {
      paymentId: d.paymentId,
      amountMinor: GROSS,
      paymentIntentId: d.payment.stripePaymentIntentId!,
      failureMessage: 'Your card was declined.',
    });
    expect((await postStripeEvent(stack, declined)).status).toBe(200);
    const after = await paymentWhen(
      stack,
      d.sponsor.token,
      d.paymentId,
      (p) => p.timeline.some((e: { type: string }) => e.type === 'payment_failed'),
      'the declined attempt recorded',
    );
    expect(after.status).toBe('AwaitingPayment');
    expect(after.phase).toBe('AwaitingPayment');
    expect(after.failureReason).toMatch(/last payment attempt failed at Stripe: Your card was declined\./);
    expect(after.clientSecret).toBe(d.payment.stripeClientSecret);
    expect(after.clientSecret).toBeTruthy();
    const mails = await stack.db.select().from(emailOutbox).where(eq(emailOutbox.to, d.sponsor.user.email));
    expect(mails.some((m) => m.subject === 'A payment attempt was declined')).toBe(true);
    expect(mails.some((m) => m.subject === 'The sponsorship payment failed')).toBe(false);

    // Another card works: the payment is taken into escrow with the processor's fee from the balance transaction.
    await pay(stack, d);
    const paid = await paymentWhen(
      stack,
      d.sponsor.token,
      d.paymentId,
      (p) => p.status === 'InEscrow',
      'InEscrow',
    );
    expect(paid.failureReason).toBeNull();
    expect(paid.amounts.processorFeeMinor).toBe(STRIPE_FEE);
    const feeEntries = paid.ledger.filter((l: { kind: string }) => l.kind === 'processor_fee');
    expect(
      feeEntries.map((l: { account: string; amountMinor: number }) => [l.account, l.amountMinor]),
    ).toEqual(
      expect.arrayContaining([
        ['processor_fees', STRIPE_FEE],
        ['platform_fee_revenue', -STRIPE_FEE],
      ]),
    );
    await expectLedger(stack, d.paymentId, {
      sponsor_funding: -GROSS,
      escrow: GROSS,
      processor_fees: STRIPE_FEE,
      platform_fee_revenue: -STRIPE_FEE,
    });
  }, 120_000);
});

describe('late Stripe events and the ops queue', () => {
  it('a chargeback after the escrow ended reaches it (frozen, ops task with the evidence due date, admins emailed); the admin closes the task; a refund after it ended works', async () => {
    const d = await deal();
    await pay(stack, d);
    await releaseAll(d);
    await paymentWhen(stack, d.sponsor.token, d.paymentId, (p) => p.status === 'Released', 'Released');
    await workflowEnded(d.paymentId);

    const dueBy = Math.floor(Date.now() / 1000) + 7 * 86_400;
    const created = chargebackEvent(d, 'charge.dispute.created');
    (created.data.object as Record<string, unknown>).evidence_details = { due_by: dueBy };
    const res = await postStripeEvent(stack, created);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ delivery: 'signalled' });
    const frozen = await paymentWhen(
      stack,
      d.sponsor.token,
      d.paymentId,
      (p) => p.status === 'Frozen',
      'Frozen',
    );
    expect(frozen.frozenReason).toMatch(/chargeback dp_test_commdesk/);
    expect(frozen.waitingOn).toBe('platform_admin');
    const [stored] = await stack.db.select().from(stripeEvents).where(eq(stripeEvents.id, created.id));
    expect(stored!.delivery).toBe('signalled');
    const [task] = (await tasksOf(d.paymentId)).filter((t) => t.kind === 'chargeback_open');
    expect(task).toMatchObject({ status: 'open' });
    expect(task!.dueAt!.getTime()).toBe(dueBy * 1000);
    expect((await adminMails(d.paymentId)).some((m) => /chargeback open/.test(m.subject))).toBe(true);

    // The ops queue: admins only; filtered by status and kind.
    expect((await get(d.sponsor.token, '/ops/tasks?status=open')).status).toBe(403);
    const listed = await get(admin.token, '/ops/tasks?status=open&kind=chargeback_open&limit=100');
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const item = listed.body.data.find((t: { id: string }) => t.id === task!.id);
    expect(item).toMatchObject({
      paymentId: d.paymentId,
      kind: 'chargeback_open',
      status: 'open',
      dueAt: new Date(dueBy * 1000).toISOString(),
      resolution: null,
    });
    expect(
      listed.body.data.every(
        (t: { kind: string; status: string }) => t.kind === 'chargeback_open' && t.status === 'open',
      ),
    ).toBe(true);
    expect((await get(admin.token, '/ops/tasks?kind=nonsense')).status).toBe(400);

    // Closing it: audited once, a repeat answers the closed task with its first resolution.
    expect((await post(d.sponsor.token, `/ops/tasks/${task!.id}/close`, { resolution: 'x' })).status).toBe(
      403,
    );
    expect((await post(admin.token, `/ops/tasks/${task!.id}/close`, {})).status).toBe(400);
    const closed = await post(admin.token, `/ops/tasks/${task!.id}/close`, {
      resolution: 'evidence submitted',
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.data).toMatchObject({
      status: 'done',
      resolution: 'evidence submitted',
      closedBy: admin.id,
    });
    const again = await post(admin.token, `/ops/tasks/${task!.id}/close`, { resolution: 'something else' });
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ status: 'done', resolution: 'evidence submitted' });
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, task!.id), eq(auditLog.action, 'payment_ops_task.closed')));
    expect(audits).toHaveLength(1);
    const open = await get(admin.token, '/ops/tasks?status=open&kind=chargeback_open&limit=100');
    expect(open.body.data.some((t: { id: string }) => t.id === task!.id)).toBe(false);

    // Stripe closes it won: unfrozen; the escrow ends again, and an admin's refund afterwards still reaches it.
    expect(
      (await postStripeEvent(stack, chargebackEvent(d, 'charge.dispute.closed', { status: 'won' }))).status,
    ).toBe(200);
    await paymentWhen(stack, d.sponsor.token, d.paymentId, (p) => p.status === 'Released', 'Released again');
    await workflowEnded(d.paymentId);
    const refunded = await post(admin.token, `/payments/${d.paymentId}/refund`, {
      reason: 'fraud confirmed',
    });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body.data.status).toBe('Refunded');
    // The platform keeps the processor's fee it paid (its margin on the deal is that loss).
    await expectLedger(stack, d.paymentId, {
      sponsor_funding: -GROSS,
      refunds: GROSS,
      processor_fees: STRIPE_FEE,
      platform_fee_revenue: -STRIPE_FEE,
    });
  }, 180_000);

  it('a payment that succeeds after the escrow failed and ended is still taken into escrow', async () => {
    const d = await deal();
    // Canceled at Stripe: a final failure, the escrow ends after its window.
    const canceled = paymentIntentEvent('payment_intent.canceled', {
      paymentId: d.paymentId,
      amountMinor: GROSS,
      paymentIntentId: d.payment.stripePaymentIntentId!,
    });
    expect((await postStripeEvent(stack, canceled)).status).toBe(200);
    await paymentWhen(stack, d.sponsor.token, d.paymentId, (p) => p.status === 'Failed', 'Failed');
    await workflowEnded(d.paymentId);
    await pay(stack, d);
    await paymentWhen(stack, d.sponsor.token, d.paymentId, (p) => p.status === 'InEscrow', 'InEscrow (late)');
    await expectLedger(stack, d.paymentId, {
      sponsor_funding: -GROSS,
      escrow: GROSS,
      processor_fees: STRIPE_FEE,
      platform_fee_revenue: -STRIPE_FEE,
    });
  }, 120_000);
});

describe('disputes reach the platform admins', () => {
  it('a filed dispute opens a task and emails admins, its missed answer too; GET /disputes?status=open lists it for admins only', async () => {
    const d = await deal();
    await pay(stack, d);
    const milestoneId = await (async () => {
      const view = await paymentWhen(
        stack,
        d.sponsor.token,
        d.paymentId,
        (p) => p.status === 'InEscrow',
        'InEscrow',
      );
      return view.milestones[0].id as string;
    })();
    const asked = await post(
      d.organizer.token,
      `/payments/${d.paymentId}/milestones/${milestoneId}/release-request`,
      {
        note: 'done',
      },
    );
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const disputed = await post(
      d.sponsor.token,
      `/payments/${d.paymentId}/milestones/${milestoneId}/dispute`,
      {
        reason: 'the logo was never shown',
      },
    );
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(200);
    const disputeId = disputed.body.data.disputes[0].id as string;
    expect(disputed.body.data.waitingOn).toBe('platform_admin');

    const filed = await waitFor(
      async () => (await tasksOf(d.paymentId)).find((t) => t.kind === 'dispute_open') ?? null,
      20_000,
      'the dispute_open task',
    );
    expect(filed.detail).toContain('the logo was never shown');
    expect((await adminMails(d.paymentId)).some((m) => /dispute open/.test(m.subject))).toBe(true);
    // The community does not answer within 2 s: ops hear of it.
    await waitFor(
      async () => (await tasksOf(d.paymentId)).find((t) => t.kind === 'dispute_answer_missed') ?? null,
      20_000,
      'the dispute_answer_missed task',
    );
    expect((await adminMails(d.paymentId)).some((m) => /dispute answer missed/.test(m.subject))).toBe(true);

    expect((await get(d.sponsor.token, '/disputes?status=open')).status).toBe(403);
    const open = await get(admin.token, '/disputes?status=open&limit=100');
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    expect(open.body.data.find((x: { id: string }) => x.id === disputeId)).toMatchObject({
      paymentId: d.paymentId,
      milestoneId,
      milestoneLabel: 'All',
      milestoneAmountMinor: GROSS,
      currency: 'USD',
      filedBy: 'organization',
      reason: 'the logo was never shown',
      answerMissed: true,
      resolution: null,
    });
    const resolved = await post(admin.token, `/disputes/${disputeId}/resolve`, { outcome: 'refund' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const after = await get(admin.token, '/disputes?status=open&limit=100');
    expect(after.body.data.some((x: { id: string }) => x.id === disputeId)).toBe(false);
    const done = await get(admin.token, '/disputes?status=resolved&limit=100');
    expect(done.body.data.find((x: { id: string }) => x.id === disputeId)?.resolution).toMatchObject({
      outcome: 'refund',
    });
  }, 120_000);
});

describe('the alert of a refused transfer', () => {
  it('is set while Stripe refuses (waiting on platform_admin) and cleared once the retry goes through', async () => {
    const d = await deal();
    await pay(stack, d);
    faults.refuse('POST', /^\/v1\/transfers$/, 'Insufficient funds in your Stripe balance');
    await releaseAll(d);
    const refused = await paymentWhen(
      stack,
      d.sponsor.token,
      d.paymentId,
      (p) => /refused by Stripe/.test(p.alert ?? ''),
      'the refusal alert',
    );
    expect(refused.milestones[0].status).toBe('Releasing');
    expect(refused.waitingOn).toBe('platform_admin');
    // The README's stuck-money saved view lists it (the search attribute follows the state).
    await waitFor(
      async () => {
        for await (const run of stack.deps.temporal.workflow.list({
          query: `WorkflowType = "escrowWorkflow" AND CommDeskWaitingOn IN ("community", "platform_admin") AND TaskQueue = "${stack.config.TEMPORAL_TASK_QUEUE}"`,
        }))
          if (run.workflowId === escrowWorkflowId(d.paymentId)) return true;
        return false;
      },
      30_000,
      'the stuck transfer in the saved view',
    );
    faults.clear();
    const released = await paymentWhen(
      stack,
      d.sponsor.token,
      d.paymentId,
      (p) => p.status === 'Released',
      'the transfer after Stripe accepts',
    );
    expect(released.alert).toBeNull();
    expect(released.waitingOn).toBe('nobody');
    const [row] = (await tasksOf(d.paymentId)).filter((t) => t.kind === 'transfer_failed');
    expect(row).toBeTruthy();
  }, 120_000);
});
