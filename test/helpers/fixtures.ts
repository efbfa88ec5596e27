import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import type { CommunityRole, CommunityStatus, MemberStatus } from '../../src/domain/commdesk-facts.js';
import type { TDb } from '../../src/db/client.js';
import {
  communities,
  communityMembers,
  events,
  organizationMembers,
  organizations,
  sessions,
  users,
} from '../../src/db/schema/index.js';
import { randomToken, sha256Hex } from '../../src/infra/secret-box.js';

export const PASSWORD = 'correct horse battery staple';
let passwordHash: string | undefined;

const uniq = () => randomUUID().slice(0, 8);

export async function createUser(
  db: TDb,
  opts: { email?: string; isPlatformAdmin?: boolean; status?: 'active' | 'disabled' } = {},
) {
  passwordHash ??= await argon2.hash(PASSWORD);
  const [user] = await db
    .insert(users)
    .values({
      email: (opts.email ?? `user-${uniq()}@example.test`).toLowerCase(),
      name: 'Test User',
      passwordHash,
      isPlatformAdmin: opts.isPlatformAdmin ?? false,
      status: opts.status ?? 'active',
    })
    .returning();
  return user!;
}

/** A session straight in the table (login itself is tested through the API). */
export async function createSessionToken(db: TDb, userId: string, opts: { expiresInMs?: number } = {}) {
  const token = randomToken(32);
  await db.insert(sessions).values({
    userId,
    tokenHash: sha256Hex(token),
    expiresAt: new Date(Date.now() + (opts.expiresInMs ?? 3_600_000)),
  });
  return token;
}

export async function createCommunity(db: TDb, status: CommunityStatus = 'approved') {
  const slug = `community-${uniq()}`;
  const [community] = await db
    .insert(communities)
    .values({ name: `Community ${slug}`, slug, status })
    .returning();
  return community!;
}

export async function addMember(
  db: TDb,
  communityId: string,
  userId: string,
  role: CommunityRole,
  status: MemberStatus = 'Active',
) {
  await db.insert(communityMembers).values({ communityId, userId, role, status });
}

/** A user with a role in a community, and a bearer token for them. */
export async function memberWithToken(
  db: TDb,
  communityId: string,
  role: CommunityRole,
  status: MemberStatus = 'Active',
) {
  const user = await createUser(db);
  await addMember(db, communityId, user.id, role, status);
  return { user, token: await createSessionToken(db, user.id) };
}

export async function createEvent(
  db: TDb,
  communityId: string,
  opts: {
    isPublic?: boolean;
    status?: 'draft' | 'published' | 'archived';
    title?: string;
    startsInDays?: number;
  } = {},
) {
  const start = Date.now() + (opts.startsInDays ?? 10) * 86_400_000;
  const [event] = await db
    .insert(events)
    .values({
      communityId,
      title: opts.title ?? `Event ${uniq()}`,
      type: 'Hackathon',
      category: 'Artificial Intelligence',
      startsAt: new Date(start),
      endsAt: new Date(start + 86_400_000),
      region: 'APAC',
      expectedParticipants: 300,
      status: opts.status ?? 'published',
      isPublic: opts.isPublic ?? true,
    })
    .returning();
  return event!;
}

export async function createOrganization(
  db: TDb,
  opts: { domain?: string; status?: (typeof organizations.$inferSelect)['status']; name?: string } = {},
) {
  const domain = opts.domain ?? `org-${uniq()}.com`;
  const [org] = await db
    .insert(organizations)
    .values({
      kind: 'sponsor',
      displayName: opts.name ?? `Org ${domain}`,
      normalizedDomain: domain,
      website: `https://${domain}`,
      logoUrl: `https://${domain}/logo.png`,
      status: opts.status ?? 'Active',
    })
    .returning();
  return org!;
}

/** A user with a role in an organization, and a bearer token for them. */
export async function orgMemberWithToken(
  db: TDb,
  organizationId: string,
  role: (typeof organizationMembers.$inferInsert)['role'] = 'Sponsor Admin',
) {
  const user = await createUser(db);
  await db.insert(organizationMembers).values({ organizationId, userId: user.id, role, status: 'active' });
  return { user, token: await createSessionToken(db, user.id) };
}

/** A valid proposal body for POST /requests and counter-offers. */
export const proposalBody = (amountMinor: number, extra: Record<string, unknown> = {}) => ({
  amountMinor,
  currency: 'INR',
  category: 'Gold Sponsor' as const,
  benefits: [{ key: 'logo_placement' as const }],
  terms: 'Logo on all materials.',
  ...extra,
});
