import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  contractEvents,
  contracts,
  emailOutbox,
  fulfillmentEvents,
  fulfillmentItems,
} from '../../src/db/schema/index.js';
import { contractCancellationWorkflowId } from '../../src/workflows/contract-cancellation/contract-cancellation.contract.js';
import { fulfillmentWorkflowId } from '../../src/workflows/fulfillment/fulfillment.contract.js';
import { orgMember } from '../helpers/contracts.js';
import { captureHistory } from '../helpers/histories.js';
import { createSessionToken, createUser } from '../helpers/fixtures.js';
import { signedDeal } from '../helpers/fulfillment.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

const WINDOW_MS = 20_000;
let stack: TTestStack;

beforeAll(async () => {
  stack = await startTestStack({
    REQUESTS_PER_COMMUNITY_PER_DAY: '200',
    CONTRACT_CANCELLATION_WINDOW: `${WINDOW_MS / 1000}s`,
  });
});
afterAll(() => stack?.close());

const base = (contractId: string) => `/api/v1/contracts/${contractId}/cancellation`;
const post = (token: string, path: string, body?: Record<string, unknown>) =>
  stack.request('POST', path, { token, ...(body ? { body } : {}) });
const mailsTo = (email: string, contractId: string) =>
  stack.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.to, email), like(emailOutbox.idempotencyKey, `%${contractId}:cancellation%`)));
const timelineTypes = async (contractId: string) =>
  (
    await stack.db
      .select()
      .from(contractEvents)
      .where(eq(contractEvents.contractId, contractId))
      .orderBy(contractEvents.id)
  ).map((e) => e.type);

