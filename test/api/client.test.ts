import { serve, type ServerType } from '@hono/node-server';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationMembers } from '../../src/db/schema/index.js';
import { createCommDeskClient } from '../../src/client/index.js';
import { renderClientSchema, SCHEMA_FILE } from '../../scripts/client.js';
import {
  createCommunity,
  createEvent,
  createOrganization,
  createUser,
  memberWithToken,
  PASSWORD,
} from '../helpers/fixtures.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
let server: ServerType;
let baseUrl: string;

beforeAll(async () => {
  stack = await startTestStack();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: stack.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await stack?.close();
});

describe('the typed client (src/client)', () => {
  it('is generated from the current document: the checked-in schema.d.ts is up to date', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8'), 'run npm run client:generate').toBe(
      await renderClientSchema(),
    );
  });

  it('drives a negotiation over HTTP: login, open a request, counter, accept, read the deal', async () => {
    const communityId = (await createCommunity(stack.db, 'approved')).id;
    const organizer = await memberWithToken(stack.db, communityId, 'Organizer');
    const eventId = (await createEvent(stack.db, communityId)).id;
    const org = await createOrganization(stack.db, { status: 'Active' });
    const sponsorUser = await createUser(stack.db);
    await stack.db
      .insert(organizationMembers)
      .values({ organizationId: org.id, userId: sponsorUser.id, role: 'Sponsor Admin', status: 'active' });

    // Login through the client (no token yet), then one client per party.
    const anonymous = createCommDeskClient(baseUrl);
    const login = await anonymous.POST('/api/v1/auth/login', {
      body: { email: sponsorUser.email, password: PASSWORD },
    });
    expect(login.response.status).toBe(200);
    const sponsor = createCommDeskClient(baseUrl, login.data!.data.token);
    const community = createCommDeskClient(baseUrl, organizer.token);

    const opened = await community.POST('/api/v1/requests', {
      body: {
        communityId,
        organizationId: org.id,
        eventId,
        proposal: {
          amountMinor: 40_000_000,
          currency: 'INR',
          category: 'Gold Sponsor',
          benefits: [{ key: 'logo_placement' }],
          terms: 'Logo on the banner.',
        },
      },
    });
    expect(opened.response.status, JSON.stringify(opened.error)).toBe(201);
    const requestId = opened.data!.data.id;
    expect(opened.data!.data.status).toBe('Pending');

    const inbox = await sponsor.GET('/api/v1/requests', { params: { query: { direction: 'incoming' } } });
    expect(inbox.data!.data.map((item) => item.id)).toContain(requestId);

    const countered = await sponsor.PATCH('/api/v1/requests/{requestId}/negotiate', {
      params: { path: { requestId } },
      body: {
        inReplyToRevision: 1,
        proposal: {
          amountMinor: 30_000_000,
          currency: 'INR',
          category: 'Gold Sponsor',
          benefits: [{ key: 'logo_placement' }],
          terms: 'Logo on the banner.',
        },
      },
    });
    expect(countered.response.status, JSON.stringify(countered.error)).toBe(200);
    expect(countered.data!.data).toMatchObject({ status: 'Negotiation', currentRevision: 2 });

    // A typed error: a stale revision is a 409 with the Error body.
    const stale = await community.PATCH('/api/v1/requests/{requestId}/accept', {
      params: { path: { requestId } },
      body: { revision: 1 },
    });
    expect(stale.response.status).toBe(409);
    expect(stale.error?.success).toBe(false);

    const accepted = await community.PATCH('/api/v1/requests/{requestId}/accept', {
      params: { path: { requestId } },
      body: { revision: 2 },
    });
    expect(accepted.response.status, JSON.stringify(accepted.error)).toBe(200);
    const dealId = accepted.data!.data.dealId;
    expect(dealId).toEqual(expect.any(String));

    const detail = await community.GET('/api/v1/requests/{requestId}', { params: { path: { requestId } } });
    expect(detail.data!.data.revisions.map((r) => r.amountMinor)).toEqual([40_000_000, 30_000_000]);
    expect(detail.data!.data.revisions[1]!.diff?.amountMinor).toEqual({ from: 40_000_000, to: 30_000_000 });

    // The deal row is written by the workflow's activity; it is there once the accept Update has answered.
    const deal = await waitFor(
      async () => {
        const res = await sponsor.GET('/api/v1/deals/{dealId}', { params: { path: { dealId: dealId! } } });
        return res.response.status === 200 ? res.data!.data : null;
      },
      10_000,
      'deal',
    );
    expect(deal).toMatchObject({
      id: dealId,
      requestId,
      communityId,
      organizationId: org.id,
      amountMinor: 30_000_000,
      currency: 'INR',
      category: 'Gold Sponsor',
      status: 'Accepted',
    });
  });
});
