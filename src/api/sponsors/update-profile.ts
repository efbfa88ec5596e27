import type { Actor } from '../../domain/access.js';
import { normalizeWebsiteDomain } from '../../domain/organizations.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  findOrganizationByDomain,
  findOrganizationById,
  insertVerificationRun,
  updateOrganization,
  type TOrganizationRow,
  type TOrganizationValues,
} from '../../db/repositories/organizations-repository.js';
import { AppError } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { requireSupportedCurrency } from '../money.js';
import { requestSearchSync } from '../search-sync.js';
import { decryptContacts, loadAuthorizedOrganization, redactContacts } from './sponsor-profile.js';
import { IDENTITY_FIELDS, type TProfilePatch } from './sponsors.types.js';
import { startVerification } from './verification-client.js';

/** Profile fields copied as sent (budget, contacts and website need more than a copy). */
const COPIED_FIELDS = [
  'legalName',
  'displayName',
  'logoUrl',
  'industry',
  'shortDescription',
  'longDescription',
  'technologies',
  'developerTools',
  'supportedRegions',
  'preferredEventTypes',
  'supportedCommunityTypes',
  'availableSponsorshipTypes',
] as const;

/**
 * A member edits the organization's profile: identity fields need the identity permission, the rest the profile
 * permission. The change and its audit row are one transaction; a website on a new domain also opens a verification
 * run and starts its workflow inside it (the organization is Pending Verification again until a check or a human
 * decides). The search index is asked to catch up once committed.
 */
export async function updateSponsorProfile(
  deps: Pick<TApiDeps, 'db' | 'config' | 'secretBox' | 'temporal' | 'logger'>,
  input: {
    organizationId: string;
    body: TProfilePatch;
    actor: Actor;
    /** Who edits, recorded as the applicant of a verification run the change opens. */
    editor: { name: string; email: string; ip: string };
    requestId: string | undefined;
  },
): Promise<TOrganizationRow> {
  const { db, config, secretBox } = deps;
  const { organizationId, body, actor } = input;
  requireSupportedCurrency(config, body.budgetRange?.currency, 'budgetRange.currency');
  const touchesIdentity = IDENTITY_FIELDS.some((f) => body[f] !== undefined);
  await loadAuthorizedOrganization(
    db,
    actor,
    organizationId,
    touchesIdentity ? 'organization:edit_identity' : 'organization:edit_profile',
  );

  const updated = await db.transaction(async (tx) => {
    const before = (await findOrganizationById(tx, organizationId, true))!;
    const values: Partial<TOrganizationValues> = {};
    for (const field of COPIED_FIELDS) {
      if (body[field] !== undefined) (values as Record<string, unknown>)[field] = body[field];
    }
    if (body.budgetRange !== undefined) {
      Object.assign(values, {
        budgetMinMinor: body.budgetRange?.minMinor ?? null,
        budgetMaxMinor: body.budgetRange?.maxMinor ?? null,
        budgetCurrency: body.budgetRange?.currency ?? null,
      });
    }
    if (body.contacts) {
      const contacts = { ...decryptContacts(secretBox, before.contactsCiphertext), ...body.contacts };
      values.contactsCiphertext = secretBox.encrypt(JSON.stringify(contacts));
    }
    let reverify: { verificationId: string; domain: string } | null = null;
    if (body.website !== undefined && body.website !== before.website) {
      const domain = normalizeWebsiteDomain(body.website);
      if (!domain)
        throw new AppError('BUSINESS_RULE', 'website has no registrable domain', [
          { location: 'body', path: 'website', message: 'must be a public website' },
        ]);
      if (domain !== before.normalizedDomain) {
        const taken = await findOrganizationByDomain(tx, domain);
        if (taken)
          throw new AppError('CONFLICT', `An organization with the domain ${domain} already exists`, {
            field: 'website',
            domain,
          });
        const verification = await insertVerificationRun(tx, {
          organizationId,
          reason: 'website_change',
          applicantName: input.editor.name,
          applicantEmail: input.editor.email,
          applicantIp: input.editor.ip,
          previousStatus: before.status,
        });
        values.normalizedDomain = domain;
        values.status = 'Pending Verification';
        reverify = { verificationId: verification.id, domain };
      }
      values.website = body.website;
    }
    const after = await updateOrganization(tx, organizationId, values);
    const changed = Object.keys(values);
    await writeAudit(tx, {
      actorUserId: actor.userId,
      action: 'organization.profile_updated',
      entityType: 'organization',
      entityId: organizationId,
      before: redactContacts(
        Object.fromEntries(changed.map((k) => [k, before[k as keyof TOrganizationRow]])),
      ),
      after: redactContacts(Object.fromEntries(changed.map((k) => [k, after[k as keyof TOrganizationRow]]))),
      requestId: input.requestId,
    });
    if (reverify)
      await startVerification(deps, {
        organizationId,
        verificationId: reverify.verificationId,
        needsFirstAccount: false,
        names: { organization: after.displayName, domain: reverify.domain, applicant: input.editor.name },
      });
    return after;
  });
  await requestSearchSync(deps, organizationId);
  return updated;
}
