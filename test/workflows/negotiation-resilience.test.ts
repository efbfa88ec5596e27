import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { negotiationUpdate } from '../../src/api/requests/negotiation-service.js';
import { organizationMembers, requestRevisions, requestTimeline } from '../../src/db/schema/index.js';
import { AppError } from '../../src/errors.js';
import { createApiDeps } from '../../src/server.js';
import {
  counterUpdate,
  messageUpdate,
  negotiationWorkflowId,
  STEP_RETRY,
} from '../../src/workflows/negotiation/negotiation.contract.js';
import {
  createCommunity,
  createEvent,
  createOrganization,
  createSessionToken,
  createUser,
  memberWithToken,
} from '../helpers/fixtures.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

/**
 * Issue 8, item 2: one message containing NUL froze a negotiation (the insert failed in Postgres, the step retried
 * 50 times while holding the workflow's lock). Now: refused at the edge, data errors answer 4xx at once, and a step
 * never holds the lock across an unbounded retry.
 */

let stack: TTestStack;
let communityId: string;
let organizer: { token: string; user: { id: string } };

beforeAll(async () => {
  stack = await startTestStack({ REQUESTS_PER_COMMUNITY_PER_DAY: '200', COUNTER_OFFERS_PER_WINDOW: '20' });
  communityId = (await createCommunity(stack.db, 'approved')).id;
  organizer = await memberWithToken(stack.db, communityId, 'Organizer');
});
afterAll(() => stack?.close());

async function sponsor() {
  const org = await createOrganization(stack.db, { status: 'Active' });
  const user = await createUser(stack.db);
  await stack.db
    .insert(organizationMembers)
    .values({ organizationId: org.id, userId: user.id, role: 'Sponsor Admin', status: 'active' });
  return { org, user, token: await createSessionToken(stack.db, user.id) };
}

const proposal = (amountMinor: number, extra: Record<string, unknown> = {}) => ({
  amountMinor,
  currency: 'INR',
  category: 'Gold Sponsor',
  benefits: [{ key: 'logo_placement' }],
  terms: 'Logo on all materials.',
  ...extra,
});

