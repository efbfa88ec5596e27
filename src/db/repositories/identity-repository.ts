import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Actor } from '../../domain/access.js';
import type { TDbOrTx } from '../client.js';
import {
  communities,
  communityMembers,
  organizationMembers,
  organizations,
  sessions,
  users,
} from '../schema/index.js';

export async function findUserByEmail(db: TDbOrTx, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return user;
}

export async function createSession(
  db: TDbOrTx,
  values: { userId: string; tokenHash: string; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  const [session] = await db.insert(sessions).values(values).returning();
  return session!;
}

/** The live session for a token hash: not expired, not revoked, user not disabled. */
export async function findLiveSession(db: TDbOrTx, tokenHash: string) {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date()),
        eq(users.status, 'active'),
      ),
    )
    .limit(1);
  return row;
}

export async function revokeSession(db: TDbOrTx, sessionId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

export async function loadMemberships(db: TDbOrTx, userId: string) {
  const [communityRows, organizationRows] = await Promise.all([
    db
      .select({
        communityId: communityMembers.communityId,
        communityName: communities.name,
        communityStatus: communities.status,
        role: communityMembers.role,
        status: communityMembers.status,
      })
      .from(communityMembers)
      .innerJoin(communities, eq(communities.id, communityMembers.communityId))
      .where(eq(communityMembers.userId, userId)),
    db
      .select({
        organizationId: organizationMembers.organizationId,
        organizationName: organizations.displayName,
        organizationStatus: organizations.status,
        kind: organizations.kind,
        role: organizationMembers.role,
        status: organizationMembers.status,
      })
      .from(organizationMembers)
      .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
      .where(eq(organizationMembers.userId, userId)),
  ]);
  return { communities: communityRows, organizations: organizationRows };
}

export async function loadActor(
  db: TDbOrTx,
  user: { id: string; isPlatformAdmin: boolean },
): Promise<Actor & { memberships: Awaited<ReturnType<typeof loadMemberships>> }> {
  const memberships = await loadMemberships(db, user.id);
  return {
    userId: user.id,
    isPlatformAdmin: user.isPlatformAdmin,
    communities: memberships.communities.map(({ communityId, role, status }) => ({
      communityId,
      role,
      status,
    })),
    organizations: memberships.organizations.map(({ organizationId, role, status }) => ({
      organizationId,
      role,
      status,
    })),
    memberships,
  };
}
