import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations, reputationSnapshots } from '../../src/db/schema/index.js';
import { indexOrganization } from '../../src/search/reindex.js';
import type { TReputationSignalView } from '../../src/domain/reputation.js';
import {
  announceReputationChanges,
  pendingReputationChanges,
} from '../../src/db/repositories/reputation-changes-repository.js';
import {
  reputationRefresherWorkflowId,
  reputationWorkflowId,
} from '../../src/workflows/reputation/reputation.contract.js';
import { orgMember } from '../helpers/contracts.js';
import { chargebackEvent, escrowDeal, pay, paymentWhen } from '../helpers/escrow.js';
import { createCommunity, createOrganization, memberWithToken, proposalBody } from '../helpers/fixtures.js';
import { signedDeal } from '../helpers/fulfillment.js';
import { waitFor } from '../helpers/receiver.js';
import { postStripeEvent } from '../helpers/stripe.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

/**
 * Reputation follows the events the workflows record, not only the API's: a negotiation that expires, a payment taken
 * into escrow and a dispute filed on it, a benefit the timer marks Missed. Each of these has no API call after it, so
 * only the workflow's own announcement (a negotiation step's row in reputation_changes, drained by the task queue's
 * reputation refresher; the refreshReputation activity of the escrow and fulfillment workflows) can recompute the
 * snapshot checked here.
 */
let stack: TTestStack;
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startTestStack({
    // A requested release waits for the sponsor instead of releasing itself during the test.
    ESCROW_REVIEW_WINDOW: '1h',
  });
}, 120_000);
afterAll(() => stack?.close());

type TSubject = { type: 'organization' | 'community'; id: string };
async function snapshotOf(subject: TSubject) {
  const [row] = await stack.db
    .select()
    .from(reputationSnapshots)
    .where(
      and(eq(reputationSnapshots.subjectType, subject.type), eq(reputationSnapshots.subjectId, subject.id)),
    );
  return row ? { ...row, by: Object.fromEntries(row.signals.map((s) => [s.signal, s])) } : null;
}
/** The stored snapshot once `until` holds for its signals (the reputation run writes it asynchronously). */
const snapshotWhen = (
  subject: TSubject,
  until: (by: Record<string, TReputationSignalView>) => boolean,
  what: string,
) =>
  waitFor(
    async () => {
      const row = await snapshotOf(subject);
      return row && until(row.by) ? row : null;
    },
    30_000,
    what,
  );

/** The `reputation:<type>:<id>` executions and how many events they were signalled (one per announcement). */
async function reputationRuns(subject: TSubject) {
  const runs: { runId: string; signals: number }[] = [];
  for await (const run of stack.deps.temporal.workflow.list({
    query: `WorkflowId = "${reputationWorkflowId(subject)}"`,
  })) {
    const history = await stack.deps.temporal.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    const signals = (history.events ?? []).filter(
      (e) => e.workflowExecutionSignaledEventAttributes || e.workflowExecutionStartedEventAttributes,
    ).length;
    runs.push({ runId: run.runId, signals });
  }
  return runs;
}

