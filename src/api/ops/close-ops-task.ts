import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  clearPaymentAlert,
  findOpsTask,
  markOpsTaskDone,
  openManualOpsTasks,
  type TOpsTaskRow,
} from '../../db/repositories/ops-tasks-repository.js';
import { findPayment } from '../../db/repositories/payments-repository.js';
import type { TDb } from '../../db/client.js';
import { escrowWaitingOn } from '../../domain/escrow.js';
import { notFound } from '../../errors.js';

/**
 * A platform admin closes an ops task with what was done about it. Idempotent: a task already closed is answered as
 * it was closed (its first resolution stays). In the same transaction as the closure and its audit row, the payment's
 * alert is cleared when nothing else on it calls for ops (no other task needing a person, and an escrow that does not
 * wait on a platform admin).
 */
export async function closeOpsTask(
  deps: { db: TDb },
  input: { taskId: string; resolution: string; adminUserId: string; requestId: string | null },
): Promise<{ task: TOpsTaskRow; closedNow: boolean }> {
  return deps.db.transaction(async (tx) => {
    const task = await findOpsTask(tx, input.taskId, true);
    if (!task) throw notFound('Ops task');
    if (task.status === 'done') return { task, closedNow: false };
    const closed = (await markOpsTaskDone(tx, task.id, {
      resolution: input.resolution,
      closedBy: input.adminUserId,
      at: new Date(),
    }))!;
    await writeAudit(tx, {
      actorUserId: input.adminUserId,
      action: 'payment_ops_task.closed',
      entityType: 'payment_ops_task',
      entityId: task.id,
      before: { status: task.status },
      after: {
        status: closed.status,
        resolution: closed.resolution,
        paymentId: task.paymentId,
        payoutId: task.payoutId,
        kind: task.kind,
      },
      reason: input.resolution,
      requestId: input.requestId,
    });
    // A payout's task (payout_stuck, payout_failed) has no payment whose alert could clear.
    if (!task.paymentId) return { task: closed, closedNow: true };
    const payment = await findPayment(tx, task.paymentId);
    if (
      payment?.alert &&
      escrowWaitingOn(payment.state) !== 'platform_admin' &&
      (await openManualOpsTasks(tx, task.paymentId)).length === 0
    ) {
      await clearPaymentAlert(tx, task.paymentId);
      await writeAudit(tx, {
        actorUserId: input.adminUserId,
        action: 'payment.alert_cleared',
        entityType: 'payment',
        entityId: task.paymentId,
        before: { alert: payment.alert },
        after: { alert: null },
        reason: `ops task ${task.id} closed: ${input.resolution}`,
        requestId: input.requestId,
      });
    }
    return { task: closed, closedNow: true };
  });
}
