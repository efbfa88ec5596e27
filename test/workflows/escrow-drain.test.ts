/**
 * The end of an escrow run and what arrives at that moment, on the Temporal dev server with stripe-mock and Postgres.
 * Once settled, the escrow stays open for the dispute window, then ends. Two ways an input can meet that end:
 * - A Stripe event delivered in the same workflow task as the window's timer. Temporal orders signals before timers
 *   within one activation, so the run sees it.
 * - A person's step still at Stripe when the window ends, with an event signalled meanwhile. The run waited for the
 *   step and then ended, dropping the event. The webhook route had already answered `signalled`.
 * Both wait out the window with the run blocked at the right point. In the first the worker is stopped, so the timer
 * fires with nobody polling. In the second a loopback proxy in front of stripe-mock holds the refund call.
 */
import proto from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { paymentOpsTasks } from '../../src/db/schema/index.js';
import { assertLedgerHolds } from '../../src/ledger-verify.js';
import { escrowWorkflowId } from '../../src/workflows/escrow/escrow.contract.js';
import {
  chargebackEvent,
  escrowDeal,
  expectLedger,
  pay,
  paymentWhen,
  startStripeFaults,
} from '../helpers/escrow.js';
import { createSessionToken, createUser } from '../helpers/fixtures.js';
import { captureHistory } from '../helpers/histories.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { postStripeEvent } from '../helpers/stripe.js';

type THistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;
const { EventType } = proto.temporal.api.enums.v1;
const ONE_MILESTONE = [{ label: 'All', shareBps: 10_000, due: 'on signing' }];
/** Long enough to stop the worker, or start a refund, after the window's timer started and before it fires. */
const WINDOW_S = 8;

let stack: TTestStack;
let faults: Awaited<ReturnType<typeof startStripeFaults>>;
let adminToken: string;
const checked: string[] = [];

beforeAll(async () => {
  faults = await startStripeFaults(inject('stripe').apiBase);
  stack = await startTestStack({ STRIPE_API_BASE: faults.url, ESCROW_DISPUTE_FILE_WINDOW: `${WINDOW_S}s` });
  const admin = await createUser(stack.db, { isPlatformAdmin: true });
  adminToken = await createSessionToken(stack.db, admin.id);
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await faults?.close();
});

afterEach(async () => {
  faults.clear();
  for (const id of checked.splice(0)) await expectLedger(stack, id);
  await assertLedgerHolds(stack.db);
});

const post = (token: string, path: string, body: unknown = {}) =>
  stack.request('POST', `/api/v1${path}`, { token, body });

const isTimerFired = (e: THistoryEvent, timerId: string) =>
  e.eventType === EventType.EVENT_TYPE_TIMER_FIRED && e.timerFiredEventAttributes?.timerId === timerId;

/** The index of the last signal in a history (-1: none). */
const lastSignal = (events: THistoryEvent[]) =>
  events.map((e) => e.eventType).lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);

/** The ids of the patches (`patched()`) a history recorded, as their marker payloads. */
const patchesOf = (events: THistoryEvent[]) =>
  events
    .filter((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED)
    .flatMap((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}))
    .flatMap((p) => p.payloads ?? [])
    .map((p) => Buffer.from(p.data ?? []).toString());

/**
 * A deal paid and released in full: the run is settled and waits out the dispute window. Returns its handle, a reader
 * of its history and the window timer's id.
 */
async function settledEscrow() {
  const d = await escrowDeal(stack, { milestones: ONE_MILESTONE });
  checked.push(d.paymentId);
  await pay(stack, d);
  const funded = await paymentWhen(
    stack,
    d.sponsor.token,
    d.paymentId,
    (p) => p.status === 'InEscrow',
    'InEscrow',
  );
  const milestoneId = funded.milestones[0].id as string;
  const asked = await post(
    d.organizer.token,
    `/payments/${d.paymentId}/milestones/${milestoneId}/release-request`,
    { note: 'done' },
  );
  expect(asked.status, JSON.stringify(asked.body)).toBe(200);
  const approved = await post(d.sponsor.token, `/payments/${d.paymentId}/milestones/${milestoneId}/approve`);
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  await paymentWhen(stack, d.sponsor.token, d.paymentId, (p) => p.status === 'Released', 'Released');
  const handle: WorkflowHandle = stack.deps.temporal.workflow.getHandle(escrowWorkflowId(d.paymentId));
  const events = async () => (await handle.fetchHistory()).events ?? [];
  const windowTimer = await waitFor(
    async () =>
      (await events()).find(
        (e) =>
          e.eventType === EventType.EVENT_TYPE_TIMER_STARTED &&
          Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? 0) === WINDOW_S,
      )?.timerStartedEventAttributes?.timerId ?? null,
    20_000,
    'the dispute window timer of the settled escrow',
  );
  return { d, handle, events, windowTimer };
}

