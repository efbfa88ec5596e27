import { and, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../domain/access.js';
import type { TDbOrTx } from '../client.js';
import { prepared } from '../prepared.js';
import type { communities, communityMembers, organizationMembers, organizations } from '../schema/index.js';
import { sessions, users } from '../schema/index.js';
import { openingTargetsColumn, openingTargetsOf, type TOpeningIds } from './requests-read-repository.js';

export async function findUserByEmail(db: TDbOrTx, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return user;
}

export async function findUserById(db: TDbOrTx, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

/** The active platform admins, who receive the platform's own alerts. */
export async function activePlatformAdmins(db: TDbOrTx) {
  return db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.isPlatformAdmin, true), eq(users.status, 'active')));
}

export async function createSession(
  db: TDbOrTx,
  values: {
    userId: string;
    tokenHash: string;
    expiresAt: Date;
    absoluteExpiresAt?: Date;
    ip: string | null;
    userAgent: string | null;
  },
) {
  const [session] = await db.insert(sessions).values(values).returning();
  return session!;
}

/** The live session for a token hash (not expired, not revoked, user not disabled) with the user's memberships. */
export async function findLiveActor(db: TDbOrTx, tokenHash: string) {
  const [row] = await prepared(db, 'live_actor', (d) => buildLiveActor(d).prepare('live_actor')).execute({
    tokenHash,
  });
  return row && liveActorOf(row);
}

/** The session, user, memberships and actor of a buildLiveActor row. */
function liveActorOf<TSession, TUser extends { id: string; isPlatformAdmin: boolean }>(row: {
  session: TSession;
  user: TUser;
  communities: TMemberships['communities'];
  organizations: TMemberships['organizations'];
}) {
  const memberships = { communities: row.communities, organizations: row.organizations };
  return { session: row.session, user: row.user, memberships, actor: actorOf(row.user, memberships) };
}

/** A sponsorship request with both parties' names and statuses, as a step route reads it with the session. */
export type TSessionRequest = {
  id: string;
  communityId: string;
  organizationId: string;
  initiator: 'community' | 'organization';
  communityName: string;
  communityStatus: TCommunity['status'];
  organizationName: string;
  organizationStatus: TOrganization['status'];
};

/**
 * findLiveActor and the request a negotiation step names, in one statement: a step route needs both, and the
 * second round trip cost as much as the query. `request` is null when there is no such request (the route's 404).
 */
export async function findLiveActorWithRequest(db: TDbOrTx, tokenHash: string, requestId: string) {
  const [row] = await prepared(db, 'live_actor_request', (d) =>
    buildLiveActor(d, {
      request: sql<TSessionRequest | null>`(
        select json_build_object('id', r.id, 'communityId', r.community_id, 'organizationId', r.organization_id,
          'initiator', r.initiator, 'communityName', c.name, 'communityStatus', c.status,
          'organizationName', o.display_name, 'organizationStatus', o.status)
        from sponsorship_requests r
          join communities c on c.id = r.community_id
          join organizations o on o.id = r.organization_id
        where r.id = ${sql.placeholder('requestId')}::uuid)`,
    }).prepare('live_actor_request'),
  ).execute({ tokenHash, requestId });
  return row && { ...liveActorOf(row), request: row.request };
}

/**
 * findLiveActor and what opening a request (POST /requests) checks, in one statement: the opening route needs both,
 * and the second round trip cost as much as the query. `targets` as findOpeningTargets returns them.
 */
export async function findLiveActorWithOpeningTargets(db: TDbOrTx, tokenHash: string, ids: TOpeningIds) {
  const [row] = await prepared(db, 'live_actor_opening', (d) =>
    buildLiveActor(d, { targets: openingTargetsColumn }).prepare('live_actor_opening'),
  ).execute({ tokenHash, ...ids });
  return row && { ...liveActorOf(row), targets: openingTargetsOf(row.targets) };
}