describe('reputation is recomputed after the events workflows record', () => {
  it('a negotiation that expires unanswered: both sides decided, the receiver unanswered', async () => {
    const community = await createCommunity(stack.db, 'approved');
    const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
    const org = await createOrganization(stack.db);
    await indexOrganization(stack.db, stack.deps.searchIndex, org.id);
    const opened = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: {
        communityId: community.id,
        organizationId: org.id,
        deadline: new Date(Date.now() + 3_000).toISOString(),
        proposal: proposalBody(5_000_000),
      },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const orgSnapshot = await snapshotWhen(
      { type: 'organization', id: org.id },
      (by) => by.deal_success?.dataPoints === 1,
      "the organization's snapshot after the expiry",
    );
    // 0 of 1 decided requests became a deal (expired); the request it never answered counts as never answered.
    expect(orgSnapshot.by.deal_success).toMatchObject({ value: 0, dataPoints: 1 });
    expect(orgSnapshot.by.deal_success!.detail).toMatch(/1 expired/);
    expect(orgSnapshot.by.response_speed).toMatchObject({ value: 0, dataPoints: 1 });
    expect(orgSnapshot.by.response_speed!.detail).toMatch(/1 unanswered/);
    // The directory follows: the refresher sets the organization's new integer score in the index.
    const directoryScore = await waitFor(
      async () => {
        const [row] = await stack.db.select().from(organizations).where(eq(organizations.id, org.id));
        const { hits } = await stack.deps.searchIndex.search({
          q: org.displayName,
          sort: 'relevance',
          page: 1,
          limit: 5,
          visibleCommunityIds: [],
        });
        const hit = hits.find((h) => h.id === org.id);
        return row!.reputationScore === Math.round(orgSnapshot.score) &&
          hit?.reputationScore === row!.reputationScore
          ? hit.reputationScore
          : null;
      },
      15_000,
      "the organization's directory score after the recomputation",
    );
    expect(directoryScore).not.toBe(org.reputationScore);
    const communitySnapshot = await snapshotWhen(
      { type: 'community', id: community.id },
      (by) => by.deal_success?.dataPoints === 1,
      "the community's snapshot after the expiry",
    );
    expect(communitySnapshot.by.deal_success).toMatchObject({ value: 0, dataPoints: 1 });
  }, 60_000);

  it("messages: only the first answer is announced, and the queue's one refresher serves the subject", async () => {
    const community = await createCommunity(stack.db, 'approved');
    const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
    const org = await createOrganization(stack.db);
    const sponsor = await orgMember(stack, org.id, 'Sponsor Admin');
    const opened = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId: community.id, organizationId: org.id, proposal: proposalBody(5_000_000) },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const requestId = opened.body.data.id as string;
    const send = async (token: string, body: string) => {
      const res = await stack.request('POST', '/api/v1/negotiations/message', {
        token,
        body: { requestId, body },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    // The initiator's own messages answer nothing: no reputation input changes.
    await send(organizer.token, 'Any questions, just ask.');
    // The organization's first message is its answer: its response time.
    await send(sponsor.token, 'Thanks, looking at it.');
    const subject = { type: 'organization' as const, id: org.id };
    const snapshot = await snapshotWhen(
      subject,
      (by) => by.response_speed?.dataPoints === 1,
      "the organization's response time after its first message",
    );
    expect(snapshot.by.response_speed!.value).toBeGreaterThan(0.99);
    for (const body of ['One more detail.', 'And another.', 'Last one.']) await send(sponsor.token, body);
    await send(organizer.token, 'Noted.');
    // Give a wrongly announced message time to be recomputed (the refresher batches for 0.2 s) before checking.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // Announced once: every recomputation rewrites computedAt, and none followed the first answer's.
    const after = await snapshotOf(subject);
    expect(after!.computedAt.getTime()).toBe(snapshot.computedAt.getTime());
    expect(await pendingReputationChanges(stack.db)).toBe(0);
    // The community received no request: nothing of its inputs changed, never recomputed.
    expect(await snapshotOf({ type: 'community', id: community.id })).toBeNull();
    // No execution per subject: the task queue's one refresher did it.
    expect(await reputationRuns(subject)).toHaveLength(0);
    const refreshers = [];
    for await (const run of stack.deps.temporal.workflow.list({
      query: `WorkflowId = "${reputationRefresherWorkflowId(stack.config.TEMPORAL_TASK_QUEUE)}"`,
    }))
      refreshers.push(run);
    expect(refreshers).toHaveLength(1);
    expect(refreshers[0]!.status.name).toBe('RUNNING');
  }, 60_000);

  it("an announced change outlives a stopped worker: the next worker's refresher recomputes it", async () => {
    const org = await createOrganization(stack.db);
    const subject = { type: 'organization' as const, id: org.id };
    await stack.stopWorker();
    try {
      // What a negotiation step's transaction commits with the step; no worker runs to recompute it now.
      await announceReputationChanges(stack.db, [subject]);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await pendingReputationChanges(stack.db)).toBe(1);
      expect(await snapshotOf(subject)).toBeNull();
    } finally {
      await stack.startWorker();
    }
    const snapshot = await snapshotWhen(subject, () => true, "the organization's snapshot after the restart");
    expect(snapshot.formulaVersion).toBeGreaterThan(0);
    // Forgotten once recomputed (the row is deleted after the snapshot is written).
    await waitFor(
      async () => (await pendingReputationChanges(stack.db)) === 0 || null,
      10_000,
      'the recomputed change forgotten',
    );
    // The same refresher run carried on (its drain retried on the new worker): still one execution for the queue.
    const refreshers = [];
    for await (const run of stack.deps.temporal.workflow.list({
      query: `WorkflowId = "${reputationRefresherWorkflowId(stack.config.TEMPORAL_TASK_QUEUE)}"`,
    }))
      refreshers.push(run);
    expect(refreshers).toHaveLength(1);
    expect(refreshers[0]!.status.name).toBe('RUNNING');
  }, 90_000);

  it('a payment taken into escrow counts for dispute frequency; a dispute filed by the sponsor lowers the community', async () => {
    const deal = await escrowDeal(stack);
    await pay(stack, deal);
    await paymentWhen(stack, deal.sponsor.token, deal.paymentId, (p) => p.status === 'InEscrow', 'InEscrow');
    const community = { type: 'community' as const, id: deal.community.id };
    const organization = { type: 'organization' as const, id: deal.org.id };
    // The payment (a Stripe webhook, no API step after it) is the one escrowed deal of each side, undisputed:
    // v = 1, shrunk (1*1 + 5*0.9)/6 = 0.916667 toward the prior 0.9.
    const before = await snapshotWhen(
      community,
      (by) => by.dispute_frequency?.dataPoints === 1,
      "the community's dispute frequency after the payment",
    );
    expect(before.by.dispute_frequency).toMatchObject({ value: 1, shrunkValue: 0.9167, weight: 0.1 });
    expect(before.by.dispute_frequency!.contribution).toBe(9.17);
    await snapshotWhen(
      organization,
      (by) => by.dispute_frequency?.dataPoints === 1,
      "the organization's dispute frequency after the payment",
    );

    const payment = await paymentWhen(stack, deal.sponsor.token, deal.paymentId, () => true, 'the payment');
    const milestoneId = payment.milestones[0].id as string;
    const requested = await stack.request(
      'POST',
      `/api/v1/payments/${deal.paymentId}/milestones/${milestoneId}/release-request`,
      { token: deal.organizer.token, body: { note: 'all done' } },
    );
    expect(requested.status, JSON.stringify(requested.body)).toBe(200);
    const disputed = await stack.request(
      'POST',
      `/api/v1/payments/${deal.paymentId}/milestones/${milestoneId}/dispute`,
      { token: deal.sponsor.token, body: { reason: 'booth missing' } },
    );
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(200);
    // 1 of 1 escrowed deals disputed by the other side: v = 0, shrunk (0 + 5*0.9)/6 = 0.75; the score drops by
    // 100 * 0.1 * (0.916667 - 0.75) = 1.67 points (the community's weights: all five signals, nothing renormalised).
    const after = await snapshotWhen(
      community,
      (by) => by.dispute_frequency?.value === 0,
      "the community's dispute frequency after the sponsor's dispute",
    );
    expect(after.by.dispute_frequency).toMatchObject({ dataPoints: 1, shrunkValue: 0.75, contribution: 7.5 });
    expect(after.by.dispute_frequency!.detail).toBe(
      '1 of 1 escrowed deals had a dispute filed by the other side',
    );
    expect(after.score).toBeLessThan(before.score);
    expect(before.score - after.score).toBeCloseTo(1.67, 0);
    const profile = await stack.request('GET', `/api/v1/communities/${deal.community.id}/reputation`);
    expect(profile.body.data.reputation.score).toBe(after.score);
    // A dispute the sponsor filed does not count against the sponsor.
    const sponsor = await snapshotOf(organization);
    expect(sponsor!.by.dispute_frequency).toMatchObject({ value: 1, dataPoints: 1 });
  }, 120_000);

  it("a chargeback lowers the organization's side of its deals (paid on time, then charged back)", async () => {
    const deal = await escrowDeal(stack);
    await pay(stack, deal);
    await paymentWhen(stack, deal.sponsor.token, deal.paymentId, (p) => p.status === 'InEscrow', 'InEscrow');
    const organization = { type: 'organization' as const, id: deal.org.id };
    // Paid by the invoice's deadline: 1 of 1, shrunk (1 + 10*0.8)/11 = 0.8182 toward the default prior.
    const paid = await snapshotWhen(
      organization,
      (by) => by.fulfillment_quality?.dataPoints === 1,
      "the organization's payment record after the payment",
    );
    expect(paid.by.fulfillment_quality).toMatchObject({ available: true, value: 1, shrunkValue: 0.8182 });
    // The sponsor's bank opens a chargeback (a Stripe webhook; nothing in our API follows it).
    const opened = await postStripeEvent(stack, chargebackEvent(deal, 'charge.dispute.created'));
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const chargedBack = await snapshotWhen(
      organization,
      (by) => by.fulfillment_quality?.value === 0,
      "the organization's payment record after the chargeback",
    );
    // 0 of 1: shrunk (0 + 10*0.8)/11 = 0.7273; with all five signals available the weight is the published 0.25,
    // so the score is 100 * 0.25 * (0.8182 - 0.7273) = 2.27 points lower
    expect(chargedBack.by.fulfillment_quality).toMatchObject({
      dataPoints: 1,
      shrunkValue: 0.7273,
      weight: 0.25,
    });
    expect(chargedBack.by.fulfillment_quality!.detail).toMatch(/1 charged back/);
    expect(paid.score - chargedBack.score).toBeCloseTo(2.27, 0);
  }, 120_000);

  it('a benefit the timer marks Missed lowers the community fulfillment quality', async () => {
    const d = await signedDeal(stack, { benefits: [{ key: 'logo_placement' }], endsInMs: 20 * DAY });
    const item = d.items[0]!;
    const community = { type: 'community' as const, id: d.community.id };
    const dueAt = new Date(Date.now() + 3_000).toISOString();
    const assigned = await stack.request('PATCH', `/api/v1/deals/${d.dealId}/benefits/${item.id}`, {
      token: d.organizer.token,
      body: { dueAt },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    const snapshot = await snapshotWhen(
      community,
      (by) => by.fulfillment_quality?.dataPoints === 1,
      "the community's fulfillment quality after the Missed benefit",
    );
    // 0 of 1 due benefits verified, missed: shrunk (0 + 10*0.8)/11 = 0.7273
    expect(snapshot.by.fulfillment_quality).toMatchObject({ value: 0, shrunkValue: 0.7273 });
    expect(snapshot.by.fulfillment_quality!.detail).toMatch(/1 missed/);
    // The acceptance, the signed contract and the missed benefit: still one execution for the community.
    expect(await reputationRuns(community)).toHaveLength(1);
  }, 90_000);
});
