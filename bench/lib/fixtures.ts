/** Rows every benchmark starts from: an active community, its organizer with a session, and events. */
import type { TDb } from '../../src/db/client.js';
import { communities, communityMembers, events, sessions, users } from '../../src/db/schema/index.js';
import { randomToken, sha256Hex } from '../../src/infra/secret-box.js';

/** A bearer token for the user, valid for a day. */
export async function sessionToken(db: TDb, userId: string): Promise<string> {
  const token = randomToken(32);
  await db
    .insert(sessions)
    .values({ userId, tokenHash: sha256Hex(token), expiresAt: new Date(Date.now() + 86_400_000) });
  return token;
}

export async function benchCommunity(db: TDb) {
  const [community] = await db
    .insert(communities)
    .values({ name: 'Bench', slug: 'bench', status: 'active' })
    .returning();
  const [organizer] = await db
    .insert(users)
    .values({ email: 'organizer@bench.test', name: 'Organizer' })
    .returning();
  await db
    .insert(communityMembers)
    .values({ communityId: community!.id, userId: organizer!.id, role: 'Organizer', status: 'Active' });
  return {
    communityId: community!.id,
    organizerToken: await sessionToken(db, organizer!.id),
    /** A published event of the community. */
    async event() {
      const [event] = await db
        .insert(events)
        .values({
          communityId: community!.id,
          title: 'Bench',
          type: 'Hackathon',
          category: 'Technology',
          startsAt: new Date(),
          endsAt: new Date(),
          status: 'published',
          isPublic: true,
        })
        .returning();
      return event!;
    },
  };
}
