import { contractStatusOf, type TPaymentRow } from '../../db/repositories/payments-repository.js';
import type { TEscrowActor } from '../../domain/escrow.js';
import { AppError } from '../../errors.js';
import { sendEscrowCommand } from './escrow-command.js';
import type { TPaymentStanding } from './payments.responses.js';
import type { TEscrowDeps } from './start-escrow.js';

/**
 * Refunds a payment through its escrow: a platform admin may always ask; the sponsor's admins or managers only when
 * the contract was cancelled (the workflow refuses it after any release). The escrow refunds what it holds and
 * reverses what was transferred first.
 */
export async function refundPayment(
  deps: TEscrowDeps,
  input: {
    row: TPaymentRow;
    standing: TPaymentStanding;
    reason: string;
    idempotencyKey: string | undefined;
    callerUserId: string;
    requestId: string | null;
  },
) {
  const { row, standing } = input;
  let actor: TEscrowActor;
  if (standing.admin) actor = { kind: 'admin', userId: input.callerUserId };
  else {
    const sponsor = standing.organization;
    if (!sponsor || sponsor.kind !== 'party' || !sponsor.mayApprove)
      throw new AppError(
        'FORBIDDEN',
        "a refund is made by a platform admin, or by the sponsor's admins or managers",
      );
    if ((await contractStatusOf(deps.db, row.contractId)) !== 'Cancelled')
      throw new AppError(
        'FORBIDDEN',
        'the sponsor may ask for a refund only when the contract was cancelled (and before any release); ask a platform admin',
      );
    actor = sponsor;
  }
  await sendEscrowCommand(deps, {
    row,
    actor,
    action: { type: 'refund', reason: input.reason },
    idempotencyKey: input.idempotencyKey,
    callerUserId: input.callerUserId,
    requestId: input.requestId,
  });
}
