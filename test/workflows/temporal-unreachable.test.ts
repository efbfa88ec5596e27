import { Client, Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { contractSignatures, requestRevisions } from '../../src/db/schema/index.js';
import { apiConnectionOptions } from '../../src/infra/temporal-client.js';
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

beforeAll(async () => {
  stack = await startTestStack();
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
  connection = Connection.lazy(apiConnectionOptions(`127.0.0.1:${port}`));
  app = createApp({
    ...stack.deps,
    temporal: new Client({ connection, namespace: stack.config.TEMPORAL_NAMESPACE }),
  });
}, 120_000);

afterAll(async () => {
  await connection?.close().catch(() => undefined);
  await stack?.close();
});

/** One request to the app whose Temporal is down: its answer and how long it took. */
async function timed(method: string, path: string, token: string, body: unknown) {
  const started = Date.now();
  const res = await app.request(`/api/v1${path}`, {
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
