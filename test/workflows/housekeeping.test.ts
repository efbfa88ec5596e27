import { ScheduleOverlapPolicy } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  emailOutbox,
  organizations,
  requestTimeline,
  sponsorshipRequests,
} from '../../src/db/schema/index.js';
import { ensureHousekeeping } from '../../src/infra/housekeeping.js';
import { housekeepingWorkflowId } from '../../src/workflows/housekeeping/housekeeping.contract.js';
import {
  MAIL_DISPATCH_WORKFLOW,
  mailDispatchScheduleId,
} from '../../src/workflows/mail-dispatch/mail-dispatch.contract.js';
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
beforeAll(async () => {
  stack = await startTestStack({ MAIL_DISPATCH_INTERVAL: '200ms', WEBHOOK_SWEEP_INTERVAL: '1s' });
});
afterAll(() => stack?.close());

it('runs housekeeping as one long-lived workflow per task queue, replacing the per-firing Schedules', async () => {
  const queue = stack.config.TEMPORAL_TASK_QUEUE;
  const { temporal } = stack.deps;
  // A deployment upgraded from the Schedule-based version still has its mail-dispatch Schedule.
  await temporal.schedule.create({
    scheduleId: mailDispatchScheduleId(queue),
    spec: { intervals: [{ every: '1h' }] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP },
    action: { type: 'startWorkflow', workflowType: MAIL_DISPATCH_WORKFLOW, taskQueue: queue, args: [] },
  });

  await ensureHousekeeping(temporal, stack.config);
  await ensureHousekeeping(temporal, stack.config);
  await expect(temporal.schedule.getHandle(mailDispatchScheduleId(queue)).describe()).rejects.toThrow();

  const handle = temporal.workflow.getHandle(housekeepingWorkflowId(queue));
  const description = await handle.describe();
  expect(description.status.name).toBe('RUNNING');
  expect(await description.staticSummary()).toContain('email outbox every 0.2 s');
  const runs = [];
  for await (const run of temporal.workflow.list({
    query: `WorkflowId = "${housekeepingWorkflowId(queue)}"`,
  }))
    runs.push(run);
  expect(runs).toHaveLength(1);

  // It delivers what is queued, pass after pass, without starting a workflow per pass.
  await stack.db.insert(emailOutbox).values({
    idempotencyKey: `housekeeping-test:${queue}`,
    to: 'ops@example.org',
    subject: 'queued',
    body: 'delivered by the housekeeping workflow',
  });
  await waitFor(
    async () => (await stack.db.select().from(emailOutbox)).every((row) => row.sentAt !== null),
    15_000,
    'the outbox to be delivered',
  );
  await handle.terminate('test over');
});

it('withdraws the open requests of a disabled organization that an interrupted disable left open', async () => {
  const communityId = (await createCommunity(stack.db, 'approved')).id;
  const organizer = await memberWithToken(stack.db, communityId, 'Organizer');
  const org = await createOrganization(stack.db, { status: 'Active' });
  await orgMemberWithToken(stack.db, org.id);
  const opened = await stack.request('POST', '/api/v1/requests', {
    token: organizer.token,
    body: {
      communityId,
      organizationId: org.id,
      proposal: proposalBody(50_000_000),
    },
  });
  expect(opened.status).toBe(201);
  const requestId = opened.body.data.id as string;
  // The disable committed, then the API process stopped before it withdrew anything.
  await stack.db.update(organizations).set({ status: 'Disabled' }).where(eq(organizations.id, org.id));

  await ensureHousekeeping(stack.deps.temporal, stack.config);
  await waitFor(
    async () => {
      const [row] = await stack.db
        .select({ status: sponsorshipRequests.status })
        .from(sponsorshipRequests)
        .where(eq(sponsorshipRequests.id, requestId));
      return row?.status === 'Withdrawn';
    },
    15_000,
    'the sweep to withdraw the request',
  );
  const timeline = await stack.db
    .select()
    .from(requestTimeline)
    .where(eq(requestTimeline.requestId, requestId));
  expect(timeline.map((t) => t.type)).toEqual(['opened', 'withdrawn']);
  expect(timeline[1]!.detail).toMatchObject({ reason: 'the organization was disabled by a platform admin' });
  await stack.deps.temporal.workflow
    .getHandle(housekeepingWorkflowId(stack.config.TEMPORAL_TASK_QUEUE))
    .terminate('test over');
});
