import type { TOrganizationDocument } from '../domain/directory.js';
import type { organizations } from '../db/schema/organizations.js';

export type TOrganizationRow = typeof organizations.$inferSelect;

/** The directory's view of one organization: exactly what both search adapters store and return. */
export function toOrganizationDocument(row: TOrganizationRow): TOrganizationDocument {
  return {
    id: row.id,
    kind: row.kind,
    displayName: row.displayName,
    legalName: row.legalName,
    industry: row.industry,
    shortDescription: row.shortDescription,
    website: row.website,
    normalizedDomain: row.normalizedDomain,
    logoUrl: row.logoUrl,
    technologies: row.technologies,
    developerTools: row.developerTools,
    supportedRegions: row.supportedRegions,
    preferredEventTypes: row.preferredEventTypes,
    supportedCommunityTypes: row.supportedCommunityTypes,
    sponsorshipTypes: row.availableSponsorshipTypes,
    budgetMinMinor: row.budgetMinMinor,
    budgetMaxMinor: row.budgetMaxMinor,
    budgetCurrency: row.budgetCurrency,
    status: row.status,
    reputationScore: row.reputationScore,
    createdAt: row.createdAt.toISOString(),
    addedByCommunityId: row.addedByCommunityId,
  };
}

/**
 * Everything besides the name that free text should find, in one string: the trigram index and the
 * tsvector's weight-B part are built from it.
 */
export function searchTextOf(doc: TOrganizationDocument): string {
  return [
    doc.industry,
    doc.shortDescription,
    ...doc.technologies,
    ...doc.developerTools,
    ...doc.supportedRegions,
    ...doc.preferredEventTypes,
    ...doc.sponsorshipTypes,
    doc.normalizedDomain,
    doc.legalName,
  ]
    .filter((part): part is string => !!part && part.trim() !== '')
    .join(' | ');
}
