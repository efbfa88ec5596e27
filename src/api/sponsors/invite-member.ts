import type { OrganizationRole } from '../../domain/commdesk-facts.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  findMembership,
  findOrCreateUser,
  issueToken,
  upsertMembership,
} from '../../db/repositories/organizations-repository.js';
import { AppError } from '../../errors.js';
import { createMailer } from '../../infra/mailer.js';
import { randomToken, sha256Hex } from '../../infra/secret-box.js';
import type { TApiDeps } from '../context.js';
import { assertRoleOfKind } from './member-roles.js';

export type TInviteMember = {
  organization: { id: string; kind: 'sponsor' | 'partner'; displayName: string };
  email: string;
  name: string | undefined;
  role: OrganizationRole;
  inviter: { userId: string; name: string };
  requestId: string | undefined;
};

/**
 * Invites a person by email: the account (created when new), the invited membership, a single-use activation link,
 * the audit row and the email, in one transaction, so a failure leaves no half invitation.
 */
export async function inviteMember(deps: Pick<TApiDeps, 'db' | 'config'>, input: TInviteMember) {
  const { db, config } = deps;
  const { organization: org } = input;
  assertRoleOfKind(org.kind, input.role);
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + config.ACTIVATION_TOKEN_TTL);
  const invitation = await db.transaction(async (tx) => {
    const user = await findOrCreateUser(tx, input.email, input.name ?? input.email);
    const existing = await findMembership(tx, org.id, user.id);
    if (existing && existing.status !== 'removed')
      throw new AppError(
        'CONFLICT',
        `${user.email} is already ${existing.status === 'invited' ? 'invited' : 'a member'}`,
      );
    const membership = await upsertMembership(tx, {
      organizationId: org.id,
      userId: user.id,
      role: input.role,
      status: 'invited',
    });
    await issueToken(tx, {
      userId: user.id,
      organizationId: org.id,
      purpose: 'invite',
      tokenHash: sha256Hex(token),
      expiresAt,
    });
    await writeAudit(tx, {
      actorUserId: input.inviter.userId,
      action: 'organization_member.invited',
      entityType: 'organization_member',
      entityId: `${org.id}:${user.id}`,
      before: existing ? { status: existing.status, role: existing.role } : null,
      after: { status: 'invited', role: input.role, email: user.email },
      requestId: input.requestId,
    });
    await createMailer({ db: tx }).send({
      idempotencyKey: `invite:${sha256Hex(token)}`,
      to: user.email,
      subject: `You are invited to ${org.displayName} on CommDesk`,
      body: `${input.inviter.name} invited you to ${org.displayName} as ${input.role}. Activate (single use):\n${config.publicBaseUrl}/activate?token=${token}\n\nAPI: POST /api/v1/auth/activate {"token":"${token}","password":"..."}`,
    });
    return { invitationId: membership.id, email: user.email, role: membership.role };
  });
  return { ...invitation, status: 'invited' as const, expiresAt: expiresAt.toISOString() };
}
