import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox } from '../../src/db/schema/index.js';
import { createMailer } from '../../src/infra/mailer.js';
import { MAIL_DISPATCH_WORKFLOW } from '../../src/workflows/mail-dispatch/mail-dispatch.contract.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

const dispatch = (id: string) =>
  stack.deps.temporal.workflow.execute(MAIL_DISPATCH_WORKFLOW, {
    workflowId: `mail-dispatch-test:${id}`,
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
  });

async function outboxFiles() {
  const names = await readdir(stack.config.outboxDir).catch(() => [] as string[]);
  return Promise.all(names.map((n) => readFile(path.join(stack.config.outboxDir, n), 'utf8')));
}

describe('mail dispatch', () => {
  it('queues in the caller transaction and delivers once, after commit', async () => {
    const mailer = createMailer({ db: stack.db });
    const email = { idempotencyKey: 'test:one', to: 'a@example.org', subject: 'Hello', body: 'First' };
    expect(await mailer.send(email)).toEqual({ queued: true });
    expect(await mailer.send(email)).toEqual({ queued: false });
    // Nothing is written while the row is only queued.
    expect((await outboxFiles()).filter((f) => f.includes('Subject: Hello'))).toHaveLength(0);

    await expect(
      stack.db.transaction(async (tx) => {
        await mailer.send({ ...email, idempotencyKey: 'test:rolled-back', subject: 'Never' }, tx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');

    expect(await dispatch('first')).toBeGreaterThanOrEqual(1);
    const files = await outboxFiles();
    expect(files.filter((f) => f.includes('Subject: Hello'))).toEqual([
      'To: a@example.org\nSubject: Hello\n\nFirst\n',
    ]);
    expect(files.some((f) => f.includes('Subject: Never'))).toBe(false);
    const [row] = await stack.db.select().from(emailOutbox).where(eq(emailOutbox.idempotencyKey, 'test:one'));
    expect(row!.sentAt).toBeInstanceOf(Date);

    // A second run finds nothing left to send.
    expect(await dispatch('second')).toBe(0);
    expect((await outboxFiles()).filter((f) => f.includes('Subject: Hello'))).toHaveLength(1);
  });

  it('drains a backlog larger than one batch in one run', async () => {
    const mailer = createMailer({ db: stack.db });
    for (let i = 0; i < 450; i++)
      await mailer.send({
        idempotencyKey: `test:bulk:${i}`,
        to: `b${i}@example.org`,
        subject: 'Bulk',
        body: `${i}`,
      });
    expect(await dispatch('bulk')).toBe(450);
    const unsent = await stack.db
      .select()
      .from(emailOutbox)
      .where(like(emailOutbox.idempotencyKey, 'test:bulk:%'));
    expect(unsent.every((r) => r.sentAt)).toBe(true);
  });
});
