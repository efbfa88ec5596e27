/**
 * What ops read in the Temporal UI: a workflow's static summary (who, what, amount, set at start) and its current
 * details (what it waits for, from whom, since and until when), plus the value of the "waiting on" search attribute.
 * Pure and deterministic: workflows call it.
 */
import type { TNegotiationState, TSide } from './negotiation.js';
import { OPEN_REQUEST_STATUSES } from './negotiation.js';
import type { TVerificationPhase } from './verification.js';

export type TWaitingOn = TSide | 'platform_admin' | 'applicant' | 'nobody';

/** "INR 4,500,000.00": grouping by hand, so workflow code needs no locale data. */
export function formatMoney(amountMinor: number, currency: string): string {
  const whole = Math.trunc(Math.abs(amountMinor) / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(Math.abs(amountMinor) % 100).padStart(2, '0');
  return `${currency} ${amountMinor < 0 ? '-' : ''}${whole}.${cents}`;
}

const at = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export type TNegotiationParties = { community: string; organization: string; event: string | null };

export function negotiationSummary(
  parties: TNegotiationParties,
  offer: { amountMinor: number; currency: string; category: string },
): string {
  return `${parties.community} → ${parties.organization}${parties.event ? ` · ${parties.event}` : ''}: ${formatMoney(offer.amountMinor, offer.currency)} ${offer.category}`;
}

/** Who, what and how much of a deal, by name: what each workflow of a deal (contract, escrow, fulfillment) shows. */
export type TDealOps = TNegotiationParties & { amountMinor: number; currency: string; category: string };

/** "Contract · Acme Meetup → Globex · DevConf 2026: INR 500,000.00 Gold Sponsor" (`what` names the workflow's job). */
export function dealSummary(what: string, deal: TDealOps): string {
  return `${what} · ${negotiationSummary(deal, deal)}`;
}

/** Only the names and the offer (a repository's row also carries the parties' ids), to pass in a workflow input. */
export const withoutIds = (deal: TDealOps): TDealOps => ({
  community: deal.community,
  organization: deal.organization,
  event: deal.event,
  amountMinor: deal.amountMinor,
  currency: deal.currency,
  category: deal.category,
});

/** The ids behind a deal workflow's summary, and where the API shows it: each workflow's static details. */
export const contractStaticDetails = (ids: { contractId: string; dealId: string }) =>
  `Contract ${ids.contractId} of deal ${ids.dealId}. API: GET /api/v1/contracts/${ids.contractId}`;
export const escrowStaticDetails = (ids: { paymentId: string; contractId: string; dealId: string }) =>
  `Payment ${ids.paymentId} of deal ${ids.dealId} (contract ${ids.contractId}). API: GET /api/v1/payments/${ids.paymentId}`;
export const fulfillmentStaticDetails = (ids: { dealId: string; contractId: string }) =>
  `Benefits of deal ${ids.dealId} (contract ${ids.contractId}). API: GET /api/v1/deals/${ids.dealId}/benefits`;

/** A payout watch's names and amount (Stripe's lower-case currency), given at start: workflow code cannot read them. */
export type TPayoutOps = { community: string; amountMinor: number; currency: string };

/** "Payout · Acme Meetup: EUR 1,250.00 to its bank account (po_123)". */
export const payoutSummary = (stripePayoutId: string, p: TPayoutOps) =>
  `Payout · ${p.community}: ${formatMoney(p.amountMinor, p.currency.toUpperCase())} to its bank account (${stripePayoutId})`;
export const payoutStaticDetails = (ids: {
  stripePayoutId: string;
  communityId: string;
  stripeAccountId: string;
}) =>
  `Payout ${ids.stripePayoutId} of community ${ids.communityId} (connected account ${ids.stripeAccountId}). API: GET /api/v1/communities/${ids.communityId}/payout-account`;

/**
 * What an open payout waits for: Stripe and the bank, no party of ours (waiting on nobody) until the stuck-money
 * alert at `alertAt`, when a platform admin must look. `ops` is absent in watches started before it was passed.
 */
export function payoutWaitDetails(
  input: { stripePayoutId: string; communityId: string; createdAtMs: number },
  ops: TPayoutOps | undefined,
  alertAt: number,
): string {
  const what = ops
    ? `${formatMoney(ops.amountMinor, ops.currency.toUpperCase())} to reach the bank account of ${ops.community}`
    : `payout ${input.stripePayoutId} of community ${input.communityId} to arrive`;
  return `Waiting for ${what} (Stripe and the bank move it; created ${at(input.createdAtMs)}); stuck-money alert to a platform admin at ${at(alertAt)} if still open.`;
}

/** The side that holds the turn: the one that did not write the current revision, while the request is open. */
export function negotiationWaitingOn(state: TNegotiationState): TWaitingOn {
  if (!OPEN_REQUEST_STATUSES.includes(state.status)) return 'nobody';
  return state.currentAuthor === 'community' ? 'organization' : 'community';
}

export function negotiationDetails(
  state: TNegotiationState,
  view: {
    parties: TNegotiationParties | null;
    amountMinor: number | null;
    currency: string | null;
    waitingSince: number;
    deadlineAt: number;
    dealId: string | null;
  },
): string {
  const waitingOn = negotiationWaitingOn(state);
  const name = (side: TSide) => (view.parties ? `${view.parties[side]} (${side})` : side);
  const amount =
    view.amountMinor !== null && view.currency ? formatMoney(view.amountMinor, view.currency) : null;
  const lines = [
    `**${state.status}** · revision ${state.currentRevision} by ${name(state.currentAuthor)}${amount ? ` · ${amount}` : ''}`,
  ];
  if (waitingOn !== 'nobody')
    lines.push(
      `Waiting on **${name(waitingOn as TSide)}** to accept, reject or counter revision ${state.currentRevision} since ${at(view.waitingSince)}; expires ${at(view.deadlineAt)}.`,
    );
  else if (view.dealId) lines.push(`Closed: deal ${view.dealId}.`);
  else lines.push(`Closed ${at(view.waitingSince)}.`);
  return lines.join('\n\n');
}

export function verificationWaitingOn(phase: TVerificationPhase): TWaitingOn {
  switch (phase) {
    case 'pending_review':
      return 'platform_admin';
    case 'awaiting_confirmation':
    case 'info_requested':
    case 'awaiting_activation':
      return 'applicant';
    default:
      return 'nobody';
  }
}

const PHASE_WAIT: Record<TVerificationPhase, string> = {
  awaiting_confirmation: 'the claimant to open the link sent to their address at the domain',
  checking: 'the automated checks',
  pending_review: "a platform admin's decision",
  info_requested: 'the applicant to send the information an admin asked for',
  awaiting_activation: 'the first account to be activated from the emailed link',
  active: 'nothing: the organization is active',
  rejected: 'nothing: the application was rejected',
  expired: 'nothing: the application expired',
};

export function verificationDetails(
  phase: TVerificationPhase,
  view: { riskScore: number | null; since: number; until: number | null },
): string {
  return [
    `**${phase.replace(/_/g, ' ')}**${view.riskScore !== null ? ` · risk score ${view.riskScore}` : ''}`,
    `Waiting for ${PHASE_WAIT[phase]} since ${at(view.since)}${view.until ? `; until ${at(view.until)}` : ''}.`,
  ].join('\n\n');
}
