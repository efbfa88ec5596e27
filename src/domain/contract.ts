import type { CommunityRole, OrganizationRole } from './commdesk-facts.js';
import type { TSide } from './negotiation.js';

/**
 * Draft -> PendingSignature -> Signed -> Completed, or Cancelled, Expired, Disputed. Completed and Disputed are set
 * by the fulfillment and money steps; this module owns the signing part.
 */
export const CONTRACT_STATUSES = [
  'Draft',
  'PendingSignature',
  'Signed',
  'Completed',
  'Cancelled',
  'Expired',
  'Disputed',
] as const;
export type TContractStatus = (typeof CONTRACT_STATUSES)[number];

/** A contract's timeline and evidence steps, from creation to sealing, cancellation, expiry and disputes. */
export const CONTRACT_EVENT_TYPES = [
  'created',
  'generated',
  'signed',
  'reminder',
  'sealed',
  'expired',
  'completed',
  'cancelled',
  'cancellation_proposed',
  'cancellation_declined',
  'cancellation_withdrawn',
  'cancellation_lapsed',
  'disputed',
  'dispute_settled',
] as const;
/** A deal has at most one contract in these statuses; after a Cancelled or Expired one a new one may start. */
export const LIVE_CONTRACT_STATUSES: readonly TContractStatus[] = [
  'Draft',
  'PendingSignature',
  'Signed',
  'Completed',
  'Disputed',
];

export const SIDES: readonly TSide[] = ['community', 'organization'];

/** Who signs for the community (commdesk-facts roles): its Organizer or its Partnerships/Sponsorship Lead. */
export const COMMUNITY_SIGNER_ROLES: readonly CommunityRole[] = [
  'Organizer',
  'Partnerships Lead',
  'Sponsorship Lead',
];
/** Who signs for the organization: its admin, or a member the admin delegated as signer. */
export const ORGANIZATION_SIGNER_ROLES: readonly OrganizationRole[] = ['Sponsor Admin', 'Partner Admin'];

export type TContractState = {
  status: TContractStatus;
  /** SHA-256 (hex) of the document the parties sign; null until generated. */
  documentSha256: string | null;
  /** When true the sides sign in `order`; otherwise in any order (the default). */
  sequential: boolean;
  order: TSide[];
  signedBy: TSide[];
};

export type TContractAction =
  | { type: 'generated'; documentSha256: string }
  | { type: 'sign'; side: TSide; documentSha256: string }
  | { type: 'cancel'; side: TSide }
  | { type: 'expire' }
  | { type: 'seal' }
  /** Both parties agreed to end a signed contract (the template's "written agreement of both parties"). */
  | { type: 'cancelByAgreement' };

export type TContractViolation = {
  code: 'WRONG_STATE' | 'DOCUMENT_CHANGED' | 'OUT_OF_ORDER';
  message: string;
};

const bothSigned = (s: TContractState) => SIDES.every((side) => s.signedBy.includes(side));

/** Whether every party has signed (the document is then sealed and the contract becomes Signed). */
export const fullySigned = bothSigned;

/**
 * The guard of every transition: null when allowed, otherwise why not (409 for callers). A side that already signed
 * is not a violation here: `alreadySigned` tells callers to answer with the recorded signature instead (idempotent).
 */
export function contractViolation(state: TContractState, action: TContractAction): TContractViolation | null {
  switch (action.type) {
    case 'generated':
      return state.status === 'Draft'
        ? null
        : { code: 'WRONG_STATE', message: `the contract is ${state.status}; it was generated already` };
    case 'sign': {
      if (state.status !== 'PendingSignature' || bothSigned(state))
        return { code: 'WRONG_STATE', message: `the contract is ${state.status}; it cannot be signed` };
      if (action.documentSha256 !== state.documentSha256)
        return {
          code: 'DOCUMENT_CHANGED',
          message: `the document you signed (${action.documentSha256}) is not the current one (${state.documentSha256}); reload it and sign again`,
        };
      if (state.sequential) {
        const waitingFor = state.order.find((side) => !state.signedBy.includes(side));
        if (waitingFor && waitingFor !== action.side)
          return {
            code: 'OUT_OF_ORDER',
            message: `this contract is signed in order: the ${waitingFor} signs first`,
          };
      }
      return null;
    }
    case 'cancel':
      return state.status === 'Draft' || (state.status === 'PendingSignature' && !bothSigned(state))
        ? null
        : {
            code: 'WRONG_STATE',
            message: `the contract is ${state.status}${bothSigned(state) ? ' and signed by both parties' : ''}; it can no longer be cancelled`,
          };
    case 'expire':
      return state.status === 'PendingSignature' && !bothSigned(state)
        ? null
        : { code: 'WRONG_STATE', message: `the contract is ${state.status}` };
    case 'seal':
      return state.status === 'PendingSignature' && bothSigned(state)
        ? null
        : { code: 'WRONG_STATE', message: 'only a contract signed by both parties is sealed' };
    case 'cancelByAgreement':
      return state.status === 'Signed'
        ? null
        : {
            code: 'WRONG_STATE',
            message: `the contract is ${state.status}; only a Signed contract is cancelled by agreement of both parties`,
          };
  }
}

