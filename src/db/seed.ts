import { fileURLToPath } from 'node:url';
import argon2 from 'argon2';
import { and, eq } from 'drizzle-orm';
import {
  categoryInfo,
  type CommunityRole,
  type OrganizationRole,
  type PartnerCategory,
} from '../domain/commdesk-facts.js';
import { normalizeWebsiteDomain } from '../domain/organizations.js';
import type Stripe from 'stripe';
import { createDb, type TDb } from './client.js';
import {
  findPayoutAccount,
  insertPayoutAccount,
  type TPayoutAccount,
} from './repositories/stripe-repository.js';
import {
  communities,
  communityMembers,
  eventPartnerLinks,
  events,
  organizationMembers,
  organizations,
  users,
} from './schema/index.js';
import { rebuildDirectory } from '../search/reindex.js';

export const DEMO_ACCOUNTS = [
  { email: 'admin@commdesk.local', name: 'Platform Admin', isPlatformAdmin: true, role: null },
  { email: 'organizer@commdesk.local', name: 'Olivia Organizer', isPlatformAdmin: false, role: 'Organizer' },
  {
    email: 'partnerships@commdesk.local',
    name: 'Priya Partnerships',
    isPlatformAdmin: false,
    role: 'Partnerships Lead',
  },
] as const satisfies readonly {
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  role: CommunityRole | null;
}[];

/** Organization-side demo accounts: the admin of an Active sponsor and of an Active partner. */
export const DEMO_ORGANIZATION_ACCOUNTS = [
  {
    email: 'sponsor@commdesk.local',
    name: 'Sam Sponsor',
    organization: 'Google Cloud',
    role: 'Sponsor Admin',
  },
  { email: 'partner@commdesk.local', name: 'Pat Partner', organization: 'MongoDB', role: 'Partner Admin' },
] as const satisfies readonly { email: string; name: string; organization: string; role: OrganizationRole }[];

const DEMO_ORGANIZATIONS = [
  {
    displayName: 'Google Cloud',
    website: 'https://cloud.google.com',
    kind: 'sponsor',
    industry: 'Cloud',
    technologies: ['GCP', 'Kubernetes', 'AI'],
  },
  {
    displayName: 'GitHub',
    website: 'https://github.com',
    kind: 'sponsor',
    industry: 'Developer Tools',
    technologies: ['Git', 'Actions', 'Copilot'],
  },
  {
    displayName: 'Vercel',
    website: 'https://vercel.com',
    kind: 'sponsor',
    industry: 'Developer Tools',
    technologies: ['Next.js', 'Edge'],
  },
  {
    displayName: 'MongoDB',
    website: 'https://www.mongodb.com',
    kind: 'partner',
    industry: 'Databases',
    technologies: ['MongoDB', 'Atlas'],
  },
] as const;

const DAY = 86_400_000;

