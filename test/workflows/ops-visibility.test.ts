import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communities } from '../../src/db/schema/index.js';
import { negotiationWorkflowId } from '../../src/workflows/negotiation/negotiation.contract.js';
import { verificationWorkflowId } from '../../src/workflows/verification/verification.contract.js';
import {
  createCommunity,
  createOrganization,
  memberWithToken,
  orgMemberWithToken,
  proposalBody,
} from '../helpers/fixtures.js';
import { adminToken, apply, applicationBody } from '../helpers/onboarding.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
let communityId: string;
let organizer: { token: string };

beforeAll(async () => {
  stack = await startTestStack({ VERIFICATION_AUTO_APPROVE_BELOW: '0' });
  communityId = (await createCommunity(stack.db, 'approved')).id;
  organizer = await memberWithToken(stack.db, communityId, 'Organizer');
});
afterAll(() => stack?.close());

/** The workflow ids a saved view (a visibility query) lists in this test's task queue. */
async function view(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const run of stack.deps.temporal.workflow.list({
    query: `${query} AND TaskQueue = "${stack.config.TEMPORAL_TASK_QUEUE}"`,
  }))
    ids.push(run.workflowId);
  return ids;
}
const currentDetails = async (workflowId: string) =>
  (
    (await stack.deps.temporal.workflow.getHandle(workflowId).query('__temporal_workflow_metadata')) as {
      currentDetails?: string;
    }
  ).currentDetails ?? '';

describe('the Temporal UI for ops', () => {
  it('shows who, what and how much, what a negotiation waits for, and finds it with saved views', async () => {
    const org = await createOrganization(stack.db, { status: 'Active' });
    const { token: sponsorToken } = await orgMemberWithToken(stack.db, org.id);
    const opened = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId, organizationId: org.id, proposal: proposalBody(50_000_000) },
    });
    expect(opened.status).toBe(201);
    const workflowId = negotiationWorkflowId(opened.body.data.id);
    const handle = stack.deps.temporal.workflow.getHandle(workflowId);

    const description = await handle.describe();
    const [community] = await stack.db
      .select({ name: communities.name })
      .from(communities)
      .where(eq(communities.id, communityId));
    expect(await description.staticSummary()).toBe(
      `${community!.name} → ${org.displayName}: INR 500,000.00 Gold Sponsor`,
    );
    expect(await currentDetails(workflowId)).toContain('Waiting on **');

    // The community opened it: the sponsor holds the turn.
    const waitingOnSponsor = `WorkflowType = "negotiationWorkflow" AND CommDeskWaitingOn = "organization"`;
    await waitFor(
      async () => (await view(waitingOnSponsor)).includes(workflowId),
      30_000,
      'view: waiting on sponsor',
    );

    const countered = await stack.request('PATCH', `/api/v1/requests/${opened.body.data.id}/negotiate`, {
      token: sponsorToken,
      body: { inReplyToRevision: 1, proposal: proposalBody(40_000_000) },
    });
    expect(countered.status).toBe(200);
    expect(await currentDetails(workflowId)).toMatch(
      /^\*\*Negotiation\*\* · revision 2 by .+ \(organization\) · INR 400,000\.00/,
    );
    expect(await currentDetails(workflowId)).toContain('Waiting on **');
    const waitingOnCommunity = `WorkflowType = "negotiationWorkflow" AND CommDeskWaitingOn = "community" AND CommDeskStatus = "Negotiation" AND CommDeskAmountMinor <= 40000000`;
    await waitFor(
      async () => (await view(waitingOnCommunity)).includes(workflowId),
      30_000,
      'view: waiting on community',
    );
    expect(await view(waitingOnSponsor)).not.toContain(workflowId);
    // "Waiting for more than N days" is a time bound on CommDeskWaitingSince: nothing here waits since last week.
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString();
    expect(
      await view(`CommDeskWaitingOn = "community" AND CommDeskWaitingSince < "${lastWeek}"`),
    ).not.toContain(workflowId);
    expect(await view(`CommDeskCommunityId = "${communityId}"`)).toContain(workflowId);
  }, 90_000);

  it('shows a verification waiting on a platform admin', async () => {
    const applied = await apply(stack, applicationBody());
    expect(applied.status).toBe(201);
    const workflowId = verificationWorkflowId(applied.body.data.id);
    const waitingOnAdmin = `WorkflowType = "organizationVerificationWorkflow" AND CommDeskWaitingOn = "platform_admin"`;
    await waitFor(
      async () => (await view(waitingOnAdmin)).includes(workflowId),
      30_000,
      'view: waiting on an admin',
    );
    expect(await currentDetails(workflowId)).toContain("Waiting for a platform admin's decision");
    const admin = await adminToken(stack);
    const decided = await stack.request('POST', `/api/v1/sponsors/${applied.body.data.id}/verify`, {
      token: admin,
      body: { decision: 'approve', reason: 'looks right' },
    });
    expect(decided.status).toBe(200);
    await waitFor(
      async () =>
        (await view(`CommDeskWaitingOn = "applicant" AND CommDeskStatus = "awaiting_activation"`)).includes(
          workflowId,
        ),
      30_000,
      'view: waiting on the applicant',
    );
  }, 90_000);
});
