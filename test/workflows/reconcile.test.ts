import { and, eq } from 'drizzle-orm';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNegotiationActivities } from '../../src/activities/negotiation.activities.js';
import { negotiationPosition } from '../../src/db/repositories/reconcile-repository.js';
import {
  auditLog,
  communities,
  requestRevisions,
  requestTimeline,
  sponsorshipRequests,
} from '../../src/db/schema/index.js';
import { reconcile, type TFinding } from '../../src/reconcile.js';
import {
  counterUpdate,
  negotiationPositionQuery,
  negotiationWorkflowId,
} from '../../src/workflows/negotiation/negotiation.contract.js';
import {
  createCommunity,
  createOrganization,
  memberWithToken,
  orgMemberWithToken,
  proposalBody,
} from '../helpers/fixtures.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

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
  return { org, ...(await orgMemberWithToken(stack.db, org.id)) };
}

async function negotiation() {
  const s = await sponsor();
  const opened = await stack.request('POST', '/api/v1/requests', {
    token: organizer.token,
    body: { communityId, organizationId: s.org.id, proposal: proposalBody(50_000_000) },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const requestId = opened.body.data.id as string;
  const counter = async (token: string, inReplyToRevision: number, amountMinor: number) => {
    const res = await stack.request('PATCH', `/api/v1/requests/${requestId}/negotiate`, {
      token,
      body: { inReplyToRevision, proposal: proposalBody(amountMinor) },
    });
    return res;
  };
  return {
    s,
    requestId,
    counter,
    handle: stack.deps.temporal.workflow.getHandle(negotiationWorkflowId(requestId)),
  };
}

const run = (fix: boolean) =>
  reconcile({ db: stack.db, temporal: stack.deps.temporal, config: stack.config, fix });
const findingsFor = (findings: TFinding[], requestId: string) =>
  findings.filter((f) => f.workflowId === negotiationWorkflowId(requestId));

describe('npm run reconcile', () => {
  it('re-runs the steps Postgres lost from the workflow, so both agree and the negotiation goes on', async () => {
    const n = await negotiation();
    expect((await n.counter(n.s.token, 1, 40_000_000)).status).toBe(200);
    expect((await n.counter(organizer.token, 2, 45_000_000)).status).toBe(200);
    // Postgres loses the acknowledged revision 3 (what fsync=off did on a crash).
    await stack.db
      .delete(requestRevisions)
      .where(and(eq(requestRevisions.requestId, n.requestId), eq(requestRevisions.number, 3)));
    await stack.db
      .delete(requestTimeline)
      .where(and(eq(requestTimeline.requestId, n.requestId), eq(requestTimeline.seq, 3)));
    await stack.db
      .update(sponsorshipRequests)
      .set({ currentRevision: 2, currentAuthor: 'organization' })
      .where(eq(sponsorshipRequests.id, n.requestId));

    const report = await run(false);
    expect(findingsFor(report.findings, n.requestId)).toEqual([
      expect.objectContaining({ problem: 'Postgres lacks steps 3..3 that the workflow recorded' }),
    ]);
    const fixed = await run(true);
    expect(findingsFor(fixed.findings, n.requestId)[0]!.fixed).toBe('repaired (database-behind)');

    const [revision] = await stack.db
      .select()
      .from(requestRevisions)
      .where(and(eq(requestRevisions.requestId, n.requestId), eq(requestRevisions.number, 3)));
    expect(revision).toMatchObject({ amountMinor: 45_000_000, authorSide: 'community' });
    const database = await negotiationPosition(stack.db, n.requestId);
    expect(await n.handle.query(negotiationPositionQuery)).toEqual(database);
    expect(database).toMatchObject({ status: 'Negotiation', currentRevision: 3, currentAuthor: 'community' });
    expect(findingsFor((await run(false)).findings, n.requestId)).toEqual([]);
    expect((await n.counter(n.s.token, 3, 44_000_000)).status).toBe(200);
  });

  it('makes the workflow adopt a step Postgres committed that it never saw, and notes it on the timeline', async () => {
    const n = await negotiation();
    expect((await n.counter(n.s.token, 1, 40_000_000)).status).toBe(200);
    // An Update whose step committed in Postgres but which Temporal lost in a crash before accepting it.
    await createNegotiationActivities({ db: stack.db }).recordCounter({
      requestId: n.requestId,
      seq: 3,
      revision: 3,
      by: 'community',
      actorUserId: organizer.user.id,
      inReplyToRevision: 2,
      proposal: proposalBody(45_000_000),
    });

    const report = await run(false);
    expect(findingsFor(report.findings, n.requestId)).toEqual([
      expect.objectContaining({ problem: 'the workflow never saw steps 3..3 that Postgres committed' }),
    ]);
    const fixed = await run(true);
    expect(findingsFor(fixed.findings, n.requestId)[0]!.fixed).toBe('repaired (database-ahead)');
    expect(await n.handle.query(negotiationPositionQuery)).toEqual(
      await negotiationPosition(stack.db, n.requestId),
    );
    const notes = await stack.db
      .select()
      .from(requestTimeline)
      .where(and(eq(requestTimeline.requestId, n.requestId), eq(requestTimeline.type, 'reconciled')));
    expect(notes).toHaveLength(1);
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, n.requestId), eq(auditLog.action, 'request.reconciled')));
    expect(audits).toHaveLength(1);
    // The sponsor answers revision 3, which only Postgres knew before.
    const answer = await n.counter(n.s.token, 3, 44_000_000);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.data.currentRevision).toBe(4);
  });

  it('restarts the workflow of an open request that Temporal no longer runs', async () => {
    const n = await negotiation();
    expect((await n.counter(n.s.token, 1, 40_000_000)).status).toBe(200);
    await n.handle.terminate('operator error');
    const report = await run(false);
    expect(findingsFor(report.findings, n.requestId)).toEqual([
      expect.objectContaining({ problem: 'the request is open in Postgres but its workflow is terminated' }),
    ]);
    const fixed = await run(true);
    expect(findingsFor(fixed.findings, n.requestId)[0]!.fixed).toBe(
      "new run started; it adopted Postgres's state",
    );
    const fresh = stack.deps.temporal.workflow.getHandle(negotiationWorkflowId(n.requestId));
    expect(await fresh.query(negotiationPositionQuery)).toEqual(
      await negotiationPosition(stack.db, n.requestId),
    );
    // Ops read the new run as one the API started: the parties by name and the current revision's offer.
    const [community] = await stack.db
      .select({ name: communities.name })
      .from(communities)
      .where(eq(communities.id, communityId));
    const described = await fresh.describe();
    expect(await described.staticSummary()).toBe(
      `${community!.name} → ${n.s.org.displayName}: INR 400,000.00 Gold Sponsor`,
    );
    expect(await described.staticDetails()).toContain(n.requestId);
    expect((await n.counter(organizer.token, 2, 45_000_000)).status).toBe(200);
    const metadata = (await fresh.query('__temporal_workflow_metadata')) as { currentDetails?: string };
    expect(metadata.currentDetails).toContain(`Waiting on **${n.s.org.displayName} (organization)**`);
    expect(metadata.currentDetails).toContain('INR 450,000.00');
  });

  it('reports a lost request row without inventing one, and a step on it fails at once, naming the row', async () => {
    const n = await negotiation();
    // Running workflows are found through visibility, which lags a fresh start a little.
    await waitFor(
      async () => {
        for await (const run of stack.deps.temporal.workflow.list({
          query: `WorkflowId = "${negotiationWorkflowId(n.requestId)}" AND ExecutionStatus = "Running"`,
        }))
          return run;
        return undefined;
      },
      10_000,
      'the workflow in the visibility list',
    );
    await stack.db.delete(sponsorshipRequests).where(eq(sponsorshipRequests.id, n.requestId));
    const fixed = await run(true);
    const [finding] = findingsFor(fixed.findings, n.requestId);
    expect(finding).toMatchObject({ problem: 'Postgres has no row for this request' });
    expect(finding!.action).toContain(
      `temporal workflow terminate --workflow-id ${negotiationWorkflowId(n.requestId)}`,
    );
    expect(finding!.fixed).toBeUndefined();

    const started = Date.now();
    const error = await n.handle
      .executeUpdate(counterUpdate, {
        args: [
          {
            by: 'organization',
            actorUserId: n.s.user.id,
            inReplyToRevision: 1,
            proposal: proposalBody(40_000_000),
          },
        ],
      })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause as { type?: string; message: string };
    expect(cause.type).toBe('ROW_MISSING');
    expect(cause.message).toContain(`request ${n.requestId}`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
