import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ORGANIZATION_ROLES, type OrganizationRole } from '../../domain/commdesk-facts.js';
import { listMembers } from '../../db/repositories/organizations-repository.js';
import { notFound } from '../../errors.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { created, envelope, errorResponses, jsonBody, jsonResponse, ok } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { createRouter } from '../router.js';
import { changeMember } from './change-member.js';
import { inviteMember } from './invite-member.js';
import { loadAuthorizedOrganization } from './sponsor-profile.js';
import { ZInviteBody, ZMemberParams, ZOrganizationParams, ZRoleBody } from './sponsors.types.js';

const ZMember = z
  .object({
    userId: z.string().nullable().describe('null until the invitation is accepted'),
    invitationId: z
      .string()
      .nullable()
      .describe('set while the invitation is pending: use it in place of the user id to change or revoke it'),
    email: z.string(),
    name: z.string().nullable().describe('null until the invitation is accepted'),
    role: z.enum(ORGANIZATION_ROLES),
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
    role: z.enum(ORGANIZATION_ROLES),
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
    const invitation = await inviteMember(deps, {
      organization: org,
      email: body.email,
      name: body.name,
      role: body.role,
      inviter: { userId: c.get('actor')!.userId, name: c.get('user')!.name },
      requestId: c.get('requestId'),
    });
    return created(c, invitation);
  });

  async function change(
    c: Context<TAppEnv>,
    organizationId: string,
    memberId: string,
    what: { role?: OrganizationRole; remove?: boolean },
  ) {
    const org = await authorize(c, organizationId, 'organization:manage_members');
    return changeMember(deps, {
      organization: org,
      memberId,
      change: what,
      actorUserId: c.get('actor')!.userId,
      requestId: c.get('requestId'),
    });
  }

  app.openapi(roleRoute, async (c) => {
    const { organizationId, userId } = c.req.valid('param');
    const membershipId = await change(c, organizationId, userId, { role: c.req.valid('json').role });
    return ok(c, await memberDto(organizationId, membershipId));
  });

  app.openapi(removeRoute, async (c) => {
    const { organizationId, userId } = c.req.valid('param');
    await change(c, organizationId, userId, { remove: true });
    return ok(c, { userId, removed: true as const });
  });

  return app;
}
