import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  addOrganizationSigner,
  findActiveOrganizationMember,
  removeOrganizationSigner,
} from '../../db/repositories/contract-repository.js';
import { AppError } from '../../errors.js';
import type { TApiDeps } from '../context.js';

type TWho = { actorUserId: string; requestId: string | undefined };

/** Lets an active member sign contracts for the organization (audited once; repeating it changes nothing). */
export async function delegateSigner(
  deps: Pick<TApiDeps, 'db'>,
  who: TWho,
  organizationId: string,
  userId: string,
) {
  if (!(await findActiveOrganizationMember(deps.db, organizationId, userId)))
    throw new AppError('NOT_FOUND', 'no active member of this organization has that user id', [
      { location: 'param', path: 'userId', message: 'not an active member' },
    ]);
  await deps.db.transaction(async (tx) => {
    if (await addOrganizationSigner(tx, { organizationId, userId, delegatedBy: who.actorUserId }))
      await writeAudit(tx, {
        actorUserId: who.actorUserId,
        action: 'organization.signer_delegated',
        entityType: 'organization',
        entityId: organizationId,
        after: { signerUserId: userId },
        requestId: who.requestId,
      });
  });
}

/** Withdraws a delegated signer (audited when there was one); whether one was removed. */
export async function withdrawSigner(
  deps: Pick<TApiDeps, 'db'>,
  who: TWho,
  organizationId: string,
  userId: string,
): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const done = await removeOrganizationSigner(tx, organizationId, userId);
    if (done)
      await writeAudit(tx, {
        actorUserId: who.actorUserId,
        action: 'organization.signer_withdrawn',
        entityType: 'organization',
        entityId: organizationId,
        before: { signerUserId: userId },
        requestId: who.requestId,
      });
    return done;
  });
}
