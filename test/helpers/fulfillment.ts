import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { contracts, events, fulfillmentItems } from '../../src/db/schema/index.js';
import { createCommunity, createEvent, createOrganization, memberWithToken } from './fixtures.js';
import { orgMember, sign } from './contracts.js';
import { waitFor } from './receiver.js';
import type { TTestStack } from './stack.js';

/**
 * A deal negotiated, accepted and signed by both parties through the API, with its event moved to end `endsInMs`
 * from now (set before signing, as an organizer would have scheduled it), so the benefit manager's clock runs in
 * seconds. Waits until `fulfillment:<dealId>` created the items.
 */
export async function signedDeal(
  stack: TTestStack,
  opts: { benefits: { key: string; label?: string; detail?: string }[]; endsInMs: number },
) {
  const community = await createCommunity(stack.db, 'approved');
  const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
  const org = await createOrganization(stack.db);
  const sponsor = await orgMember(stack, org.id, 'Sponsor Admin');
  const event = await createEvent(stack.db, community.id);
  const opened = await stack.request('POST', '/api/v1/requests', {
    token: organizer.token,
    body: {
      communityId: community.id,
      organizationId: org.id,
      eventId: event.id,
      proposal: {
        amountMinor: 10_000_000,
        currency: 'INR',
        category: 'Gold Sponsor',
        benefits: opts.benefits,
        terms: 'Benefits as listed, with proof.',
      },
    },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const accepted = await stack.request('PATCH', `/api/v1/requests/${opened.body.data.id}/accept`, {
    token: sponsor.token,
    body: { revision: 1 },
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  const dealId = accepted.body.data.dealId as string;
  const contract = await waitFor(
    async () => {
      const [row] = await stack.db.select().from(contracts).where(eq(contracts.dealId, dealId));
      return row?.status === 'PendingSignature' ? row : null;
    },
    20_000,
    'the contract generated at acceptance',
  );
  const endsAt = new Date(Date.now() + opts.endsInMs);
  await stack.db
    .update(events)
    .set({ startsAt: new Date(endsAt.getTime() - 3_600_000), endsAt })
    .where(eq(events.id, event.id));
  for (const [party, name] of [
    [organizer, 'Ada Organizer'],
    [sponsor, 'Sam Sponsor'],
  ] as const) {
    const signed = await sign(stack, party.token, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: name,
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  }
  const items = await waitFor(
    async () => {
      const rows = await stack.db.select().from(fulfillmentItems).where(eq(fulfillmentItems.dealId, dealId));
      return rows.length === opts.benefits.length ? rows : null;
    },
    30_000,
    'the benefit items of the signed contract',
  );
  return { community, organizer, org, sponsor, event, endsAt, dealId, contractId: contract.id, items };
}
