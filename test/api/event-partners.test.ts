import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, eventPartnerLinks, organizations } from '../../src/db/schema/index.js';
import { COMMUNITY_ROLES } from '../../src/domain/commdesk-facts.js';
import {
  createCommunity,
  createEvent,
  createOrganization,
  createSessionToken,
  createUser,
  memberWithToken,
} from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
let communityId: string;
let organizer: string;

beforeAll(async () => {
  stack = await startTestStack();
  communityId = (await createCommunity(stack.db, 'approved')).id;
  organizer = (await memberWithToken(stack.db, communityId, 'Organizer')).token;
});
afterAll(() => stack?.close());

const partnersOf = (eventId: string) => `/api/v1/events/${eventId}/partners`;

async function linkCount(eventId: string) {
  return (await stack.db.select().from(eventPartnerLinks).where(eq(eventPartnerLinks.eventId, eventId)))
    .length;
}

describe('GET /api/v1/meta/partner-categories', () => {
  it('lists the 33 labels with kind, tier keyword and band', async () => {
    const res = await stack.request('GET', '/api/v1/meta/partner-categories');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(33);
    expect(res.body.data[0]).toEqual({
      label: 'Title Sponsor',
      kind: 'sponsor',
      tierKeyword: 'title',
      band: 1,
    });
    expect(res.body.data[21]).toEqual({
      label: 'Official Partner',
      kind: 'partner',
      tierKeyword: 'official partner',
      band: 9,
    });
  });
});

