import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { publishWebhookEvent } from '../../src/db/repositories/webhooks-repository.js';
import { WEBHOOK_SWEEP_WORKFLOW } from '../../src/workflows/webhook-sweep/webhook-sweep.contract.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  emailOutbox,
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookSubscriptions,
} from '../../src/db/schema/index.js';
import { verifyWebhook } from '../../src/infra/webhook-signature.js';
import {
  createCommunity,
  createEvent,
  createSessionToken,
  createUser,
  memberWithToken,
} from '../helpers/fixtures.js';
import { startReceiver, waitFor } from '../helpers/receiver.js';
import { captureHistory } from '../helpers/histories.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { webhookDeliveryWorkflowId } from '../../src/workflows/webhook-delivery/webhook-delivery.contract.js';

let stack: TTestStack;
let communityId: string;
let organizer: { token: string; user: { id: string; email: string } };

beforeAll(async () => {
  // The receivers listen on loopback, which the target policy refuses unless this switch is on.
  stack = await startTestStack({
    WEBHOOK_RETRY_SCHEDULE: '0,150ms,300ms',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  });
  communityId = (await createCommunity(stack.db, 'approved')).id;
  organizer = await memberWithToken(stack.db, communityId, 'Organizer');
});
afterAll(() => stack?.close());

async function subscribe(
  url: string,
  eventTypes = ['event_partner_assigned', 'event_partner_updated', 'event_partner_removed'],
) {
  const res = await stack.request('POST', '/api/v1/webhooks', {
    token: organizer.token,
    body: { communityId, url, eventTypes },
  });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; secret: string };
}

async function assignPartner(name: string) {
  const event = await createEvent(stack.db, communityId);
  const res = await stack.request('POST', `/api/v1/events/${event.id}/partners`, {
    token: organizer.token,
    body: { name, website: `https://${name.toLowerCase().replace(/\W/g, '')}.io`, category: 'Gold Sponsor' },
  });
  expect(res.status).toBe(201);
  return { eventId: event.id, linkId: res.body.data.id as string };
}

async function deliveriesOf(subscriptionId: string) {
  return stack.db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.subscriptionId, subscriptionId));
}

async function settled(subscriptionId: string, status: string) {
  return waitFor(
    async () => {
      const rows = await deliveriesOf(subscriptionId);
      return rows.length > 0 && rows.every((d) => d.status === status) ? rows : null;
    },
    15_000,
    `deliveries ${status}`,
  );
}