/** Idempotent: every row is keyed by a natural key and left alone when it exists. */
export async function seed(db: TDb, password: string) {
  const passwordHash = await argon2.hash(password);
  const userIds = new Map<string, string>();
  for (const account of DEMO_ACCOUNTS) {
    await db
      .insert(users)
      .values({
        email: account.email,
        name: account.name,
        isPlatformAdmin: account.isPlatformAdmin,
        passwordHash,
      })
      .onConflictDoNothing({ target: users.email });
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, account.email));
    userIds.set(account.email, row!.id);
  }

  await db
    .insert(communities)
    .values({ name: 'Demo Community', slug: 'demo-community', status: 'approved' })
    .onConflictDoNothing({ target: communities.slug });
  const [community] = await db.select().from(communities).where(eq(communities.slug, 'demo-community'));
  for (const account of DEMO_ACCOUNTS) {
    if (!account.role) continue;
    await db
      .insert(communityMembers)
      .values({
        communityId: community!.id,
        userId: userIds.get(account.email)!,
        role: account.role,
        status: 'Active',
      })
      .onConflictDoNothing();
  }

  const orgIds = new Map<string, string>();
  for (const org of DEMO_ORGANIZATIONS) {
    const normalizedDomain = normalizeWebsiteDomain(org.website)!;
    await db
      .insert(organizations)
      .values({
        ...org,
        technologies: [...org.technologies],
        normalizedDomain,
        status: 'Active',
        logoUrl: `https://logo.clearbit.com/${normalizedDomain}`,
      })
      .onConflictDoNothing({ target: organizations.normalizedDomain });
    const [row] = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.normalizedDomain, normalizedDomain));
    orgIds.set(org.displayName, row!.id);
  }

  for (const account of DEMO_ORGANIZATION_ACCOUNTS) {
    await db
      .insert(users)
      .values({ email: account.email, name: account.name, passwordHash })
      .onConflictDoNothing({ target: users.email });
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, account.email));
    await db
      .insert(organizationMembers)
      .values({
        organizationId: orgIds.get(account.organization)!,
        userId: user!.id,
        role: account.role,
        status: 'active',
      })
      .onConflictDoNothing();
  }

  const now = Date.now();
  const demoEvents = [
    {
      title: 'HackFest 2026',
      type: 'Hackathon',
      category: 'Artificial Intelligence',
      startsAt: new Date(now + 30 * DAY),
      endsAt: new Date(now + 32 * DAY),
      city: 'Bengaluru',
      country: 'India',
      region: 'APAC',
      expectedParticipants: 500,
      status: 'published',
      isPublic: true,
    },
    {
      title: 'Cloud Native Meetup',
      type: 'Meetup',
      category: 'Cloud Computing',
      startsAt: new Date(now + 10 * DAY),
      endsAt: new Date(now + 10 * DAY + 3 * 3_600_000),
      city: 'Pune',
      country: 'India',
      region: 'APAC',
      expectedParticipants: 120,
      status: 'published',
      isPublic: true,
    },
    {
      title: 'Organizer Planning Day',
      type: 'Workshop',
      category: 'Community',
      startsAt: new Date(now + 5 * DAY),
      endsAt: new Date(now + 5 * DAY + 6 * 3_600_000),
      city: 'Remote',
      country: null,
      region: 'Global',
      expectedParticipants: 15,
      status: 'draft',
      isPublic: false,
    },
  ] as const;
  const eventIds = new Map<string, string>();
  for (const event of demoEvents) {
    const [existing] = await db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.communityId, community!.id), eq(events.title, event.title)));
    const id =
      existing?.id ??
      (
        await db
          .insert(events)
          .values({ ...event, communityId: community!.id, timezone: 'Asia/Kolkata' })
          .returning()
      )[0]!.id;
    eventIds.set(event.title, id);
  }

  const panel: [string, PartnerCategory][] = [
    ['Google Cloud', 'Title Sponsor'],
    ['GitHub', 'Gold Sponsor'],
    ['MongoDB', 'Technology Partner'],
  ];
  for (const [index, [name, category]] of panel.entries()) {
    const info = categoryInfo(category);
    const org = DEMO_ORGANIZATIONS.find((o) => o.displayName === name)!;
    await db
      .insert(eventPartnerLinks)
      .values({
        eventId: eventIds.get('HackFest 2026')!,
        organizationId: orgIds.get(name)!,
        displayCategory: category,
        kind: info.kind,
        tierKeyword: info.tierKeyword,
        band: info.band,
        nameSnapshot: name,
        logoUrlSnapshot: `https://logo.clearbit.com/${normalizeWebsiteDomain(org.website)}`,
        websiteSnapshot: org.website,
        benefits: [{ key: 'logo_placement' }],
        displayOrder: index,
      })
      .onConflictDoNothing();
  }
  return {
    communityId: community!.id,
    eventIds: Object.fromEntries(eventIds),
    accounts: DEMO_ACCOUNTS.map((a) => ({ email: a.email, role: a.role ?? 'platform admin' })),
  };
}

/**
 * Local mode (stripe-mock, no STRIPE_SECRET_KEY): the demo community gets a connected account with payouts enabled,
 * as if its Organizer had finished Stripe's onboarding, so a demo deal can go all the way to released money.
 * Idempotent: nothing happens when the community has a payout account. Never called with real Stripe, where only
 * Stripe's account.updated may say payouts are enabled.
 */
export async function seedDemoPayoutAccount(db: TDb, stripe: Stripe): Promise<TPayoutAccount | null> {
  const [community] = await db
    .select({ id: communities.id, name: communities.name })
    .from(communities)
    .where(eq(communities.slug, 'demo-community'));
  if (!community) return null;
  const existing = await findPayoutAccount(db, community.id);
  if (existing) return existing;
  const account = await stripe.accounts.create(
    {
      type: 'express',
      capabilities: { transfers: { requested: true } },
      business_profile: { name: community.name },
      metadata: { communityId: community.id },
    },
    { idempotencyKey: `payout-account:${community.id}` },
  );
  const { account: row } = await insertPayoutAccount(db, {
    communityId: community.id,
    stripeAccountId: account.id,
    createdBy: null,
    state: {
      payoutsEnabled: true,
      chargesEnabled: true,
      detailsSubmitted: true,
      requirements: { currently_due: [], past_due: [], disabled_reason: null },
      country: account.country ?? 'US',
      defaultCurrency: account.default_currency ?? 'usd',
    },
  });
  return row;
}

export function demoAccountLines() {
  return [
    ...DEMO_ACCOUNTS.map((a) => ({
      email: a.email,
      role: a.role ? `${a.role} of Demo Community` : 'platform admin',
    })),
    ...DEMO_ORGANIZATION_ACCOUNTS.map((a) => ({ email: a.email, role: `${a.role} of ${a.organization}` })),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { loadConfigOrExit } = await import('../config.js');
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL) {
    console.error(
      'DATABASE_URL is required for `npm run seed` (npm start seeds its embedded database on first run).',
    );
    process.exit(1);
  }
  const { db, pool } = createDb(config.DATABASE_URL, 2);
  const result = await seed(db, config.SEED_PASSWORD);
  await rebuildDirectory(db, config);
  if (!config.STRIPE_SECRET_KEY && config.STRIPE_API_BASE) {
    const { createStripe } = await import('../infra/stripe.js');
    await seedDemoPayoutAccount(db, createStripe(config));
  }
  await pool.end();
  console.log('Seeded. Demo accounts (password: SEED_PASSWORD or commdesk-demo):');
  for (const account of result.accounts) console.log(`  ${account.email.padEnd(30)} ${account.role}`);
}
