import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, fulfillments, organizationMembers } from '../../src/db/schema/index.js';
import { fulfillmentWorkflowId } from '../../src/workflows/fulfillment/fulfillment.contract.js';
import { acceptedDeal, orgMember } from '../helpers/contracts.js';
import { createCommunity, createSessionToken, createUser, memberWithToken } from '../helpers/fixtures.js';
import { signedDeal } from '../helpers/fulfillment.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
let deal: Awaited<ReturnType<typeof signedDeal>>;
let base: string;

beforeAll(async () => {
  // Default durations (days): nothing fires on its own while these tests run.
  stack = await startTestStack({ REQUESTS_PER_COMMUNITY_PER_DAY: '200' });
  deal = await signedDeal(stack, {
    benefits: [{ key: 'logo_placement' }, { key: 'booth' }, { key: 'social_promotion' }],
    endsInMs: 20 * 86_400_000,
  });
  base = `/api/v1/deals/${deal.dealId}/benefits`;
});
afterAll(() => stack?.close());

const link = { type: 'link', url: 'https://example.com/logo-on-site' };

describe('benefit fulfillment: who may do what', () => {
  it('is 404 for everyone outside the deal, on every endpoint', async () => {
    const stranger = await createSessionToken(stack.db, (await createUser(stack.db)).id);
    const otherCommunity = await createCommunity(stack.db, 'approved');
    const otherOrganizer = await memberWithToken(stack.db, otherCommunity.id, 'Organizer');
    const itemId = deal.items[0]!.id;
    for (const token of [stranger, otherOrganizer.token]) {
      const calls = [
        stack.request('GET', base, { token }),
        stack.request('POST', base, { token }),
        stack.request('GET', `/api/v1/deals/${deal.dealId}/report`, { token }),
        stack.request('PATCH', `${base}/${itemId}`, { token, body: { status: 'InProgress' } }),
        stack.request('POST', `${base}/${itemId}/proof`, { token, body: link }),
        stack.request('POST', `${base}/${itemId}/verify`, { token }),
        stack.request('POST', `${base}/${itemId}/dispute`, { token, body: { reason: 'x' } }),
        stack.request('POST', `${base}/${itemId}/waive`, { token, body: { reason: 'x' } }),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status, JSON.stringify(res.body)).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
    }
    // No session at all: 401.
    expect((await stack.request('GET', base)).status).toBe(401);
  });

  it('lets every member of both parties read, and platform admins read but not act', async () => {
    const volunteer = await memberWithToken(stack.db, deal.community.id, 'Volunteer');
    const hiring = await orgMember(stack, deal.org.id, 'Sponsor Manager');
    for (const token of [volunteer.token, hiring.token]) {
      const res = await stack.request('GET', base, { token });
      expect(res.status).toBe(200);
      expect(res.body.data.items).toHaveLength(3);
    }
    const admin = await createSessionToken(
      stack.db,
      (await createUser(stack.db, { isPlatformAdmin: true })).id,
    );
    expect((await stack.request('GET', base, { token: admin })).status).toBe(200);
    const acting = await stack.request('POST', `${base}/${deal.items[0]!.id}/proof`, {
      token: admin,
      body: link,
    });
    expect(acting.status).toBe(403);
  });

  it('checks roles: the community delivers, the organization reviews, a volunteer only for an item they own', async () => {
    const [logo, booth] = [deal.items[0]!, deal.items[1]!];
    const volunteer = await memberWithToken(stack.db, deal.community.id, 'Volunteer');
    const reviewer = await orgMember(stack, deal.org.id, 'Sponsor Manager');
    const hiring = await createUser(stack.db);
    await stack.db
      .insert(organizationMembers)
      .values({ organizationId: deal.org.id, userId: hiring.id, role: 'Hiring Manager', status: 'active' });
    const hiringToken = await createSessionToken(stack.db, hiring.id);

    // A volunteer who does not own the item: 403 for progress and delivery; the sponsor: 403 for delivery.
    for (const token of [volunteer.token, deal.sponsor.token]) {
      const res = await stack.request('POST', `${base}/${logo.id}/proof`, { token, body: link });
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const patchByVolunteer = await stack.request('PATCH', `${base}/${logo.id}`, {
      token: volunteer.token,
      body: { ownerUserId: volunteer.user.id },
    });
    expect(patchByVolunteer.status).toBe(403);

    // The organizer assigns the volunteer: now they may report progress and deliver, but not re-assign.
    const assigned = await stack.request('PATCH', `${base}/${logo.id}`, {
      token: deal.organizer.token,
      body: { ownerUserId: volunteer.user.id },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(
      (
        await stack.request('PATCH', `${base}/${logo.id}`, {
          token: volunteer.token,
          body: { status: 'InProgress' },
        })
      ).body.data.status,
    ).toBe('InProgress');

    // Verifying before delivery: 409 naming the state. The organizer may not verify (403).
    const early = await stack.request('POST', `${base}/${logo.id}/verify`, { token: deal.sponsor.token });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('only a Delivered item');

    const delivered = await stack.request('POST', `${base}/${logo.id}/proof`, {
      token: volunteer.token,
      body: link,
    });
    expect(delivered.status).toBe(200);
    // The same proof again: the item as it is, nothing recorded twice.
    const repeat = await stack.request('POST', `${base}/${logo.id}/proof`, {
      token: volunteer.token,
      body: link,
    });
    expect(repeat.status).toBe(200);
    expect(repeat.body.data).toEqual(delivered.body.data);
    expect(
      (await stack.request('POST', `${base}/${logo.id}/verify`, { token: deal.organizer.token })).status,
    ).toBe(403);
    // A Hiring Manager does not review; a Sponsor Manager does.
    expect((await stack.request('POST', `${base}/${logo.id}/verify`, { token: hiringToken })).status).toBe(
      403,
    );
    const verified = await stack.request('POST', `${base}/${logo.id}/verify`, { token: reviewer.token });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.data.status).toBe('Verified');
    const afterVerify = await stack.request('POST', `${base}/${logo.id}/proof`, {
      token: volunteer.token,
      body: { ...link, url: 'https://example.com/other' },
    });
    expect(afterVerify.status).toBe(409);

    // A waiver by one side leaves the item open; the same side again changes nothing.
    const waive = await stack.request('POST', `${base}/${booth.id}/waive`, {
      token: deal.sponsor.token,
      body: { reason: 'Venue has no booths' },
    });
    expect(waive.body.data).toMatchObject({ status: 'Planned', waivedBy: ['organization'] });
    const waiveAgain = await stack.request('POST', `${base}/${booth.id}/waive`, {
      token: deal.sponsor.token,
      body: { reason: 'Venue has no booths' },
    });
    expect(waiveAgain.body.data).toEqual(waive.body.data);

    // Every change is audited with its actor and the request id.
    const audits = await stack.db.select().from(auditLog).where(eq(auditLog.entityId, logo.id));
    expect(audits.map((a) => a.action)).toEqual([
      'fulfillment.edit',
      'fulfillment.set_status',
      'fulfillment.deliver',
      'fulfillment.verify',
    ]);
    expect(audits.every((a) => a.requestId)).toBe(true);
    expect(audits.at(-1)!.actorUserId).toBe(reviewer.user.id);
  });

  it('validates input: 400 for malformed fields, 422 for a rule on the values', async () => {
    const item = deal.items[2]!;
    const bad = async (method: string, path: string, body: unknown) =>
      stack.request(method, `${base}/${item.id}${path}`, { token: deal.organizer.token, body });
    const cases: [string, string, unknown, number, string][] = [
      ['PATCH', '', {}, 400, 'send at least one of ownerUserId, dueAt, status'],
      ['PATCH', '', { status: 'Verified' }, 400, 'their own endpoints'],
      ['PATCH', '', { dueAt: 'tomorrow' }, 400, 'dueAt'],
      ['PATCH', '', { colour: 'red' }, 400, 'colour'],
      ['PATCH', '', { dueAt: new Date(Date.now() - 1000).toISOString() }, 422, 'in the future'],
      ['PATCH', '', { ownerUserId: deal.sponsor.user.id }, 422, 'Active member of the community'],
      ['POST', '/proof', { type: 'link' }, 400, 'url: required for a link proof'],
      ['POST', '/proof', { type: 'link', url: 'javascript:alert(1)' }, 400, 'url'],
      [
        'POST',
        '/proof',
        { type: 'link', url: 'https://x.example', value: 3 },
        400,
        'not part of a link proof',
      ],
      [
        'POST',
        '/proof',
        { type: 'file', fileName: 'a.exe', contentType: 'application/x-msdownload', contentBase64: 'AA==' },
        400,
        'contentType',
      ],
      [
        'POST',
        '/proof',
        { type: 'file', fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: '!!' },
        400,
        'base64',
      ],
      [
        'POST',
        '/proof',
        {
          type: 'metric',
          name: 'reach',
          value: 10,
          measuredAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
        422,
        'in the future',
      ],
      ['POST', '/dispute', { reason: '   ' }, 400, 'reason'],
      ['POST', '/waive', {}, 400, 'reason'],
    ];
    for (const [method, path, body, status, says] of cases) {
      const res = await bad(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`).toBe(
        status,
      );
      expect(JSON.stringify(res.body), `${method} ${path}`).toContain(says);
    }
    const unknownItem = await stack.request('POST', `${base}/00000000-0000-4000-8000-000000000000/verify`, {
      token: deal.sponsor.token,
    });
    expect(unknownItem.status).toBe(404);
  });

  it('answers 404 with the reason while the contract is not signed yet, and a preview report once it is', async () => {
    const pending = await acceptedDeal(stack);
    const res = await stack.request('GET', `/api/v1/deals/${pending.dealId}/benefits`, {
      token: pending.organizer.token,
    });
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('starts when both parties have signed');

    const preview = await stack.request('GET', `/api/v1/deals/${deal.dealId}/report`, {
      token: deal.sponsor.token,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.data).toMatchObject({ kind: 'preview', pdfSha256: null, summary: { total: 3 } });
    const pdf = await stack.request('GET', `/api/v1/deals/${deal.dealId}/report?format=pdf`, {
      token: deal.sponsor.token,
    });
    expect(pdf.status).toBe(409);
  });

  it('starts fulfillment for a signed deal that has none (a contract signed before it existed), and only then', async () => {
    const pending = await acceptedDeal(stack);
    const early = await stack.request('POST', `/api/v1/deals/${pending.dealId}/benefits`, {
      token: pending.organizer.token,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.details).toEqual({ contractStatus: 'PendingSignature' });
    const existing = await stack.request('POST', base, { token: deal.sponsor.token });
    expect(existing.status).toBe(200);
    expect(existing.body.data.dealId).toBe(deal.dealId);

    // A signed deal whose benefit manager never ran: its run terminated and its rows gone.
    const old = await signedDeal(stack, {
      benefits: [{ key: 'booth' }, { key: 'workshop_slot' }],
      endsInMs: 20 * 86_400_000,
    });
    await stack.deps.temporal.workflow
      .getHandle(fulfillmentWorkflowId(old.dealId))
      .terminate('test: predates fulfillment');
    await stack.db.delete(fulfillments).where(eq(fulfillments.dealId, old.dealId));
    const started = await stack.request('POST', `/api/v1/deals/${old.dealId}/benefits`, {
      token: old.organizer.token,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.data).toMatchObject({
      contractId: old.contractId,
      status: 'Fulfilling',
      completion: { total: 2 },
    });
    const again = await stack.request('POST', `/api/v1/deals/${old.dealId}/benefits`, {
      token: old.sponsor.token,
    });
    expect(again.status).toBe(200);
    expect(again.body.data.items.map((i: { id: string }) => i.id)).toEqual(
      started.body.data.items.map((i: { id: string }) => i.id),
    );
    // The new run takes actions.
    const item = started.body.data.items[0];
    const delivered = await stack.request('POST', `/api/v1/deals/${old.dealId}/benefits/${item.id}/proof`, {
      token: old.organizer.token,
      body: link,
    });
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
  });

  it('serves the proof file to the parties, as uploaded, with its hash', async () => {
    const item = deal.items[2]!;
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const sent = await stack.request('POST', `${base}/${item.id}/proof`, {
      token: deal.organizer.token,
      body: {
        type: 'file',
        fileName: 'post screenshot.png',
        contentType: 'image/png',
        contentBase64: bytes.toString('base64'),
      },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.data.proof).not.toHaveProperty('documentKey');
    const file = await stack.app.request(`${base}/${item.id}/proof-file`, {
      headers: { authorization: `Bearer ${deal.sponsor.token}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toBe(
      "attachment; filename*=UTF-8''post%20screenshot.png",
    );
    expect(file.headers.get('x-document-sha256')).toBe(sent.body.data.proof.sha256);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(bytes);
    const stranger = await createSessionToken(stack.db, (await createUser(stack.db)).id);
    expect((await stack.request('GET', `${base}/${item.id}/proof-file`, { token: stranger })).status).toBe(
      404,
    );
    const noFile = await stack.request('GET', `${base}/${deal.items[0]!.id}/proof-file`, {
      token: deal.sponsor.token,
    });
    expect(noFile.status).toBe(404);
  });

  it('documents the endpoints exactly in the OpenAPI document', async () => {
    const doc = (await stack.request('GET', '/openapi.json')).body;
    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, any> }>>;
    expect(Object.keys(paths['/api/v1/deals/{dealId}/benefits/{itemId}']!)).toEqual(['patch']);
    for (const action of ['proof', 'verify', 'dispute', 'waive'])
      expect(
        paths[`/api/v1/deals/{dealId}/benefits/{itemId}/${action}`]!.post!.responses['200'],
      ).toBeDefined();
    const report = paths['/api/v1/deals/{dealId}/report']!.get!.responses['200'].content;
    expect(Object.keys(report)).toEqual(['application/json', 'application/pdf']);
    expect(doc.components.schemas).toHaveProperty('BenefitItem');
    expect(doc.components.schemas).toHaveProperty('SponsorReport');
    expect(JSON.stringify(doc)).not.toContain('"additionalProperties":{}');
  });
});