describe('POST /api/v1/events/:eventId/partners', () => {
  it('assigns an existing organization with snapshots copied from it, and audits the write', async () => {
    const event = await createEvent(stack.db, communityId);
    const org = await createOrganization(stack.db, { name: 'Snapshot Co' });
    const res = await stack.request('POST', partnersOf(event.id), {
      token: organizer,
      body: {
        organizationId: org.id,
        category: 'Platinum Sponsor',
        benefits: [{ key: 'booth', detail: '3x3 m' }],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      success: true,
      data: {
        name: 'Snapshot Co',
        logoUrl: org.logoUrl,
        website: org.website,
        category: 'Platinum Sponsor',
        kind: 'sponsor',
        tierKeyword: 'platinum',
        band: 2,
      },
    });
    const audit = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, res.body.data.id), eq(auditLog.action, 'event_partner.assigned')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorUserId).not.toBeNull();
    expect(audit[0]!.after).toMatchObject({ category: 'Platinum Sponsor' });
  });

  it('creates a Community Added organization from an inline card, defaulting to Official Partner', async () => {
    const event = await createEvent(stack.db, communityId);
    const res = await stack.request('POST', partnersOf(event.id), {
      token: organizer,
      body: {
        name: 'Inline Labs',
        imageUrl: 'https://inline-labs.dev/logo.svg',
        website: 'https://www.inline-labs.dev/home',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      category: 'Official Partner',
      tierKeyword: 'official partner',
      kind: 'partner',
      logoUrl: 'https://inline-labs.dev/logo.svg',
    });
    const [org] = await stack.db
      .select()
      .from(organizations)
      .where(eq(organizations.id, res.body.data.organizationId));
    expect(org).toMatchObject({
      status: 'Community Added',
      normalizedDomain: 'inline-labs.dev',
      addedByCommunityId: communityId,
    });
  });

  it('reuses the organization with the same registrable domain across events', async () => {
    const [e1, e2] = [await createEvent(stack.db, communityId), await createEvent(stack.db, communityId)];
    const a = await stack.request('POST', partnersOf(e1.id), {
      token: organizer,
      body: { name: 'Reuse', website: 'https://reuse-me.io' },
    });
    const b = await stack.request('POST', partnersOf(e2.id), {
      token: organizer,
      body: { name: 'Reuse Inc', website: 'https://events.reuse-me.io/x' },
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.data.organizationId).toBe(a.body.data.organizationId);
    expect(
      await stack.db.select().from(organizations).where(eq(organizations.normalizedDomain, 'reuse-me.io')),
    ).toHaveLength(1);
  });

  it('answers 409 naming the existing assignment when the organization is already on the event', async () => {
    const event = await createEvent(stack.db, communityId);
    const first = await stack.request('POST', partnersOf(event.id), {
      token: organizer,
      body: { name: 'Twice', website: 'https://twice.io' },
    });
    const second = await stack.request('POST', partnersOf(event.id), {
      token: organizer,
      body: { name: 'Twice again', website: 'https://www.twice.io' },
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      success: false,
      error: { code: 'CONFLICT', details: { existingLinkId: first.body.data.id } },
    });
    expect(await linkCount(event.id)).toBe(1);
  });

  it('converges on one organization and one assignment when the same card is added concurrently', async () => {
    const event = await createEvent(stack.db, communityId);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        stack.request('POST', partnersOf(event.id), {
          token: organizer,
          body: { name: 'Racer', website: 'https://racer.dev' },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await linkCount(event.id)).toBe(1);
    expect(
      await stack.db.select().from(organizations).where(eq(organizations.normalizedDomain, 'racer.dev')),
    ).toHaveLength(1);
  });

  it('rejects an unknown category with 400 listing every accepted label, and writes nothing', async () => {
    const event = await createEvent(stack.db, communityId);
    const res = await stack.request('POST', partnersOf(event.id), {
      token: organizer,
      body: { name: 'X', website: 'https://x-co.io', category: 'Gold sponsor' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.details[0].path).toBe('category');
    for (const label of ['Title Sponsor', 'Venue Partner', 'Official Partner'])
      expect(res.body.message).toContain(label);
    expect(await linkCount(event.id)).toBe(0);
  });

  it.each([
    ['bad JSON', { rawBody: '{"name": ' }, 400, 'BAD_JSON', undefined],
    [
      'unknown field',
      { body: { name: 'A', website: 'https://a-1.io', colour: 'red' } },
      400,
      'VALIDATION',
      'colour',
    ],
    ['wrong type', { body: { name: 42, website: 'https://a-2.io' } }, 400, 'VALIDATION', 'name'],
    [
      'oversized name',
      { body: { name: 'n'.repeat(201), website: 'https://a-3.io' } },
      400,
      'VALIDATION',
      'name',
    ],
    ['missing website', { body: { name: 'No site' } }, 400, 'VALIDATION', 'website'],
    ['non-http website', { body: { name: 'FTP', website: 'ftp://a-4.io' } }, 400, 'VALIDATION', 'website'],
    ['bad organizationId', { body: { organizationId: 'not-a-uuid' } }, 400, 'VALIDATION', 'organizationId'],
    [
      'organizationId plus inline fields',
      { body: { organizationId: '00000000-0000-4000-8000-000000000000', name: 'Both' } },
      400,
      'VALIDATION',
      'name',
    ],
    [
      'website without registrable domain',
      { body: { name: 'Local', website: 'http://localhost:8080' } },
      422,
      'BUSINESS_RULE',
      'website',
    ],
    [
      'bad benefit key',
      { body: { name: 'B', website: 'https://a-5.io', benefits: [{ key: 'free_lunch' }] } },
      400,
      'VALIDATION',
      'benefits.0.key',
    ],
    [
      'unknown organization',
      { body: { organizationId: '00000000-0000-4000-8000-000000000000' } },
      404,
      'NOT_FOUND',
      undefined,
    ],
    [
      'text/plain body',
      { rawBody: 'name=x', headers: { 'content-type': 'text/plain' } },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      undefined,
    ],
  ] as const)('%s -> %i, nothing written', async (_name, opts, status, code, path) => {
    const event = await createEvent(stack.db, communityId);
    const res = await stack.request('POST', partnersOf(event.id), { token: organizer, ...(opts as object) });
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ success: false, error: { code } });
    if (path) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await linkCount(event.id)).toBe(0);
  });

  it('rejects a bad event id with 400 and an unknown event with 404', async () => {
    expect(
      (
        await stack.request('POST', '/api/v1/events/nope/partners', {
          token: organizer,
          body: { name: 'A', website: 'https://a.io' },
        })
      ).status,
    ).toBe(400);
    const missing = await stack.request('POST', partnersOf('00000000-0000-4000-8000-000000000000'), {
      token: organizer,
      body: { name: 'A', website: 'https://a.io' },
    });
    expect(missing.status).toBe(404);
  });

  it('refuses disabled organizations with 422', async () => {
    const event = await createEvent(stack.db, communityId);
    const org = await createOrganization(stack.db, { status: 'Disabled' });
    const res = await stack.request('POST', partnersOf(event.id), {
      token: organizer,
      body: { organizationId: org.id },
    });
    expect(res.status).toBe(422);
    expect(await linkCount(event.id)).toBe(0);
  });
});

describe('GET /api/v1/events/:eventId/partners', () => {
  let eventId: string;
  beforeAll(async () => {
    const event = await createEvent(stack.db, communityId);
    eventId = event.id;
    const cards: [string, string, string, 'public' | 'community'][] = [
      ['Venue Host', 'venue-host.io', 'Venue Partner', 'public'],
      ['Gold One', 'gold-one.io', 'Gold Sponsor', 'public'],
      ['Title Co', 'title-co.io', 'Title Sponsor', 'public'],
      ['Gold Two', 'gold-two.io', 'Gold Sponsor', 'public'],
      ['Hidden Media', 'hidden-media.io', 'Media Partner', 'community'],
    ];
    for (const [name, domain, category, visibility] of cards) {
      const res = await stack.request('POST', partnersOf(eventId), {
        token: organizer,
        body: { name, website: `https://${domain}`, category, visibility },
      });
      expect(res.status).toBe(201);
    }
  });

  it('orders by band, then display order, for members (all visibilities)', async () => {
    const res = await stack.request('GET', partnersOf(eventId), { token: organizer });
    expect(res.status).toBe(200);
    expect(res.body.data.map((a: { name: string }) => a.name)).toEqual([
      'Title Co',
      'Gold One',
      'Gold Two',
      'Hidden Media',
      'Venue Host',
    ]);
    expect(res.body.meta).toEqual({ page: 1, limit: 50, total: 5, totalPages: 1 });
  });

  it('shows only public assignments of a public event to anonymous callers', async () => {
    const res = await stack.request('GET', partnersOf(eventId));
    expect(res.status).toBe(200);
    expect(res.body.data.map((a: { name: string }) => a.name)).toEqual([
      'Title Co',
      'Gold One',
      'Gold Two',
      'Venue Host',
    ]);
  });

  it('filters by search, category and kind, and paginates', async () => {
    const search = await stack.request('GET', `${partnersOf(eventId)}?search=gold`, { token: organizer });
    expect(search.body.data.map((a: { name: string }) => a.name)).toEqual(['Gold One', 'Gold Two']);
    const category = await stack.request(
      'GET',
      `${partnersOf(eventId)}?category=${encodeURIComponent('Venue Partner')}`,
      { token: organizer },
    );
    expect(category.body.data.map((a: { name: string }) => a.name)).toEqual(['Venue Host']);
    const kind = await stack.request('GET', `${partnersOf(eventId)}?kind=partner`, { token: organizer });
    expect(kind.body.data.map((a: { name: string }) => a.name)).toEqual(['Hidden Media', 'Venue Host']);
    const page2 = await stack.request('GET', `${partnersOf(eventId)}?page=2&limit=2`, { token: organizer });
    expect(page2.body.data.map((a: { name: string }) => a.name)).toEqual(['Gold Two', 'Hidden Media']);
    expect(page2.body.meta).toEqual({ page: 2, limit: 2, total: 5, totalPages: 3 });
  });

  it('validates list parameters', async () => {
    for (const query of ['page=0', 'limit=1000', 'category=Gold', 'kind=vendor', 'colour=red']) {
      const res = await stack.request('GET', `${partnersOf(eventId)}?${query}`, { token: organizer });
      expect(res.status, query).toBe(400);
    }
  });

  it('the sponsors view lists sponsor-kind assignments only', async () => {
    const res = await stack.request('GET', `/api/v1/events/${eventId}/sponsors`, { token: organizer });
    expect(res.body.data.map((a: { name: string }) => a.name)).toEqual(['Title Co', 'Gold One', 'Gold Two']);
  });

  it('hides a non-public event: 401 anonymous, 403 for outsiders', async () => {
    const privateEvent = await createEvent(stack.db, communityId, { isPublic: false });
    expect((await stack.request('GET', partnersOf(privateEvent.id))).status).toBe(401);
    const outsider = await createSessionToken(stack.db, (await createUser(stack.db)).id);
    expect((await stack.request('GET', partnersOf(privateEvent.id), { token: outsider })).status).toBe(403);
    expect((await stack.request('GET', partnersOf(privateEvent.id), { token: organizer })).status).toBe(200);
  });
});

describe('POST /api/v1/events/:eventId/sponsors', () => {
  it('requires a sponsor label', async () => {
    const event = await createEvent(stack.db, communityId);
    const url = `/api/v1/events/${event.id}/sponsors`;
    expect(
      (await stack.request('POST', url, { token: organizer, body: { name: 'S', website: 'https://s-1.io' } }))
        .status,
    ).toBe(400);
    expect(
      (
        await stack.request('POST', url, {
          token: organizer,
          body: { name: 'S', website: 'https://s-1.io', category: 'Media Partner' },
        })
      ).status,
    ).toBe(400);
    const ok = await stack.request('POST', url, {
      token: organizer,
      body: { name: 'S', website: 'https://s-1.io', category: 'Silver Sponsor' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.data).toMatchObject({ kind: 'sponsor', tierKeyword: 'silver' });
  });
});

describe('PATCH and DELETE /api/v1/events/:eventId/partners/:linkId', () => {
  it('changes the category (tier and band follow) and audits before/after', async () => {
    const event = await createEvent(stack.db, communityId);
    const created = await stack.request('POST', partnersOf(event.id), {
      token: organizer,
      body: { name: 'Mover', website: 'https://mover.io' },
    });
    const linkId = created.body.data.id;
    const res = await stack.request('PATCH', `${partnersOf(event.id)}/${linkId}`, {
      token: organizer,
      body: { category: 'Diamond Sponsor', displayOrder: 7, visibility: 'community' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      category: 'Diamond Sponsor',
      kind: 'sponsor',
      tierKeyword: 'diamond',
      band: 1,
      displayOrder: 7,
      visibility: 'community',
    });
    const [audit] = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, linkId), eq(auditLog.action, 'event_partner.updated')));
    expect(audit!.before).toMatchObject({ category: 'Official Partner' });
    expect(audit!.after).toMatchObject({ category: 'Diamond Sponsor' });
  });

  it('rejects empty, unknown and bad patches without changing the row', async () => {
    const event = await createEvent(stack.db, communityId);
    const created = await stack.request('POST', partnersOf(event.id), {
      token: organizer,
      body: { name: 'Stable', website: 'https://stable.io' },
    });
    const url = `${partnersOf(event.id)}/${created.body.data.id}`;
    for (const body of [
      {},
      { category: 'Nope' },
      { displayOrder: -1 },
      { hacked: true },
      { website: 'javascript:alert(1)' },
    ]) {
      const res = await stack.request('PATCH', url, { token: organizer, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const [row] = await stack.db
      .select()
      .from(eventPartnerLinks)
      .where(eq(eventPartnerLinks.id, created.body.data.id));
    expect(row!.displayCategory).toBe('Official Partner');
    expect(
      (
        await stack.request('PATCH', `${partnersOf(event.id)}/00000000-0000-4000-8000-000000000000`, {
          token: organizer,
          body: { displayOrder: 1 },
        })
      ).status,
    ).toBe(404);
  });

  it('deletes, audits, and answers 404 the second time', async () => {
    const event = await createEvent(stack.db, communityId);
    const created = await stack.request('POST', partnersOf(event.id), {
      token: organizer,
      body: { name: 'Gone', website: 'https://gone.io' },
    });
    const url = `${partnersOf(event.id)}/${created.body.data.id}`;
    const res = await stack.request('DELETE', url, { token: organizer });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ id: created.body.data.id, deleted: true });
    expect(await linkCount(event.id)).toBe(0);
    const audit = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, created.body.data.id), eq(auditLog.action, 'event_partner.removed')));
    expect(audit).toHaveLength(1);
    expect((await stack.request('DELETE', url, { token: organizer })).status).toBe(404);
  });

  it('does not touch an assignment through another event id', async () => {
    const [e1, e2] = [await createEvent(stack.db, communityId), await createEvent(stack.db, communityId)];
    const created = await stack.request('POST', partnersOf(e1.id), {
      token: organizer,
      body: { name: 'Scoped', website: 'https://scoped.io' },
    });
    expect(
      (await stack.request('DELETE', `${partnersOf(e2.id)}/${created.body.data.id}`, { token: organizer }))
        .status,
    ).toBe(404);
    expect(await linkCount(e1.id)).toBe(1);
  });
});

