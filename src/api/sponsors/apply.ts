import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  countActiveAdmins,
  findOrganizationByDomain,
  insertOrganizationIfNew,
  insertVerificationRun,
  updateOrganization,
  type TOrganizationRow,
} from '../../db/repositories/organizations-repository.js';
import { hitRateLimit } from '../../db/repositories/rate-limit-repository.js';
import { emailDomain } from '../../domain/organization-contacts.js';
import { normalizeWebsiteDomain } from '../../domain/organizations.js';
import { emailDomainBelongsTo, type TClaimProposal } from '../../domain/verification.js';
import { AppError } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { requireSupportedCurrency } from '../money.js';
import type { TApplyBody } from './sponsors.types.js';
import { redactContacts } from './sponsor-profile.js';
import { startVerification } from './verification-client.js';

/**
 * An organization applies (or claims a "Community Added" record of its domain): rate limits per address and per
 * email domain, the organization row (a claim changes nothing on it: the proposal waits on the verification run),
 * the verification run, the audit row and the verification workflow, all in one transaction.
 */
export async function applyForVerification(
  deps: Pick<TApiDeps, 'db' | 'config' | 'secretBox' | 'temporal'>,
  input: { body: TApplyBody; ip: string; actorUserId: string | null; requestId: string | undefined },
) {
  const { db, config } = deps;
  const { body, ip } = input;
  requireSupportedCurrency(config, body.budgetRange.currency, 'budgetRange.currency');
  const domain = normalizeWebsiteDomain(body.website);
  if (!domain)
    throw new AppError('BUSINESS_RULE', 'website has no registrable domain', [
      { location: 'body', path: 'website', message: 'must be a public website' },
    ]);
  const applicantDomain = emailDomain(body.officialEmail);
  const [byIp, byDomain] = await Promise.all([
    hitRateLimit(db, `apply:ip:${ip}`, config.APPLY_RATE_WINDOW),
    hitRateLimit(db, `apply:email-domain:${applicantDomain}`, config.APPLY_RATE_WINDOW),
  ]);
  const limited =
    byIp.count > config.APPLY_MAX_PER_IP
      ? byIp
      : byDomain.count > config.APPLY_MAX_PER_EMAIL_DOMAIN
        ? byDomain
        : null;
  if (limited) {
    const retryAfter = Math.max(1, Math.ceil((limited.resetsAt.getTime() - Date.now()) / 1000));
    throw new AppError(
      'RATE_LIMITED',
      `Too many applications ${limited === byIp ? 'from this address' : `from ${applicantDomain}`}; try again in ${retryAfter} s`,
      { retryAfterSeconds: retryAfter },
      { 'Retry-After': String(retryAfter) },
    );
  }

  const profile = {
    kind: body.kind,
    displayName: body.companyName,
    legalName: body.legalName ?? null,
    website: body.website,
    logoUrl: body.logoUrl,
    industry: body.industry,
    shortDescription: body.shortDescription ?? null,
    budgetMinMinor: body.budgetRange.minMinor,
    budgetMaxMinor: body.budgetRange.maxMinor,
    budgetCurrency: body.budgetRange.currency,
    availableSponsorshipTypes: [...new Set(body.sponsorshipTypes)],
  } satisfies TClaimProposal;
  const contactsCiphertext = deps.secretBox.encrypt(
    JSON.stringify({ primaryEmail: body.officialEmail.toLowerCase() }),
  );
  const result = await db.transaction(async (tx) => {
    const existing = await findOrganizationByDomain(tx, domain, true);
    if (existing && existing.status !== 'Community Added' && existing.status !== 'Rejected') {
      throw new AppError('CONFLICT', `An organization with the domain ${domain} already exists`, {
        field: 'website',
        domain,
      });
    }
    const claimed = existing?.status === 'Community Added';
    // Only someone who controls an address at the domain may claim a community's record of it; the
    // confirmation link sent to that address proves it before anything else happens.
    if (claimed && !emailDomainBelongsTo(applicantDomain, domain)) {
      throw new AppError(
        'BUSINESS_RULE',
        `${domain} is already listed; to claim it, apply with an email address at ${domain}`,
        [{ location: 'body', path: 'officialEmail', message: `must be an address at ${domain}` }],
      );
    }
    let org: TOrganizationRow;
    if (claimed) {
      // A claim changes nothing on the organization: the proposal waits on the verification run.
      org = existing;
    } else if (existing) {
      org = await updateOrganization(tx, existing.id, {
        ...profile,
        contactsCiphertext,
        status: 'Pending Verification',
      });
    } else {
      const inserted = await insertOrganizationIfNew(tx, {
        ...profile,
        contactsCiphertext,
        normalizedDomain: domain,
        status: 'Pending Verification',
      });
      // Two applications for one new domain at once: the unique index picks one, the other is a duplicate.
      if (!inserted)
        throw new AppError('CONFLICT', `An organization with the domain ${domain} already exists`, {
          field: 'website',
          domain,
        });
      org = inserted;
    }
    const verification = await insertVerificationRun(tx, {
      organizationId: org.id,
      reason: claimed ? 'claim' : 'application',
      status: claimed ? 'awaiting_confirmation' : 'checking',
      applicantName: body.applicantName,
      applicantEmail: body.officialEmail.toLowerCase(),
      applicantIp: ip,
      previousStatus: existing?.status ?? null,
      ...(claimed ? { proposedProfile: profile, proposedContactsCiphertext: contactsCiphertext } : {}),
    });
    await writeAudit(tx, {
      actorUserId: input.actorUserId,
      action: claimed ? 'organization.claimed' : 'organization.applied',
      entityType: 'organization',
      entityId: org.id,
      before: existing
        ? redactContacts({ status: existing.status, displayName: existing.displayName })
        : null,
      after: claimed
        ? { status: org.status, verificationId: verification.id, proposedDisplayName: profile.displayName }
        : redactContacts({
            status: org.status,
            displayName: org.displayName,
            kind: org.kind,
            normalizedDomain: domain,
          }),
      requestId: input.requestId,
    });
    // Started inside the transaction: if Temporal refuses, nothing is written; if the commit fails
    // afterwards, the workflow's first activity finds no row and fails visibly instead of acting.
    await startVerification(deps, {
      organizationId: org.id,
      verificationId: verification.id,
      needsFirstAccount: (await countActiveAdmins(tx, org.id)) === 0,
      claim: claimed,
      names: { organization: org.displayName, domain, applicant: body.applicantName },
    }).catch((err: unknown) => {
      if (claimed && err instanceof WorkflowExecutionAlreadyStartedError)
        throw new AppError('CONFLICT', `A claim of ${domain} is already waiting for confirmation or review`, {
          field: 'website',
          domain,
        });
      throw err;
    });
    return { org, claimed };
  });
  return {
    id: result.org.id,
    status: result.org.status,
    kind: profile.kind,
    displayName: profile.displayName,
    claimed: result.claimed,
    verification: result.claimed ? ('awaiting_confirmation' as const) : ('checking' as const),
  };
}