// One statement per authenticated request: every API call starts here, and a round trip costs more than the query.
function buildLiveActor<TExtra extends Record<string, SQL.Aliased | SQL>>(
  db: TDbOrTx,
  extra: TExtra = {} as TExtra,
) {
  return db
    .select({
      ...extra,
      session: {
        id: sessions.id,
        expiresAt: sessions.expiresAt,
        absoluteExpiresAt: sessions.absoluteExpiresAt,
        createdAt: sessions.createdAt,
      },
      user: { id: users.id, email: users.email, name: users.name, isPlatformAdmin: users.isPlatformAdmin },
      communities: sql<TMemberships['communities']>`coalesce((
        select json_agg(json_build_object('communityId', cm.community_id, 'communityName', c.name,
          'communityStatus', c.status, 'role', cm.role, 'status', cm.status))
        from community_members cm join communities c on c.id = cm.community_id
        where cm.user_id = ${users.id}), '[]'::json)`,
      organizations: sql<TMemberships['organizations']>`coalesce((
        select json_agg(json_build_object('organizationId', om.organization_id, 'organizationName', o.display_name,
          'organizationStatus', o.status, 'kind', o.kind, 'role', om.role, 'status', om.status))
        from organization_members om join organizations o on o.id = om.organization_id
        where om.user_id = ${users.id}), '[]'::json)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        // The token a refresh replaced still opens the session during its grace period.
        or(
          eq(sessions.tokenHash, sql.placeholder('tokenHash')),
          and(
            eq(sessions.previousTokenHash, sql.placeholder('tokenHash')),
            gt(sessions.previousTokenExpiresAt, sql`now()`),
          ),
        ),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        eq(users.status, 'active'),
      ),
    )
    .limit(1);
}

/**
 * Replaces a live session's token (refresh): the token it replaces stays valid until `graceUntil`. Two refreshes
 * racing with the same token (two tabs, two failed calls) both succeed: the second finds its token already replaced
 * and replaces the one the first just handed out, which then gets the grace, so neither answer is dead on arrival
 * (the token both presented may stop early; a request that used it gets a 401 and refreshes with its new cookie).
 * Null when the session is no longer live.
 */
export async function rotateSession(
  tx: TDbOrTx,
  opts: {
    sessionId: string;
    newTokenHash: string;
    graceUntil: Date;
    /** The new end, from the locked row (a refresh never passes the session's absolute end). */
    expiresAt: (before: typeof sessions.$inferSelect) => Date;
  },
) {
  const [before] = await tx
    .select()
    .from(sessions)
    .where(
      and(eq(sessions.id, opts.sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)),
    )
    .for('update');
  if (!before) return null;
  const [after] = await tx
    .update(sessions)
    .set({
      tokenHash: opts.newTokenHash,
      previousTokenHash: before.tokenHash,
      previousTokenExpiresAt: opts.graceUntil,
      expiresAt: opts.expiresAt(before),
      refreshedAt: new Date(),
    })
    .where(eq(sessions.id, opts.sessionId))
    .returning();
  return { before, after: after! };
}

export async function revokeSession(db: TDbOrTx, sessionId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

type TCommunity = typeof communities.$inferSelect;
type TCommunityMember = typeof communityMembers.$inferSelect;
type TOrganization = typeof organizations.$inferSelect;
type TOrganizationMember = typeof organizationMembers.$inferSelect;

/** A user's memberships with each community's and organization's name and status (loaded with the session). */
export type TMemberships = {
  communities: {
    communityId: string;
    communityName: string;
    communityStatus: TCommunity['status'];
    role: TCommunityMember['role'];
    status: TCommunityMember['status'];
  }[];
  organizations: {
    organizationId: string;
    organizationName: string;
    organizationStatus: TOrganization['status'];
    kind: TOrganization['kind'];
    role: TOrganizationMember['role'];
    status: TOrganizationMember['status'];
  }[];
};

function actorOf(user: { id: string; isPlatformAdmin: boolean }, memberships: TMemberships): Actor {
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
  };
}
