import type { TDbOrTx } from '../db/client.js';
import {
  openOpportunitiesForMatching,
  organizationHistories,
  organizationListedEvents,
} from '../db/repositories/matching-repository.js';
import { storedReputations } from '../db/repositories/reputation-repository.js';
import type { TOrganizationDocument } from '../domain/directory.js';
import {
  candidateQuery,
  conceptsOf,
  rankMatches,
  scoreMatch,
  type TMatch,
  type TMatchOpportunity,
  type TMatchOrganization,
} from '../domain/matching.js';
import { opportunityPrescoreQuery } from '../domain/opportunity-prescore.js';
import { median } from '../domain/reputation.js';
import type { SearchIndex } from './search-index.js';

/**
 * Organizations scored per matching. The pre-score (candidatePrescore) covers 65 of the 100 points, with the same
 * weights: at 100k generated organizations the top 300 by pre-score held 93% of the exhaustive top 10 (the rest are
 * near-ties: the 10th score differed by 0.2 points on average), and cost 300 documents read and scored.
 */
export const MATCH_CANDIDATES = 300;
/**
 * Open opportunities scored for one organization: the best by the pre-score Postgres computes from their columns
 * (event type, desired category, region, budget: 55 of the 100 points), so one closing late is not left out.
 */
const MAX_OPPORTUNITIES = 2_000;

export type TOpportunityForMatching = TMatchOpportunity & { communityId: string };

/**
 * Candidates for an opportunity, from the SearchIndex port only (Meilisearch when configured, Postgres otherwise):
 * the organizations preferring the event type's family, the best MATCH_CANDIDATES by the cheap pre-score the index
 * computes (Postgres: one statement with a top-N sort; Meilisearch: filtered queries re-ranked). Visibility is the
 * index's: public organizations, plus the "Community Added" ones of the opportunity's own community.
 */
export async function organizationCandidates(
  index: SearchIndex,
  opportunity: TOpportunityForMatching,
  eventConcepts: Set<string>,
): Promise<TOrganizationDocument[]> {
  return index.matchCandidates(
    candidateQuery(opportunity, eventConcepts, [opportunity.communityId], MATCH_CANDIDATES),
  );
}

export type TOrganizationMatch = { id: string; organization: TOrganizationDocument; match: TMatch };

/** Organizations ranked for an opportunity, best first, with their reasons. */
export async function matchOrganizations(
  deps: { db: TDbOrTx; searchIndex: SearchIndex },
  opportunity: TOpportunityForMatching,
  opts: { limit: number; now?: Date },
): Promise<{ matches: TOrganizationMatch[]; candidates: number }> {
  const now = opts.now ?? new Date();
  const eventConcepts = conceptsOf([opportunity.eventCategory, opportunity.text]);
  const candidates = await organizationCandidates(deps.searchIndex, opportunity, eventConcepts);
  const ids = candidates.map((c) => c.id);
  const [histories, reputations] = await Promise.all([
    organizationHistories(deps.db, ids, { type: opportunity.eventType, category: opportunity.eventCategory }),
    // The published score with its snapshot (the directory keeps only the rounded integer).
    storedReputations(deps.db, 'organization', ids),
  ]);
  const scored = candidates.map((doc) => {
    const history = histories.get(doc.id);
    const org: TMatchOrganization = {
      preferredEventTypes: doc.preferredEventTypes,
      sponsorshipTypes: doc.sponsorshipTypes,
      supportedRegions: doc.supportedRegions,
      technologies: doc.technologies,
      developerTools: doc.developerTools,
      industry: doc.industry,
      shortDescription: doc.shortDescription,
      budget:
        doc.budgetMinMinor !== null && doc.budgetMaxMinor !== null && doc.budgetCurrency
          ? { minMinor: doc.budgetMinMinor, maxMinor: doc.budgetMaxMinor, currency: doc.budgetCurrency }
          : null,
      similarEvents: history?.similarEvents ?? 0,
      typicalAudience: history?.typicalAudience ?? null,
      lastActiveAt: history?.lastActiveAt ?? doc.createdAt,
    };
    return {
      id: doc.id,
      organization: doc,
      match: scoreMatch(
        opportunity,
        org,
        // The snapshot's score; before the first recomputation, the directory's (a 0 there means never scored).
        { counterpartReputation: reputations.get(doc.id)?.score ?? (doc.reputationScore || null), now },
        eventConcepts,
      ),
    };
  });
  return { matches: rankMatches(scored).slice(0, opts.limit), candidates: candidates.length };
}

export type TOpportunityRowForMatching = Awaited<ReturnType<typeof openOpportunitiesForMatching>>[number];

/** The matching view of an opportunity row (its event snapshot, written at publication). */
export function opportunityForMatching(
  row: TOpportunityRowForMatching['opportunity'],
): TOpportunityForMatching {
  const event = row.eventSnapshot as {
    type: string;
    category: string;
    region: string | null;
    expectedParticipants: number | null;
  };
  return {
    communityId: row.communityId,
    eventType: event.type,
    eventCategory: event.category,
    region: event.region ?? null,
    expectedParticipants: event.expectedParticipants ?? null,
    desiredCategory: row.desiredCategory,
    budget: { minMinor: row.budgetMinMinor, maxMinor: row.budgetMaxMinor, currency: row.currency },
    text: [row.title, row.description].filter(Boolean).join('. '),
  };
}

export type TOpportunityMatch = { id: string; row: TOpportunityRowForMatching; match: TMatch };

/**
 * Open opportunities ranked for an organization: its own profile and public listings against each opportunity;
 * the `reputation` signal is the community's and `recency` the opportunity's last update.
 */
export async function matchOpportunities(
  deps: { db: TDbOrTx },
  org: TOrganizationDocument,
  opts: { limit: number; now?: Date },
): Promise<{ matches: TOpportunityMatch[]; candidates: number }> {
  const now = opts.now ?? new Date();
  const budget =
    org.budgetMinMinor !== null && org.budgetMaxMinor !== null && org.budgetCurrency
      ? { minMinor: org.budgetMinMinor, maxMinor: org.budgetMaxMinor, currency: org.budgetCurrency }
      : null;
  const prescore = opportunityPrescoreQuery({ ...org, budget });
  const [rows, listed] = await Promise.all([
    openOpportunitiesForMatching(deps.db, MAX_OPPORTUNITIES, prescore),
    organizationListedEvents(deps.db, org.id),
  ]);
  const reputations = await storedReputations(deps.db, 'community', [
    ...new Set(rows.map((r) => r.opportunity.communityId)),
  ]);
  const typicalAudience = median(listed.flatMap((e) => (e.participants ? [Number(e.participants)] : [])));
  const scored = rows.map((row) => {
    const opportunity = opportunityForMatching(row.opportunity);
    const match = scoreMatch(
      opportunity,
      {
        preferredEventTypes: org.preferredEventTypes,
        sponsorshipTypes: org.sponsorshipTypes,
        supportedRegions: org.supportedRegions,
        technologies: org.technologies,
        developerTools: org.developerTools,
        industry: org.industry,
        shortDescription: org.shortDescription,
        budget,
        similarEvents: listed.filter(
          (e) => e.type === opportunity.eventType || e.category === opportunity.eventCategory,
        ).length,
        typicalAudience,
        lastActiveAt: row.opportunity.updatedAt.toISOString(),
      },
      {
        counterpartReputation: reputations.get(row.opportunity.communityId)?.score ?? null,
        now,
      },
    );
    return { id: row.opportunity.id, row, match };
  });
  return { matches: rankMatches(scored).slice(0, opts.limit), candidates: rows.length };
}
