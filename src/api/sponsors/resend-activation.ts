import { latestVerification } from '../../db/repositories/organizations-repository.js';
import { hitRateLimit } from '../../db/repositories/rate-limit-repository.js';
import { AppError } from '../../errors.js';
import {
  resendActivationUpdate,
  verificationWorkflowId,
} from '../../workflows/verification/verification.contract.js';
import type { TApiDeps } from '../context.js';
import { verificationUpdate } from './verification-client.js';

/**
 * Sends the activation email again to the applicant of an organization whose activation is pending. Limited per
 * client address; the outcome is the same whether or not the email matches, so the endpoint reveals nothing.
 */
export async function resendActivation(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'config'>,
  input: { organizationId: string; email: string; ip: string; actorUserId: string | null },
): Promise<void> {
  const { config } = deps;
  const limit = await hitRateLimit(deps.db, `activation-resend:${input.ip}`, config.APPLY_RATE_WINDOW);
  if (limit.count > config.APPLY_MAX_PER_IP)
    throw new AppError('RATE_LIMITED', 'Too many resend requests; try again later');
  const verification = await latestVerification(deps.db, input.organizationId);
  if (verification?.applicantEmail !== input.email.toLowerCase()) return;
  await verificationUpdate(
    () =>
      deps.temporal.workflow
        .getHandle(verificationWorkflowId(input.organizationId))
        .executeUpdate(resendActivationUpdate, { args: [{ actorUserId: input.actorUserId }] }),
    'No activation is pending',
  ).catch((err) => {
    if (!(err instanceof AppError)) throw err;
  });
}
