import { describe, expect, it } from 'vitest';
import { can, type Actor } from '../../src/domain/access.js';
import { COMMUNITY_ROLES, type CommunityRole } from '../../src/domain/commdesk-facts.js';

const community = { type: 'community' as const, communityId: 'c1', communityStatus: 'approved' as const };
const actorWith = (
  role: CommunityRole,
  status: 'Active' | 'Suspended' | 'On Boarding' = 'Active',
): Actor => ({
  userId: 'u1',
  isPlatformAdmin: false,
  communities: [{ communityId: 'c1', role, status }],
  organizations: [],
});
const WRITERS = [
  'Organizer',
  'Co-Organizer',
  'Partnerships Lead',
  'Sponsorship Lead',
  'Industry Relations Lead',
];

describe('can()', () => {
  it.each(COMMUNITY_ROLES)('event_partner:write for %s', (role) => {
    expect(can(actorWith(role), 'event_partner:write', community).allowed).toBe(WRITERS.includes(role));
  });

  it('every role reads its own community panel; nobody acts in another community', () => {
    for (const role of COMMUNITY_ROLES) {
      expect(can(actorWith(role), 'event_partner:read', community).allowed).toBe(true);
      expect(can(actorWith(role), 'event_partner:write', { ...community, communityId: 'c2' }).allowed).toBe(
        false,
      );
    }
  });

  it('members who are not Active have no permissions', () => {
    expect(can(actorWith('Organizer', 'Suspended'), 'event_partner:write', community).allowed).toBe(false);
    expect(can(actorWith('Organizer', 'On Boarding'), 'event_partner:read', community).allowed).toBe(false);
  });

  it('writes need an approved or active community, even for platform admins', () => {
    for (const status of ['pending', 'under_review', 'rejected', 'suspended'] as const) {
      const decision = can(actorWith('Organizer'), 'event_partner:write', {
        ...community,
        communityStatus: status,
      });
      expect(decision).toEqual({ allowed: false, reason: expect.stringContaining(status) });
      const admin: Actor = { userId: 'a', isPlatformAdmin: true, communities: [], organizations: [] };
      expect(can(admin, 'event_partner:write', { ...community, communityStatus: status }).allowed).toBe(
        false,
      );
    }
    expect(
      can(actorWith('Organizer'), 'event_partner:write', { ...community, communityStatus: 'active' }).allowed,
    ).toBe(true);
  });

  it('only Organizer and Co-Organizer manage webhooks', () => {
    for (const role of COMMUNITY_ROLES) {
      expect(can(actorWith(role), 'webhook:manage', community).allowed).toBe(
        role === 'Organizer' || role === 'Co-Organizer',
      );
    }
  });

  it('anonymous callers are denied', () => {
    expect(can(null, 'event_partner:read', community)).toEqual({
      allowed: false,
      reason: 'authentication required',
    });
  });
});
