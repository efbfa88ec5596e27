import type { OrganizationStatus, PartnerKind } from './commdesk-facts.js';

/** What the directory indexes for one organization (both search adapters store exactly this). */
export type TOrganizationDocument = {
  id: string;
  kind: PartnerKind;
  displayName: string;
  legalName: string | null;
  industry: string | null;
  shortDescription: string | null;
  website: string;
  normalizedDomain: string;
  logoUrl: string | null;
  technologies: string[];
  developerTools: string[];
  supportedRegions: string[];
  preferredEventTypes: string[];
  supportedCommunityTypes: string[];
  sponsorshipTypes: string[];
  budgetMinMinor: number | null;
  budgetMaxMinor: number | null;
  budgetCurrency: string | null;
  status: OrganizationStatus;
  reputationScore: number;
  /** ISO time the organization was created; "newest" sorts on it. */
  createdAt: string;
  /** Set for "Community Added" organizations: only that community sees them in the directory. */
  addedByCommunityId: string | null;
};

export const DIRECTORY_SORTS = ['relevance', 'reputation', 'name', 'newest'] as const;
export type TDirectorySort = (typeof DIRECTORY_SORTS)[number];

export const DIRECTORY_FACETS = [
  'kind',
  'industry',
  'technologies',
  'supportedRegions',
  'preferredEventTypes',
  'sponsorshipTypes',
  'status',
] as const;
export type TDirectoryFacet = (typeof DIRECTORY_FACETS)[number];

/** Statuses listed publicly; "Community Added" only to the community that added the organization. */
export const PUBLIC_DIRECTORY_STATUSES: readonly OrganizationStatus[] = ['Verified', 'Active'];

export type TDirectoryQuery = {
  /** Free text, typo tolerant ("gogle cloud" finds Google Cloud). */
  q?: string;
  kind?: PartnerKind;
  industries?: string[];
  /** Each filter array matches organizations having ANY of the values (OR within, AND across filters). */
  technologies?: string[];
  regions?: string[];
  eventTypes?: string[];
  sponsorshipTypes?: string[];
  /** Subset of PUBLIC_DIRECTORY_STATUSES ("Verified", "Active"). */
  statuses?: OrganizationStatus[];
  /** Budget band: organizations whose [min, max] budget range overlaps [minMinor, maxMinor] in this currency. */
  budget?: { currency: string; minMinor?: number; maxMinor?: number };
  sort: TDirectorySort;
  page: number;
  limit: number;
  /** Communities whose "Community Added" organizations the caller may also see. */
  visibleCommunityIds: string[];
  /**
   * false: skip the facet counts (the result's facets are all empty), for callers that only read hits and
   * total (smart matching); counting facets reads every matching row's every value. Default true.
   */
  facets?: boolean;
};

export type TDirectoryResult = {
  hits: TOrganizationDocument[];
  total: number;
  /** Counts per value for each facet, over the whole filtered result (not just this page); all empty when the
   * query asked for `facets: false`. */
  facets: Record<TDirectoryFacet, Record<string, number>>;
};
