import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiationUpdate } from '../../src/api/requests/negotiation-service.js';
import {
  auditLog,
  communities,
  deals,
  emailOutbox,
  organizationMembers,
  organizations,
  requestMessages,
  requestRevisions,
  requestTimeline,
  sponsorshipRequests,
} from '../../src/db/schema/index.js';
import type { TPartyStanding, TProposal } from '../../src/domain/negotiation.js';
import {
  acceptUpdate,
  counterUpdate,
  messageUpdate,
  negotiationWorkflowId,
} from '../../src/workflows/negotiation/negotiation.contract.js';
import {
  createCommunity,
  createEvent,
  createOrganization,
  createSessionToken,
  createUser,
  memberWithToken,
} from '../helpers/fixtures.js';
import { captureHistory } from '../helpers/histories.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

// Issue 8, item 3: a deal could be accepted with a disabled party, because only the caller's side was checked.

let stack: TTestStack;
let admin: { id: string; token: string };

beforeAll(async () => {
  stack = await startTestStack({ REQUESTS_PER_COMMUNITY_PER_DAY: '200' });
  const user = await createUser(stack.db, { isPlatformAdmin: true });
  admin = { id: user.id, token: await createSessionToken(stack.db, user.id) };
});
afterAll(() => stack?.close());

async function parties() {
  const community = await createCommunity(stack.db, 'approved');
  const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
  const org = await createOrganization(stack.db, { status: 'Active' });
  const user = await createUser(stack.db);
  await stack.db
    .insert(organizationMembers)
    .values({ organizationId: org.id, userId: user.id, role: 'Sponsor Admin', status: 'active' });
  return { community, organizer, org, sponsor: { user, token: await createSessionToken(stack.db, user.id) } };
}
type TParties = Awaited<ReturnType<typeof parties>>;

const proposal = (amountMinor: number): TProposal => ({
  amountMinor,
  currency: 'INR',
  category: 'Gold Sponsor',
  benefits: [{ key: 'logo_placement' }],
  terms: 'Logo on all materials.',
});