describe('RBAC of the partner endpoints', () => {
  const WRITERS = new Set([
    'Organizer',
    'Co-Organizer',
    'Partnerships Lead',
    'Sponsorship Lead',
    'Industry Relations Lead',
  ]);

  it.each(COMMUNITY_ROLES)(
    '%s: create, update and delete allowed only for partner managers',
    async (role) => {
      const event = await createEvent(stack.db, communityId);
      const { token } = await memberWithToken(stack.db, communityId, role);
      const domain = `rbac-${role.toLowerCase().replace(/[^a-z]/g, '')}.io`;
      const create = await stack.request('POST', partnersOf(event.id), {
        token,
        body: { name: role, website: `https://${domain}` },
      });
      const seeded = WRITERS.has(role)
        ? create
        : await stack.request('POST', partnersOf(event.id), {
            token: organizer,
            body: { name: role, website: `https://${domain}` },
          });
      const url = `${partnersOf(event.id)}/${seeded.body.data.id}`;
      const update = await stack.request('PATCH', url, { token, body: { displayOrder: 3 } });
      const remove = await stack.request('DELETE', url, { token });
      const expected = WRITERS.has(role) ? [201, 200, 200] : [403, 403, 403];
      expect([create.status, update.status, remove.status]).toEqual(expected);
      const read = await stack.request('GET', partnersOf(event.id), { token });
      expect(read.status).toBe(200);
    },
  );

  it('denies writers of another community, suspended members, and communities not approved/active', async () => {
    const event = await createEvent(stack.db, communityId);
    const other = await createCommunity(stack.db, 'active');
    const foreign = await memberWithToken(stack.db, other.id, 'Organizer');
    const suspended = await memberWithToken(stack.db, communityId, 'Organizer', 'Suspended');
    for (const token of [foreign.token, suspended.token]) {
      expect(
        (
          await stack.request('POST', partnersOf(event.id), {
            token,
            body: { name: 'No', website: 'https://denied.io' },
          })
        ).status,
      ).toBe(403);
    }
    for (const status of ['pending', 'under_review', 'rejected', 'suspended'] as const) {
      const gated = await createCommunity(stack.db, status);
      const gatedEvent = await createEvent(stack.db, gated.id);
      const { token } = await memberWithToken(stack.db, gated.id, 'Organizer');
      const res = await stack.request('POST', partnersOf(gatedEvent.id), {
        token,
        body: { name: 'No', website: 'https://gated.io' },
      });
      expect(res.status, status).toBe(403);
      expect(res.body.message).toContain(status);
    }
    expect(await linkCount(event.id)).toBe(0);
  });

  it('anonymous writes are 401; platform admins may write', async () => {
    const event = await createEvent(stack.db, communityId);
    expect(
      (
        await stack.request('POST', partnersOf(event.id), {
          body: { name: 'Anon', website: 'https://anon.io' },
        })
      ).status,
    ).toBe(401);
    const admin = await createSessionToken(
      stack.db,
      (await createUser(stack.db, { isPlatformAdmin: true })).id,
    );
    expect(
      (
        await stack.request('POST', partnersOf(event.id), {
          token: admin,
          body: { name: 'Admin', website: 'https://admin-added.io' },
        })
      ).status,
    ).toBe(201);
  });
});
