import { WorkflowNotFoundError } from '@temporalio/client';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import { openRequestIdsOfOrganization } from '../../db/repositories/negotiation-repository.js';
import {
  countActiveAdmins,
  findOrganizationById,
  updateOrganization,
} from '../../db/repositories/organizations-repository.js';
import { AppError, notFound } from '../../errors.js';
import {
  negotiationWorkflowId,
  partyDisabledUpdate,
} from '../../workflows/negotiation/negotiation.contract.js';
import type { TApiDeps } from '../context.js';
import { requestSearchSync } from '../search-sync.js';

type TDeps = Pick<TApiDeps, 'db' | 'temporal' | 'logger' | 'config'>;
type TActorInput = { organizationId: string; actorUserId: string; requestId: string | undefined };

async function setDisabled(
  deps: TDeps,
  { organizationId, actorUserId, requestId }: TActorInput,
  disable: boolean,
  reason: string | null,
) {
  const { db } = deps;
  const updated = await db.transaction(async (tx) => {
    const before = await findOrganizationById(tx, organizationId, true);
    if (!before) throw notFound('Organization');
    if (disable === (before.status === 'Disabled'))
      throw new AppError('CONFLICT', `The organization is ${disable ? 'already' : 'not'} disabled`);
    const status = disable
      ? 'Disabled'
      : (await countActiveAdmins(tx, organizationId)) > 0
        ? 'Active'
        : 'Verified';
    const after = await updateOrganization(tx, organizationId, {
      status,
      disabledReason: disable ? reason : null,
    });
    await writeAudit(tx, {
      actorUserId,
      action: disable ? 'organization.disabled' : 'organization.enabled',
      entityType: 'organization',
      entityId: organizationId,
      before: { status: before.status },
      after: { status: after.status },
      reason,
      requestId,
    });
    return after;
  });
  await requestSearchSync(deps, organizationId);
  return { id: updated.id, status: updated.status };
}

/**
 * A disabled organization's open requests are withdrawn through their workflows, each with a timeline entry,
 * an audit row and email to both sides. Withdrawing (rather than pausing) keeps the rule simple and auditable:
 * re-enabling does not revive old negotiations. Should this stop half-way, the rest cannot move forward (every step
 * re-checks both parties' standing under the request's lock) and the housekeeping sweep withdraws them.
 */
async function withdrawOpenRequests(
  deps: TDeps,
  { organizationId, actorUserId }: TActorInput,
  reason: string,
) {
  const withdrawn: string[] = [];
  for (const requestId of await openRequestIdsOfOrganization(deps.db, organizationId)) {
    try {
      const view = await deps.temporal.workflow
        .getHandle(negotiationWorkflowId(requestId))
        .executeUpdate(partyDisabledUpdate, {
          args: [
            {
              side: 'organization',
              actorUserId,
              reason: `the organization was disabled by a platform admin: ${reason}`,
            },
          ],
        });
      if (view.status === 'Withdrawn') withdrawn.push(requestId);
    } catch (err) {
      // A workflow that already closed has nothing to withdraw.
      if (!(err instanceof WorkflowNotFoundError || /already completed|not found/i.test(String(err))))
        deps.logger.warn({ err, requestId }, 'could not withdraw the request of a disabled organization');
    }
  }
  return withdrawn;
}

/** A platform admin disables an organization: status, audit, search index, then its open requests withdrawn. */
export async function disableOrganization(deps: TDeps, input: TActorInput & { reason: string }) {
  const disabled = await setDisabled(deps, input, true, input.reason);
  return { ...disabled, withdrawnRequestIds: await withdrawOpenRequests(deps, input, input.reason) };
}

/** Re-enabling does not revive the requests withdrawn when it was disabled. */
export async function enableOrganization(deps: TDeps, input: TActorInput) {
  return setDisabled(deps, input, false, null);
}
