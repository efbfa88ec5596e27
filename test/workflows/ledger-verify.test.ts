import { randomUUID } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLedgerVerifyActivities } from '../../src/activities/ledger-verify.activities.js';
import { postLedgerTransaction } from '../../src/db/repositories/ledger-repository.js';
import { emailOutbox } from '../../src/db/schema/index.js';
import { fundingPosting } from '../../src/domain/ledger.js';
import { ensureHousekeeping } from '../../src/infra/housekeeping.js';
import {
  LEDGER_VERIFY_WORKFLOW,
  ledgerVerifyScheduleId,
  type TLedgerVerifyResult,
} from '../../src/workflows/ledger-verify/ledger-verify.contract.js';
import { createUser } from '../helpers/fixtures.js';
import { captureHistory } from '../helpers/histories.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
beforeAll(async () => {
  stack = await startTestStack({ LEDGER_VERIFY_CRON: '15 3 * * *' });
});
afterAll(async () => {
  // Schedules outlive the test's task queue on the shared dev server.
  await stack?.deps.temporal.schedule
    .getHandle(ledgerVerifyScheduleId(stack.config.TEMPORAL_TASK_QUEUE))
    .delete()
    .catch(() => {});
  await stack?.close();
});

it('the schedule id is ledger-verify for the default queue, suffixed for any other', () => {
  expect(ledgerVerifyScheduleId('commdesk-marketplace')).toBe('ledger-verify');
  expect(ledgerVerifyScheduleId('test-x')).toBe('ledger-verify:test-x');
});

it('worker start creates the nightly Schedule once (idempotent), at the configured cron, and a firing checks the ledger', async () => {
  const { temporal } = stack.deps;
  const queue = stack.config.TEMPORAL_TASK_QUEUE;
  await ensureHousekeeping(temporal, stack.config);
  await ensureHousekeeping(temporal, stack.config);
  const handle = temporal.schedule.getHandle(ledgerVerifyScheduleId(queue));
  const described = await handle.describe();
  expect(described.action).toMatchObject({
    type: 'startWorkflow',
    workflowType: LEDGER_VERIFY_WORKFLOW,
    taskQueue: queue,
  });
  expect(described.spec.calendars?.[0]).toMatchObject({
    hour: [{ start: 3, end: 3, step: 1 }],
    minute: [{ start: 15, end: 15, step: 1 }],
  });
  expect(described.memo?.purpose).toMatch(/Verify the ledger every night/);

  await handle.trigger();
  const started = await waitFor(
    async () => (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId ?? null,
    20_000,
    'the triggered firing',
  );
  const result: TLedgerVerifyResult = await temporal.workflow.getHandle(started).result();
  expect(result).toEqual({ ok: true, breaches: 0, invariants: [], alerted: 0 });
});

it('a breach alerts every active platform admin by email, once per firing', async () => {
  const { temporal } = stack.deps;
  const admin = await createUser(stack.db, { isPlatformAdmin: true });
  await createUser(stack.db, { isPlatformAdmin: true, status: 'disabled' });
  // Money posted for a payment that does not exist: the kind of thing only a bug or a hand edit produces.
  const orphan = randomUUID();
  await postLedgerTransaction(stack.db, {
    key: `orphan:${orphan}`,
    paymentId: orphan,
    ...fundingPosting({ amountMinor: 1_000, currency: 'USD' }),
  });

  const workflowId = `ledger-verify-test:${randomUUID()}`;
  const result: TLedgerVerifyResult = await temporal.workflow.execute(LEDGER_VERIFY_WORKFLOW, {
    workflowId,
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    args: [],
  });
  expect(result).toEqual({ ok: false, breaches: 1, invariants: ['payment_exists'], alerted: 1 });
  await captureHistory(stack, workflowId, 'ledger-verify-breach-alerted');
  const mails = await stack.db
    .select()
    .from(emailOutbox)
    .where(like(emailOutbox.idempotencyKey, `ledger-verify:${workflowId}:%`));
  expect(mails.map((m) => m.to)).toEqual([admin.email]);
  expect(mails[0]!.subject).toBe('Ledger check failed: 1 breach(es) of payment_exists');
  expect(mails[0]!.body).toContain(
    `BREACH payment_exists payment ${orphan}: 2 entries name a payment that does not exist`,
  );

  // A retried activity queues nothing twice.
  const activities = createLedgerVerifyActivities({ db: stack.db });
  await activities.verifyLedgerAndAlert({ alertKey: `ledger-verify:${workflowId}` });
  expect(
    await stack.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `ledger-verify:${workflowId}:${admin.id}`)),
  ).toHaveLength(1);
});
