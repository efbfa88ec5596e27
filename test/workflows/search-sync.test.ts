import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SEARCH_INDEX_SYNC_WORKFLOW,
  SEARCH_SYNC_WORKFLOW,
  organizationChangedSignal,
  searchIndexSyncWorkflowId,
  searchSyncWorkflowId,
} from '../../src/workflows/search-sync/search-sync.contract.js';
import { createOrganization, orgMemberWithToken } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

/**
 * Profile changes reach the directory through one long-lived search-sync run per task queue (issue 14 item 4:
 * housekeeping must not flood the Temporal UI's list). The earlier per-organization workflow, still registered for
 * runs started before the upgrade, made one execution per change spaced more than its 2 s of quiet; the same changes
 * now make one execution in all.
 */

let stack: TTestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(() => stack?.close());

const QUIET_GAP_MS = 2_500;

/** Executions of a workflow type on this file's task queue (the dev server is shared). */
async function executions(workflowType: string): Promise<number> {
  const query = `WorkflowType = "${workflowType}" AND TaskQueue = "${stack.config.TEMPORAL_TASK_QUEUE}"`;
  return (await stack.deps.temporal.workflow.count(query)).count;
}

async function directoryNames(q: string): Promise<string[]> {
  const res = await stack.request('GET', `/api/v1/sponsors?q=${encodeURIComponent(q)}&limit=50`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as { displayName: string }[]).map((d) => d.displayName);
}

describe('search sync', () => {
  it('indexes every profile change, the last one last, in one execution for all organizations', async () => {
    const orgs = await Promise.all(
      [0, 1].map(async () => {
        const org = await createOrganization(stack.db, { status: 'Active' });
        return { id: org.id, token: (await orgMemberWithToken(stack.db, org.id, 'Sponsor Admin')).token };
      }),
    );
    const rename = async (org: (typeof orgs)[number], displayName: string) => {
      const res = await stack.request('PATCH', `/api/v1/sponsors/${org.id}`, {
        token: org.token,
        body: { displayName },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    // Three changes of one organization, each after the quiet period that used to end its run, and one of another.
    for (const round of ['Alpha', 'Bravo', 'Charlie']) {
      await rename(orgs[0]!, `Syncwave ${round}`);
      await waitFor(
        async () => (await directoryNames('Syncwave')).includes(`Syncwave ${round}`),
        30_000,
        `Syncwave ${round} in the directory`,
      );
      await delay(QUIET_GAP_MS);
    }
    await rename(orgs[1]!, 'Syncwave Delta');
    await waitFor(
      async () => {
        const names = await directoryNames('Syncwave');
        return names.includes('Syncwave Delta') && names.includes('Syncwave Charlie');
      },
      30_000,
      'both organizations under their latest names',
    );
    expect(await directoryNames('Syncwave')).not.toContain('Syncwave Alpha');

    expect(await executions(SEARCH_INDEX_SYNC_WORKFLOW)).toBe(1);
    expect(await executions(SEARCH_SYNC_WORKFLOW)).toBe(0);
    const run = await stack.deps.temporal.workflow
      .getHandle(searchIndexSyncWorkflowId(stack.config.TEMPORAL_TASK_QUEUE))
      .describe();
    expect(run.status.name).toBe('RUNNING');
  }, 90_000);

  it('the per-organization workflow of earlier versions still runs, one execution per change (the count before)', async () => {
    const org = await createOrganization(stack.db, { status: 'Active' });
    // What the API used to send after each change: signal-with-start of the organization's own run.
    for (let i = 0; i < 3; i++) {
      await stack.deps.temporal.workflow.signalWithStart(SEARCH_SYNC_WORKFLOW, {
        workflowId: searchSyncWorkflowId(org.id),
        taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
        args: [org.id],
        signal: organizationChangedSignal,
        signalArgs: [],
      });
      // Its run ends after 2 s without a change: wait for it, as the next change after a quiet moment would.
      await waitFor(
        async () =>
          (await stack.deps.temporal.workflow.getHandle(searchSyncWorkflowId(org.id)).describe()).status
            .name === 'COMPLETED',
        15_000,
        'the per-organization run ended',
      );
      await delay(100);
    }
    await waitFor(
      async () => (await executions(SEARCH_SYNC_WORKFLOW)) === 3,
      15_000,
      'three executions listed',
    );
    await waitFor(
      async () => (await directoryNames(org.displayName)).includes(org.displayName),
      15_000,
      'the legacy run indexed it',
    );
  }, 60_000);
});
