import { and, eq, gte, inArray, ne, or, sql } from 'drizzle-orm';
import type { OrganizationRole } from '../../domain/commdesk-facts.js';
import type { TDbOrTx } from '../client.js';
import {
  activationTokens,
  deals,
  organizationMembers,
  organizations,
  organizationVerifications,
  users,
} from '../schema/index.js';

export type TOrganizationRow = typeof organizations.$inferSelect;
export type TOrganizationValues = typeof organizations.$inferInsert;

export async function findOrganizationById(db: TDbOrTx, id: string, forUpdate = false) {
  const query = db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findOrganizationByDomain(db: TDbOrTx, domain: string, forUpdate = false) {
  const query = db.select().from(organizations).where(eq(organizations.normalizedDomain, domain)).limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateOrganization(
  db: TDbOrTx,
  id: string,
  values: Partial<typeof organizations.$inferInsert>,
) {
  const [row] = await db
    .update(organizations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(organizations.id, id))
    .returning();
  return row!;
}

export async function findVerification(db: TDbOrTx, id: string, forUpdate = false) {
  const query = db
    .select()
    .from(organizationVerifications)
    .where(eq(organizationVerifications.id, id))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function latestVerification(db: TDbOrTx, organizationId: string) {
  const [row] = await db
    .select()
    .from(organizationVerifications)
    .where(eq(organizationVerifications.organizationId, organizationId))
    .orderBy(sql`${organizationVerifications.run} desc`)
    .limit(1);
  return row;
}

export async function nextVerificationRun(db: TDbOrTx, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ next: sql<number>`coalesce(max(${organizationVerifications.run}), 0)::int + 1` })
    .from(organizationVerifications)
    .where(eq(organizationVerifications.organizationId, organizationId));
  return row?.next ?? 1;
}

/** The verification run a claim-confirmation link belongs to (by the token's SHA-256), locked. */
export async function lockVerificationByConfirmationToken(db: TDbOrTx, tokenHash: string) {
  const [row] = await db
    .select()
    .from(organizationVerifications)
    .where(eq(organizationVerifications.confirmationTokenHash, tokenHash))
    .for('update');
  return row;
}

/** Writes a verification run's changed fields (and its updatedAt). */
export async function updateVerification(
  db: TDbOrTx,
  id: string,
  values: Partial<typeof organizationVerifications.$inferInsert>,
) {
  await db
    .update(organizationVerifications)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(organizationVerifications.id, id));
}

/** The claimant confirmed: the run goes on to its checks. */
export async function markClaimConfirmed(db: TDbOrTx, verificationId: string) {
  await db
    .update(organizationVerifications)
    .set({ status: 'checking', confirmedAt: new Date(), updatedAt: new Date() })
    .where(eq(organizationVerifications.id, verificationId));
}

/**
 * Inserts a new organization; undefined when its normalized domain is already taken (the unique index decides
 * between two applications for one new domain).
 */
export async function insertOrganizationIfNew(
  db: TDbOrTx,
  values: typeof organizations.$inferInsert,
): Promise<TOrganizationRow | undefined> {
  const [row] = await db.insert(organizations).values(values).onConflictDoNothing().returning();
  return row;
}

/** Opens the organization's next verification run (run = the highest so far + 1) and returns it. */
export async function insertVerificationRun(
  db: TDbOrTx,
  values: Omit<typeof organizationVerifications.$inferInsert, 'run'>,
) {
  const [row] = await db
    .insert(organizationVerifications)
    .values({ ...values, run: await nextVerificationRun(db, values.organizationId) })
    .returning();
  return row!;
}

/** How many members of the organization were invited and have not activated yet. */
export async function countInvitedMembers(db: TDbOrTx, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ value: sql<number>`count(*)::int` })
    .from(organizationMembers)
    .where(
      and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.status, 'invited')),
    );
  return row?.value ?? 0;
}

/** Organizations with a similar name (pg_trgm), excluding one; best first. */
export async function similarOrganizationNames(
  db: TDbOrTx,
  name: string,
  excludeId: string,
  minSimilarity = 0.5,
) {
  const rows = await db.execute<{ name: string; similarity: number }>(sql`
    select display_name as name, similarity(display_name, ${name})::float8 as similarity
    from organizations
    where id <> ${excludeId} and display_name % ${name} and similarity(display_name, ${name}) >= ${minSimilarity}
    order by similarity desc limit 3`);
  return rows.rows;
}

export async function countRecentApplications(
  db: TDbOrTx,
  opts: { ip?: string | null; emailDomain?: string; since: Date; excludeId: string },
) {
  const [row] = await db
    .select({ value: sql<number>`count(*)::int` })
    .from(organizationVerifications)
    .where(
      and(
        ne(organizationVerifications.id, opts.excludeId),
        gte(organizationVerifications.createdAt, opts.since),
        opts.ip ? eq(organizationVerifications.applicantIp, opts.ip) : undefined,
        opts.emailDomain
          ? sql`lower(split_part(${organizationVerifications.applicantEmail}, '@', 2)) = ${opts.emailDomain}`
          : undefined,
      ),
    );
  return row?.value ?? 0;
}

export async function findOrCreateUser(db: TDbOrTx, email: string, name: string) {
  await db
    .insert(users)
    .values({ email: email.toLowerCase(), name })
    .onConflictDoNothing({ target: users.email });
  const [user] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return user!;
}

export async function findMembership(db: TDbOrTx, organizationId: string, userId: string) {
  const [row] = await db
    .select()
    .from(organizationMembers)
    .where(
      and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)),
    )
    .limit(1);
  return row;
}