export const alreadySigned = (state: TContractState, side: TSide) => state.signedBy.includes(side);

/** The state after an allowed action (call `contractViolation` first). */
export function contractTransition(state: TContractState, action: TContractAction): TContractState {
  switch (action.type) {
    case 'generated':
      return { ...state, status: 'PendingSignature', documentSha256: action.documentSha256 };
    case 'sign':
      return state.signedBy.includes(action.side)
        ? state
        : { ...state, signedBy: [...state.signedBy, action.side] };
    case 'cancel':
      return { ...state, status: 'Cancelled' };
    case 'expire':
      return { ...state, status: 'Expired' };
    case 'seal':
      return { ...state, status: 'Signed' };
    case 'cancelByAgreement':
      return { ...state, status: 'Cancelled' };
  }
}

/**
 * The money step's part of the state machine: a Signed (or Completed) contract is Disputed while its payment has an
 * open dispute (a party's, or a chargeback at Stripe); once none is open it goes back to Signed, or on to Completed
 * when its fulfillment completed meanwhile (the fulfillment step leaves a Disputed contract as it is). Null: no change
 * (a Cancelled or Expired contract stays so, and a repeat changes nothing).
 */
export function contractDisputeTransition(
  status: TContractStatus,
  event: { type: 'opened' } | { type: 'closed'; fulfilled: boolean },
): TContractStatus | null {
  if (event.type === 'opened') return status === 'Signed' || status === 'Completed' ? 'Disputed' : null;
  if (status !== 'Disputed') return null;
  return event.fulfilled ? 'Completed' : 'Signed';
}

/** The caller's memberships as the session carries them (access.ts `Actor`, narrowed to what signing needs). */
export type TSignerMemberships = {
  communities: { communityId: string; role: CommunityRole; status: string }[];
  organizations: { organizationId: string; role: OrganizationRole; status: string }[];
};

export type TSigningAuthority =
  /** Not a party at all: everything about the contract is 404 for them. */
  | { party: null }
  /** A party who may read the contract; `signer` says whether they may sign for their side, and if not, why. */
  | { party: TSide; signer: true }
  | { party: TSide; signer: false; reason: string };

/**
 * Which side the caller belongs to and whether they may sign for it. An active member of either party may read the
 * contract; signing needs the community's Organizer or Partnerships/Sponsorship Lead, or the organization's
 * Sponsor/Partner Admin or a member the admin delegated as signer (`delegatedSigner`).
 */
export function signingAuthority(
  who: TSignerMemberships,
  parties: { communityId: string; organizationId: string },
  delegatedSigner: boolean,
): TSigningAuthority {
  const community = who.communities.find(
    (m) => m.communityId === parties.communityId && m.status === 'Active',
  );
  const organization = who.organizations.find(
    (m) => m.organizationId === parties.organizationId && m.status === 'active',
  );
  if (community && COMMUNITY_SIGNER_ROLES.includes(community.role))
    return { party: 'community', signer: true };
  if (organization && (ORGANIZATION_SIGNER_ROLES.includes(organization.role) || delegatedSigner))
    return { party: 'organization', signer: true };
  if (community)
    return {
      party: 'community',
      signer: false,
      reason: `the ${community.role} role may not sign for the community (Organizer, Partnerships Lead or Sponsorship Lead)`,
    };
  if (organization)
    return {
      party: 'organization',
      signer: false,
      reason: `the ${organization.role} role may not sign for the organization (its admin, or a member the admin delegated as signer)`,
    };
  return { party: null };
}

/** Payment milestones as shares of the amount in basis points; they always add up to the whole amount. */
export type TMilestone = { label: string; shareBps: number; due: string };

/** Splits an amount (minor units) by milestone shares; the rounding remainder goes to the last milestone. */
export function milestoneAmounts(amountMinor: number, milestones: TMilestone[]): number[] {
  const amounts = milestones.map((m) => Math.floor((amountMinor * m.shareBps) / 10_000));
  const rest = amountMinor - amounts.reduce((a, b) => a + b, 0);
  if (amounts.length) amounts[amounts.length - 1]! += rest;
  return amounts;
}

/** Whose signature the contract waits for (the Temporal UI's "waiting on"): one side, both, or nobody. */
export function contractWaitingOn(state: TContractState): TSide | 'both' | 'nobody' {
  if (state.status !== 'PendingSignature') return 'nobody';
  // In signing order when sequential, so the first missing side is the one whose turn it is.
  const missing = (state.sequential ? state.order : SIDES).filter((side) => !state.signedBy.includes(side));
  if (missing.length === 0) return 'nobody';
  if (state.sequential || missing.length === 1) return missing[0]!;
  return 'both';
}

/**
 * The current details ops read in the Temporal UI: what the contract waits for, from whom (by name when the workflow
 * was given the parties' names) and until when.
 */
