import type { TBenefit } from './event-partners.js';
import {
  OUTREACH_COMMUNITY_STATUSES,
  type CommunityStatus,
  type OrganizationStatus,
  type PartnerCategory,
} from './commdesk-facts.js';

export const REQUEST_STATUSES = [
  'Pending',
  'Negotiation',
  'Accepted',
  'Rejected',
  'Withdrawn',
  'Expired',
] as const;
export type TRequestStatus = (typeof REQUEST_STATUSES)[number];
export const OPEN_REQUEST_STATUSES: readonly TRequestStatus[] = ['Pending', 'Negotiation'];

/**
 * A request's timeline steps: the opening, each counter-offer, the outcome (its status in lower case), and the
 * reconciler's repair (reconciled, or needs_attention when a person must look).
 */
export const REQUEST_TIMELINE_TYPES = [
  'opened',
  'counter',
  'accepted',
  'rejected',
  'withdrawn',
  'expired',
  'reconciled',
  'needs_attention',
] as const;

export type TSide = 'community' | 'organization';

export type TProposal = {
  amountMinor: number;
  currency: string;
  category: PartnerCategory;
  benefits: TBenefit[];
  terms: string;
};

export type TNegotiationState = {
  status: TRequestStatus;
  initiator: TSide;
  currentRevision: number;
  /** Who wrote the current revision: the other side holds the turn. */
  currentAuthor: TSide;
};

export type TNegotiationAction =
  | { type: 'counter'; by: TSide; inReplyToRevision: number }
  | { type: 'accept'; by: TSide; revision: number }
  | { type: 'reject'; by: TSide; revision: number }
  | { type: 'withdraw'; by: TSide }
  | { type: 'message'; by: TSide }
  | { type: 'expire' };

export type TRuleViolation = {
  code: 'STALE_REVISION' | 'NOT_YOUR_TURN' | 'WRONG_STATE' | 'NOT_INITIATOR';
  message: string;
};

const open = (s: TNegotiationState) => OPEN_REQUEST_STATUSES.includes(s.status);

/** The guard of every transition: null when allowed, otherwise why not (mapped to 409 by callers). */
export function violation(state: TNegotiationState, action: TNegotiationAction): TRuleViolation | null {
  switch (action.type) {
    case 'message':
      return open(state) || state.status === 'Accepted'
        ? null
        : { code: 'WRONG_STATE', message: `the request is ${state.status}; messages are closed` };
    case 'expire':
      return open(state) ? null : { code: 'WRONG_STATE', message: `the request is already ${state.status}` };
    case 'withdraw':
      if (!open(state))
        return {
          code: 'WRONG_STATE',
          message: `the request is ${state.status} and can no longer be withdrawn`,
        };
      return action.by === state.initiator
        ? null
        : { code: 'NOT_INITIATOR', message: 'only the side that opened the request may withdraw it' };
    case 'counter':
    case 'accept':
    case 'reject': {
      if (!open(state)) return { code: 'WRONG_STATE', message: `the request is ${state.status}` };
      const named = action.type === 'counter' ? action.inReplyToRevision : action.revision;
      if (named !== state.currentRevision) {
        return {
          code: 'STALE_REVISION',
          message: `revision ${named} is not the current one (${state.currentRevision})`,
        };
      }
      if (action.by === state.currentAuthor) {
        return {
          code: 'NOT_YOUR_TURN',
          message: `your side wrote revision ${state.currentRevision}; wait for the other side's answer`,
        };
      }
      return null;
    }
  }
}

/** Both parties of a request as the database last showed them. */
export type TPartyStanding = {
  community: { name: string; status: CommunityStatus };
  organization: { name: string; status: OrganizationStatus };
};

/** Organization statuses that may take part in the marketplace (a Disabled one may not). */
export const MARKETPLACE_ORGANIZATION_STATUSES: readonly OrganizationStatus[] = ['Verified', 'Active'];

/**
 * Whether a step that moves a request forward (counter, accept, message) may happen: both parties must be in good
 * standing. Winding down (reject, withdraw, expiry) is always possible. Checked by the workflow's validators and
 * again, under the lock, by the activity that writes the step (the database is the authority).
 */
export function standingViolation(
  standing: TPartyStanding,
): { code: 'PARTY_INELIGIBLE'; message: string } | null {
  const { community, organization } = standing;
  if (!MARKETPLACE_ORGANIZATION_STATUSES.includes(organization.status))
    return {
      code: 'PARTY_INELIGIBLE',
      message: `${organization.name} is ${organization.status}: no counter-offer, acceptance or message is possible on its requests`,
    };
  if (!OUTREACH_COMMUNITY_STATUSES.includes(community.status))
    return {
      code: 'PARTY_INELIGIBLE',
      message: `the community ${community.name} is ${community.status}: no counter-offer, acceptance or message is possible on its requests`,
    };
  return null;
}

/** The state after an allowed action (call `violation` first). */
export function transition(state: TNegotiationState, action: TNegotiationAction): TNegotiationState {
  switch (action.type) {
    case 'counter':
      return {
        ...state,
        status: 'Negotiation',
        currentRevision: state.currentRevision + 1,
        currentAuthor: action.by,
      };
    case 'accept':
      return { ...state, status: 'Accepted' };
    case 'reject':
      return { ...state, status: 'Rejected' };
    case 'withdraw':
      return { ...state, status: 'Withdrawn' };
    case 'expire':
      return { ...state, status: 'Expired' };
    case 'message':
      return state;
  }
}

export type TProposalDiff = {
  amountMinor?: { from: number; to: number };
  currency?: { from: string; to: string };
  category?: { from: string; to: string };
  benefitsAdded: TBenefit[];
  benefitsRemoved: TBenefit[];
  benefitsChanged: { key: string; from: TBenefit; to: TBenefit }[];
  termsChanged: boolean;
};

const benefitKey = (b: TBenefit) => (b.key === 'custom' ? `custom:${b.label ?? ''}` : b.key);

/** What a counter-offer changed, shown beside the previous revision. */
export function diffProposals(previous: TProposal, next: TProposal): TProposalDiff {
  const before = new Map(previous.benefits.map((b) => [benefitKey(b), b]));
  const after = new Map(next.benefits.map((b) => [benefitKey(b), b]));
  return {
    ...(previous.amountMinor !== next.amountMinor
      ? { amountMinor: { from: previous.amountMinor, to: next.amountMinor } }
      : {}),
    ...(previous.currency !== next.currency
      ? { currency: { from: previous.currency, to: next.currency } }
      : {}),
    ...(previous.category !== next.category
      ? { category: { from: previous.category, to: next.category } }
      : {}),
    benefitsAdded: [...after].filter(([k]) => !before.has(k)).map(([, b]) => b),
    benefitsRemoved: [...before].filter(([k]) => !after.has(k)).map(([, b]) => b),
    benefitsChanged: [...after]
      .filter(([k, b]) => before.has(k) && JSON.stringify(before.get(k)) !== JSON.stringify(b))
      .map(([k, b]) => ({ key: k, from: before.get(k)!, to: b })),
    termsChanged: previous.terms !== next.terms,
  };
}
