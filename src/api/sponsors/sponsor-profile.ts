import type { Actor } from '../../domain/access.js';
import { can } from '../../domain/access.js';
import { PUBLIC_DIRECTORY_STATUSES } from '../../domain/directory.js';
import type { TContacts } from '../../domain/organization-contacts.js';
import type { TDbOrTx } from '../../db/client.js';
import {
  latestVerification,
  organizationReach,
  type TOrganizationRow,
} from '../../db/repositories/organizations-repository.js';
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
  const [reach, verification] = await Promise.all([
    organizationReach(db, org.id),
    insider ? latestVerification(db, org.id) : undefined,
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
    // Communities in an active deal will also see contacts once deals exist (the negotiation issue).
    contacts: insider
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
    verification: verification
      ? {
          status: verification.status,
          riskScore: verification.riskScore,
          signals: verification.signals ?? [],
        }
      : null,
    createdAt: org.createdAt.toISOString(),
    updatedAt: org.updatedAt.toISOString(),
  };
}