export function contractDetails(
  state: TContractState,
  deadlineAt: number | null,
  names?: { community: string; organization: string },
): string {
  const until = deadlineAt
    ? ` until ${new Date(deadlineAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`
    : '';
  const waiting = contractWaitingOn(state);
  const party = (side: TSide) => (names ? `${names[side]} (${side})` : `the ${side}`);
  switch (state.status) {
    case 'Draft':
      return 'Generating the document';
    case 'PendingSignature':
      return waiting === 'nobody'
        ? 'Signed by both parties: sealing the document'
        : `Waiting for the signature of ${waiting === 'both' ? (names ? `both parties, ${party('community')} and ${party('organization')}` : 'both parties') : party(waiting)}${until} (document ${state.documentSha256?.slice(0, 12)}…)`;
    default:
      return `Contract ${state.status}`;
  }
}

/**
 * Cancellation of a signed contract by agreement: one side proposes, the other side's signer confirms or declines
 * before the deadline, the proposer may withdraw, silence lets the proposal lapse. Only Confirmed cancels the contract.
 */
export const CANCELLATION_STATUSES = ['Proposed', 'Confirmed', 'Declined', 'Withdrawn', 'Lapsed'] as const;
export type TCancellationStatus = (typeof CANCELLATION_STATUSES)[number];

export type TCancellationState = {
  status: TCancellationStatus;
  proposedBy: TSide;
  reason: string;
  deadlineAt: number;
  /** The side whose answer closed the proposal (confirm, decline, withdraw); null while open or when it lapsed. */
  closedBy: TSide | null;
};

export type TCancellationAction =
  | { type: 'confirm'; side: TSide }
  | { type: 'decline'; side: TSide }
  | { type: 'withdraw'; side: TSide }
  | { type: 'lapse' };

export type TCancellationViolation = { code: 'WRONG_STATE' | 'WRONG_SIDE'; message: string };

const CLOSED_BY: Record<Exclude<TCancellationAction['type'], 'lapse'>, TCancellationStatus> = {
  confirm: 'Confirmed',
  decline: 'Declined',
  withdraw: 'Withdrawn',
};

const otherSide = (side: TSide): TSide => (side === 'community' ? 'organization' : 'community');

/**
 * Whether the action repeats the one that closed the proposal (same action, same side): callers answer with the
 * proposal as it is (idempotent under retries) instead of a conflict.
 */
export function cancellationRepeat(state: TCancellationState, action: TCancellationAction): boolean {
  if (action.type === 'lapse') return state.status === 'Lapsed';
  return state.status === CLOSED_BY[action.type] && state.closedBy === action.side;
}

/** The guard of every step of a proposal: null when allowed, otherwise why not (WRONG_SIDE is 403, WRONG_STATE 409). */
export function cancellationViolation(
  state: TCancellationState,
  action: TCancellationAction,
): TCancellationViolation | null {
  if (state.status !== 'Proposed')
    return { code: 'WRONG_STATE', message: `the cancellation proposal is ${state.status}` };
  switch (action.type) {
    case 'confirm':
    case 'decline':
      return action.side === state.proposedBy
        ? {
            code: 'WRONG_SIDE',
            message: `the ${state.proposedBy} proposed this cancellation; only the ${otherSide(state.proposedBy)} may ${action.type} it (the proposer may withdraw it)`,
          }
        : null;
    case 'withdraw':
      return action.side === state.proposedBy
        ? null
        : {
            code: 'WRONG_SIDE',
            message: `only the ${state.proposedBy}, who proposed this cancellation, may withdraw it; confirm or decline it instead`,
          };
    case 'lapse':
      return null;
  }
}

/** The proposal after an allowed action (call `cancellationViolation` first). */
export function cancellationTransition(
  state: TCancellationState,
  action: TCancellationAction,
): TCancellationState {
  if (action.type === 'lapse') return { ...state, status: 'Lapsed', closedBy: null };
  return { ...state, status: CLOSED_BY[action.type], closedBy: action.side };
}

/** What ops read in the Temporal UI for a proposal: who waits for whom, until when, and how it ended. */
export function cancellationDetails(state: TCancellationState): string {
  const until = new Date(state.deadlineAt).toISOString().slice(0, 16).replace('T', ' ');
  switch (state.status) {
    case 'Proposed':
      return `The ${state.proposedBy} proposed to cancel the signed contract ("${state.reason.slice(0, 200)}"); waiting for the ${otherSide(state.proposedBy)}'s signer to confirm or decline until ${until} UTC`;
    case 'Confirmed':
      return `Cancelled by agreement: proposed by the ${state.proposedBy}, confirmed by the ${state.closedBy}; fulfillment stopped, the sponsor may refund what escrow still holds`;
    case 'Declined':
      return `The ${state.closedBy} declined the ${state.proposedBy}'s proposal; the contract stays Signed`;
    case 'Withdrawn':
      return `The ${state.proposedBy} withdrew its proposal; the contract stays Signed`;
    case 'Lapsed':
      return `No answer by ${until} UTC: the proposal lapsed; the contract stays Signed`;
  }
}
