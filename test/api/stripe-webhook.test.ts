import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import {
  auditLog,
  paymentMilestones,
  payments,
  payoutAccounts,
  stripeEvents,
} from '../../src/db/schema/index.js';
import { acceptedDeal } from '../helpers/contracts.js';
import { ESCROW_WORKFLOW, escrowWorkflowId } from '../../src/workflows/escrow/escrow.contract.js';
import { adminToken } from '../helpers/onboarding.js';
import { createCommunity, createSessionToken, createUser, memberWithToken } from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import {
  accountUpdatedEvent,
  newEventId,
  paymentIntentEvent,
  postStripeEvent,
  signedStripeEvent,
  startStripeRecorder,
  stripeEvent,
  type TStripeRecorder,
} from '../helpers/stripe.js';

let stack: TTestStack;
let recorder: TStripeRecorder;
const started: string[] = [];

beforeAll(async () => {
  // The SDK goes through a recording proxy in front of the harness's stripe-mock: what reached "Stripe" is counted.
  recorder = await startStripeRecorder(inject('stripe').apiBase);
  stack = await startTestStack({ STRIPE_API_BASE: recorder.url });
});
afterAll(async () => {
  for (const id of started)
    await stack.deps.temporal.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => {});
  await stack?.close();
  await recorder?.close();
});

async function storedEvent(id: string) {
  const [row] = await stack.db.select().from(stripeEvents).where(eq(stripeEvents.id, id));
  return row ?? null;
}

/**
 * An execution with the escrow's id that no worker runs (its own idle task queue): it accepts signals, and its
 * history shows exactly what the webhook delivered.
 */
async function idleEscrow(paymentId: string) {
  const handle = await stack.deps.temporal.workflow.start(ESCROW_WORKFLOW, {
    workflowId: escrowWorkflowId(paymentId),
    taskQueue: `idle-${randomUUID()}`,
    args: [{ paymentId, contractId: randomUUID(), dealId: randomUUID() }],
  });
  started.push(handle.workflowId);
  return handle;
}

async function signalsOf(paymentId: string) {
  const history = await stack.deps.temporal.workflow.getHandle(escrowWorkflowId(paymentId)).fetchHistory();
  const { defaultPayloadConverter } = await import('@temporalio/common');
  return (history.events ?? [])
    .map((e) => e.workflowExecutionSignaledEventAttributes)
    .filter((a): a is NonNullable<typeof a> => Boolean(a))
    .map((a) => ({
      name: a.signalName,
      arg: defaultPayloadConverter.fromPayload(a.input!.payloads![0]!) as Record<string, any>,
    }));
}

describe('POST /api/v1/stripe/webhook: signature', () => {
  it('refuses a missing, wrongly signed, altered or expired signature with a 400 and stores nothing', async () => {
    const event = paymentIntentEvent('payment_intent.succeeded', {
      paymentId: randomUUID(),
      amountMinor: 5000,
    });
    const missing = await postStripeEvent(stack, event, { signature: null });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/stripe-signature: missing: Stripe signs every event/);

    const wrongSecret = await postStripeEvent(stack, event, { secret: 'whsec_someoneelse' });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.body.message).toMatch(/Invalid Stripe-Signature/);

    // Forged: a body changed after signing (the amount), sent with the signature of the original.
    const { signature } = signedStripeEvent(event);
    const forged = JSON.stringify({ ...event, data: { object: { ...event.data.object, amount: 1 } } });
    const altered = await stack.request('POST', '/api/v1/stripe/webhook', {
      rawBody: forged,
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    });
    expect(altered.status).toBe(400);
    expect(altered.body.message).toMatch(/Invalid Stripe-Signature/);

    // A captured request replayed later: the signed timestamp is outside the tolerance.
    const old = await postStripeEvent(stack, event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(old.status).toBe(400);

    const garbage = await postStripeEvent(stack, event, { signature: 'not-a-signature' });
    expect(garbage.status).toBe(400);

    expect(await storedEvent(event.id)).toBeNull();
    const audits = await stack.db.select().from(auditLog).where(eq(auditLog.entityId, event.id));
    expect(audits).toHaveLength(0);
  });

  it('refuses a correctly signed body that is not a Stripe event (400, nothing stored)', async () => {
    const notAnEvent = { id: newEventId(), object: 'charge', amount: 10 };
    const res = await postStripeEvent(stack, notAnEvent);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(await storedEvent(notAnEvent.id)).toBeNull();
  });
});

