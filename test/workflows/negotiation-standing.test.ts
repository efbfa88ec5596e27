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

  it('a step whose request is read with the session still refuses what the separate lookups refused', async () => {
    const p = await parties();
    const requestId = await openRequest(p);
    const counter = (token: string, id = requestId) =>
      act(token, id, 'negotiate', { inReplyToRevision: 1, proposal: proposal(45_000_000) });

    // The other party's standing comes with the request: an organization no longer Verified or Active stops the
    // community's step with 409 naming it, and nothing is written.
    await stack.db.update(organizations).set({ status: 'Rejected' }).where(eq(organizations.id, p.org.id));
    const refused = await counter(p.organizer.token);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(`${p.org.displayName} is Rejected`);
    expect(refused.body.error.details).toEqual({ rule: 'PARTY_INELIGIBLE' });
    // The caller's own organization disabled: 403 from its membership's status, read with the session.
    await stack.db.update(organizations).set({ status: 'Disabled' }).where(eq(organizations.id, p.org.id));
    const disabled = await counter(p.sponsor.token);
    expect([disabled.status, disabled.body.message]).toEqual([403, 'the organization is disabled']);
    await stack.db.update(organizations).set({ status: 'Active' }).where(eq(organizations.id, p.org.id));

    // Strangers, a member whose membership ended, and an unknown request all get the same 404.
    const stranger = await createSessionToken(stack.db, (await createUser(stack.db)).id);
    expect((await counter(stranger)).status).toBe(404);
    const other = await parties();
    expect((await counter(other.sponsor.token)).status).toBe(404);
    expect((await counter(p.organizer.token, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    await stack.db
      .update(organizationMembers)
      .set({ status: 'removed' })
      .where(eq(organizationMembers.userId, p.sponsor.user.id));
    expect((await counter(p.sponsor.token)).status).toBe(404);
    // A dead token on a step is 401 (never anonymous), a missing one too; an id that is no UUID is 400.
    expect((await counter('x'.repeat(40))).status).toBe(401);
    expect((await act('', requestId, 'negotiate', {})).status).toBe(401);
    expect((await counter(p.organizer.token, 'not-a-uuid')).status).toBe(400);
    expect((await requestRow(requestId)).currentRevision).toBe(1);

    // And the step itself goes through for the parties in good standing.
    // (the community opened it: revision 1 is its own to wait on)
    const ownTurn = await counter(p.organizer.token);
    expect(ownTurn.status, JSON.stringify(ownTurn.body)).toBe(409);
    expect(ownTurn.body.error.details.rule).toBe('NOT_YOUR_TURN');
    await stack.db
      .update(organizationMembers)
      .set({ status: 'active' })
      .where(eq(organizationMembers.userId, p.sponsor.user.id));
    const answered = await counter(p.sponsor.token);
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.data).toMatchObject({ id: requestId, status: 'Negotiation', currentRevision: 2 });
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
