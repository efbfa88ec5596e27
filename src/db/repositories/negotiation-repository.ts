import { and, eq, inArray, sql } from 'drizzle-orm';
import type { TSide } from '../../domain/negotiation.js';
import type { TDbOrTx } from '../client.js';
import {
  communityMembers,
  organizationMembers,
  requestRevisions,
  sponsorshipRequests,
  users,
} from '../schema/index.js';

export const COMMUNITY_NEGOTIATORS = [
  'Organizer',
  'Co-Organizer',
  'Partnerships Lead',
  'Sponsorship Lead',
  'Industry Relations Lead',
] as const;
export const ORGANIZATION_NEGOTIATORS = [
  'Sponsor Admin',
  'Sponsor Manager',
  'Partner Admin',
  'Partnership Manager',
] as const;

export async function findRequest(db: TDbOrTx, requestId: string, forUpdate = false) {
  const query = db.select().from(sponsorshipRequests).where(eq(sponsorshipRequests.id, requestId)).limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findRevision(db: TDbOrTx, requestId: string, number: number) {
  const [row] = await db
    .select()
    .from(requestRevisions)
    .where(and(eq(requestRevisions.requestId, requestId), eq(requestRevisions.number, number)))
    .limit(1);
  return row;
}

/** Who is told about a step: the active negotiators of one side of a request. */
export async function sideEmails(
  db: TDbOrTx,
  request: { communityId: string; organizationId: string },
  side: TSide,
): Promise<string[]> {
  const rows =
    side === 'community'
      ? await db
          .select({ email: users.email })
          .from(communityMembers)
          .innerJoin(users, eq(users.id, communityMembers.userId))
          .where(
            and(
              eq(communityMembers.communityId, request.communityId),
              eq(communityMembers.status, 'Active'),
              inArray(communityMembers.role, [...COMMUNITY_NEGOTIATORS]),
            ),
          )
      : await db
          .select({ email: users.email })
          .from(organizationMembers)
          .innerJoin(users, eq(users.id, organizationMembers.userId))
          .where(
            and(
              eq(organizationMembers.organizationId, request.organizationId),
              eq(organizationMembers.status, 'active'),
              inArray(organizationMembers.role, [...ORGANIZATION_NEGOTIATORS]),
            ),
          );
  return rows.map((r) => r.email);
}

export const otherSide = (side: TSide): TSide => (side === 'community' ? 'organization' : 'community');

export const touch = (requestId: string) =>
  sql`update sponsorship_requests set last_activity_at = now() where id = ${requestId}`;