async function openRequest(p: TParties) {
  const event = await createEvent(stack.db, p.community.id);
  const res = await stack.request('POST', '/api/v1/requests', {
    token: p.organizer.token,
    body: {
      communityId: p.community.id,
      organizationId: p.org.id,
      eventId: event.id,
      proposal: proposal(50_000_000),
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id as string;
}

const act = (token: string, requestId: string, action: string, body: unknown) =>
  stack.request('PATCH', `/api/v1/requests/${requestId}/${action}`, { token, body });
const message = (token: string, requestId: string, body: string) =>
  stack.request('POST', '/api/v1/negotiations/message', { token, body: { requestId, body } });
const requestRow = async (requestId: string) =>
  (await stack.db.select().from(sponsorshipRequests).where(eq(sponsorshipRequests.id, requestId)))[0]!;

describe('both parties must be in good standing for every step forward', () => {
  it('disabling an organization withdraws its open requests (timeline entry) and the community cannot accept its counter (409)', async () => {
    const p = await parties();
    const countered = await openRequest(p);
    expect(
      (
        await act(p.sponsor.token, countered, 'negotiate', {
          inReplyToRevision: 1,
          proposal: proposal(40_000_000),
        })
      ).status,
    ).toBe(200);
    const pending = await openRequest(p);
    const accepted = await openRequest(p);
    expect(
      (await act(p.sponsor.token, accepted, 'accept', { revision: 1 })).body.data.status,
      'a deal made before the disable',
    ).toBe('Accepted');

    const disabled = await stack.request('POST', `/api/v1/sponsors/${p.org.id}/disable`, {
      token: admin.token,
      body: { reason: 'fraud report' },
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.data.status).toBe('Disabled');
    expect([...disabled.body.data.withdrawnRequestIds].sort()).toEqual([countered, pending].sort());

    const accept = await act(p.organizer.token, countered, 'accept', { revision: 2 });
    expect(accept.status).toBe(409);
    expect(accept.body.message).toBe(
      `${p.org.displayName} is Disabled: no counter-offer, acceptance or message is possible on its requests`,
    );
    expect(accept.body.error.details).toEqual({ rule: 'PARTY_INELIGIBLE' });
    expect(await stack.db.select().from(deals).where(eq(deals.requestId, countered))).toHaveLength(0);

    await captureHistory(stack, negotiationWorkflowId(countered), 'negotiation-withdrawn-party-disabled');
    // The open negotiations show why they ended.
    for (const requestId of [countered, pending]) {
      const detail = await stack.request('GET', `/api/v1/requests/${requestId}`, {
        token: p.organizer.token,
      });
      expect(detail.body.data.status).toBe('Withdrawn');
      expect(detail.body.data.timeline.at(-1)).toMatchObject({
        type: 'withdrawn',
        actorSide: null,
        actorUserId: admin.id,
        toStatus: 'Withdrawn',
        detail: {
          reason: 'the organization was disabled by a platform admin: fraud report',
          cause: 'organization_disabled',
        },
      });
      const audit = await stack.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, requestId), eq(auditLog.action, 'request.withdrawn')));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actorUserId).toBe(admin.id);
      const mails = await stack.db
        .select()
        .from(emailOutbox)
        .where(like(emailOutbox.idempotencyKey, `negotiation:${requestId}:%:community:%`));
      expect(mails.map((m) => m.subject)).toContain('Request withdrawn');
    }
    // A deal made earlier stays as it was, but nothing more is said on it while the organization is disabled.
    expect((await requestRow(accepted)).status).toBe('Accepted');
    const late = await message(p.organizer.token, accepted, 'Still on?');
    expect(late.status).toBe(409);
    expect(late.body.error.details).toEqual({ rule: 'PARTY_INELIGIBLE' });
    expect(
      await stack.db.select().from(requestMessages).where(eq(requestMessages.requestId, accepted)),
    ).toHaveLength(0);
  });

  it('a suspended community: the organization can neither counter nor message (409)', async () => {
    const p = await parties();
    const requestId = await openRequest(p);
    await stack.db.update(communities).set({ status: 'suspended' }).where(eq(communities.id, p.community.id));
    const counter = await act(p.sponsor.token, requestId, 'negotiate', {
      inReplyToRevision: 1,
      proposal: proposal(1),
    });
    expect(counter.status).toBe(409);
    expect(counter.body.message).toContain(`the community ${p.community.name} is suspended`);
    expect((await message(p.sponsor.token, requestId, 'hello?')).status).toBe(409);
    expect((await requestRow(requestId)).currentRevision).toBe(1);
  });

  it('the activity re-checks under the lock: a step validated against a stale view of the parties is refused, and the workflow goes on', async () => {
    const p = await parties();
    const requestId = await openRequest(p);
    expect(
      (await act(p.sponsor.token, requestId, 'negotiate', { inReplyToRevision: 1, proposal: proposal(2) }))
        .status,
    ).toBe(200);
    // What the API read before the organization was disabled: the validators let the steps through.
    const stale: TPartyStanding = {
      community: { name: p.community.name, status: 'approved' },
      organization: { name: p.org.displayName, status: 'Active' },
    };
    await stack.db.update(organizations).set({ status: 'Disabled' }).where(eq(organizations.id, p.org.id));
    const handle = stack.deps.temporal.workflow.getHandle(negotiationWorkflowId(requestId));
    const by = { by: 'community' as const, actorUserId: p.organizer.user.id, standing: stale };
    const refused = {
      code: 'CONFLICT',
      status: 409,
      message: `${p.org.displayName} is Disabled: no counter-offer, acceptance or message is possible on its requests`,
      details: { rule: 'PARTY_INELIGIBLE' },
    };

    await expect(
      negotiationUpdate(() => handle.executeUpdate(acceptUpdate, { args: [{ ...by, revision: 2 }] })),
    ).rejects.toMatchObject(refused);
    await expect(
      negotiationUpdate(() =>
        handle.executeUpdate(counterUpdate, {
          args: [{ ...by, inReplyToRevision: 2, proposal: proposal(3) }],
        }),
      ),
    ).rejects.toMatchObject(refused);
    await expect(
      negotiationUpdate(() =>
        handle.executeUpdate(messageUpdate, { args: [{ ...by, body: 'sneaky', attachments: [] }] }),
      ),
    ).rejects.toMatchObject(refused);

    expect(await stack.db.select().from(deals).where(eq(deals.requestId, requestId))).toHaveLength(0);
    expect(
      await stack.db.select().from(requestRevisions).where(eq(requestRevisions.requestId, requestId)),
    ).toHaveLength(2);
    expect(
      await stack.db.select().from(requestMessages).where(eq(requestMessages.requestId, requestId)),
    ).toHaveLength(0);
    expect(
      (await stack.db.select().from(requestTimeline).where(eq(requestTimeline.requestId, requestId))).map(
        (t) => t.type,
      ),
    ).toEqual(['opened', 'counter']);
    expect(await requestRow(requestId)).toMatchObject({ status: 'Negotiation', currentRevision: 2 });

    // Nothing was left half-done: once the organization is back in good standing the same step goes through.
    await stack.db.update(organizations).set({ status: 'Active' }).where(eq(organizations.id, p.org.id));
    const accept = await act(p.organizer.token, requestId, 'accept', { revision: 2 });
    expect(accept.status).toBe(200);
    expect(accept.body.data).toMatchObject({ status: 'Accepted', dealId: expect.any(String) });
  });
});
