import { inflateSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { expect } from 'vitest';
import { contracts, contractTemplateOverrides, organizationMembers } from '../../src/db/schema/index.js';
import {
  createCommunity,
  createEvent,
  createOrganization,
  createSessionToken,
  createUser,
  memberWithToken,
} from './fixtures.js';
import { waitFor } from './receiver.js';
import type { TTestStack } from './stack.js';

/** The text a PDF draws (pdf-lib writes each line as a hex string shown with Tj in a Flate-compressed stream). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const lines: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const filter = object.dict.get(PDFName.of('Filter'));
    const raw =
      filter?.toString() === '/FlateDecode' ? inflateSync(object.contents) : Buffer.from(object.contents);
    for (const match of raw.toString('latin1').matchAll(/<([0-9A-Fa-f]*)> Tj/g))
      lines.push(Buffer.from(match[1]!, 'hex').toString('latin1'));
  }
  return lines.join('\n');
}

type TParty = { token: string; user: { id: string; email: string } };

export async function orgMember(stack: TTestStack, orgId: string, role: 'Sponsor Admin' | 'Sponsor Manager') {
  const user = await createUser(stack.db);
  await stack.db
    .insert(organizationMembers)
    .values({ organizationId: orgId, userId: user.id, role, status: 'active' });
  return { user, token: await createSessionToken(stack.db, user.id) };
}

/** A community and an organization that negotiated to acceptance: the deal exists and its contract started. */
export async function acceptedDeal(stack: TTestStack, opts: { sequential?: boolean } = {}) {
  const community = await createCommunity(stack.db, 'approved');
  const organizer: TParty = await memberWithToken(stack.db, community.id, 'Organizer');
  if (opts.sequential)
    await stack.db
      .insert(contractTemplateOverrides)
      .values({ communityId: community.id, version: 2, fields: { sequential: true } });
  const org = await createOrganization(stack.db);
  const sponsor: TParty = await orgMember(stack, org.id, 'Sponsor Admin');
  const event = await createEvent(stack.db, community.id);
  const opened = await stack.request('POST', '/api/v1/requests', {
    token: organizer.token,
    body: {
      communityId: community.id,
      organizationId: org.id,
      eventId: event.id,
      proposal: {
        amountMinor: 25_000_000,
        currency: 'INR',
        category: 'Gold Sponsor',
        benefits: [{ key: 'logo_placement' }, { key: 'booth', detail: '3x3 m' }],
        terms: 'Logo on the website and stage banner.',
      },
    },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const requestId = opened.body.data.id as string;
  const accepted = await stack.request('PATCH', `/api/v1/requests/${requestId}/accept`, {
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
  return { community, organizer, org, sponsor, event, requestId, dealId, contract };
}

export const sign = (
  stack: TTestStack,
  token: string,
  contractId: string,
  body: Record<string, unknown>,
  userAgent = 'vitest-browser/1.0',
) =>
  stack.request('POST', `/api/v1/contracts/${contractId}/sign`, {
    token,
    body: { consent: true, ...body },
    headers: { 'user-agent': userAgent },
  });
