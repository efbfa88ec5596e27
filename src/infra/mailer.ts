import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TDbOrTx } from '../db/client.js';
import { emailOutbox } from '../db/schema/index.js';

export type TEmail = { idempotencyKey: string; to: string; subject: string; body: string };

/**
 * Local transport: the outbox table (idempotent by key) plus a file per message in outboxDir, so a
 * developer can read what would have been sent. Production swaps the file for SMTP.
 */
export function createMailer(opts: { db: TDbOrTx; outboxDir: string }) {
  return {
    /** Pass the caller's transaction so the message commits with the change that caused it. */
    async send(email: TEmail, tx: TDbOrTx = opts.db): Promise<{ sent: boolean }> {
      const inserted = await tx
        .insert(emailOutbox)
        .values(email)
        .onConflictDoNothing()
        .returning({ id: emailOutbox.id });
      if (inserted.length === 0) return { sent: false };
      await mkdir(opts.outboxDir, { recursive: true });
      const file = path.join(
        opts.outboxDir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${inserted[0]!.id}.eml`,
      );
      await writeFile(file, `To: ${email.to}\nSubject: ${email.subject}\n\n${email.body}\n`);
      return { sent: true };
    },
  };
}
export type TMailer = ReturnType<typeof createMailer>;
