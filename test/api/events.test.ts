import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCommunity,
  createEvent,
  createSessionToken,
  createUser,
  memberWithToken,
} from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
let communityId: string;
let memberToken: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack();
  communityId = (await createCommunity(stack.db, 'active')).id;
  const other = await createCommunity(stack.db, 'active');
  memberToken = (await memberWithToken(stack.db, communityId, 'Volunteer')).token;
  ids.publicSoon = (await createEvent(stack.db, communityId, { title: 'Alpha public', startsInDays: 2 })).id;
  ids.publicLater = (await createEvent(stack.db, communityId, { title: 'Beta public', startsInDays: 20 })).id;
  ids.draft = (
    await createEvent(stack.db, communityId, {
      title: 'Gamma draft',
      status: 'draft',
      isPublic: false,
      startsInDays: 5,
    })
  ).id;
  ids.past = (await createEvent(stack.db, communityId, { title: 'Delta past', startsInDays: -10 })).id;
  ids.otherPrivate = (await createEvent(stack.db, other.id, { title: 'Other private', isPublic: false })).id;
});
afterAll(() => stack?.close());

const titles = (res: { body: { data: { title: string }[] } }) => res.body.data.map((e) => e.title);

describe('GET /api/v1/events', () => {
  it('anonymous callers see public published events only, ordered by start', async () => {
    const res = await stack.request('GET', '/api/v1/events');
    expect(res.status).toBe(200);
    expect(titles(res)).toEqual(['Delta past', 'Alpha public', 'Beta public']);
    expect(res.body.data[0].phase).toBe('Completed');
    expect(res.body.data[1].phase).toBe('Upcoming');
  });

  it("members also see their community's private events, never another community's", async () => {
    const res = await stack.request('GET', '/api/v1/events', { token: memberToken });
    expect(titles(res)).toEqual(['Delta past', 'Alpha public', 'Gamma draft', 'Beta public']);
  });

  it('platform admins see everything', async () => {
    const admin = await createSessionToken(
      stack.db,
      (await createUser(stack.db, { isPlatformAdmin: true })).id,
    );
    const res = await stack.request('GET', `/api/v1/events?limit=100`, { token: admin });
    expect(titles(res)).toContain('Other private');
  });

  it('supports the Event System list parameters', async () => {
    const q = (query: string) => stack.request('GET', `/api/v1/events?${query}`, { token: memberToken });
    expect(titles(await q('search=pub'))).toEqual(['Alpha public', 'Beta public']);
    expect(titles(await q('status=draft'))).toEqual(['Gamma draft']);
    expect(titles(await q('phase=Completed'))).toEqual(['Delta past']);
    expect(titles(await q('sort=-startsAt&limit=2'))).toEqual(['Beta public', 'Gamma draft']);
    expect(
      titles(
        await q(
          `communityId=${communityId}&type=Hackathon&category=${encodeURIComponent('Artificial Intelligence')}&sort=title`,
        ),
      ),
    ).toEqual(['Alpha public', 'Beta public', 'Delta past', 'Gamma draft']);
    const from = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expect(titles(await q(`from=${encodeURIComponent(from)}`))).toEqual(['Gamma draft', 'Beta public']);
    const paged = await q('page=2&limit=3');
    expect(paged.body.meta).toEqual({ page: 2, limit: 3, total: 4, totalPages: 2 });
  });

  it('rejects bad list parameters with 400 naming the field', async () => {
    for (const [query, field] of [
      ['type=Party', 'type'],
      ['page=-1', 'page'],
      ['limit=abc', 'limit'],
      ['communityId=123', 'communityId'],
      ['from=yesterday', 'from'],
      ['unknown=1', 'unknown'],
    ]) {
      const res = await stack.request('GET', `/api/v1/events?${query}`);
      expect(res.status, query).toBe(400);
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        query,
      ).toContain(field);
    }
  });
});

describe('platform routes', () => {
  it('GET /api/v1/health reports database, Temporal and search', async () => {
    const res = await stack.request('GET', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      status: 'ok',
      database: { status: 'ok' },
      temporal: { status: 'ok' },
      search: { status: 'ok', adapter: 'postgres' },
    });
  });

  it('serves OpenAPI 3.1 generated from the schemas, and the reference page', async () => {
    const spec = await stack.request('GET', '/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/events/{eventId}/partners',
      '/api/v1/events/{eventId}/partners/{linkId}',
      '/api/v1/webhooks',
      '/api/v1/webhooks/deliveries/{deliveryId}/replay',
    ]) {
      expect(Object.keys(spec.body.paths)).toContain(path);
    }
    expect(spec.body.components.schemas.CreateEventPartner).toBeDefined();
    const docs = await stack.request('GET', '/docs');
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toContain('/openapi.json');
  });

  it('unknown routes are a 404 in the standard envelope, and every response carries a request id', async () => {
    const res = await stack.request('GET', '/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('bodies over HTTP: a declared length over the limit and an oversized chunked body are 413, others are read', async () => {
    const server = serve({ fetch: stack.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const login = (body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        duplex: 'half',
      } as RequestInit);
    const big = JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2_000_000) });
    const chunked = (text: string) =>
      new ReadableStream({
        start(controller) {
          const bytes = new TextEncoder().encode(text);
          for (let at = 0; at < bytes.length; at += 65_536)
            controller.enqueue(bytes.subarray(at, at + 65_536));
          controller.close();
        },
      });
    try {
      const declared = await login(big);
      expect([declared.status, (await declared.json()).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      const streamed = await login(chunked(big));
      expect([streamed.status, (await streamed.json()).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      // The unread rest of the body leaves the connection unusable: the client is told not to reuse it.
      expect([declared.headers.get('connection'), streamed.headers.get('connection')]).toEqual([
        'close',
        'close',
      ]);
      // Within the limit, declared or chunked, the body is parsed: an unknown account is 401, bad JSON 400.
      const small = JSON.stringify({ email: 'nobody@b.co', password: 'not the password' });
      expect((await login(small)).status).toBe(401);
      expect((await login(chunked(small))).status).toBe(401);
      const broken = await login('{"email":');
      expect([broken.status, (await broken.json()).error.code]).toEqual([400, 'BAD_JSON']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('oversized bodies are 413', async () => {
    const res = await stack.request('POST', '/api/v1/auth/login', {
      rawBody: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2_000_000) }),
    });
    expect(res.status).toBe(413);
  });
});
