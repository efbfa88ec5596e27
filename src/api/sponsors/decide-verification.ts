import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { notFound } from '../../errors.js';
import {
  decideUpdate,
  verificationWorkflowId,
  type TDecisionInput,
} from '../../workflows/verification/verification.contract.js';
import type { TApiDeps } from '../context.js';
import { verificationUpdate } from './verification-client.js';

/**
 * A platform admin's decision on a verification waiting for one. The workflow applies it (status, audit, emails);
 * the answer is its phase and the organization's status as the decision left it.
 */
export async function decideVerification(
  deps: Pick<TApiDeps, 'db' | 'temporal'>,
  organizationId: string,
  input: TDecisionInput,
) {
  if (!(await findOrganizationById(deps.db, organizationId))) throw notFound('Organization');
  const result = await verificationUpdate(
    () =>
      deps.temporal.workflow
        .getHandle(verificationWorkflowId(organizationId))
        .executeUpdate(decideUpdate, { args: [input] }),
    'No verification of this organization is waiting for a decision',
  );
  const after = (await findOrganizationById(deps.db, organizationId))!;
  return { phase: result.phase, status: after.status };
}
