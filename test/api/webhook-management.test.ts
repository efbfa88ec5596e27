import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishWebhookEvent } from '../../src/db/repositories/webhooks-repository.js';
import {
  auditLog,
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookSubscriptions,
} from '../../src/db/schema/index.js';
import { verifyWebhook } from '../../src/infra/webhook-signature.js';
import { WEBHOOK_SWEEP_WORKFLOW } from '../../src/workflows/webhook-sweep/webhook-sweep.contract.js';
import { createCommunity, memberWithToken } from '../helpers/fixtures.js';
import { startReceiver, waitFor, type TReceived } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
let communityId: string;
let organizer: { token: string; user: { id: string } };
let lead: { token: string };
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  // The receivers listen on loopback, which the target policy refuses unless this switch is on.
  stack = await startTestStack({
    WEBHOOK_RETRY_SCHEDULE: '0,150ms',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_SECRET_OVERLAP: '1h',
    WEBHOOK_LOG_RETENTION: '1h',
  });
  communityId = (await createCommunity(stack.db, 'approved')).id;
  organizer = await memberWithToken(stack.db, communityId, 'Organizer');
  lead = await memberWithToken(stack.db, communityId, 'Partnerships Lead');
  receiver = await startReceiver([200]);
});
afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

async function subscribe(url = receiver.url, name?: string) {
  const res = await stack.request('POST', '/api/v1/webhooks', {
    token: organizer.token,
    body: { communityId, url, eventTypes: ['event_partner_assigned'], ...(name && { name }) },
  });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; secret: string; name: string };
}

async function ping(subscriptionId: string) {
  const res = await stack.request('POST', `/api/v1/webhooks/${subscriptionId}/test`, {
    token: organizer.token,
  });
  expect(res.status).toBe(202);
  expect(res.body.data).toMatchObject({ eventType: 'ping', status: 'pending', subscriptionId });
  return res.body.data.id as string;
}

async function delivered(deliveryId: string) {
  return waitFor(
    async () => {
      const res = await stack.request('GET', `/api/v1/webhooks/deliveries/${deliveryId}`, {
        token: organizer.token,
      });
      return ['delivered', 'dead_lettered'].includes(res.body.data.status) ? res.body.data : null;
    },
    15_000,
    'the delivery to finish',
  );
}

const receivedFor = (deliveryId: string) =>
  waitFor(
    async () => receiver.received.find((r) => r.headers['x-commdesk-webhook-id'] === deliveryId),
    15_000,
  );

const verifies = (secret: string, r: TReceived) =>
  verifyWebhook({
    secret,
    timestamp: String(r.headers['x-commdesk-timestamp']),
    signature: String(r.headers['x-commdesk-signature']),
    rawBody: r.body,
  });