describe('POST /api/v1/stripe/webhook: storing and delivering', () => {
  it('stores a verified event once, audits it, and records that its escrow does not exist', async () => {
    const paymentId = randomUUID();
    const event = paymentIntentEvent('payment_intent.succeeded', { paymentId, amountMinor: 125_00 });
    const res = await postStripeEvent(stack, event);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      eventId: event.id,
      duplicate: false,
      delivery: 'no_workflow',
      note: `no running workflow escrow:${paymentId}`,
    });
    const row = (await storedEvent(event.id))!;
    expect(row).toMatchObject({ type: 'payment_intent.succeeded', paymentId, delivery: 'no_workflow' });
    expect(row.payload).toEqual(event);
    expect(row.stripeCreatedAt.getTime()).toBe(event.created * 1000);
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'stripe_event'), eq(auditLog.entityId, event.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'stripe_event.received', actorType: 'system' });
  });

  it('signals escrow:<metadata.paymentId> once, even when Stripe delivers the same event three times', async () => {
    const paymentId = randomUUID();
    await idleEscrow(paymentId);
    const event = paymentIntentEvent('payment_intent.succeeded', {
      paymentId,
      amountMinor: 250_00,
      currency: 'eur',
      chargeId: 'ch_test_1',
    });
    const first = await postStripeEvent(stack, event);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ duplicate: false, delivery: 'signalled' });
    for (let i = 0; i < 2; i++) {
      const again = await postStripeEvent(stack, event);
      expect(again.status).toBe(200);
      expect(again.body.data).toMatchObject({ eventId: event.id, duplicate: true, delivery: 'signalled' });
    }
    const rows = await stack.db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
    expect(rows).toHaveLength(1);
    const signals = await signalsOf(paymentId);
    expect(signals).toEqual([
      {
        name: 'stripeEvent',
        arg: {
          eventId: event.id,
          type: 'payment_intent.succeeded',
          created: event.created,
          objectId: 'pi_test_commdesk',
          fields: expect.objectContaining({
            objectType: 'payment_intent',
            amountMinor: 250_00,
            currency: 'eur',
            chargeId: 'ch_test_1',
            status: 'succeeded',
          }),
        },
      },
    ]);
  });

  it('delivers events in the order they arrive, each with its own created time for the workflow to order', async () => {
    const paymentId = randomUUID();
    await idleEscrow(paymentId);
    const now = Math.floor(Date.now() / 1000);
    const succeeded = paymentIntentEvent(
      'payment_intent.succeeded',
      { paymentId, amountMinor: 900 },
      { created: now },
    );
    const processing = paymentIntentEvent(
      'payment_intent.processing',
      { paymentId, amountMinor: 900 },
      { created: now - 60 },
    );
    expect((await postStripeEvent(stack, succeeded)).status).toBe(200);
    expect((await postStripeEvent(stack, processing)).status).toBe(200);
    const signals = await signalsOf(paymentId);
    expect(signals.map((s) => [s.arg.type, s.arg.created])).toEqual([
      ['payment_intent.succeeded', now],
      ['payment_intent.processing', now - 60],
    ]);
  });

  it('stores but does not route events without our payment id or of types we do not use', async () => {
    const noMetadata = stripeEvent('payment_intent.created', {
      id: 'pi_x',
      object: 'payment_intent',
      // Non-ASCII text: the signature is over the UTF-8 bytes as sent, and verifies.
      description: 'Café ☕ für Ümlaut-Sponsoren 🎉',
      metadata: {},
    });
    const res = await postStripeEvent(stack, noMetadata);
    expect(res.status).toBe(200);
    expect((await storedEvent(noMetadata.id))!.payload).toMatchObject({
      data: { object: { description: 'Café ☕ für Ümlaut-Sponsoren 🎉' } },
    });
    expect(res.body.data.delivery).toBe('ignored');
    expect(res.body.data.note).toMatch(/no metadata.paymentId, and no single payment has its PaymentIntent/);
    // Stripe sends metadata: null on some objects.
    const other = stripeEvent('customer.created', { id: 'cus_x', object: 'customer', metadata: null });
    const res2 = await postStripeEvent(stack, other);
    expect(res2.body.data).toMatchObject({ delivery: 'ignored' });
    expect((await storedEvent(other.id))!.delivery).toBe('ignored');
  });

  it('answers 503 and keeps the event pending while Temporal is unreachable; the redelivery delivers it', async () => {
    const paymentId = randomUUID();
    await idleEscrow(paymentId);
    const event = paymentIntentEvent('payment_intent.payment_failed', {
      paymentId,
      amountMinor: 700,
      failureMessage: 'Your card was declined.',
    });
    // The signal fails as an outage would (the client's connection is closed for this one request).
    const { Client } = await import('@temporalio/client');
    const { Connection } = await import('@temporalio/client');
    const connection = await Connection.connect({ address: inject('stack').temporalAddress });
    const closedClient = new Client({ connection, namespace: stack.config.TEMPORAL_NAMESPACE });
    await connection.close();
    const { receiveStripeEvent } = await import('../../src/api/stripe/receive-stripe-event.js');
    await expect(
      receiveStripeEvent(
        { db: stack.db, temporal: closedClient, logger: stack.deps.logger, config: stack.config },
        event as never,
        null,
      ),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect((await storedEvent(event.id))!.delivery).toBe('pending');
    expect(await signalsOf(paymentId)).toEqual([]);

    const redelivered = await postStripeEvent(stack, event);
    expect(redelivered.status).toBe(200);
    expect(redelivered.body.data).toMatchObject({ duplicate: true, delivery: 'signalled' });
    const signals = await signalsOf(paymentId);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.arg.fields.failureMessage).toBe('Your card was declined.');
  });
});

