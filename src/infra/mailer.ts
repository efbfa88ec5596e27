import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TDbOrTx } from '../db/client.js';
import { emailOutbox } from '../db/schema/index.js';

export type TEmail = { idempotencyKey: string; to: string; subject: string; body: string };

/**
 * Outgoing email is a row in email_outbox written in the transaction of the change that caused it (idempotent
 * by key). The mail-dispatch schedule delivers it afterwards: a rolled-back change sends nothing, and no file or
 * network I/O happens while a transaction holds its locks.
 */
export function createMailer(opts: { db: TDbOrTx }) {
  return {
    /** Pass the caller's transaction so the message commits with the change that caused it. */
    async send(email: TEmail, tx: TDbOrTx = opts.db): Promise<{ queued: boolean }> {
      const inserted = await tx
        .insert(emailOutbox)
        .values(email)
        .onConflictDoNothing()
        .returning({ id: emailOutbox.id });
      return { queued: inserted.length > 0 };
    },
  };
}
export type TMailer = ReturnType<typeof createMailer>;

/** Local transport: one file per message in outboxDir, so a developer can read what would have been sent. Production swaps it for SMTP. */
export function fileTransport(outboxDir: string) {
  return async (email: TEmail & { id: string; createdAt: Date }) => {
    await mkdir(outboxDir, { recursive: true });
    // Named by id: delivering the same row twice (a retried dispatch) rewrites the same file.
    const file = path.join(
      outboxDir,
      `${email.createdAt.toISOString().replace(/[:.]/g, '-')}-${email.id}.eml`,
    );
    await writeFile(file, `To: ${email.to}\nSubject: ${email.subject}\n\n${email.body}\n`);
  };
}
export type TTransport = ReturnType<typeof fileTransport>;
