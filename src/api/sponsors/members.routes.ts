import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { OrganizationRole } from '../../domain/commdesk-facts.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  changeMembership,
  countActiveAdmins,
  findMembership,
  findMembershipByUserOrId,
  findOrCreateUser,
  findOrganizationById,
  issueToken,
  listMembers,
  upsertMembership,
} from '../../db/repositories/organizations-repository.js';
import { AppError, notFound } from '../../errors.js';
import { createMailer } from '../../infra/mailer.js';
import { randomToken, sha256Hex } from '../../infra/secret-box.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { created, envelope, errorResponses, jsonBody, jsonResponse, ok } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { createRouter } from '../router.js';
import { loadAuthorizedOrganization } from './sponsor-profile.js';
import { ZInviteBody, ZMemberParams, ZOrganizationParams, ZRoleBody } from './sponsors.types.js';

const ROLES_BY_KIND: Record<'sponsor' | 'partner', readonly OrganizationRole[]> = {
  sponsor: ['Sponsor Admin', 'Sponsor Manager', 'DevRel Manager', 'Hiring Manager'],
  partner: ['Partner Admin', 'Partnership Manager'],
};
const ADMIN_ROLES: readonly OrganizationRole[] = ['Sponsor Admin', 'Partner Admin'];

const ZMember = z
  .object({
    userId: z.string().nullable().describe('null until the invitation is accepted'),
    invitationId: z
      .string()
      .nullable()
      .describe('set while the invitation is pending: use it in place of the user id to change or revoke it'),
    email: z.string(),
    name: z.string().nullable().describe('null until the invitation is accepted'),
    role: z.string(),
    status: z.enum(['invited', 'active']),
    since: z.string(),
  })
  .openapi('OrganizationMember');
// The same answer whether or not the address already has an account: nothing of an account is shown before its
// owner accepts, so inviting cannot be used to find out who is registered.
const ZInvitation = z
  .object({
    invitationId: z.string(),
    email: z.string(),
    role: z.string(),
    status: z.literal('invited'),
    expiresAt: z.string(),
  })
  .openapi('OrganizationInvitation');
const tags = ['organization members'];

const listRoute = createRoute({
  method: 'get',
  path: '/{organizationId}/members',
  tags,
  summary: "The organization's members and invitations",
  middleware: [requireAuth] as const,
  request: { params: ZOrganizationParams },
  responses: { 200: jsonResponse(envelope(z.array(ZMember)), 'Members'), ...errorResponses },
});
const inviteRoute = createRoute({
  method: 'post',
  path: '/{organizationId}/members',
  tags,
  summary: 'Invite someone by email with a role; they activate through a single-use link',
  middleware: [requireAuth] as const,
  request: { params: ZOrganizationParams, body: jsonBody(ZInviteBody) },
  responses: {
    201: jsonResponse(envelope(ZInvitation), 'Invited (the same answer for new and existing addresses)'),
    ...errorResponses,
    409: { description: 'Already a member' },
    422: { description: 'Role not valid for this kind of organization' },
  },
});
const roleRoute = createRoute({
  method: 'patch',
  path: '/{organizationId}/members/{userId}',
  tags,
  summary:
    "Change a member's role (the last admin cannot be demoted); `userId` may be a pending invitation's invitationId",
  middleware: [requireAuth] as const,
  request: { params: ZMemberParams, body: jsonBody(ZRoleBody) },
  responses: {
    200: jsonResponse(envelope(ZMember), 'Changed'),
    ...errorResponses,
    422: { description: 'Would leave no admin' },
  },
});
const removeRoute = createRoute({
  method: 'delete',
  path: '/{organizationId}/members/{userId}',
  tags,
  summary:
    'Remove a member or revoke an invitation (the last admin cannot leave); `userId` may be an invitationId',
  middleware: [requireAuth] as const,
  request: { params: ZMemberParams },
  responses: {
    200: jsonResponse(envelope(z.object({ userId: z.string(), removed: z.literal(true) })), 'Removed'),
    ...errorResponses,
    422: { description: 'Would leave no admin' },
  },
});