describe('payout accounts', () => {
  let communityId: string;
  let organizer: { token: string; user: { id: string } };

  beforeAll(async () => {
    communityId = (await createCommunity(stack.db, 'active')).id;
    organizer = await memberWithToken(stack.db, communityId, 'Organizer');
  });

  it('creates one Express account per community through the SDK, with a key from the community, and an onboarding link', async () => {
    const before = recorder.forwardedCount('/v1/accounts');
    const res = await stack.request('POST', `/api/v1/communities/${communityId}/payout-account`, {
      token: organizer.token,
    });
    expect(res.status).toBe(201);
    expect(res.body.data.account).toMatchObject({
      communityId,
      stripeAccountId: expect.stringMatching(/^acct_/),
      payoutsEnabled: false,
      detailsSubmitted: false,
    });
    expect(res.body.data.onboardingUrl).toMatch(/^https:\/\//);
    // The SDK really talked to stripe-mock: one account created, keyed by the community.
    expect(recorder.forwardedCount('/v1/accounts')).toBe(before + 1);
    expect(recorder.idempotencyKeys('/v1/accounts').at(-1)).toBe(`payout-account:${communityId}`);
    const created = recorder.requests.filter((r) => r.path === '/v1/accounts').at(-1)!;
    expect(decodeURIComponent(created.body)).toContain(`metadata[communityId]=${communityId}`);
    const link = recorder.requests.filter((r) => r.path === '/v1/account_links').at(-1)!;
    expect(decodeURIComponent(link.body)).toContain('type=account_onboarding');
    expect(decodeURIComponent(link.body)).toContain(
      `/communities/${communityId}/payout-account?onboarding=done`,
    );

    const again = await stack.request('POST', `/api/v1/communities/${communityId}/payout-account`, {
      token: organizer.token,
    });
    expect(again.status).toBe(200);
    expect(again.body.data.account.stripeAccountId).toBe(res.body.data.account.stripeAccountId);
    expect(recorder.forwardedCount('/v1/accounts')).toBe(before + 1);
    const rows = await stack.db
      .select()
      .from(payoutAccounts)
      .where(eq(payoutAccounts.communityId, communityId));
    expect(rows).toHaveLength(1);
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'payout_account'), eq(auditLog.entityId, rows[0]!.id)));
    expect(audits.map((a) => a.action)).toEqual(['payout_account.created']);
  });

  it('keeps the state account.updated reports, and an older event arriving late changes nothing', async () => {
    const { stripeAccountId } = (
      await stack.request('GET', `/api/v1/communities/${communityId}/payout-account`, {
        token: organizer.token,
      })
    ).body.data;
    const now = Math.floor(Date.now() / 1000);
    const enabled = accountUpdatedEvent(
      { communityId, accountId: stripeAccountId, payoutsEnabled: true },
      { created: now },
    );
    const olderDisabled = accountUpdatedEvent(
      { communityId, accountId: stripeAccountId, payoutsEnabled: false, currentlyDue: ['external_account'] },
      { created: now - 120 },
    );
    const res = await postStripeEvent(stack, enabled);
    expect(res.body.data).toMatchObject({ delivery: 'applied', note: 'payoutsEnabled=true' });
    const late = await postStripeEvent(stack, olderDisabled);
    expect(late.status).toBe(200);
    expect(late.body.data).toMatchObject({ delivery: 'applied', duplicate: false });
    expect(late.body.data.note).toMatch(/older than the state already recorded/);
    const view = await stack.request('GET', `/api/v1/communities/${communityId}/payout-account`, {
      token: organizer.token,
    });
    expect(view.status).toBe(200);
    expect(view.body.data).toMatchObject({
      payoutsEnabled: true,
      chargesEnabled: true,
      detailsSubmitted: true,
      stateAsOf: new Date(now * 1000).toISOString(),
    });
    // A duplicate of the newer event is ignored as well.
    expect((await postStripeEvent(stack, enabled)).body.data).toMatchObject({ duplicate: true });
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'payout_account.updated')));
    expect(
      audits.filter((a) => (a.after as { communityId: string }).communityId === communityId),
    ).toHaveLength(1);

    // A newer event that disables payouts again is applied.
    const disabled = accountUpdatedEvent(
      { communityId, accountId: stripeAccountId, payoutsEnabled: false, currentlyDue: ['external_account'] },
      { created: now + 60 },
    );
    await postStripeEvent(stack, disabled);
    const after = await stack.request('GET', `/api/v1/communities/${communityId}/payout-account`, {
      token: organizer.token,
    });
    expect(after.body.data).toMatchObject({
      payoutsEnabled: false,
      requirements: expect.objectContaining({ currentlyDue: ['external_account'], pastDue: [] }),
    });
  });

  it('answers 503 with Retry-After when Stripe does not answer, and records no account', async () => {
    const community = (await createCommunity(stack.db, 'active')).id;
    const organizerOf = await memberWithToken(stack.db, community, 'Organizer');
    // The same API with Stripe on a loopback port nothing listens on.
    const app = createApp({
      ...stack.deps,
      config: { ...stack.config, STRIPE_API_BASE: 'http://127.0.0.1:1' },
    });
    const res = await app.request(`/api/v1/communities/${community}/payout-account`, {
      method: 'POST',
      headers: { authorization: `Bearer ${organizerOf.token}` },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { message: string }).message).toMatch(/^Stripe did not create the account/);
    const rows = await stack.db
      .select()
      .from(payoutAccounts)
      .where(eq(payoutAccounts.communityId, community));
    expect(rows).toEqual([]);
  });

  it('ignores account.updated for a community or account it does not know', async () => {
    const stranger = accountUpdatedEvent({
      communityId: randomUUID(),
      accountId: 'acct_x',
      payoutsEnabled: true,
    });
    const res = await postStripeEvent(stack, stranger);
    expect(res.status).toBe(200);
    expect(res.body.data.delivery).toBe('ignored');
  });

  it('lets only the Organizer (or a platform admin) create it, partner managers read it, others nothing', async () => {
    const other = (await createCommunity(stack.db, 'active')).id;
    const path = `/api/v1/communities/${other}/payout-account`;
    const lead = await memberWithToken(stack.db, other, 'Partnerships Lead');
    const events = await memberWithToken(stack.db, other, 'Events Lead');
    const outsider = await createSessionToken(stack.db, (await createUser(stack.db)).id);

    expect((await stack.request('POST', path)).status).toBe(401);
    const byLead = await stack.request('POST', path, { token: lead.token });
    expect(byLead.status).toBe(403);
    expect(byLead.body.message).toMatch(/Partnerships Lead role may not payout_account manage/);
    expect((await stack.request('POST', path, { token: outsider })).status).toBe(403);
    expect((await stack.request('POST', path, { token: organizer.token })).status).toBe(403);
    expect((await stack.request('GET', path, { token: lead.token })).status).toBe(404);

    const admin = await adminToken(stack);
    expect((await stack.request('POST', path, { token: admin })).status).toBe(201);
    expect((await stack.request('GET', path, { token: lead.token })).status).toBe(200);
    expect((await stack.request('GET', path, { token: events.token })).status).toBe(403);
    expect((await stack.request('GET', path, { token: outsider })).status).toBe(403);

    const pending = (await createCommunity(stack.db, 'pending')).id;
    const pendingOrganizer = await memberWithToken(stack.db, pending, 'Organizer');
    const refused = await stack.request('POST', `/api/v1/communities/${pending}/payout-account`, {
      token: pendingOrganizer.token,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/the community is pending/);
    expect(
      (await stack.request('POST', `/api/v1/communities/${randomUUID()}/payout-account`, { token: admin }))
        .status,
    ).toBe(404);
    expect(
      (await stack.request('POST', `/api/v1/communities/not-a-uuid/payout-account`, { token: admin })).status,
    ).toBe(400);
  });
});