/** Waits until the run has processed everything up to `index` of its history (a workflow task completed after it). */
const processedAfter = (events: () => Promise<THistoryEvent[]>, index: number, what: string) =>
  waitFor(
    async () =>
      (await events())
        .slice(index + 1)
        .some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
    20_000,
    what,
  );

describe('an input at the end of the escrow run', () => {
  it('a chargeback delivered in the same workflow task as the end of the dispute window freezes the payment', async () => {
    const { d, handle, events, windowTimer } = await settledEscrow();
    await stack.stopWorker();
    const run = await handle.describe();
    expect(run.status.name).toBe('RUNNING');

    // The window ends with no worker polling: its workflow task waits, and the chargeback joins it.
    await waitFor(
      async () => (await events()).some((e) => isTimerFired(e, windowTimer)),
      WINDOW_S * 1000 + 20_000,
      'the dispute window timer to fire',
    );
    const res = await postStripeEvent(stack, chargebackEvent(d, 'charge.dispute.created'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({ delivery: 'signalled' });
    const before = await events();
    const fired = before.findIndex((e) => isTimerFired(e, windowTimer));
    const signalled = lastSignal(before);
    expect(signalled).toBeGreaterThan(fired);
    expect(
      before.slice(fired, signalled).some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED),
    ).toBe(false);

    await stack.startWorker();
    const frozen = await paymentWhen(
      stack,
      d.sponsor.token,
      d.paymentId,
      (p) => p.status === 'Frozen',
      'the chargeback delivered with the end of the window to freeze the payment',
    );
    expect(frozen.frozenReason).toMatch(/chargeback dp_test_commdesk/);
    const tasks = await stack.db
      .select()
      .from(paymentOpsTasks)
      .where(eq(paymentOpsTasks.paymentId, d.paymentId));
    expect(tasks.filter((t) => t.kind === 'chargeback_open')).toHaveLength(1);
    // The same run took it (not a new run by signal-with-start), and it stays open for a new window.
    const now = await handle.describe();
    expect(now.runId).toBe(run.runId);
    expect(now.status.name).toBe('RUNNING');
  }, 180_000);

  it('a chargeback signalled while an admin refund is still at Stripe when the window ends is handled by that run', async () => {
    const { d, handle, events, windowTimer } = await settledEscrow();
    const run = await handle.describe();
    // The refund's call to Stripe waits at the proxy until the window has ended and the chargeback is in.
    const held = faults.hold('POST', /^\/v1\/refunds$/);
    const refunding = post(adminToken, `/payments/${d.paymentId}/refund`, { reason: 'fraud confirmed' });
    await held.reached;
    expect(
      (await events()).some((e) => isTimerFired(e, windowTimer)),
      'the refund must reach Stripe before the window ends',
    ).toBe(false);
    const fired = await waitFor(
      async () => {
        const index = (await events()).findIndex((e) => isTimerFired(e, windowTimer));
        return index >= 0 ? index : null;
      },
      WINDOW_S * 1000 + 20_000,
      'the dispute window timer to fire',
    );
    await processedAfter(events, fired, 'the run to see its window end');

    const res = await postStripeEvent(stack, chargebackEvent(d, 'charge.dispute.created'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({ delivery: 'signalled' });
    const signalled = lastSignal(await events());
    expect(signalled).toBeGreaterThan(fired);
    await processedAfter(events, signalled, 'the run to take the chargeback signal in');

    held.release();
    const refunded = await refunding;
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body.data.status).toBe('Refunded');

    const frozen = await paymentWhen(
      stack,
      d.sponsor.token,
      d.paymentId,
      (p) => p.frozen === true,
      'the chargeback signalled during the refund to freeze the payment',
      20_000,
    );
    expect(frozen.frozenReason).toMatch(/chargeback dp_test_commdesk/);
    const tasks = await stack.db
      .select()
      .from(paymentOpsTasks)
      .where(eq(paymentOpsTasks.paymentId, d.paymentId));
    expect(tasks.filter((t) => t.kind === 'chargeback_open')).toHaveLength(1);
    const after = await events();
    expect(after.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)).toBe(false);
    expect((await handle.describe()).runId).toBe(run.runId);
    expect(patchesOf(after).some((p) => p.includes('escrow-drain-before-complete'))).toBe(true);
    await captureHistory(stack, escrowWorkflowId(d.paymentId), 'escrow-drain-before-complete');
  }, 180_000);
});
