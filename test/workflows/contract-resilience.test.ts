import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractEvents, contractSignatures, contracts } from '../../src/db/schema/index.js';
import { contractWorkflowId } from '../../src/workflows/contract/contract.contract.js';
import { acceptedDeal, sign } from '../helpers/contracts.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';

let stack: TTestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

describe('contract signing while the database is unreachable', () => {
  it('answers 503 with Retry-After in bounded time, then the same signature goes through once', async () => {
    const { organizer, sponsor, contract } = await acceptedDeal(stack);
    // The worker reaches Postgres through a proxy this test cuts; the API keeps its own direct connection.
    const target = new URL(stack.databaseUrl);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    const proxied = new URL(stack.databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    await stack.stopWorker();
    await stack.startWorker({ databaseUrl: proxied.toString() });
    try {
      await proxy.cut();
      const started = Date.now();
      const down = await sign(stack, organizer.token, contract.id, {
        documentSha256: contract.documentSha256,
        fullName: 'Ada Organizer',
      });
      expect(down.status, JSON.stringify(down.body)).toBe(503);
      expect(down.body.error.code).toBe('UNAVAILABLE');
      expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(25_000);

      await proxy.restore();
      const again = await sign(stack, organizer.token, contract.id, {
        documentSha256: contract.documentSha256,
        fullName: 'Ada Organizer',
      });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      const last = await sign(stack, sponsor.token, contract.id, {
        documentSha256: contract.documentSha256,
        fullName: 'Sam Sponsor',
      });
      expect(last.status).toBe(200);
      await waitFor(
        async () =>
          (await stack.db.select().from(contracts).where(eq(contracts.id, contract.id)))[0]?.status ===
          'Signed',
        20_000,
        'sealed',
      );
      const signatures = await stack.db
        .select()
        .from(contractSignatures)
        .where(eq(contractSignatures.contractId, contract.id));
      expect(signatures.map((s) => s.side).sort()).toEqual(['community', 'organization']);
      const signedEvents = (
        await stack.db.select().from(contractEvents).where(eq(contractEvents.contractId, contract.id))
      ).filter((e) => e.type === 'signed');
      expect(signedEvents).toHaveLength(2);
    } finally {
      await proxy.restore().catch(() => {});
      await stack.stopWorker();
      await stack.startWorker();
      await proxy.close();
    }
  }, 90_000);

  it('adopts a signature whose commit landed while its answer was lost, instead of waiting for it again', async () => {
    const { organizer, sponsor, contract } = await acceptedDeal(stack);
    const target = new URL(stack.databaseUrl);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    const proxied = new URL(stack.databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    await stack.stopWorker();
    await stack.startWorker({ databaseUrl: proxied.toString() });
    try {
      await proxy.cut();
      const down = await sign(stack, organizer.token, contract.id, {
        documentSha256: contract.documentSha256,
        fullName: 'Ada Organizer',
      });
      expect(down.status).toBe(503);
      await proxy.restore();
      // What a commit whose acknowledgement was lost leaves behind: the row, without the workflow knowing.
      await stack.db.insert(contractSignatures).values({
        contractId: contract.id,
        side: 'community',
        userId: organizer.user.id,
        fullName: 'Ada Organizer',
        ip: '203.0.113.10',
        userAgent: 'vitest-browser/1.0',
        sessionId: 'lost-answer',
        documentSha256: contract.documentSha256!,
      });
      // The other side's signature completes the contract: the workflow adopted the recorded one first.
      const last = await sign(stack, sponsor.token, contract.id, {
        documentSha256: contract.documentSha256,
        fullName: 'Sam Sponsor',
      });
      expect(last.status, JSON.stringify(last.body)).toBe(200);
      await waitFor(
        async () =>
          (await stack.db.select().from(contracts).where(eq(contracts.id, contract.id)))[0]?.status ===
          'Signed',
        20_000,
        'sealed with the adopted signature',
      );
      // Once the workflow has finished, the contract is closed: a repeated signature is refused, nothing is recorded.
      await stack.deps.temporal.workflow.getHandle(contractWorkflowId(contract.id)).result();
      const repeat = await sign(stack, organizer.token, contract.id, {
        documentSha256: contract.documentSha256,
        fullName: 'Ada Organizer',
      });
      expect(repeat.status).toBe(409);
      const rows = await stack.db
        .select()
        .from(contractSignatures)
        .where(eq(contractSignatures.contractId, contract.id));
      expect(rows.map((r) => r.sessionId).sort()).toEqual(expect.arrayContaining(['lost-answer']));
      expect(rows).toHaveLength(2);
    } finally {
      await proxy.restore().catch(() => {});
      await stack.stopWorker();
      await stack.startWorker();
      await proxy.close();
    }
  }, 90_000);
});
