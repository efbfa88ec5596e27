/**
 * Payouts of a community's connected account (issue 10, stuck money): payout.* webhooks on a connected account we
 * know keep its row (newest event wins, duplicates harmless), a failure opens an ops task and tells the community,
 * and `payout:<id>` raises the stuck-money alert (task, admin email, saved view) when the payout is still open past
 * ESCROW_STUCK_AFTER. Real dev server, embedded Postgres, signed webhooks through the app.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectedPayouts,
  emailOutbox,
  paymentOpsTasks,
  payoutAccounts,
  stripeEvents,
} from '../../src/db/schema/index.js';
import { payoutWorkflowId, type TPayoutCheck } from '../../src/workflows/payout/payout.contract.js';
import { createCommunity, createSessionToken, createUser, memberWithToken } from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { postStripeEvent, stripeEvent } from '../helpers/stripe.js';

let stack: TTestStack;
let admin: { id: string; email: string; token: string };
const started: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({ ESCROW_STUCK_AFTER: '4s' });
  const user = await createUser(stack.db, { isPlatformAdmin: true });
  admin = { id: user.id, email: user.email, token: await createSessionToken(stack.db, user.id) };
}, 120_000);
afterAll(async () => {
  for (const id of started)
    await stack.deps.temporal.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => {});
  await stack?.close();
});

const hex = () => randomBytes(8).toString('hex');

/** A community with a connected account of its own id (stripe-mock would give every account the same one). */
async function communityWithAccount() {
  const communityId = (await createCommunity(stack.db, 'active')).id;
  const organizer = await memberWithToken(stack.db, communityId, 'Organizer');
  const stripeAccountId = `acct_${hex()}`;
  await stack.db.insert(payoutAccounts).values({ communityId, stripeAccountId, payoutsEnabled: true });
  return { communityId, organizer, stripeAccountId };
}

function payoutEvent(
  type: string,
  account: string,
  payout: {
    id: string;
    status: string;
    amount?: number;
    created: number;
    failureCode?: string;
    failureMessage?: string;
  },
  opts: { created?: number; id?: string } = {},
) {
  return stripeEvent(
    type,
    {
      id: payout.id,
      object: 'payout',
      amount: payout.amount ?? 125_000,
      currency: 'eur',
      status: payout.status,
      created: payout.created,
      arrival_date: payout.created + 2 * 86_400,
      failure_code: payout.failureCode ?? null,
      failure_message: payout.failureMessage ?? null,
    },
    { account, created: opts.created ?? payout.created, id: opts.id },
  );
}

const send = (event: object) => postStripeEvent(stack, event);
const now = () => Math.floor(Date.now() / 1000);

async function payoutRow(id: string) {
  const [row] = await stack.db.select().from(connectedPayouts).where(eq(connectedPayouts.stripePayoutId, id));
  return row ?? null;
}
async function tasksOf(payoutRowId: string) {
  return stack.db.select().from(paymentOpsTasks).where(eq(paymentOpsTasks.payoutId, payoutRowId));
}
/** Polls until `read` gives a value (the watch's timer fires after ESCROW_STUCK_AFTER), at most 20 s. */
async function eventually<T>(read: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 250));
  }
}
async function watchResult(payoutId: string): Promise<TPayoutCheck> {
  started.push(payoutWorkflowId(payoutId));
  return stack.deps.temporal.workflow.getHandle(payoutWorkflowId(payoutId)).result();
}
/** The workflow ids a visibility query lists, waiting up to 5 s for exactly `want` of them (visibility lags a little). */
async function listed(query: string, want: number): Promise<string[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const ids: string[] = [];
    for await (const run of stack.deps.temporal.workflow.list({ query })) ids.push(run.workflowId);
    if (ids.length === want || Date.now() > deadline) return ids;
    await new Promise((r) => setTimeout(r, 250));
  }
}
/** The README's saved view of stuck payouts, for one community, within this file's task queue (the dev server is shared). */
const stuckView = (communityId: string, want: number) =>
  listed(
    `WorkflowType = "payoutWorkflow" AND CommDeskAlert = "payout_stuck" AND CommDeskCommunityId = "${communityId}" AND TaskQueue = "${stack.config.TEMPORAL_TASK_QUEUE}"`,
    want,
  );

