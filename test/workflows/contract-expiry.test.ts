import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractEvents, contracts, deals, emailOutbox } from '../../src/db/schema/index.js';
import { acceptedDeal, sign } from '../helpers/contracts.js';
import { captureHistory } from '../helpers/histories.js';
import { waitFor } from '../helpers/receiver.js';
import { contractWorkflowId } from '../../src/workflows/contract/contract.contract.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;

beforeAll(async () => {
  // A signing window of seconds, with reminders 2 s and 1 s before its end.
  stack = await startTestStack({ CONTRACT_SIGNING_WINDOW: '4s', CONTRACT_REMINDERS: '2s,1s' });
});
afterAll(() => stack?.close());

describe('contract deadline', () => {
  it('reminds the side that has not signed, then expires: the deal is Accepted again and both sides are told', async () => {
    const { organizer, sponsor, dealId, requestId, contract } = await acceptedDeal(stack);
    const signed = await sign(stack, organizer.token, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: 'Ada Organizer',
    });
    expect(signed.status).toBe(200);
    const expired = await waitFor(
      async () => {
        const [row] = await stack.db.select().from(contracts).where(eq(contracts.id, contract.id));
        return row?.status === 'Expired' ? row : null;
      },
      15_000,
      'expiry',
    );
    expect(expired.deadline!.getTime()).toBeLessThanOrEqual(Date.now());
    const [deal] = await stack.db.select().from(deals).where(eq(deals.id, dealId));
    expect(deal!.status).toBe('Accepted');

    const timeline = await stack.db
      .select()
      .from(contractEvents)
      .where(eq(contractEvents.contractId, contract.id))
      .orderBy(contractEvents.id);
    expect(timeline.map((e) => e.type)).toEqual([
      'created',
      'generated',
      'signed',
      'reminder',
      'reminder',
      'expired',
    ]);
    expect(timeline.at(-1)!.detail).toMatchObject({ deal: expect.stringContaining('back to Accepted') });
    // Reminders go to the side that has not signed; the expiry to both.
    const reminded = await stack.db
      .select()
      .from(emailOutbox)
      .where(like(emailOutbox.idempotencyKey, `contract:${contract.id}:reminder:%`));
    expect(reminded.map((m) => m.to).sort()).toEqual([sponsor.user.email, sponsor.user.email]);
    const told = await stack.db
      .select()
      .from(emailOutbox)
      .where(and(like(emailOutbox.idempotencyKey, `contract:${contract.id}:expired:%`)));
    expect(told.map((m) => m.to).sort()).toEqual([organizer.user.email, sponsor.user.email].sort());

    const late = await sign(stack, sponsor.token, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: 'Sam Sponsor',
    });
    expect(late.status).toBe(409);
    // The deal can get a new contract, and the deal shows it.
    await waitFor(
      async () =>
        (await stack.deps.temporal.workflow.getHandle(contractWorkflowId(contract.id)).describe()).status
          .name === 'COMPLETED',
      10_000,
      'the contract workflow to finish',
    );
    await captureHistory(stack, contractWorkflowId(contract.id), 'contract-expired');
    const renewed = await stack.request('POST', '/api/v1/contracts', {
      token: sponsor.token,
      body: { dealId },
    });
    expect(renewed.status).toBe(201);
    const dealView = await stack.request('POST', '/api/v1/deals', {
      token: organizer.token,
      body: { requestId },
    });
    expect(dealView.body.data.contractId).toBe(renewed.body.data.id);
  }, 40_000);
});
