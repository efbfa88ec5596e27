import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { TCancellationState } from '../../domain/contract.js';
import type { TSide } from '../../domain/negotiation.js';

export const CONTRACT_CANCELLATION_WORKFLOW = 'contractCancellationWorkflow';
/**
 * One open proposal per contract at a time. A workflow of its own, not an Update of `contract:<id>`: that workflow
 * ends once the contract is sealed, and its saved histories must replay unchanged. A new proposal after a closed one
 * (declined, withdrawn, lapsed) is a new run of the same id.
 */
export const contractCancellationWorkflowId = (contractId: string) => `contract-cancellation:${contractId}`;

/** Who acted, as the API resolved the caller: their side was checked there (signers only; strangers 404). */
export type TCancellationActor = { side: TSide; userId: string; ip: string; userAgent: string };

export type TCancellationInput = {
  contractId: string;
  dealId: string;
  proposer: TCancellationActor;
  reason: string;
  /** How long the other side has to answer (CONTRACT_CANCELLATION_WINDOW). */
  windowMs: number;
};

export type TCancellationView = TCancellationState & { contractId: string; proposalId: string };

export type TCancellationAnswer = TCancellationActor & { action: 'confirm' | 'decline' | 'withdraw' };

export const cancellationAnswerUpdate = defineUpdate<TCancellationView, [TCancellationAnswer]>('answer');
export const cancellationStateQuery = defineQuery<TCancellationView>('state');

/** Implemented in src/activities/contract.activities.ts; each is idempotent (keyed by contract + proposal + step). */
export type TCancellationActivities = {
  /** Timeline, audit and an email to both sides (the other side is asked to confirm or decline by the deadline). */
  recordCancellationProposed(input: {
    contractId: string;
    proposalId: string;
    proposer: TCancellationActor;
    reason: string;
    deadlineAt: number;
  }): Promise<void>;
  /**
   * The agreement: the contract Cancelled (timeline, audit), its benefit items not yet Verified Waived, both sides
   * emailed (the sponsor may now refund what the escrow still holds).
   */
  recordCancelledByAgreement(input: {
    contractId: string;
    proposalId: string;
    proposer: TCancellationActor;
    confirmer: TCancellationActor;
    reason: string;
  }): Promise<{ waivedItems: number }>;
  /** A proposal that ended without cancelling: declined, withdrawn (by `actor`) or lapsed (actor null). */
  recordCancellationClosed(input: {
    contractId: string;
    proposalId: string;
    outcome: 'Declined' | 'Withdrawn' | 'Lapsed';
    proposedBy: TSide;
    actor: TCancellationActor | null;
    reason: string;
  }): Promise<void>;
};
