import { findLiveContractOfDeal } from '../../db/repositories/contract-repository.js';
import { findPayment, findPaymentOfDeal } from '../../db/repositories/payments-repository.js';
import { paymentIdOf } from '../../domain/escrow.js';
import { AppError } from '../../errors.js';
import { startEscrow, type TEscrowDeps } from './start-escrow.js';

/**
 * The deal's payment into escrow: the one it has (`created: false`), or, once its contract is signed, the escrow
 * started for it; the answer waits briefly for its first steps (payment row, invoice, PaymentIntent) so it carries
 * the client secret (503 with Retry-After when not even the payment row is there within 10 s).
 */
export async function createPayment(deps: TEscrowDeps, dealId: string) {
  const { db } = deps;
  const existing = await findPaymentOfDeal(db, dealId);
  if (existing) return { paymentId: existing.id, created: false };
  const contract = await findLiveContractOfDeal(db, dealId);
  if (!contract || (contract.status !== 'Signed' && contract.status !== 'Completed'))
    throw new AppError(
      'CONFLICT',
      `the deal has no signed contract${contract ? ` (its contract is ${contract.status})` : ''}: it is paid once both parties signed`,
    );
  const paymentId = paymentIdOf(contract.id);
  await startEscrow(deps, { paymentId, contractId: contract.id, dealId });
  // The first steps (payment row, invoice, PaymentIntent) take a moment: answer with the client secret when ready.
  const until = Date.now() + 10_000;
  let row = await findPayment(db, paymentId);
  while ((!row || !row.stripePaymentIntentId) && row?.phase !== 'Failed' && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    row = await findPayment(db, paymentId);
  }
  if (!row)
    throw new AppError(
      'UNAVAILABLE',
      'the escrow was started but has not recorded its payment yet; retry',
      undefined,
      { 'Retry-After': '2' },
    );
  return { paymentId, created: true };
}
