import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSubscription } from '../../src/db/repositories/webhooks-repository.js';
import { emailOutbox, webhookDeliveries, webhookDeliveryAttempts } from '../../src/db/schema/index.js';
import { createCommunity, createEvent, memberWithToken } from '../helpers/fixtures.js';
import { startReceiver, waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

// The default configuration: WEBHOOK_ALLOW_PRIVATE_TARGETS unset, so loopback and private targets are refused.
let stack: TTestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

describe('webhook registration refuses targets inside the network', () => {
  let communityId: string;
  let organizer: { token: string };
  beforeAll(async () => {
    communityId = (await createCommunity(stack.db, 'approved')).id;
    organizer = await memberWithToken(stack.db, communityId, 'Organizer');
  });

  const register = (url: string) =>
    stack.request('POST', '/api/v1/webhooks', {
      token: organizer.token,
      body: { communityId, url, eventTypes: ['deal_accepted'] },
    });

  it.each([
    ['https://[::ffff:127.0.0.1]/h', '127.0.0.1 is a loopback address'],
    ['https://[::ffff:169.254.169.254]/latest/meta-data', '169.254.169.254 is a link-local'],
    ['https://[::]/h', ':: is the unspecified address'],
    ['https://[::1]:8443/h', '::1 is a loopback address'],
    ['https://[fe80::1]/h', 'fe80::1 is a link-local'],
    ['https://[fd00::1]/h', 'fd00::1 is a unique-local'],
    ['https://100.64.0.1/h', '100.64.0.1 is a carrier-grade NAT'],
    ['https://192.0.0.1/h', '192.0.0.1 is in a special-use range (reserved)'],
    ['https://198.18.0.1/h', '198.18.0.1 is in a special-use range (reserved)'],
    ['https://169.254.169.254/h', '169.254.169.254 is a link-local'],
    ['https://10.0.0.1/h', '10.0.0.1 is a private address (RFC 1918)'],
    ['https://127.1/h', '127.0.0.1 is a loopback address'],
    ['https://2130706433/h', '127.0.0.1 is a loopback address'],
    ['https://224.0.0.1/h', '224.0.0.1 is a multicast'],
    // A name: resolved by the system resolver from /etc/hosts, no DNS traffic.
    ['https://localhost:9999/h', 'localhost resolves to an address that is not a public internet address'],
    ['http://93.184.215.14/h', 'webhook URLs must use https'],
  ])('%s -> 400', async (url, reason) => {
    const res = await register(url);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.message).toContain('webhook URL refused');
    expect(res.body.message).toContain(reason);
    expect(res.body.error.details).toEqual([{ path: 'url', message: expect.stringContaining(reason) }]);
  });

  it('accepts a public address (deleted at once: nothing is ever delivered to it)', async () => {
    const res = await register('https://93.184.215.14/hooks');
    expect(res.status).toBe(201);
    const deleted = await stack.request('DELETE', `/api/v1/webhooks/${res.body.data.id}`, {
      token: organizer.token,
    });
    expect(deleted.status).toBe(200);
  });
});

describe('webhook delivery checks the target again at every attempt', () => {
  it('a stored subscription whose name resolves to loopback is refused at delivery: no request, one refused attempt, dead-lettered, owner told', async () => {
    const receiver = await startReceiver([200]);
    const communityId = (await createCommunity(stack.db, 'approved')).id;
    const organizer = await memberWithToken(stack.db, communityId, 'Organizer');
    // Stands for a row registered before this policy (the old hostname regex let such names through), or
    // a name re-pointed since registration: registration cannot be the only check.
    const port = new URL(receiver.url).port;
    const subscription = await insertSubscription(stack.db, {
      communityId,
      url: `https://localhost:${port}/hooks`,
      eventTypes: ['event_partner_assigned'],
      description: null,
      secretCiphertext: stack.deps.secretBox.encrypt('whsec_legacy'),
      createdBy: organizer.user.id,
    });
    const event = await createEvent(stack.db, communityId);
    const assigned = await stack.request('POST', `/api/v1/events/${event.id}/partners`, {
      token: organizer.token,
      body: { name: 'Refused Co', website: 'https://refusedco.io', category: 'Gold Sponsor' },
    });
    expect(assigned.status).toBe(201);

    const delivery = await waitFor(
      async () => {
        const [row] = await stack.db
          .select()
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.subscriptionId, subscription.id));
        return row?.status === 'dead_lettered' ? row : null;
      },
      15_000,
      'dead-lettered delivery',
    );
    const reason =
      'target refused: localhost resolves to an address that is not a public internet address: 127.0.0.1 is a loopback address';
    expect(delivery.attemptCount).toBe(1);
    expect(delivery.lastError).toContain(reason);
    const attempts = await stack.db
      .select()
      .from(webhookDeliveryAttempts)
      .where(eq(webhookDeliveryAttempts.deliveryId, delivery.id));
    expect(attempts.map((a) => [a.attemptNumber, a.outcome, a.statusCode])).toEqual([[1, 'refused', null]]);
    expect(attempts[0]!.error).toContain(reason);
    expect(receiver.received).toHaveLength(0);

    const detail = await stack.request('GET', `/api/v1/webhooks/deliveries/${delivery.id}`, {
      token: organizer.token,
    });
    expect(detail.body.data).toMatchObject({
      status: 'dead_lettered',
      attempts: [{ attemptNumber: 1, outcome: 'refused', error: expect.stringContaining(reason) }],
    });
    const [mail] = await stack.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `webhook-dead-letter:${delivery.id}:1`));
    expect(mail!.to).toBe(organizer.user.email);
    expect(mail!.body).toContain(reason);
    await receiver.close();
  });
});