async function openRequest(orgId: string) {
  const eventId = (await createEvent(stack.db, communityId)).id;
  const res = await stack.request('POST', '/api/v1/requests', {
    token: organizer.token,
    body: { communityId, organizationId: orgId, eventId, proposal: proposal(50_000_000) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id as string;
}

const act = (token: string, requestId: string, action: string, body: unknown) =>
  stack.request('PATCH', `/api/v1/requests/${requestId}/${action}`, { token, body });
const message = (token: string, requestId: string, body: string) =>
  stack.request('POST', '/api/v1/negotiations/message', { token, body: { requestId, body } });

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await run();
  return { result, ms: Date.now() - started };
}

async function timelineSeqs(requestId: string) {
  return (
    await stack.db
      .select({ seq: requestTimeline.seq, type: requestTimeline.type })
      .from(requestTimeline)
      .where(eq(requestTimeline.requestId, requestId))
      .orderBy(asc(requestTimeline.seq))
  ).map((t) => `${t.seq}:${t.type}`);
}

/** Both sides can still act: a message each, a counter, and the acceptance that makes the deal. */
async function expectNegotiationWorks(s: { token: string }, requestId: string, revision: number) {
  expect((await message(organizer.token, requestId, 'still here?')).status).toBe(201);
  expect((await message(s.token, requestId, 'yes')).status).toBe(201);
  const counter = await act(s.token, requestId, 'negotiate', {
    inReplyToRevision: revision,
    proposal: proposal(41_000_000),
  });
  expect(counter.status, JSON.stringify(counter.body)).toBe(200);
  const accepted = await act(organizer.token, requestId, 'accept', { revision: revision + 1 });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  expect(accepted.body.data.status).toBe('Accepted');
}

describe('a poison message cannot freeze a negotiation', () => {
  it('answers a message containing NUL with 400 at once; both sides keep negotiating', async () => {
    const s = await sponsor();
    const requestId = await openRequest(s.org.id);
    const { result: poisoned, ms } = await timed(() => message(s.token, requestId, 'hello\u0000world'));
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.error.details).toEqual([
      expect.objectContaining({ location: 'body', path: 'body', message: expect.stringMatching(/NUL/) }),
    ]);
    expect(ms).toBeLessThan(2_000);
    await expectNegotiationWorks(s, requestId, 1);
  });

  it('turns a value the database refuses inside a step into a 400 at once, frees the step and the lock', async () => {
    const s = await sponsor();
    const requestId = await openRequest(s.org.id);
    const handle = stack.deps.temporal.workflow.getHandle(negotiationWorkflowId(requestId));
    // Straight to the workflow, past the API's validation: Postgres refuses NUL in text (SQLSTATE 22021) and in
    // jsonb (22P05), both class 22.
    const poisonedMessage = await timed(() =>
      negotiationUpdate(() =>
        handle.executeUpdate(messageUpdate, {
          args: [{ by: 'organization', actorUserId: s.user.id, body: 'x\u0000y', attachments: [] }],
        }),
      ).catch((err: unknown) => err),
    );
    expect(poisonedMessage.result).toBeInstanceOf(AppError);
    expect(poisonedMessage.result).toMatchObject({
      code: 'VALIDATION',
      status: 400,
      details: { rule: 'INVALID_DATA' },
    });
    expect((poisonedMessage.result as AppError).message).toMatch(/database refused/);
    expect(poisonedMessage.ms).toBeLessThan(3_000);

    const poisonedCounter = await timed(() =>
      negotiationUpdate(() =>
        handle.executeUpdate(counterUpdate, {
          args: [
            {
              by: 'organization',
              actorUserId: s.user.id,
              inReplyToRevision: 1,
              proposal: {
                amountMinor: 1_000,
                currency: 'INR',
                category: 'Gold Sponsor',
                benefits: [{ key: 'custom', label: 'bad\u0000label' }],
                terms: '',
              },
            },
          ],
        }),
      ).catch((err: unknown) => err),
    );
    expect(poisonedCounter.result).toMatchObject({ code: 'VALIDATION', details: { rule: 'INVALID_DATA' } });
    expect(poisonedCounter.ms).toBeLessThan(3_000);
    // Nothing was recorded and the refused step's number is reused: the timeline stays gap-free.
    expect(
      await stack.db.select().from(requestRevisions).where(eq(requestRevisions.requestId, requestId)),
    ).toHaveLength(1);
    await expectNegotiationWorks(s, requestId, 1);
    expect(await timelineSeqs(requestId)).toEqual(['1:opened', '2:counter', '3:accepted']);
  });

  it('answers 503 with Retry-After within a bounded time while the database is unreachable, then carries on', async () => {
    // The worker reaches Postgres through a proxy this test cuts; the API keeps its own direct connection.
    const target = new URL(stack.databaseUrl);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    const proxied = new URL(stack.databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    await stack.stopWorker();
    await stack.startWorker({ databaseUrl: proxied.toString() });
    try {
      const s = await sponsor();
      const requestId = await openRequest(s.org.id);
      expect(
        (await act(s.token, requestId, 'negotiate', { inReplyToRevision: 1, proposal: proposal(40_000_000) }))
          .status,
      ).toBe(200);

      await proxy.cut();
      const bound = parseInt(STEP_RETRY.totalTimeout, 10) * 1000 + 5_000;
      const down = await timed(() =>
        act(organizer.token, requestId, 'negotiate', {
          inReplyToRevision: 2,
          proposal: proposal(45_000_000),
        }),
      );
      expect(down.result.status, JSON.stringify(down.result.body)).toBe(503);
      expect(down.result.body.error.code).toBe('UNAVAILABLE');
      expect(Number(down.result.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(down.ms).toBeLessThan(bound);
      // The lock was released: the other side's next step is answered too (503 again, in bounded time), not queued.
      const other = await timed(() => message(s.token, requestId, 'are you there?'));
      expect(other.result.status).toBe(503);
      expect(other.ms).toBeLessThan(bound);

      await proxy.restore();
      // The next step first settles the unconfirmed counter (its outcome was unknown), then runs.
      expect((await message(s.token, requestId, 'back again')).status).toBe(201);
      const detail = await stack.request('GET', `/api/v1/requests/${requestId}`, { token: organizer.token });
      expect(detail.body.data).toMatchObject({ currentRevision: 3, currentAuthor: 'community' });
      expect(detail.body.data.revisions.map((r: { amountMinor: number }) => r.amountMinor)).toEqual([
        50_000_000, 40_000_000, 45_000_000,
      ]);
      expect(await timelineSeqs(requestId)).toEqual(['1:opened', '2:counter', '3:counter']);
      // Repeating the counter now finds it recorded; the negotiation goes on for both sides.
      const repeated = await act(organizer.token, requestId, 'negotiate', {
        inReplyToRevision: 2,
        proposal: proposal(45_000_000),
      });
      expect(repeated.status).toBe(409);
      expect(repeated.body.error.code).toBe('STALE_REVISION');
      await expectNegotiationWorks(s, requestId, 3);
    } finally {
      await proxy.restore().catch(() => {});
      await stack.stopWorker();
      await stack.startWorker();
      await proxy.close();
    }
  }, 90_000);

  it('bounds a step when the database stalls, and settles it exactly once when the stalled work completes', async () => {
    const target = new URL(stack.databaseUrl);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    const proxied = new URL(stack.databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    await stack.stopWorker();
    await stack.startWorker({ databaseUrl: proxied.toString() });
    try {
      const s = await sponsor();
      const requestId = await openRequest(s.org.id);
      expect(
        (await act(s.token, requestId, 'negotiate', { inReplyToRevision: 1, proposal: proposal(40_000_000) }))
          .status,
      ).toBe(200);

      // Connections stay open and accepted, but nothing answers: each attempt times out, the step gives up.
      proxy.hang();
      const bound = parseInt(STEP_RETRY.totalTimeout, 10) * 1000 + 5_000;
      const stalled = await timed(() =>
        act(organizer.token, requestId, 'negotiate', {
          inReplyToRevision: 2,
          proposal: proposal(45_000_000),
        }),
      );
      expect(stalled.result.status).toBe(503);
      expect(stalled.result.headers.get('retry-after')).toBeTruthy();
      expect(stalled.ms).toBeLessThan(bound);

      // The stalled statements go through late; the next step settles the counter once, whichever run wins.
      await proxy.restore();
      expect((await message(s.token, requestId, 'back again')).status).toBe(201);
      expect(
        (await stack.db.select().from(requestRevisions).where(eq(requestRevisions.requestId, requestId)))
          .map((r) => r.number)
          .sort(),
      ).toEqual([1, 2, 3]);
      expect(await timelineSeqs(requestId)).toEqual(['1:opened', '2:counter', '3:counter']);
      await expectNegotiationWorks(s, requestId, 3);
    } finally {
      await proxy.restore();
      await stack.stopWorker();
      await stack.startWorker();
      await proxy.close();
    }
  }, 90_000);
  it('answers any route 503 with Retry-After while the API itself cannot reach the database', async () => {
    const target = new URL(stack.databaseUrl);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    const proxied = new URL(stack.databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const api = await createApiDeps(stack.config, proxied.toString(), inject('stack').temporalAddress);
    const app = createApp(api.deps);
    try {
      const s = await sponsor();
      const profile = async () =>
        app.request(`/api/v1/sponsors/${s.org.id}`, { headers: { authorization: `Bearer ${s.token}` } });
      expect((await profile()).status).toBe(200);
      await proxy.cut();
      const down = await timed(profile);
      expect(down.result.status).toBe(503);
      expect(Number(down.result.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await down.result.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
      expect(down.ms).toBeLessThan(5_000);
      await proxy.restore();
      expect((await profile()).status).toBe(200);
    } finally {
      await proxy.restore();
      await api.close();
      await proxy.close();
    }
  });
});