export function memberRoutes(deps: TApiDeps) {
  const { db } = deps;
  const app = createRouter();

  const authorize = (
    c: Context<TAppEnv>,
    organizationId: string,
    action: 'organization:read_private' | 'organization:manage_members',
  ) => loadAuthorizedOrganization(db, c.get('actor'), organizationId, action);

  /** A pending invitation shows only what the inviter typed: the account behind it stays hidden until accepted. */
  function toMemberDto(member: Awaited<ReturnType<typeof listMembers>>[number]) {
    const invited = member.status === 'invited';
    return {
      userId: invited ? null : member.userId,
      invitationId: invited ? member.membershipId : null,
      email: member.email,
      name: invited ? null : member.name,
      role: member.role,
      status: member.status as 'invited' | 'active',
      since: member.since.toISOString(),
    };
  }

  async function memberDto(organizationId: string, membershipId: string) {
    const member = (await listMembers(db, organizationId)).find((m) => m.membershipId === membershipId);
    if (!member) throw notFound('Member');
    return toMemberDto(member);
  }

  app.openapi(listRoute, async (c) => {
    const { organizationId } = c.req.valid('param');
    await authorize(c, organizationId, 'organization:read_private');
    const members = await listMembers(db, organizationId);
    return ok(c, members.map(toMemberDto));
  });

  app.openapi(inviteRoute, async (c) => {
    const { organizationId } = c.req.valid('param');
    const body = c.req.valid('json');
    const org = await authorize(c, organizationId, 'organization:manage_members');
    if (!ROLES_BY_KIND[org.kind].includes(body.role)) {
      throw new AppError(
        'BUSINESS_RULE',
        `${body.role} is not a role of a ${org.kind} organization; use one of: ${ROLES_BY_KIND[org.kind].join(', ')}`,
      );
    }
    const token = randomToken(32);
    const expiresAt = new Date(Date.now() + deps.config.ACTIVATION_TOKEN_TTL);
    const invitation = await db.transaction(async (tx) => {
      const user = await findOrCreateUser(tx, body.email, body.name ?? body.email);
      const existing = await findMembership(tx, organizationId, user.id);
      if (existing && existing.status !== 'removed')
        throw new AppError(
          'CONFLICT',
          `${user.email} is already ${existing.status === 'invited' ? 'invited' : 'a member'}`,
        );
      const membership = await upsertMembership(tx, {
        organizationId,
        userId: user.id,
        role: body.role,
        status: 'invited',
      });
      await issueToken(tx, {
        userId: user.id,
        organizationId,
        purpose: 'invite',
        tokenHash: sha256Hex(token),
        expiresAt,
      });
      await writeAudit(tx, {
        actorUserId: c.get('actor')!.userId,
        action: 'organization_member.invited',
        entityType: 'organization_member',
        entityId: `${organizationId}:${user.id}`,
        before: existing ? { status: existing.status, role: existing.role } : null,
        after: { status: 'invited', role: body.role, email: user.email },
        requestId: c.get('requestId'),
      });
      await createMailer({ db: tx }).send({
        idempotencyKey: `invite:${sha256Hex(token)}`,
        to: user.email,
        subject: `You are invited to ${org.displayName} on CommDesk`,
        body: `${c.get('user')!.name} invited you to ${org.displayName} as ${body.role}. Activate (single use):\n${deps.config.publicBaseUrl}/activate?token=${token}\n\nAPI: POST /api/v1/auth/activate {"token":"${token}","password":"..."}`,
      });
      return { invitationId: membership.id, email: user.email, role: membership.role };
    });
    return created(c, {
      ...invitation,
      status: 'invited' as const,
      expiresAt: expiresAt.toISOString(),
    });
  });

  /** Role change or removal, refusing to leave the organization without an active admin. */
  async function changeMember(
    c: Context<TAppEnv>,
    organizationId: string,
    memberId: string,
    change: { role?: OrganizationRole; remove?: boolean },
  ): Promise<string> {
    const org = await authorize(c, organizationId, 'organization:manage_members');
    if (change.role && !ROLES_BY_KIND[org.kind].includes(change.role)) {
      throw new AppError('BUSINESS_RULE', `${change.role} is not a role of a ${org.kind} organization`);
    }
    return db.transaction(async (tx) => {
      // Serialise admin changes per organization so two admins cannot demote each other at once.
      await findOrganizationById(tx, organizationId, true);
      const before = await findMembershipByUserOrId(tx, organizationId, memberId);
      if (!before || before.status === 'removed') throw notFound('Member');
      const { userId } = before;
      const losesAdmin =
        ADMIN_ROLES.includes(before.role) &&
        before.status === 'active' &&
        (change.remove || (change.role && !ADMIN_ROLES.includes(change.role)));
      if (losesAdmin && (await countActiveAdmins(tx, organizationId)) <= 1) {
        throw new AppError(
          'BUSINESS_RULE',
          'This is the last admin of the organization: make someone else an admin first',
        );
      }
      const values = change.remove ? { status: 'removed' as const } : { role: change.role! };
      await changeMembership(tx, organizationId, userId, values);
      await writeAudit(tx, {
        actorUserId: c.get('actor')!.userId,
        action: change.remove ? 'organization_member.removed' : 'organization_member.role_changed',
        entityType: 'organization_member',
        entityId: `${organizationId}:${userId}`,
        before: { role: before.role, status: before.status },
        after: { role: change.role ?? before.role, status: change.remove ? 'removed' : before.status },
        requestId: c.get('requestId'),
      });
      return before.id;
    });
  }

  app.openapi(roleRoute, async (c) => {
    const { organizationId, userId } = c.req.valid('param');
    const membershipId = await changeMember(c, organizationId, userId, { role: c.req.valid('json').role });
    return ok(c, await memberDto(organizationId, membershipId));
  });

  app.openapi(removeRoute, async (c) => {
    const { organizationId, userId } = c.req.valid('param');
    await changeMember(c, organizationId, userId, { remove: true });
    return ok(c, { userId, removed: true as const });
  });

  return app;
}