describe('webhook management', () => {
  it('names a subscription (default: the host), reads it by id, and lists it', async () => {
    const named = await subscribe(receiver.url, 'CRM sync');
    const unnamed = await subscribe();
    expect(named.name).toBe('CRM sync');
    expect(unnamed.name).toBe('127.0.0.1');
    const one = await stack.request('GET', `/api/v1/webhooks/${named.id}`, { token: lead.token });
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({
      id: named.id,
      name: 'CRM sync',
      status: 'active',
      lastDeliveryStatus: null,
      lastTestAt: null,
      previousSecretExpiresAt: null,
    });
    expect(one.body.data).not.toHaveProperty('secret');
    const list = await stack.request('GET', `/api/v1/webhooks?communityId=${communityId}`, {
      token: lead.token,
    });
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([named.id, unnamed.id]),
    );
  });

  it('PATCH changes name, event types and description, audited once; a repeat changes nothing; only admins may', async () => {
    const sub = await subscribe();
    const body = {
      name: 'Renamed',
      eventTypes: ['event_partner_updated', 'deal_accepted'],
      description: 'why',
    };
    const denied = await stack.request('PATCH', `/api/v1/webhooks/${sub.id}`, { token: lead.token, body });
    expect(denied.status).toBe(403);
    const res = await stack.request('PATCH', `/api/v1/webhooks/${sub.id}`, { token: organizer.token, body });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject(body);
    const again = await stack.request('PATCH', `/api/v1/webhooks/${sub.id}`, {
      token: organizer.token,
      body,
    });
    expect(again.status).toBe(200);
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, sub.id), eq(auditLog.action, 'webhook_subscription.updated')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.before).toMatchObject({ name: null, description: null });
    expect(audits[0]!.after).toMatchObject(body);

    const empty = await stack.request('PATCH', `/api/v1/webhooks/${sub.id}`, {
      token: organizer.token,
      body: {},
    });
    expect(empty.status).toBe(400);
  });

  it('PATCH url applies the target rules of registration: a link-local address is refused with the reason', async () => {
    const sub = await subscribe();
    const res = await stack.request('PATCH', `/api/v1/webhooks/${sub.id}`, {
      token: organizer.token,
      body: { url: 'http://169.254.169.254/latest/meta-data' },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('webhook URL refused');
    const row = await stack.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, sub.id));
    expect(row[0]!.url).toBe(receiver.url);
  });

  it('a test ping travels the delivery workflow, signed; the log keeps the payload and the response; the subscription shows it', async () => {
    const sub = await subscribe();
    const deliveryId = await ping(sub.id);
    const received = await receivedFor(deliveryId);
    expect(received.headers['x-commdesk-event-type']).toBe('ping');
    expect(verifies(sub.secret, received)).toBe(true);
    expect(JSON.parse(received.body)).toMatchObject({ type: 'ping', data: { subscriptionId: sub.id } });

    const log = await delivered(deliveryId);
    expect(log.status).toBe('delivered');
    expect(log.request.body).toBe(received.body);
    expect(log.attempts).toHaveLength(1);
    expect(log.attempts[0]).toMatchObject({
      outcome: 'delivered',
      statusCode: 200,
      requestHeaders: { 'x-commdesk-event-type': 'ping', 'x-commdesk-webhook-id': deliveryId },
      response: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok', bodyTruncated: false },
    });
    expect(log.attempts[0].requestHeaders).not.toHaveProperty('x-commdesk-signature');

    const list = await stack.request('GET', `/api/v1/webhooks/${sub.id}/deliveries`, {
      token: organizer.token,
    });
    expect(list.body.data.map((d: { id: string }) => d.id)).toContain(deliveryId);
    const after = await stack.request('GET', `/api/v1/webhooks/${sub.id}`, { token: organizer.token });
    expect(after.body.data.lastDeliveryStatus).toBe('delivered');
    expect(Date.parse(after.body.data.lastTestAt)).toBeGreaterThan(Date.now() - 60_000);
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, sub.id), eq(auditLog.action, 'webhook_subscription.tested')));
    expect(audits).toHaveLength(1);
  });

  it('keeps only the start of a long response body, and the status of a failing receiver', async () => {
    const big = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(500, { 'x-receiver': 'big' }).end('é'.repeat(10_000)));
    });
    await new Promise<void>((resolve) => big.listen(0, '127.0.0.1', resolve));
    try {
      const sub = await subscribe(`http://127.0.0.1:${(big.address() as AddressInfo).port}/hooks`);
      const log = await delivered(await ping(sub.id));
      expect(log.status).toBe('dead_lettered');
      expect(log.attempts).toHaveLength(2);
      const { response } = log.attempts[0];
      expect(response).toMatchObject({ status: 500, headers: { 'x-receiver': 'big' }, bodyTruncated: true });
      expect(Buffer.byteLength(response.body)).toBeLessThanOrEqual(4096);
      expect(response.body).toBe('é'.repeat(2048));
      const after = await stack.request('GET', `/api/v1/webhooks/${sub.id}`, { token: organizer.token });
      expect(after.body.data.lastDeliveryStatus).toBe('dead_lettered');
    } finally {
      await new Promise<void>((resolve) => big.close(() => resolve()));
    }
  });

  it('rolling the secret: both secrets sign during the overlap; with no overlap only the new one', async () => {
    const sub = await subscribe();
    const rolled = await stack.request('POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, {
      token: organizer.token,
      body: {},
    });
    expect(rolled.status).toBe(200);
    const secret2 = rolled.body.data.secret as string;
    expect(secret2).not.toBe(sub.secret);
    expect(Date.parse(rolled.body.data.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 3_500_000);
    const first = await receivedFor(await ping(sub.id));
    expect(String(first.headers['x-commdesk-signature']).split(',')).toHaveLength(2);
    expect(verifies(secret2, first)).toBe(true);
    expect(verifies(sub.secret, first)).toBe(true);

    const now = await stack.request('POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, {
      token: organizer.token,
      body: { overlapSeconds: 0 },
    });
    expect(now.status).toBe(200);
    expect(now.body.data.previousSecretExpiresAt).toBeNull();
    const second = await receivedFor(await ping(sub.id));
    expect(verifies(now.body.data.secret, second)).toBe(true);
    expect(verifies(secret2, second)).toBe(false);
    expect(verifies(sub.secret, second)).toBe(false);

    // Without a body: the configured overlap (1h here).
    const bare = await stack.request('POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, {
      token: organizer.token,
    });
    expect(bare.status).toBe(200);
    expect(Date.parse(bare.body.data.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 3_500_000);

    const tooLong = await stack.request('POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, {
      token: organizer.token,
      body: { overlapSeconds: 30 * 86_400 },
    });
    expect(tooLong.status).toBe(400);
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, sub.id), eq(auditLog.action, 'webhook_subscription.secret_rotated')));
    expect(audits).toHaveLength(3);
  });

  it('disabling stops new deliveries and test pings until enabled again', async () => {
    const sub = await subscribe();
    const off = await stack.request('PATCH', `/api/v1/webhooks/${sub.id}`, {
      token: organizer.token,
      body: { status: 'disabled' },
    });
    expect(off.status).toBe(200);
    expect(off.body.data.status).toBe('disabled');
    const published = await stack.db.transaction((tx) =>
      publishWebhookEvent(tx, { communityId, type: 'event_partner_assigned', payload: { n: 1 } }),
    );
    const rows = await stack.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.subscriptionId, sub.id));
    expect(rows.filter((d) => d.eventId === published.eventId)).toEqual([]);
    const refused = await stack.request('POST', `/api/v1/webhooks/${sub.id}/test`, {
      token: organizer.token,
    });
    expect(refused.status).toBe(422);

    const on = await stack.request('PATCH', `/api/v1/webhooks/${sub.id}`, {
      token: organizer.token,
      body: { status: 'active' },
    });
    expect(on.body.data.status).toBe('active');
    expect((await delivered(await ping(sub.id))).status).toBe('delivered');
    const actions = (await stack.db.select().from(auditLog).where(eq(auditLog.entityId, sub.id))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['webhook_subscription.disabled', 'webhook_subscription.enabled']),
    );
  });

  it('past the retention the log keeps outcomes only, and the sweep clears the stored details', async () => {
    const sub = await subscribe();
    const deliveryId = await ping(sub.id);
    await delivered(deliveryId);
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await stack.db
      .update(webhookDeliveryAttempts)
      .set({ createdAt: twoHoursAgo })
      .where(eq(webhookDeliveryAttempts.deliveryId, deliveryId));
    await stack.db
      .update(webhookDeliveries)
      .set({ createdAt: twoHoursAgo })
      .where(eq(webhookDeliveries.id, deliveryId));
    const log = await stack.request('GET', `/api/v1/webhooks/deliveries/${deliveryId}`, {
      token: organizer.token,
    });
    expect(log.body.data.request).toBeNull();
    expect(log.body.data.attempts[0]).toMatchObject({
      outcome: 'delivered',
      statusCode: 200,
      response: null,
    });
    expect(log.body.data.attempts[0].requestHeaders).toBeNull();

    await stack.deps.temporal.workflow.execute(WEBHOOK_SWEEP_WORKFLOW, {
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      workflowId: `webhook-sweep-test-${deliveryId}`,
      args: [{ stalledAfterMs: 3_600_000, retryScheduleMs: [0] }],
    });
    const [stored] = await stack.db
      .select({
        kept: sql<number>`count(*) filter (where ${webhookDeliveryAttempts.responseBody} is not null
          or ${webhookDeliveryAttempts.responseHeaders} is not null or ${webhookDeliveryAttempts.requestHeaders} is not null)`,
      })
      .from(webhookDeliveryAttempts)
      .where(eq(webhookDeliveryAttempts.deliveryId, deliveryId));
    expect(Number(stored!.kept)).toBe(0);
  });
});
