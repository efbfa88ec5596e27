/**
 * The pre-score of open opportunities for one organization (`GET /sponsors/:id/matches`, matched invitations): the
 * part of `scoreMatch` Postgres can compute from an opportunity's own columns (event type, desired category, region,
 * budget overlap), with the same weights, so the opportunities scored in full are the best ones and not merely the
 * ones closing soonest. Signals whose value is the same for every opportunity (the organization states no
 * preference) are left out: they cannot change the order.
 */
import { CATEGORY_INFO, categoryInfo, isPartnerCategory, type PartnerCategory } from './commdesk-facts.js';
import { eventTypeFamily, MATCH_WEIGHTS, type TMatchOrganization } from './matching.js';

export type TOpportunityColumn = 'eventType' | 'desiredCategory' | 'region';

/**
 * One column of an opportunity: the points of the first tier holding its value, `otherwise` for a value in no
 * tier, `nullPoints` when the opportunity has none.
 */
export type TOpportunitySignal = {
  column: TOpportunityColumn;
  tiers: { values: string[]; points: number }[];
  otherwise: number;
  nullPoints: number;
};

export type TOpportunityPrescore = {
  signals: TOpportunitySignal[];
  /** Points times the share of the opportunity's budget range this range covers (same currency). */
  budget: { currency: string; minMinor: number; maxMinor: number; points: number } | null;
};

type TPrescoredOrganization = Pick<
  TMatchOrganization,
  'preferredEventTypes' | 'sponsorshipTypes' | 'supportedRegions' | 'budget'
>;

export function opportunityPrescoreQuery(org: TPrescoredOrganization): TOpportunityPrescore {
  const w = MATCH_WEIGHTS;
  const signals: TOpportunitySignal[] = [];
  if (org.preferredEventTypes.length > 0) {
    signals.push({
      column: 'eventType',
      tiers: [
        { values: [...org.preferredEventTypes], points: w.event_type },
        {
          values: [...new Set(org.preferredEventTypes.flatMap(eventTypeFamily))],
          points: w.event_type * 0.5,
        },
      ],
      otherwise: 0,
      nullPoints: 0,
    });
  }
  if (org.sponsorshipTypes.length > 0) {
    const offered = org.sponsorshipTypes
      .filter(isPartnerCategory)
      .map((o) => categoryInfo(o as PartnerCategory));
    const labels = (f: (i: (typeof CATEGORY_INFO)[number]) => boolean) =>
      CATEGORY_INFO.filter(f).map((i) => i.label as string);
    signals.push({
      column: 'desiredCategory',
      tiers: [
        { values: [...org.sponsorshipTypes], points: w.sponsorship_type },
        {
          values: labels((i) => offered.some((o) => o.band === i.band && o.kind === i.kind)),
          points: w.sponsorship_type * 0.6,
        },
        { values: labels((i) => offered.some((o) => o.kind === i.kind)), points: w.sponsorship_type * 0.3 },
      ],
      otherwise: 0,
      nullPoints: 0,
    });
  }
  if (org.supportedRegions.length > 0) {
    signals.push({
      column: 'region',
      tiers: [{ values: [...org.supportedRegions], points: w.region }],
      otherwise: org.supportedRegions.includes('Global') ? w.region * 0.7 : 0,
      nullPoints: w.region * 0.5,
    });
  }
  return { signals, budget: org.budget ? { ...org.budget, points: w.budget } : null };
}