describe('connected-account payouts', () => {
  it('a payout created then paid raises nothing, and the community sees it paid', async () => {
    const c = await communityWithAccount();
    const payout = { id: `po_${hex()}`, status: 'pending', created: now() };
    const first = await send(payoutEvent('payout.created', c.stripeAccountId, payout));
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ delivery: 'applied' });
    expect(
      (
        await send(
          payoutEvent(
            'payout.paid',
            c.stripeAccountId,
            { ...payout, status: 'paid' },
            // One second after the payout (not after now(): a loaded machine may cross a second in between).
            { created: payout.created + 1 },
          ),
        )
      ).status,
    ).toBe(200);

    expect(await watchResult(payout.id)).toEqual({ status: 'paid', stuck: false });
    const row = (await payoutRow(payout.id))!;
    expect(row).toMatchObject({
      status: 'paid',
      communityId: c.communityId,
      amountMinor: 125_000,
      currency: 'eur',
    });
    expect(await tasksOf(row.id)).toEqual([]);
    expect(await stuckView(c.communityId, 0)).toEqual([]);

    const res = await stack.request('GET', `/api/v1/communities/${c.communityId}/payout-account`, {
      token: c.organizer.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.data.payouts).toEqual([
      {
        stripePayoutId: payout.id,
        amountMinor: 125_000,
        currency: 'eur',
        status: 'paid',
        arrivalDate: new Date((payout.created + 2 * 86_400) * 1000).toISOString(),
        failureCode: null,
        failureMessage: null,
        createdAt: new Date(payout.created * 1000).toISOString(),
        updatedAt: new Date((payout.created + 1) * 1000).toISOString(),
      },
    ]);
  }, 60_000);

  it('a payout left pending past ESCROW_STUCK_AFTER raises the alert: ops task, admin email, saved view', async () => {
    const c = await communityWithAccount();
    const payout = { id: `po_${hex()}`, status: 'pending', created: now() };
    expect((await send(payoutEvent('payout.created', c.stripeAccountId, payout))).status).toBe(200);
    // It moves on but does not arrive: still open when the delay is up.
    expect(
      (
        await send(
          payoutEvent(
            'payout.updated',
            c.stripeAccountId,
            { ...payout, status: 'in_transit' },
            { created: now() + 1 },
          ),
        )
      ).status,
    ).toBe(200);

    const row = await eventually(async () => {
      const found = await payoutRow(payout.id);
      return found && (await tasksOf(found.id)).length > 0 ? found : null;
    });
    const tasks = await tasksOf(row.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'payout_stuck', status: 'open', paymentId: null });
    expect(tasks[0]!.detail).toContain(payout.id);
    const mails = await stack.db
      .select()
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.to, admin.email),
          eq(emailOutbox.idempotencyKey, `payout_stuck:${payout.id}:ops:${admin.email}`),
        ),
      );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(payout.id);
    expect(await stuckView(c.communityId, 1)).toEqual([payoutWorkflowId(payout.id)]);

    // The admins' queue lists it as a payout's task.
    const listed = await stack.request('GET', '/api/v1/ops/tasks?status=open&kind=payout_stuck&limit=100', {
      token: admin.token,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.data.find((t: { id: string }) => t.id === tasks[0]!.id)).toMatchObject({
      paymentId: null,
      payoutId: row.id,
      kind: 'payout_stuck',
    });
    // Closing it touches no payment.
    const closed = await stack.request('POST', `/api/v1/ops/tasks/${tasks[0]!.id}/close`, {
      token: admin.token,
      body: { resolution: 'bank confirmed the transfer' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.data).toMatchObject({ status: 'done', payoutId: row.id });

    // Stripe reports it paid at last: the watch ends and the saved view no longer lists it.
    expect(
      (
        await send(
          payoutEvent(
            'payout.paid',
            c.stripeAccountId,
            { ...payout, status: 'paid' },
            { created: now() + 2 },
          ),
        )
      ).status,
    ).toBe(200);
    expect(await watchResult(payout.id)).toEqual({ status: 'paid', stuck: true });
    expect(await stuckView(c.communityId, 0)).toEqual([]);
    expect(await tasksOf(row.id)).toHaveLength(1);
  }, 60_000);

  it('a failed payout opens a task, tells the community, and shows its failure; duplicates and late events change nothing', async () => {
    const c = await communityWithAccount();
    const t = now();
    const payout = { id: `po_${hex()}`, status: 'pending', created: t };
    const created = payoutEvent('payout.created', c.stripeAccountId, payout);
    const failed = payoutEvent(
      'payout.failed',
      c.stripeAccountId,
      {
        ...payout,
        status: 'failed',
        failureCode: 'account_closed',
        failureMessage: 'The bank account has been closed',
      },
      { created: t + 10 },
    );
    const lateUpdate = payoutEvent(
      'payout.updated',
      c.stripeAccountId,
      { ...payout, status: 'in_transit' },
      { created: t + 5 },
    );
    // Out of order: the failure first, then its creation and an update older than the failure, then the failure again.
    expect((await send(failed)).status).toBe(200);
    expect((await send(created)).body.data).toMatchObject({ delivery: 'applied' });
    expect((await send(lateUpdate)).body.data.note).toContain('older than the state already recorded');
    const again = await send(failed);
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ duplicate: true });
    // The same failure under another event id (Stripe resending) opens nothing more.
    expect((await send({ ...failed, id: `evt_test${hex()}` })).status).toBe(200);

    const row = (await payoutRow(payout.id))!;
    expect(row).toMatchObject({ status: 'failed', failureCode: 'account_closed' });
    const tasks = await tasksOf(row.id);
    expect(tasks.map((x) => x.kind)).toEqual(['payout_failed']);
    expect(tasks[0]!.detail).toContain('The bank account has been closed');
    const toCommunity = await stack.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, c.organizer.user.email));
    expect(toCommunity).toHaveLength(1);
    expect(toCommunity[0]!.body).toContain('The bank account has been closed');
    const toAdmin = await stack.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `payout_failed:${payout.id}:ops:${admin.email}`));
    expect(toAdmin).toHaveLength(1);

    const res = await stack.request('GET', `/api/v1/communities/${c.communityId}/payout-account`, {
      token: c.organizer.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.data.payouts).toHaveLength(1);
    expect(res.body.data.payouts[0]).toMatchObject({
      stripePayoutId: payout.id,
      status: 'failed',
      failureCode: 'account_closed',
      failureMessage: 'The bank account has been closed',
    });
    // A failed payout is never watched for stuck money: no workflow was started for it.
    await expect(
      stack.deps.temporal.workflow.getHandle(payoutWorkflowId(payout.id)).describe(),
    ).rejects.toThrow();
  }, 60_000);

  it('repeated payout.created starts one watch, and a payout of an unknown account is stored and ignored', async () => {
    const c = await communityWithAccount();
    const payout = { id: `po_${hex()}`, status: 'pending', created: now() };
    await send(payoutEvent('payout.created', c.stripeAccountId, payout));
    await send(payoutEvent('payout.updated', c.stripeAccountId, payout, { created: payout.created + 1 }));
    // One run: the second start was rejected (the id is the payout's business key), not a second watch.
    expect(await listed(`WorkflowId = "${payoutWorkflowId(payout.id)}"`, 2)).toHaveLength(1);
    started.push(payoutWorkflowId(payout.id));

    const stranger = { id: `po_${hex()}`, status: 'pending', created: now() };
    const event = payoutEvent('payout.created', `acct_${hex()}`, stranger);
    const res = await send(event);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ delivery: 'ignored' });
    expect(res.body.data.note).toContain('no community has the connected account');
    const [stored] = await stack.db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
    expect(stored).toMatchObject({ type: 'payout.created', delivery: 'ignored' });
    expect(await payoutRow(stranger.id)).toBeNull();
    await expect(
      stack.deps.temporal.workflow.getHandle(payoutWorkflowId(stranger.id)).describe(),
    ).rejects.toThrow();
  }, 60_000);
});
