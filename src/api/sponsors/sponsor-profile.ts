import type { Actor } from '../../domain/access.js';
import { can, type Action } from '../../domain/access.js';
import { notFound } from '../../errors.js';
import { authorize } from '../authorize.js';
import { PUBLIC_DIRECTORY_STATUSES } from '../../domain/directory.js';
import type { TContacts } from '../../domain/organization-contacts.js';
import type { TDbOrTx } from '../../db/client.js';
import {
  findOrganizationById,
  hasActiveDeal,
  latestVerification,
  organizationReach,
  type TOrganizationRow,
} from '../../db/repositories/organizations-repository.js';
import { reputationOf } from '../../db/repositories/reputation-repository.js';
import type { SecretBox } from '../../infra/secret-box.js';
import type { TSponsorProfile } from './sponsors.types.js';

/** Who may see an organization at all: public ones to everyone, the rest to their members, adders and admins. */
export function canView(actor: Actor | null, org: TOrganizationRow): boolean {
  if (PUBLIC_DIRECTORY_STATUSES.includes(org.status)) return true;
  if (!actor) return false;
  if (
    actor.isPlatformAdmin ||
    actor.organizations.some((m) => m.organizationId === org.id && m.status === 'active')
  )
    return true;
  return (
    org.status === 'Community Added' &&
    actor.communities.some((m) => m.communityId === org.addedByCommunityId && m.status === 'Active')
  );
}

/** The organization, if the caller may see it (404 otherwise) and may do `action` on it (403 otherwise). */
export async function loadAuthorizedOrganization(
  db: TDbOrTx,
  actor: Actor | null,
  organizationId: string,
  action: Action,
): Promise<TOrganizationRow> {
  const org = await findOrganizationById(db, organizationId);
  if (!org || !canView(actor, org)) throw notFound('Organization');
  authorize(actor, action, { type: 'organization', organizationId, organizationStatus: org.status });
  return org;
}

export function decryptContacts(secretBox: SecretBox, sealed: string | null): TContacts {
  return sealed ? (JSON.parse(secretBox.decrypt(sealed)) as TContacts) : {};
}

export async function buildProfile(
  db: TDbOrTx,
  secretBox: SecretBox,
  actor: Actor | null,
  org: TOrganizationRow,
): Promise<TSponsorProfile> {
  const insider = can(actor, 'organization:read_private', {
    type: 'organization',
    organizationId: org.id,
    organizationStatus: org.status,
  }).allowed;
  const [reach, verification, dealPartner, reputation] = await Promise.all([
    organizationReach(db, org.id),
    insider ? latestVerification(db, org.id) : undefined,
    !insider && actor
      ? hasActiveDeal(
          db,
          org.id,
          actor.communities.filter((m) => m.status === 'Active').map((m) => m.communityId),
        )
      : false,
    reputationOf(db, { type: 'organization', id: org.id }),
  ]);
  return {
    id: org.id,
    kind: org.kind,
    identity: {
      legalName: org.legalName,
      displayName: org.displayName,
      logoUrl: org.logoUrl,
      website: org.website,
      normalizedDomain: org.normalizedDomain,
      industry: org.industry,
      shortDescription: org.shortDescription,
      longDescription: org.longDescription,
    },
    capability: {
      technologies: org.technologies,
      developerTools: org.developerTools,
      supportedRegions: org.supportedRegions,
      preferredEventTypes: org.preferredEventTypes,
      supportedCommunityTypes: org.supportedCommunityTypes,
      budgetRange:
        org.budgetMinMinor !== null && org.budgetMaxMinor !== null && org.budgetCurrency
          ? { minMinor: org.budgetMinMinor, maxMinor: org.budgetMaxMinor, currency: org.budgetCurrency }
          : null,
      availableSponsorshipTypes: org.availableSponsorshipTypes,
    },
    contacts:
      insider || dealPartner
        ? {
            primaryEmail: null,
            businessEmail: null,
            devRelEmail: null,
            hiringEmail: null,
            billingEmail: null,
            ...decryptContacts(secretBox, org.contactsCiphertext),
          }
        : null,
    trust: {
      verificationStatus: org.status,
      reputationScore: org.reputationScore,
      communitiesSupportedCount: reach.communities,
      eventsSponsoredCount: reach.events,
      developersReachedCount: reach.developers,
    },
    reputation,
    verification: verification
      ? {
          status: verification.status,
          riskScore: verification.riskScore,
          signals: verification.signals ?? [],
          claim:
            verification.proposedProfile && actor?.isPlatformAdmin
              ? {
                  applicantName: verification.applicantName,
                  applicantEmail: verification.applicantEmail,
                  confirmedAt: verification.confirmedAt?.toISOString() ?? null,
                  proposed: {
                    kind: verification.proposedProfile.kind,
                    displayName: verification.proposedProfile.displayName,
                    legalName: verification.proposedProfile.legalName,
                    website: verification.proposedProfile.website,
                    logoUrl: verification.proposedProfile.logoUrl,
                    industry: verification.proposedProfile.industry,
                    shortDescription: verification.proposedProfile.shortDescription,
                    budgetRange: {
                      minMinor: verification.proposedProfile.budgetMinMinor,
                      maxMinor: verification.proposedProfile.budgetMaxMinor,
                      currency: verification.proposedProfile.budgetCurrency,
                    },
                    availableSponsorshipTypes: verification.proposedProfile.availableSponsorshipTypes,
                  },
                }
              : null,
        }
      : null,
    createdAt: org.createdAt.toISOString(),
    updatedAt: org.updatedAt.toISOString(),
  };
}

/** Logs which contact fields changed, never their values. */
export function redactContacts(values: Record<string, unknown>) {
  return 'contactsCiphertext' in values ? { ...values, contactsCiphertext: '[encrypted]' } : values;
}
