import {
  ORGANIZATION_ROLES,
  OUTREACH_COMMUNITY_STATUSES,
  type CommunityRole,
  type CommunityStatus,
  type MemberStatus,
  type OrganizationRole,
} from './commdesk-facts.js';

/** Everything a route may ask permission for. */
export const ACTIONS = [
  'event:read',
  'event_partner:read',
  'event_partner:write',
  'webhook:read',
  'webhook:manage',
  'organization:read_private',
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
  | { type: 'organization'; organizationId: string };

const PARTNER_MANAGERS: readonly CommunityRole[] = [
  'Organizer',
  'Co-Organizer',
  'Partnerships Lead',
  'Sponsorship Lead',
  'Industry Relations Lead',
];
const ALL_COMMUNITY_ROLES = 'any' as const;

/** Per community role: what it may do inside its own community. */
const COMMUNITY_PERMISSIONS: Record<Action, readonly CommunityRole[] | typeof ALL_COMMUNITY_ROLES | null> = {
  'event:read': ALL_COMMUNITY_ROLES,
  'event_partner:read': ALL_COMMUNITY_ROLES,
  'event_partner:write': PARTNER_MANAGERS,
  'webhook:read': [
    'Organizer',
    'Co-Organizer',
    'Partnerships Lead',
    'Sponsorship Lead',
    'Industry Relations Lead',
  ],
  'webhook:manage': ['Organizer', 'Co-Organizer'],
  'organization:read_private': null,
};

/** Per organization role; organization-scoped actions arrive with the onboarding issue. */
const ORGANIZATION_PERMISSIONS: Record<Action, readonly OrganizationRole[] | null> = {
  'event:read': null,
  'event_partner:read': null,
  'event_partner:write': null,
  'webhook:read': null,
  'webhook:manage': null,
  'organization:read_private': ORGANIZATION_ROLES,
};

/** Writes in a community additionally need the community to be eligible for marketplace outreach. */
const WRITE_ACTIONS: ReadonlySet<Action> = new Set(['event_partner:write', 'webhook:manage']);

export type Decision = { allowed: true } | { allowed: false; reason: string };

export function can(actor: Actor | null, action: Action, resource: Resource): Decision {
  if (!actor) return { allowed: false, reason: 'authentication required' };
  if (resource.type === 'community') {
    if (WRITE_ACTIONS.has(action) && !OUTREACH_COMMUNITY_STATUSES.includes(resource.communityStatus)) {
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
  if (actor.isPlatformAdmin) return { allowed: true };
  const membership = actor.organizations.find((m) => m.organizationId === resource.organizationId);
  if (!membership || membership.status !== 'active')
    return { allowed: false, reason: 'you are not a member of this organization' };
  if (ORGANIZATION_PERMISSIONS[action]?.includes(membership.role)) return { allowed: true };
  return { allowed: false, reason: `the ${membership.role} role may not ${action.replace(':', ' ')}` };
}
