import { sql } from 'drizzle-orm';
import type { TDb } from '../../src/db/client.js';
import { deals, sponsorshipRequests } from '../../src/db/schema/index.js';
import { createCommunity, createEvent, createOrganization } from './fixtures.js';

/**
 * An accepted deal straight in the tables (no negotiation workflow): a community, an organization named Acme Cloud
 * (legal name Acme Cloud Inc.) and an event, AI Hack Week. For invoice and ledger tests that need a deal's parties.
 */
export async function insertDeal(db: TDb, amountMinor = 100_000, currency = 'USD') {
  const community = await createCommunity(db);
  const org = await createOrganization(db, { name: 'Acme Cloud' });
  await db.execute(sql`update organizations set legal_name = 'Acme Cloud Inc.' where id = ${org.id}`);
  const event = await createEvent(db, community.id, { title: 'AI Hack Week' });
  const [request] = await db
    .insert(sponsorshipRequests)
    .values({
      communityId: community.id,
      organizationId: org.id,
      eventId: event.id,
      initiator: 'community',
      currentAuthor: 'community',
      status: 'Accepted',
      deadline: new Date(Date.now() + 86_400_000),
    })
    .returning();
  const [deal] = await db
    .insert(deals)
    .values({
      requestId: request!.id,
      communityId: community.id,
      organizationId: org.id,
      eventId: event.id,
      acceptedRevision: 1,
      amountMinor,
      currency,
      category: 'Gold Sponsor',
      tierKeyword: 'gold',
      benefits: [],
      terms: 'Logo on the stage banner.',
    })
    .returning();
  return { community, org, event, deal: deal! };
}
