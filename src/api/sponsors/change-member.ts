import type { OrganizationRole } from '../../domain/commdesk-facts.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  changeMembership,
  countActiveAdmins,
  findMembershipByUserOrId,
  findOrganizationById,
} from '../../db/repositories/organizations-repository.js';
import { AppError, notFound } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { ADMIN_ROLES, assertRoleOfKind } from './member-roles.js';

export type TChangeMember = {
  organization: { id: string; kind: 'sponsor' | 'partner' };
  /** A member's user id, or an invitation's id. */
  memberId: string;
  change: { role?: OrganizationRole; remove?: boolean };
  actorUserId: string;
  requestId: string | undefined;
};

/** Role change or removal, refusing to leave the organization without an active admin. Returns the membership id. */
export async function changeMember(deps: Pick<TApiDeps, 'db'>, input: TChangeMember): Promise<string> {
  const { organization: org, change } = input;
  if (change.role) assertRoleOfKind(org.kind, change.role);
  return deps.db.transaction(async (tx) => {
    // Serialise admin changes per organization so two admins cannot demote each other at once.
    await findOrganizationById(tx, org.id, true);
    const before = await findMembershipByUserOrId(tx, org.id, input.memberId);
    if (!before || before.status === 'removed') throw notFound('Member');
    const { userId } = before;
    const losesAdmin =
      ADMIN_ROLES.includes(before.role) &&
      before.status === 'active' &&
      (change.remove || (change.role && !ADMIN_ROLES.includes(change.role)));
    if (losesAdmin && (await countActiveAdmins(tx, org.id)) <= 1) {
      throw new AppError(
        'BUSINESS_RULE',
        'This is the last admin of the organization: make someone else an admin first',
      );
    }
    const values = change.remove ? { status: 'removed' as const } : { role: change.role! };
    await changeMembership(tx, org.id, userId, values);
    await writeAudit(tx, {
      actorUserId: input.actorUserId,
      action: change.remove ? 'organization_member.removed' : 'organization_member.role_changed',
      entityType: 'organization_member',
      entityId: `${org.id}:${userId}`,
      before: { role: before.role, status: before.status },
      after: { role: change.role ?? before.role, status: change.remove ? 'removed' : before.status },
      requestId: input.requestId,
    });
    return before.id;
  });
}
