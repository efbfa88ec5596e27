import {
  ORGANIZATION_ROLES,
  OUTREACH_COMMUNITY_STATUSES,
  type CommunityRole,
  type CommunityStatus,
  type MemberStatus,
  type OrganizationRole,
  type OrganizationStatus,
} from './commdesk-facts.js';

/** Everything a route may ask permission for. */
export const ACTIONS = [
  'event:read',
  'event_partner:read',
  'event_partner:write',
  'webhook:read',
  'webhook:manage',
  'organization:read_private',
  'organization:edit_profile',
  'organization:edit_identity',
  'organization:manage_members',
  'organization:verify',
  'payout_account:read',
  'payout_account:manage',
  'program:read',
  'program:manage',
  'program:participate',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Actor = {
  userId: string;
  isPlatformAdmin: boolean;
  communities: { communityId: string; role: CommunityRole; status: MemberStatus }[];
  organizations: { organizationId: string; role: OrganizationRole; status: string }[];
};

export type Resource =
  | { type: 'community'; communityId: string; communityStatus: CommunityStatus }
  | { type: 'organization'; organizationId: string; organizationStatus: OrganizationStatus }
  | { type: 'platform' };

const PARTNER_MANAGERS: readonly CommunityRole[] = [
  'Organizer',
  'Co-Organizer',
  'Partnerships Lead',
  'Sponsorship Lead',
  'Industry Relations Lead',
];
const ALL_COMMUNITY_ROLES = 'any' as const;

/** Per community role: what it may do inside its own community. */
const COMMUNITY_PERMISSIONS: Partial<Record<Action, readonly CommunityRole[] | typeof ALL_COMMUNITY_ROLES>> =
  {
    'event:read': ALL_COMMUNITY_ROLES,
    'event_partner:read': ALL_COMMUNITY_ROLES,
    'event_partner:write': PARTNER_MANAGERS,
    'webhook:read': PARTNER_MANAGERS,
    'webhook:manage': ['Organizer', 'Co-Organizer'],
    'payout_account:read': PARTNER_MANAGERS,
    // Where the community's money goes: its Organizer only (platform admins pass as everywhere in a community).
    'payout_account:manage': ['Organizer'],
    // An invited community's answer to a long-term program (issue 11: its Organizer or Partnerships Lead).
    'program:participate': ['Organizer', 'Partnerships Lead'],
  };

const ORG_ADMINS: readonly OrganizationRole[] = ['Sponsor Admin', 'Partner Admin'];

/** Per organization role: what it may do inside its own organization. */
const ORGANIZATION_PERMISSIONS: Partial<Record<Action, readonly OrganizationRole[]>> = {
  'organization:read_private': ORGANIZATION_ROLES,
  'organization:edit_profile': [...ORG_ADMINS, 'Sponsor Manager', 'DevRel Manager', 'Partnership Manager'],
  'organization:edit_identity': ORG_ADMINS,
  'organization:manage_members': ORG_ADMINS,
  'program:read': ORGANIZATION_ROLES,
  'program:manage': ORG_ADMINS,
};

/** Writes in a community additionally need the community to be eligible for marketplace outreach. */
const COMMUNITY_WRITES: ReadonlySet<Action> = new Set([
  'event_partner:write',
  'webhook:manage',
  'payout_account:manage',
  'program:participate',
]);
const ORGANIZATION_WRITES: ReadonlySet<Action> = new Set([
  'organization:edit_profile',
  'organization:edit_identity',
  'organization:manage_members',
  'program:manage',
]);
/** Only platform admins act on the platform itself (verification decisions, disabling organizations). */
const PLATFORM_ACTIONS: ReadonlySet<Action> = new Set(['organization:verify']);

export type Decision = { allowed: true } | { allowed: false; reason: string };

export function can(actor: Actor | null, action: Action, resource: Resource): Decision {
  if (!actor) return { allowed: false, reason: 'authentication required' };
  if (PLATFORM_ACTIONS.has(action) || resource.type === 'platform') {
    return actor.isPlatformAdmin && PLATFORM_ACTIONS.has(action)
      ? { allowed: true }
      : { allowed: false, reason: 'only platform admins may do this' };
  }
  if (resource.type === 'community') {
    if (COMMUNITY_WRITES.has(action) && !OUTREACH_COMMUNITY_STATUSES.includes(resource.communityStatus)) {
      return {
        allowed: false,
        reason: `the community is ${resource.communityStatus}; only approved or active communities may do this`,
      };
    }
    if (actor.isPlatformAdmin) return { allowed: true };
    const membership = actor.communities.find((m) => m.communityId === resource.communityId);
    if (!membership || membership.status !== 'Active')
      return { allowed: false, reason: 'you are not an active member of this community' };
    const allowedRoles = COMMUNITY_PERMISSIONS[action];
    if (allowedRoles === ALL_COMMUNITY_ROLES || allowedRoles?.includes(membership.role))
      return { allowed: true };
    return { allowed: false, reason: `the ${membership.role} role may not ${action.replace(':', ' ')}` };
  }
  if (ORGANIZATION_WRITES.has(action) && resource.organizationStatus === 'Disabled') {
    return { allowed: false, reason: 'the organization is disabled' };
  }
  if (actor.isPlatformAdmin) return { allowed: true };
  const membership = actor.organizations.find((m) => m.organizationId === resource.organizationId);
  if (!membership || membership.status !== 'active')
    return { allowed: false, reason: 'you are not an active member of this organization' };
  if (ORGANIZATION_PERMISSIONS[action]?.includes(membership.role)) return { allowed: true };
  return {
    allowed: false,
    reason: `the ${membership.role} role may not ${action.replace(':', ' ').replace('_', ' ')}`,
  };
}