describe('webhook subscriptions', () => {
  it('shows the secret once and stores it encrypted', async () => {
    const receiver = await startReceiver();
    const created = await subscribe(receiver.url);
    expect(created.secret).toMatch(/^whsec_/);
    const list = await stack.request('GET', `/api/v1/webhooks?communityId=${communityId}`, {
      token: organizer.token,
    });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(created.secret);
    const [row] = await stack.db
      .select()
      .from(webhookSubscriptions)
      .where(eq(webhookSubscriptions.id, created.id));
    expect(row!.secretCiphertext).not.toContain(created.secret.slice(6));
    await receiver.close();
  });

  it.each([
    ['bad url', { url: 'not a url', eventTypes: ['deal_accepted'] }, 'url'],
    ['ftp url', { url: 'ftp://x.io/h', eventTypes: ['deal_accepted'] }, 'url'],
    ['unknown event type', { url: 'https://x.io/h', eventTypes: ['partner_sneezed'] }, 'eventTypes.0'],
    ['no event types', { url: 'https://x.io/h', eventTypes: [] }, 'eventTypes'],
    ['unknown field', { url: 'https://x.io/h', eventTypes: ['deal_accepted'], secret: 'mine' }, 'secret'],
  ])('rejects %s with 400', async (_name, body, path) => {
    const res = await stack.request('POST', '/api/v1/webhooks', {
      token: organizer.token,
      body: { communityId, ...body },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('only Organizers and Co-Organizers manage; partnership roles read; others are denied', async () => {
    const body = { communityId, url: 'https://example.com/h', eventTypes: ['deal_accepted'] };
    const lead = await memberWithToken(stack.db, communityId, 'Partnerships Lead');
    const volunteer = await memberWithToken(stack.db, communityId, 'Volunteer');
    const coOrganizer = await memberWithToken(stack.db, communityId, 'Co-Organizer');
    const outsider = await createSessionToken(stack.db, (await createUser(stack.db)).id);
    expect((await stack.request('POST', '/api/v1/webhooks', { token: lead.token, body })).status).toBe(403);
    expect((await stack.request('POST', '/api/v1/webhooks', { token: volunteer.token, body })).status).toBe(
      403,
    );
    expect((await stack.request('POST', '/api/v1/webhooks', { token: outsider, body })).status).toBe(403);
    expect((await stack.request('POST', '/api/v1/webhooks', { body })).status).toBe(401);
    const created = await stack.request('POST', '/api/v1/webhooks', { token: coOrganizer.token, body });
    expect(created.status).toBe(201);
    expect(
      (await stack.request('GET', `/api/v1/webhooks?communityId=${communityId}`, { token: lead.token }))
        .status,
    ).toBe(200);
    expect(
      (await stack.request('GET', `/api/v1/webhooks?communityId=${communityId}`, { token: volunteer.token }))
        .status,
    ).toBe(403);
    expect(
      (await stack.request('DELETE', `/api/v1/webhooks/${created.body.data.id}`, { token: lead.token }))
        .status,
    ).toBe(403);
    expect(
      (
        await stack.request('DELETE', `/api/v1/webhooks/${created.body.data.id}`, {
          token: coOrganizer.token,
        })
      ).status,
    ).toBe(200);
  });
});

describe('webhook delivery workflow', () => {
  it('delivers a signed event that a receiver can verify', async () => {
    const receiver = await startReceiver([200]);
    const sub = await subscribe(receiver.url);
    const { eventId, linkId } = await assignPartner('Signed Co');
    const [delivery] = await settled(sub.id, 'delivered');
    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    expect(headers['x-commdesk-webhook-id']).toBe(delivery!.id);
    expect(headers['x-commdesk-event-type']).toBe('event_partner_assigned');
    expect(headers['x-commdesk-event-version']).toBe('1');
    expect(
      verifyWebhook({
        secret: sub.secret,
        timestamp: String(headers['x-commdesk-timestamp']),
        signature: String(headers['x-commdesk-signature']),
        rawBody: body,
      }),
    ).toBe(true);
    expect(
      verifyWebhook({
        secret: 'whsec_wrong',
        timestamp: String(headers['x-commdesk-timestamp']),
        signature: String(headers['x-commdesk-signature']),
        rawBody: body,
      }),
    ).toBe(false);
    expect(JSON.parse(body)).toMatchObject({
      type: 'event_partner_assigned',
      communityId,
      data: { eventId, assignment: { id: linkId, category: 'Gold Sponsor' } },
    });
    const detail = await stack.request('GET', `/api/v1/webhooks/deliveries/${delivery!.id}`, {
      token: organizer.token,
    });
    expect(detail.body.data).toMatchObject({
      status: 'delivered',
      attemptCount: 1,
      attempts: [{ attemptNumber: 1, statusCode: 200, outcome: 'delivered' }],
    });
    expect(detail.body.data.attempts[0].latencyMs).toEqual(expect.any(Number));
    await receiver.close();
  });

  it('retries on the configured schedule, logs every attempt, then succeeds with the same delivery id', async () => {
    const receiver = await startReceiver([500, 503, 200]);
    const sub = await subscribe(receiver.url);
    await assignPartner('Retry Co');
    const [delivery] = await settled(sub.id, 'delivered');
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['x-commdesk-webhook-id']))).toEqual(
      new Set([delivery!.id]),
    );
    const gaps = [
      receiver.received[1]!.at - receiver.received[0]!.at,
      receiver.received[2]!.at - receiver.received[1]!.at,
    ];
    expect(gaps[0]).toBeGreaterThanOrEqual(140);
    expect(gaps[1]).toBeGreaterThanOrEqual(290);
    const attempts = await stack.db
      .select()
      .from(webhookDeliveryAttempts)
      .where(eq(webhookDeliveryAttempts.deliveryId, delivery!.id));
    expect(attempts.map((a) => [a.attemptNumber, a.statusCode, a.outcome]).sort()).toEqual([
      [1, 500, 'failed'],
      [2, 503, 'failed'],
      [3, 200, 'delivered'],
    ]);
    await captureHistory(stack, webhookDeliveryWorkflowId(delivery!.id), 'webhook-delivery-retried');
    await receiver.close();
  });

  it('dead-letters after the last attempt, tells the owner, and can be replayed', async () => {
    const receiver = await startReceiver([500]);
    const sub = await subscribe(receiver.url);
    await assignPartner('Dead Letter Co');
    const [delivery] = await settled(sub.id, 'dead_lettered');
    expect(receiver.received).toHaveLength(3);
    expect(delivery!.lastStatusCode).toBe(500);
    const mails = await stack.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `webhook-dead-letter:${delivery!.id}:1`));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe(organizer.user.email);

    receiver.respondWith([200]);
    const replay = await stack.request('POST', `/api/v1/webhooks/deliveries/${delivery!.id}/replay`, {
      token: organizer.token,
    });
    expect(replay.status).toBe(202);
    expect(replay.body.data).toMatchObject({ id: delivery!.id, run: 2, status: 'pending' });
    const [replayed] = await settled(sub.id, 'delivered');
    expect(replayed!.run).toBe(2);
    expect(receiver.received).toHaveLength(4);
    expect(receiver.received[3]!.headers['x-commdesk-webhook-id']).toBe(delivery!.id);
    const attempts = await stack.db
      .select()
      .from(webhookDeliveryAttempts)
      .where(eq(webhookDeliveryAttempts.deliveryId, delivery!.id));
    expect(attempts).toHaveLength(4);
    await receiver.close();
  });

  it('does not follow a redirect: the attempt fails with the reason and the redirect target gets nothing', async () => {
    const elsewhere = await startReceiver([200]);
    const redirecting = createServer((_req, res) => {
      res.writeHead(307, { location: elsewhere.url }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const port = (redirecting.address() as AddressInfo).port;
    const sub = await subscribe(`http://127.0.0.1:${port}/hooks`);
    await assignPartner('Redirect Co');
    const [delivery] = await settled(sub.id, 'dead_lettered');
    const attempts = await stack.db
      .select()
      .from(webhookDeliveryAttempts)
      .where(eq(webhookDeliveryAttempts.deliveryId, delivery!.id));
    expect(attempts).toHaveLength(3);
    for (const attempt of attempts) {
      expect(attempt).toMatchObject({ statusCode: 307, outcome: 'failed' });
      expect(attempt.error).toContain('redirects are not followed');
    }
    expect(elsewhere.received).toHaveLength(0);
    await stack.request('DELETE', `/api/v1/webhooks/${sub.id}`, { token: organizer.token });
    await new Promise((resolve) => redirecting.close(resolve));
    await elsewhere.close();
  });

  it('sends nothing to a deleted subscription, and stops retrying one deleted mid-schedule', async () => {
    const receiver = await startReceiver([500]);
    const deleted = await subscribe(receiver.url);
    expect(
      (await stack.request('DELETE', `/api/v1/webhooks/${deleted.id}`, { token: organizer.token })).status,
    ).toBe(200);
    await assignPartner('Nobody Listens');
    expect(await deliveriesOf(deleted.id)).toHaveLength(0);

    const midway = await subscribe(receiver.url);
    await assignPartner('Midway Co');
    await waitFor(async () => receiver.received.length >= 1, 5_000, 'first attempt');
    expect(
      (await stack.request('DELETE', `/api/v1/webhooks/${midway.id}`, { token: organizer.token })).status,
    ).toBe(200);
    await settled(midway.id, 'cancelled');
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.received).toHaveLength(1);
    const [delivery] = await deliveriesOf(midway.id);
    const replay = await stack.request('POST', `/api/v1/webhooks/deliveries/${delivery!.id}/replay`, {
      token: organizer.token,
    });
    expect(replay.status).toBe(422);
    await receiver.close();
  });

  it('emits updated and removed events for assignment changes, only to subscribers of those types', async () => {
    const receiver = await startReceiver([200]);
    const sub = await subscribe(receiver.url, ['event_partner_updated', 'event_partner_removed']);
    const { eventId, linkId } = await assignPartner('Lifecycle Co');
    await stack.request('PATCH', `/api/v1/events/${eventId}/partners/${linkId}`, {
      token: organizer.token,
      body: { category: 'Silver Sponsor' },
    });
    await stack.request('DELETE', `/api/v1/events/${eventId}/partners/${linkId}`, { token: organizer.token });
    await waitFor(async () => receiver.received.length >= 2, 10_000, 'two deliveries');
    const types = receiver.received.map((r) => r.headers['x-commdesk-event-type']).sort();
    expect(types).toEqual(['event_partner_removed', 'event_partner_updated']);
    const updated = JSON.parse(
      receiver.received.find((r) => r.headers['x-commdesk-event-type'] === 'event_partner_updated')!.body,
    );
    expect(updated.data).toMatchObject({
      assignment: { category: 'Silver Sponsor' },
      previous: { category: 'Gold Sponsor' },
    });
    await settled(sub.id, 'delivered');
    await receiver.close();
  });

  it('replays only finished deliveries, and only for managers', async () => {
    const receiver = await startReceiver([200]);
    const sub = await subscribe(receiver.url);
    await assignPartner('Replay Rules Co');
    const [delivery] = await settled(sub.id, 'delivered');
    const lead = await memberWithToken(stack.db, communityId, 'Partnerships Lead');
    expect(
      (
        await stack.request('POST', `/api/v1/webhooks/deliveries/${delivery!.id}/replay`, {
          token: lead.token,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await stack.request(
          'POST',
          '/api/v1/webhooks/deliveries/00000000-0000-4000-8000-000000000000/replay',
          { token: organizer.token },
        )
      ).status,
    ).toBe(404);
    expect(
      (await stack.request('POST', '/api/v1/webhooks/deliveries/nope/replay', { token: organizer.token }))
        .status,
    ).toBe(400);
    receiver.respondWith([500]);
    const first = await stack.request('POST', `/api/v1/webhooks/deliveries/${delivery!.id}/replay`, {
      token: organizer.token,
    });
    expect(first.status).toBe(202);
    const second = await stack.request('POST', `/api/v1/webhooks/deliveries/${delivery!.id}/replay`, {
      token: organizer.token,
    });
    expect(second.status).toBe(409);
    await settled(sub.id, 'dead_lettered');
    await receiver.close();
  });

  it('survives a worker restart: a delivery queued while no worker runs is delivered once after it returns', async () => {
    const receiver = await startReceiver([200]);
    const sub = await subscribe(receiver.url);
    await stack.stopWorker();
    try {
      await assignPartner('Restart Co');
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.received).toHaveLength(0);
      expect((await deliveriesOf(sub.id))[0]!.status).toBe('pending');
    } finally {
      await stack.startWorker();
    }
    await settled(sub.id, 'delivered');
    expect(receiver.received).toHaveLength(1);
    await receiver.close();
  });

  it('the sweep starts deliveries whose workflow never started (a Temporal outage after the commit)', async () => {
    const receiver = await startReceiver([200]);
    const sub = await subscribe(receiver.url);
    const { deliveryIds } = await stack.db.transaction((tx) =>
      publishWebhookEvent(tx, { communityId, type: 'event_partner_assigned', payload: { simulated: true } }),
    );
    const [mine] = await deliveriesOf(sub.id);
    expect(deliveryIds).toContain(mine!.id);
    // Only this subscription's delivery is old enough to count as stalled; the others were just written.
    await stack.db.execute(
      sql`update webhook_deliveries set updated_at = now() - interval '5 minutes' where id = ${mine!.id}`,
    );
    const started = await stack.deps.temporal.workflow.execute(WEBHOOK_SWEEP_WORKFLOW, {
      workflowId: `webhook-sweep-test:${mine!.id}`,
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      args: [{ stalledAfterMs: 60_000, retryScheduleMs: [0] }],
    });
    expect(started).toBe(1);
    await settled(sub.id, 'delivered');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['x-commdesk-webhook-id']).toBe(mine!.id);
    await receiver.close();
  });
});
