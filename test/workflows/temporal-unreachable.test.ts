import { Client, type Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { contractSignatures, requestRevisions } from '../../src/db/schema/index.js';
import { CONNECT_ATTEMPT_BUDGET_MS, lazyApiConnection } from '../../src/infra/temporal-client.js';
import { acceptedDeal } from '../helpers/contracts.js';
import {
  createCommunity,
  createOrganization,
  memberWithToken,
  orgMemberWithToken,
  proposalBody,
} from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

/**
 * With the Temporal frontend unreachable, the negotiation, contract and payment routes answer 503 with Retry-After
 * within a few seconds (the API's own connection options: a call that cannot connect is retried ~1 s, not the SDK's
 * ~20 s per call), and nothing is recorded. The API under test is the real app with a client whose address refuses
 * connections, built exactly as the server builds its own.
 */

let stack: TTestStack;
let app: ReturnType<typeof createApp>;
let connection: Connection;
let silent: Server;
const held: Socket[] = [];
let silentConnection: Connection;
let silentApp: ReturnType<typeof createApp>;

beforeAll(async () => {
  stack = await startTestStack();
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
  connection = lazyApiConnection(`127.0.0.1:${port}`);
  app = createApp({
    ...stack.deps,
    temporal: new Client({ connection, namespace: stack.config.TEMPORAL_NAMESPACE }),
  });
  // A frontend host that takes the TCP connection and never answers (as if it dropped every packet after that), on
  // loopback: the API's connection to it must not wait without limit.
  silent = createServer((socket) => {
    held.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentConnection = lazyApiConnection(`127.0.0.1:${(silent.address() as { port: number }).port}`);
  silentApp = createApp({
    ...stack.deps,
    temporal: new Client({ connection: silentConnection, namespace: stack.config.TEMPORAL_NAMESPACE }),
  });
}, 120_000);

afterAll(async () => {
  await connection?.close().catch(() => undefined);
  await silentConnection?.close().catch(() => undefined);
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
  await stack?.close();
});

/** One request to the app whose Temporal is down: its answer and how long it took. */
async function timed(method: string, path: string, token: string, body: unknown, to = app) {
  const started = Date.now();
  const res = await to.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { res, ms: Date.now() - started, body: (await res.json()) as { error?: { code: string } } };
}

describe('Temporal unreachable: 503 with Retry-After within seconds', () => {
  it('a counter-offer (negotiation Update) and a signature (contract Update)', async () => {
    // A negotiation opened while Temporal is up (the shared stack), then countered through the cut-off API.
    const community = await createCommunity(stack.db, 'approved');
    const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
    const org = await createOrganization(stack.db, { status: 'Active' });
    const sponsor = await orgMemberWithToken(stack.db, org.id);
    const opened = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId: community.id, organizationId: org.id, proposal: proposalBody(50_000_000) },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const requestId = opened.body.data.id as string;
    const counter = await timed('PATCH', `/requests/${requestId}/negotiate`, sponsor.token, {
      inReplyToRevision: 1,
      proposal: proposalBody(40_000_000),
    });
    expect(counter.res.status, JSON.stringify(counter.body)).toBe(503);
    expect(counter.body.error?.code).toBe('UNAVAILABLE');
    expect(Number(counter.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(counter.ms).toBeLessThan(4_000);
    expect(
      await stack.db.select().from(requestRevisions).where(eq(requestRevisions.requestId, requestId)),
    ).toHaveLength(1);

    const { organizer: signer, contract } = await acceptedDeal(stack);
    const signed = await timed('POST', `/contracts/${contract.id}/sign`, signer.token, {
      consent: true,
      documentSha256: contract.documentSha256,
      fullName: 'Ada Organizer',
    });
    expect(signed.res.status, JSON.stringify(signed.body)).toBe(503);
    expect(signed.body.error?.code).toBe('UNAVAILABLE');
    expect(Number(signed.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(signed.ms).toBeLessThan(4_000);
    expect(
      await stack.db.select().from(contractSignatures).where(eq(contractSignatures.contractId, contract.id)),
    ).toHaveLength(0);
  }, 90_000);
});

describe('Temporal host that accepts and never answers: 503 with Retry-After within seconds', () => {
  it('a counter-offer and a signature are refused quickly and record nothing, also on a repeat', async () => {
    const community = await createCommunity(stack.db, 'approved');
    const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
    const org = await createOrganization(stack.db, { status: 'Active' });
    const sponsor = await orgMemberWithToken(stack.db, org.id);
    const opened = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId: community.id, organizationId: org.id, proposal: proposalBody(50_000_000) },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const requestId = opened.body.data.id as string;
    // Each attempt waits CONNECT_ATTEMPT_BUDGET_MS for a connection; an unreachable frontend gets 4 attempts and ~1 s
    // of backoff: about 5 s, where it waited without limit before.
    const bound = 4 * CONNECT_ATTEMPT_BUDGET_MS + 3_000;
    for (let attempt = 0; attempt < 2; attempt++) {
      const counter = await timed(
        'PATCH',
        `/requests/${requestId}/negotiate`,
        sponsor.token,
        { inReplyToRevision: 1, proposal: proposalBody(40_000_000) },
        silentApp,
      );
      expect(counter.res.status, JSON.stringify(counter.body)).toBe(503);
      expect(counter.body.error?.code).toBe('UNAVAILABLE');
      expect(Number(counter.res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(counter.ms).toBeLessThan(bound);
    }
    expect(
      await stack.db.select().from(requestRevisions).where(eq(requestRevisions.requestId, requestId)),
    ).toHaveLength(1);

    const { organizer: signer, contract } = await acceptedDeal(stack);
    const signed = await timed(
      'POST',
      `/contracts/${contract.id}/sign`,
      signer.token,
      { consent: true, documentSha256: contract.documentSha256, fullName: 'Ada Organizer' },
      silentApp,
    );
    expect(signed.res.status, JSON.stringify(signed.body)).toBe(503);
    expect(signed.body.error?.code).toBe('UNAVAILABLE');
    expect(Number(signed.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(signed.ms).toBeLessThan(bound);
    expect(
      await stack.db.select().from(contractSignatures).where(eq(contractSignatures.contractId, contract.id)),
    ).toHaveLength(0);
    // The silent host did take the connections: the budget, not a refusal, ended the calls.
    expect(held.length).toBeGreaterThan(0);
  }, 90_000);
});