export async function upsertMembership(
  db: TDbOrTx,
  values: { organizationId: string; userId: string; role: OrganizationRole; status: 'invited' | 'active' },
) {
  const [row] = await db
    .insert(organizationMembers)
    .values(values)
    .onConflictDoUpdate({
      target: [organizationMembers.organizationId, organizationMembers.userId],
      // A removed member invited again comes back as invited; an existing live membership keeps its state.
      set: {
        role: values.role,
        status: sql`case when ${organizationMembers.status} = 'removed' then ${values.status} else ${organizationMembers.status} end`,
        updatedAt: new Date(),
      },
    })
    .returning();
  return row!;
}

/** A member's new role, or their removal (status removed); the row stays for the audit trail. */
export async function changeMembership(
  db: TDbOrTx,
  organizationId: string,
  userId: string,
  values: { role: OrganizationRole } | { status: 'removed' },
) {
  await db
    .update(organizationMembers)
    .set({ ...values, updatedAt: new Date() })
    .where(
      and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)),
    );
}

export async function countActiveAdmins(db: TDbOrTx, organizationId: string) {
  const [row] = await db
    .select({ value: sql<number>`count(*)::int` })
    .from(organizationMembers)
    .where(
      and(
        eq(organizationMembers.organizationId, organizationId),
        eq(organizationMembers.status, 'active'),
        sql`${organizationMembers.role} in ('Sponsor Admin', 'Partner Admin')`,
      ),
    );
  return row?.value ?? 0;
}

/** Stores a new single-use token (by hash) and retires the user's earlier unused ones of that purpose. */
export async function issueToken(
  db: TDbOrTx,
  values: {
    userId: string;
    organizationId: string | null;
    purpose: 'activation' | 'invite';
    tokenHash: string;
    expiresAt: Date;
  },
) {
  await db
    .update(activationTokens)
    .set({ supersededAt: new Date() })
    .where(
      and(
        eq(activationTokens.userId, values.userId),
        eq(activationTokens.purpose, values.purpose),
        sql`${activationTokens.usedAt} is null and ${activationTokens.supersededAt} is null`,
        ne(activationTokens.tokenHash, values.tokenHash),
      ),
    );
  await db.insert(activationTokens).values(values).onConflictDoNothing();
}

export async function findToken(db: TDbOrTx, tokenHash: string) {
  const [row] = await db
    .select()
    .from(activationTokens)
    .where(eq(activationTokens.tokenHash, tokenHash))
    .limit(1)
    .for('update');
  return row;
}

/** The token's user, locked for the activation that uses the token. */
export async function lockUser(db: TDbOrTx, userId: string) {
  const [row] = await db.select().from(users).where(eq(users.id, userId)).for('update');
  return row;
}

export async function setPasswordHash(db: TDbOrTx, userId: string, passwordHash: string) {
  await db.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
}

export async function markTokenUsed(db: TDbOrTx, tokenId: string) {
  await db.update(activationTokens).set({ usedAt: new Date() }).where(eq(activationTokens.id, tokenId));
}

/** An invited membership becomes active (an accepted invitation); any other state is left as it is. */
export async function activateInvitedMembership(db: TDbOrTx, organizationId: string, userId: string) {
  await db
    .update(organizationMembers)
    .set({ status: 'active', updatedAt: new Date() })
    .where(
      and(
        eq(organizationMembers.organizationId, organizationId),
        eq(organizationMembers.userId, userId),
        eq(organizationMembers.status, 'invited'),
      ),
    );
}

export const ORGANIZATION_ADMIN_ROLE = {
  sponsor: 'Sponsor Admin',
  partner: 'Partner Admin',
} as const satisfies Record<string, OrganizationRole>;

/** Trust figures derived from assignments (read-only; never stored). */
export async function organizationReach(db: TDbOrTx, organizationId: string) {
  const rows = await db.execute<{ communities: number; events: number; developers: number }>(sql`
    select count(distinct e.community_id)::int as communities, count(distinct e.id)::int as events,
           coalesce(sum(e.expected_participants), 0)::int as developers
    from event_partner_links l join events e on e.id = l.event_id
    where l.organization_id = ${organizationId}`);
  return rows.rows[0] ?? { communities: 0, events: 0, developers: 0 };
}

/**
 * A membership addressed by its user id, or by its own id (how an admin names a pending invitation, whose account
 * is not shown to them).
 */
export async function findMembershipByUserOrId(db: TDbOrTx, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(organizationMembers)
    .where(
      and(
        eq(organizationMembers.organizationId, organizationId),
        or(eq(organizationMembers.userId, id), eq(organizationMembers.id, id)),
      ),
    )
    .limit(1);
  return row;
}

export async function listMembers(db: TDbOrTx, organizationId: string) {
  return db
    .select({
      membershipId: organizationMembers.id,
      userId: users.id,
      email: users.email,
      name: users.name,
      role: organizationMembers.role,
      status: organizationMembers.status,
      since: organizationMembers.createdAt,
    })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(
      and(eq(organizationMembers.organizationId, organizationId), ne(organizationMembers.status, 'removed')),
    )
    .orderBy(organizationMembers.createdAt);
}

/** Whether any of the communities has an accepted or contracted deal with the organization (they see its contacts). */
export async function hasActiveDeal(
  db: TDbOrTx,
  organizationId: string,
  communityIds: string[],
): Promise<boolean> {
  if (communityIds.length === 0) return false;
  const [row] = await db
    .select({ id: deals.id })
    .from(deals)
    .where(
      and(
        eq(deals.organizationId, organizationId),
        inArray(deals.communityId, communityIds),
        inArray(deals.status, ['Accepted', 'Contracted']),
      ),
    )
    .limit(1);
  return Boolean(row);
}
