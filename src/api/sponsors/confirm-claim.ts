import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  lockVerificationByConfirmationToken,
  markClaimConfirmed,
} from '../../db/repositories/organizations-repository.js';
import { AppError } from '../../errors.js';
import { sha256Hex } from '../../infra/secret-box.js';
import {
  confirmClaimUpdate,
  verificationWorkflowId,
} from '../../workflows/verification/verification.contract.js';
import type { TApiDeps } from '../context.js';
import { verificationUpdate } from './verification-client.js';

/**
 * The claimant opened the link sent to their address at the domain: the single-use token is spent and the
 * verification workflow told, in one transaction (if the workflow refuses, the token stays unused).
 */
export async function confirmClaim(
  deps: Pick<TApiDeps, 'db' | 'temporal'>,
  input: { token: string; actorUserId: string | null; requestId: string | undefined },
) {
  const { db } = deps;
  const result = await db.transaction(async (tx) => {
    const verification = await lockVerificationByConfirmationToken(tx, sha256Hex(input.token));
    if (!verification)
      throw new AppError('NOT_FOUND', 'This confirmation link is not valid', [
        { location: 'body', path: 'token', message: 'unknown token' },
      ]);
    if (verification.confirmedAt) throw new AppError('CONFLICT', 'This claim was already confirmed');
    if (verification.status !== 'awaiting_confirmation' || verification.confirmationExpiresAt! < new Date())
      throw new AppError('GONE', 'This confirmation link expired; apply again to claim the organization');
    await markClaimConfirmed(tx, verification.id);
    await writeAudit(tx, {
      actorUserId: input.actorUserId,
      action: 'verification.claim_confirmed',
      entityType: 'organization_verification',
      entityId: verification.id,
      before: { status: verification.status },
      after: { status: 'checking', applicantEmail: verification.applicantEmail },
      requestId: input.requestId,
    });
    // Inside the transaction: if the workflow refuses (expired meanwhile), the token stays unused.
    const handle = deps.temporal.workflow.getHandle(verificationWorkflowId(verification.organizationId));
    const confirmed = await verificationUpdate(
      () => handle.executeUpdate(confirmClaimUpdate, { args: [{ confirmedAt: Date.now() }] }),
      'This claim is no longer waiting for confirmation',
    );
    return { organizationId: verification.organizationId, phase: confirmed.phase };
  });
  return result;
}