describe('events that need our payments table', () => {
  /** A payment row for a deal negotiated through the API (the escrow itself is M3's and not started here). */
  async function paymentFor(
    deal: Awaited<ReturnType<typeof acceptedDeal>>,
    values: { status?: string; paymentIntentId?: string; milestoneStatus?: string } = {},
  ) {
    const paymentId = randomUUID();
    await stack.db.insert(payments).values({
      id: paymentId,
      dealId: deal.dealId,
      contractId: deal.contract.id,
      communityId: deal.community.id,
      organizationId: deal.org.id,
      status: (values.status ?? 'InEscrow') as never,
      currency: 'INR',
      grossMinor: 25_000_000,
      feeMinor: 1_250_000,
      feeBps: 500,
      stripePaymentIntentId: values.paymentIntentId ?? null,
      state: {} as never,
    });
    if (values.milestoneStatus)
      await stack.db.insert(paymentMilestones).values({
        paymentId,
        position: 1,
        label: 'Event delivered',
        amountMinor: 25_000_000,
        feeMinor: 1_250_000,
        conditionType: 'request',
        due: 'on request',
        status: values.milestoneStatus as never,
      });
    return paymentId;
  }

  it('account.updated tells each escrow of the community that waits for a payout account, and only those', async () => {
    const waitingDeal = await acceptedDeal(stack);
    const communityId = waitingDeal.community.id;
    const waitingPayment = await paymentFor(waitingDeal, { status: 'AwaitingPayoutAccount' });
    await idleEscrow(waitingPayment);
    const admin = await adminToken(stack);
    const created = await stack.request('POST', `/api/v1/communities/${communityId}/payout-account`, {
      token: admin,
    });
    expect(created.status).toBe(201);
    const otherDeal = await acceptedDeal(stack);
    const notWaiting = await paymentFor(otherDeal, { status: 'InEscrow' });
    await idleEscrow(notWaiting);

    const event = accountUpdatedEvent({
      communityId,
      accountId: created.body.data.account.stripeAccountId,
      payoutsEnabled: true,
    });
    const res = await postStripeEvent(stack, event);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      delivery: 'applied',
      note: 'payoutsEnabled=true; told 1 waiting escrow(s)',
    });
    expect(await signalsOf(waitingPayment)).toEqual([
      { name: 'payoutAccountChanged', arg: { communityId, payoutsEnabled: true } },
    ]);
    expect(await signalsOf(notWaiting)).toEqual([]);
  });

  it('a milestone awaiting a payout account counts too', async () => {
    const deal = await acceptedDeal(stack);
    const paymentId = await paymentFor(deal, {
      status: 'InEscrow',
      milestoneStatus: 'AwaitingPayoutAccount',
    });
    const { escrowsAwaitingPayout } = await import('../../src/db/repositories/stripe-repository.js');
    expect(await escrowsAwaitingPayout(stack.db, deal.community.id)).toEqual([paymentId]);
    expect(await escrowsAwaitingPayout(stack.db, randomUUID())).toEqual([]);
  });

  it('routes a dispute (no metadata) by its PaymentIntent when exactly one payment has it', async () => {
    const deal = await acceptedDeal(stack);
    const paymentIntentId = `pi_test${randomUUID().replace(/-/g, '')}`;
    const paymentId = await paymentFor(deal, { paymentIntentId });
    await idleEscrow(paymentId);
    const dispute = stripeEvent('charge.dispute.created', {
      id: 'dp_test_1',
      object: 'dispute',
      amount: 25_000_000,
      currency: 'inr',
      charge: 'ch_test_1',
      payment_intent: paymentIntentId,
      status: 'needs_response',
      reason: 'fraudulent',
      metadata: {},
    });
    const res = await postStripeEvent(stack, dispute);
    expect(res.body.data).toMatchObject({ delivery: 'signalled' });
    expect((await storedEvent(dispute.id))!.paymentId).toBe(paymentId);
    const [signal] = await signalsOf(paymentId);
    expect(signal!.arg).toMatchObject({
      type: 'charge.dispute.created',
      objectId: 'dp_test_1',
      fields: {
        objectType: 'dispute',
        disputeStatus: 'needs_response',
        paymentIntentId,
        chargeId: 'ch_test_1',
      },
    });
  });
});
