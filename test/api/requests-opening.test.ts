import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityMembers, sessions, sponsorshipRequests } from '../../src/db/schema/index.js';
import { sha256Hex } from '../../src/infra/secret-box.js';
import { createCommunity, createEvent, createOrganization, memberWithToken } from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

/**
 * POST /requests reads the session and the rows its body names in one statement (the session middleware parses the
 * body for their ids): authentication, authorization and validation must answer exactly as when they were two reads.
 */

let stack: TTestStack;
let communityId: string;
const proposal = { amountMinor: 1_000_000, currency: 'INR', category: 'Gold Sponsor', benefits: [] };

beforeAll(async () => {
  stack = await startTestStack({ REQUESTS_PER_COMMUNITY_PER_DAY: '200' });
  communityId = (await createCommunity(stack.db, 'approved')).id;
});
afterAll(() => stack?.close());

const requestsOf = (organizationId: string) =>
  stack.db
    .select({ id: sponsorshipRequests.id, eventId: sponsorshipRequests.eventId })
    .from(sponsorshipRequests)
    .where(eq(sponsorshipRequests.organizationId, organizationId));

describe('opening a request with its targets read with the session', () => {
  it('opens with the ids the body names, and answers 404 for each row that is not there', async () => {
    const organizer = await memberWithToken(stack.db, communityId, 'Organizer');
    const org = await createOrganization(stack.db, { status: 'Active' });
    const event = await createEvent(stack.db, communityId);
    const otherEvent = await createEvent(stack.db, (await createCommunity(stack.db, 'approved')).id);
    const open = (body: Record<string, unknown>) =>
      stack.request('POST', '/api/v1/requests', { token: organizer.token, body });

    const missingCommunity = await open({
      communityId: crypto.randomUUID(),
      organizationId: org.id,
      proposal,
    });
    expect(missingCommunity.status).toBe(404);
    expect(missingCommunity.body.message).toMatch(/Community/);
    const missingOrg = await open({ communityId, organizationId: crypto.randomUUID(), proposal });
    expect(missingOrg.status).toBe(404);
    expect(missingOrg.body.error.details).toEqual([
      { location: 'body', path: 'organizationId', message: 'no such organization' },
    ]);
    const foreignEvent = await open({
      communityId,
      organizationId: org.id,
      eventId: otherEvent.id,
      proposal,
    });
    expect(foreignEvent.status).toBe(404);
    expect(foreignEvent.body.error.details[0].path).toBe('eventId');
    const missingOpportunity = await open({
      communityId,
      organizationId: org.id,
      opportunityId: crypto.randomUUID(),
      proposal,
    });
    expect(missingOpportunity.status).toBe(404);
    expect(missingOpportunity.body.error.details[0].path).toBe('opportunityId');
    expect(await requestsOf(org.id)).toEqual([]);

    // Upper-case ids are UUIDs too: read, compared and stored as the same rows.
    const opened = await open({
      communityId: communityId.toUpperCase(),
      organizationId: org.id,
      eventId: event.id.toUpperCase(),
      proposal,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(await requestsOf(org.id)).toEqual([{ id: opened.body.data.id, eventId: event.id }]);
  });

  it('refuses a revoked session (401) and a role taken away (403) at once, whatever the body', async () => {
    const organizer = await memberWithToken(stack.db, communityId, 'Organizer');
    const org = await createOrganization(stack.db, { status: 'Active' });
    const body = { communityId, organizationId: org.id, proposal };

    await stack.db
      .update(communityMembers)
      .set({ role: 'Volunteer' })
      .where(eq(communityMembers.userId, organizer.user.id));
    const demoted = await stack.request('POST', '/api/v1/requests', { token: organizer.token, body });
    expect(demoted.status).toBe(403);

    await stack.db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(eq(sessions.tokenHash, sha256Hex(organizer.token)));
    const revoked = await stack.request('POST', '/api/v1/requests', { token: organizer.token, body });
    expect(revoked.status).toBe(401);
    // A dead token is a 401 before the body is judged, as when the body was not read first.
    const malformed = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      rawBody: '{"communityId": ',
    });
    expect(malformed.status).toBe(401);
    expect(await requestsOf(org.id)).toEqual([]);
  });

  it('validates a body the session middleware could not use as before: 400 with the field, never a 500', async () => {
    const organizer = await memberWithToken(stack.db, communityId, 'Organizer');
    const org = await createOrganization(stack.db, { status: 'Active' });
    const post = (opts: { body?: unknown; rawBody?: string; headers?: Record<string, string> }) =>
      stack.request('POST', '/api/v1/requests', { token: organizer.token, ...opts });

    const notJson = await post({ rawBody: '{"communityId": ' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('BAD_JSON');
    const badId = await post({ body: { communityId: 'c-1', organizationId: org.id, proposal } });
    expect(badId.status).toBe(400);
    expect(badId.body.error.details).toContainEqual(
      expect.objectContaining({ location: 'body', path: 'communityId' }),
    );
    const badEventId = await post({ body: { communityId, organizationId: org.id, eventId: 7, proposal } });
    expect(badEventId.status).toBe(400);
    expect(badEventId.body.error.details).toContainEqual(expect.objectContaining({ path: 'eventId' }));
    const array = await post({ body: [communityId, org.id] });
    expect(array.status).toBe(400);
    const text = await post({
      rawBody: JSON.stringify({ communityId, organizationId: org.id, proposal }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
    expect(await requestsOf(org.id)).toEqual([]);

    // The same token then opens with a good body: nothing above was held against it.
    const opened = await post({ body: { communityId, organizationId: org.id, proposal } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  });
});