describe('mutual cancellation of a signed contract: contract-cancellation:<contractId>', () => {
  it('one side proposes, the other side’s signer confirms: Cancelled, items waived, fulfillment stopped, both emailed', async () => {
    const deal = await signedDeal(stack, {
      benefits: [{ key: 'booth', detail: '3x3 m' }, { key: 'newsletter_mention' }],
      endsInMs: 3_600_000,
    });
    const { contractId, organizer, sponsor } = deal;
    const [contract] = await stack.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(contract!.status).toBe('Signed');

    // Strangers do not learn the contract exists; a member who may not sign is refused.
    const stranger = await createUser(stack.db);
    const strangerToken = await createSessionToken(stack.db, stranger.id);
    expect((await post(strangerToken, base(contractId), { reason: 'x' })).status).toBe(404);
    expect((await stack.request('GET', base(contractId), { token: strangerToken })).status).toBe(404);
    const manager = await orgMember(stack, deal.org.id, 'Sponsor Manager');
    const byManager = await post(manager.token, base(contractId), { reason: 'x' });
    expect(byManager.status).toBe(403);
    // Nothing proposed yet: nothing to answer.
    expect((await stack.request('GET', base(contractId), { token: organizer.token })).status).toBe(404);
    const early = await post(organizer.token, `${base(contractId)}/confirm`);
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    // A reason is required.
    const noReason = await post(sponsor.token, base(contractId), { reason: '' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toMatch(/reason/);

    const proposed = await post(sponsor.token, base(contractId), {
      reason: 'Our product launch was cancelled',
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const proposal = proposed.body.data;
    expect(proposal).toMatchObject({
      contractId,
      status: 'Proposed',
      proposedBy: 'organization',
      reason: 'Our product launch was cancelled',
      closedBy: null,
      contractStatus: 'Signed',
    });
    const deadline = Date.parse(proposal.deadline);
    expect(deadline).toBeGreaterThan(Date.now());
    expect(deadline).toBeLessThanOrEqual(Date.now() + WINDOW_MS);

    // A retried proposal answers the open one; the other side cannot open a competing one.
    const again = await post(sponsor.token, base(contractId), { reason: 'Our product launch was cancelled' });
    expect(again.status).toBe(200);
    expect(again.body.data.proposalId).toBe(proposal.proposalId);
    const competing = await post(organizer.token, base(contractId), { reason: 'we want out too' });
    expect(competing.status).toBe(409);
    expect(competing.body.message).toMatch(/organization already proposed/);

    // Only the other side confirms or declines; only the proposer withdraws.
    const selfConfirm = await post(sponsor.token, `${base(contractId)}/confirm`);
    expect(selfConfirm.status).toBe(403);
    expect(selfConfirm.body.message).toMatch(/only the community may confirm/);
    expect((await post(organizer.token, `${base(contractId)}/withdraw`)).status).toBe(403);

    // Ops read who waits for whom in the Temporal UI.
    const handle = stack.deps.temporal.workflow.getHandle(contractCancellationWorkflowId(contractId));
    const metadata = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
    expect(metadata.currentDetails).toMatch(/waiting for the community's signer to confirm or decline until/);
    expect(await (await handle.describe()).staticSummary()).toMatch(/proposed by the organization/);
    // Who, what and how much by name; the ids in the details.
    expect(await (await handle.describe()).staticSummary()).toContain(
      `→ ${deal.org.displayName} · ${deal.event.title}: INR 100,000.00 Gold Sponsor; proposed by the organization (${deal.org.displayName})`,
    );
    expect(await (await handle.describe()).staticDetails()).toContain(contractId);
    // The other side was asked to answer.
    await waitFor(
      async () => (await mailsTo(organizer.user.email, contractId)).length === 1 || null,
      10_000,
      'mail',
    );

    const confirmed = await post(organizer.token, `${base(contractId)}/confirm`);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.data).toMatchObject({
      proposalId: proposal.proposalId,
      status: 'Confirmed',
      closedBy: 'community',
      contractStatus: 'Cancelled',
    });
    // A retried confirmation (its answer lost) gets the same answer; other answers are too late.
    const repeat = await post(organizer.token, `${base(contractId)}/confirm`);
    expect(repeat.status, JSON.stringify(repeat.body)).toBe(200);
    expect(repeat.body.data).toMatchObject({ proposalId: proposal.proposalId, status: 'Confirmed' });
    expect((await post(organizer.token, `${base(contractId)}/decline`)).status).toBe(409);
    expect((await post(sponsor.token, `${base(contractId)}/withdraw`)).status).toBe(409);
    // The proposer's retried proposal gets the confirmed one; a new proposal is refused (nothing left to cancel).
    const late = await post(sponsor.token, base(contractId), { reason: 'Our product launch was cancelled' });
    expect(late.status).toBe(200);
    expect(late.body.data.status).toBe('Confirmed');
    expect((await post(organizer.token, base(contractId), { reason: 'again' })).status).toBe(409);

    const view = await stack.request('GET', `/api/v1/contracts/${contractId}`, { token: sponsor.token });
    expect(view.body.data).toMatchObject({
      status: 'Cancelled',
      cancelReason: 'Our product launch was cancelled',
    });
    expect(await timelineTypes(contractId)).toEqual(
      expect.arrayContaining(['sealed', 'cancellation_proposed', 'cancelled']),
    );
    const cancelled = view.body.data.timeline.find((e: { type: string }) => e.type === 'cancelled');
    expect(cancelled).toMatchObject({ side: 'community', fromStatus: 'Signed', toStatus: 'Cancelled' });
    expect(cancelled.detail.proposalId).toBe(proposal.proposalId);
    const audits = await stack.db.select().from(auditLog).where(eq(auditLog.entityId, contractId));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['contract.cancellation_proposed', 'contract.cancelled_by_agreement']),
    );
    expect(audits.find((a) => a.action === 'contract.cancelled_by_agreement')).toMatchObject({
      actorUserId: organizer.user.id,
      before: { status: 'Signed' },
    });
    // Exactly one cancellation audit and event despite the repeats.
    expect(audits.filter((a) => a.action === 'contract.cancelled_by_agreement')).toHaveLength(1);
    expect((await timelineTypes(contractId)).filter((t) => t === 'cancelled')).toHaveLength(1);
    for (const email of [organizer.user.email, sponsor.user.email]) {
      const subjects = (await mailsTo(email, contractId)).map((m) => m.subject);
      expect(subjects).toContain('A signed sponsorship contract was cancelled by agreement');
    }

    // Benefits not yet verified are waived, and the benefit manager stops.
    const items = await stack.db
      .select()
      .from(fulfillmentItems)
      .where(eq(fulfillmentItems.dealId, deal.dealId));
    expect(items.map((i) => i.status)).toEqual(['Waived', 'Waived']);
    const waivedEvents = await stack.db
      .select()
      .from(fulfillmentEvents)
      .where(and(eq(fulfillmentEvents.dealId, deal.dealId), eq(fulfillmentEvents.type, 'waived')));
    expect(waivedEvents).toHaveLength(2);
    await waitFor(
      async () =>
        (await stack.deps.temporal.workflow.getHandle(fulfillmentWorkflowId(deal.dealId)).describe()).status
          .name === 'CANCELLED' || null,
      15_000,
      'the benefit manager stopped',
    );
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    const after = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
    expect(after.currentDetails).toMatch(
      /^Cancelled by agreement: proposed by the organization, confirmed by the community/,
    );
    await captureHistory(
      stack,
      contractCancellationWorkflowId(contractId),
      'contract-cancellation-confirmed',
    );
  }, 120_000);

  it('a declined, a withdrawn and a lapsed proposal leave the contract Signed; each new proposal is its own', async () => {
    const deal = await signedDeal(stack, { benefits: [{ key: 'booth' }], endsInMs: 3_600_000 });
    const { contractId, organizer, sponsor } = deal;

    const first = await post(organizer.token, base(contractId), { reason: 'Venue lost' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const declined = await post(sponsor.token, `${base(contractId)}/decline`);
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body.data).toMatchObject({
      status: 'Declined',
      closedBy: 'organization',
      contractStatus: 'Signed',
    });
    expect((await post(sponsor.token, `${base(contractId)}/decline`)).status).toBe(200);
    expect((await post(sponsor.token, `${base(contractId)}/confirm`)).status).toBe(409);

    const second = await post(organizer.token, base(contractId), { reason: 'Venue lost, truly' });
    expect(second.status).toBe(201);
    expect(second.body.data.proposalId).not.toBe(first.body.data.proposalId);
    const withdrawn = await post(organizer.token, `${base(contractId)}/withdraw`);
    expect(withdrawn.body.data).toMatchObject({ status: 'Withdrawn', closedBy: 'community' });

    const third = await post(sponsor.token, base(contractId), { reason: 'Budget cut' });
    expect(third.status).toBe(201);
    const lapsed = await waitFor(
      async () => {
        const got = await stack.request('GET', base(contractId), { token: organizer.token });
        return got.body.data?.proposalId === third.body.data.proposalId && got.body.data.status === 'Lapsed'
          ? got.body.data
          : null;
      },
      WINDOW_MS + 20_000,
      'the proposal lapsed',
    );
    expect(lapsed).toMatchObject({ closedBy: null, contractStatus: 'Signed' });
    await captureHistory(stack, contractCancellationWorkflowId(contractId), 'contract-cancellation-lapsed');
    // Too late to confirm a lapsed proposal.
    expect((await post(organizer.token, `${base(contractId)}/confirm`)).status).toBe(409);

    const [row] = await stack.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(row!.status).toBe('Signed');
    const types = await timelineTypes(contractId);
    expect(types.filter((t) => t === 'cancellation_proposed')).toHaveLength(3);
    expect(types).toEqual(
      expect.arrayContaining(['cancellation_declined', 'cancellation_withdrawn', 'cancellation_lapsed']),
    );
    expect(types).not.toContain('cancelled');
    const subjects = (await mailsTo(sponsor.user.email, contractId)).map((m) => m.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        'Cancellation proposal declined: the contract stays in force',
        'Cancellation proposal withdrawn: the contract stays in force',
        'Cancellation proposal lapsed: the contract stays in force',
      ]),
    );
    const items = await stack.db
      .select()
      .from(fulfillmentItems)
      .where(eq(fulfillmentItems.dealId, deal.dealId));
    expect(items.every((i) => i.status !== 'Waived')).toBe(true);
  }, 150_000);
});
