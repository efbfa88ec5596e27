import { randomUUID } from 'node:crypto';
import { and, desc, eq, like } from 'drizzle-orm';
import { emailOutbox, organizations, organizationVerifications } from '../../src/db/schema/index.js';
import { createSessionToken, createUser } from './fixtures.js';
import { waitFor } from './receiver.js';
import type { TTestStack } from './stack.js';

export const STRONG_PASSWORD = 'violet-harbor-quantum-71';

export function applicationBody(overrides: Record<string, unknown> = {}) {
  const slug = `acme-${randomUUID().slice(0, 8)}`;
  return {
    kind: 'sponsor',
    companyName: `Acme ${slug}`,
    logoUrl: `https://${slug}.io/logo.png`,
    website: `https://www.${slug}.io`,
    officialEmail: `devrel@${slug}.io`,
    applicantName: 'Ana Ruiz',
    industry: 'Cloud',
    budgetRange: { minMinor: 5_000_000, maxMinor: 20_000_000, currency: 'INR' },
    sponsorshipTypes: ['Cash', 'Credits'],
    shortDescription: 'Developer cloud platform.',
    ...overrides,
  };
}

let ipCounter = 0;
/** A distinct client address per application, so the per-IP limit only bites where a test wants it. */
export const nextIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

export async function apply(stack: TTestStack, body: Record<string, unknown>, ip = nextIp()) {
  return stack.request('POST', '/api/v1/sponsors/apply', { body, headers: { 'x-forwarded-for': ip } });
}

export async function adminToken(stack: TTestStack) {
  return createSessionToken(stack.db, (await createUser(stack.db, { isPlatformAdmin: true })).id);
}

export async function organizationStatus(stack: TTestStack, id: string) {
  const [row] = await stack.db
    .select({ status: organizations.status })
    .from(organizations)
    .where(eq(organizations.id, id));
  return row?.status;
}

export async function waitForStatus(stack: TTestStack, id: string, status: string, timeoutMs = 15_000) {
  await waitFor(
    async () => (await organizationStatus(stack, id)) === status,
    timeoutMs,
    `organization ${status}`,
  );
}

export async function latestVerificationStatus(stack: TTestStack, organizationId: string) {
  const [row] = await stack.db
    .select()
    .from(organizationVerifications)
    .where(eq(organizationVerifications.organizationId, organizationId))
    .orderBy(desc(organizationVerifications.run))
    .limit(1);
  return row;
}

export async function waitForVerification(stack: TTestStack, organizationId: string, status: string) {
  return waitFor(
    async () => {
      const row = await latestVerificationStatus(stack, organizationId);
      return row?.status === status ? row : null;
    },
    15_000,
    `verification ${status}`,
  );
}

export async function emailsTo(stack: TTestStack, to: string, keyPrefix?: string) {
  return stack.db
    .select()
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.to, to.toLowerCase()),
        keyPrefix ? like(emailOutbox.idempotencyKey, `${keyPrefix}%`) : undefined,
      ),
    )
    .orderBy(emailOutbox.createdAt);
}

/** The token of the newest activation/invitation email to `to` (waits for it). */
export async function linkTokenFor(
  stack: TTestStack,
  to: string,
  keyPrefix = 'activation:',
  count = 1,
): Promise<string> {
  const mails = await waitFor(
    async () => {
      const found = await emailsTo(stack, to, keyPrefix);
      return found.length >= count ? found : null;
    },
    30_000,
    `email ${keyPrefix} to ${to}`,
  );
  return /token=([A-Za-z0-9_-]+)/.exec(mails[mails.length - 1]!.body)![1]!;
}
