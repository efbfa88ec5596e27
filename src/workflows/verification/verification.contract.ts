import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TAdminDecision, TRiskSignal, TVerificationPhase } from '../../domain/verification.js';

export const VERIFICATION_WORKFLOW = 'organizationVerificationWorkflow';
export const verificationWorkflowId = (organizationId: string) => `verification:${organizationId}`;

export type TVerificationInput = {
  organizationId: string;
  verificationId: string;
  /** False when the organization already has an active admin (a website change re-verifies it). */
  needsFirstAccount: boolean;
  autoApproveBelow: number;
  reminderAfterMs: number;
  expireAfterMs: number;
  /**
   * Set for a claim of a "Community Added" organization: the claimant must open the link emailed to their
   * address at the domain within this window before anything else happens, and an admin always decides.
   * Absent in runs started before claims needed confirmation (they keep their old path on replay).
   */
  claim?: { confirmWithinMs: number };
};

export type TVerificationState = {
  phase: TVerificationPhase;
  riskScore: number | null;
  signals: TRiskSignal[];
  reminded: boolean;
  activationLinksSent: number;
};

export type TDecisionInput = { decision: TAdminDecision; reason: string; actorUserId: string };

export const decideUpdate = defineUpdate<{ phase: TVerificationPhase }, [TDecisionInput]>('decide');
export const resendActivationUpdate = defineUpdate<{ sent: number }, [{ actorUserId: string | null }]>(
  'resendActivation',
);
/** The claimant opened the emailed link (the API consumed its single-use token). */
export const confirmClaimUpdate = defineUpdate<{ phase: TVerificationPhase }, [{ confirmedAt: number }]>(
  'confirmClaim',
);
export const activatedSignal = defineSignal<[{ userId: string }]>('activated');
export const verificationStateQuery = defineQuery<TVerificationState>('state');

type TStep = { organizationId: string; verificationId: string };

/** Implemented in src/activities/verification.activities.ts; every one is idempotent per verification + step. */
export type TVerificationActivities = {
  /** Issues the claim's single-use confirmation link and emails it to the claimant. */
  sendClaimConfirmation(input: TStep & { expiresAt: number }): Promise<void>;
  runVerificationChecks(input: TStep): Promise<{ riskScore: number; signals: TRiskSignal[] }>;
  markPendingReview(input: TStep & { reminder: boolean }): Promise<void>;
  requestMoreInformation(
    input: TStep & { reason: string; actorUserId: string; round: number },
  ): Promise<void>;
  approveOrganization(
    input: TStep & { actorUserId: string | null; reason: string; needsFirstAccount: boolean },
  ): Promise<{ awaitingActivation: boolean }>;
  sendActivationLink(input: TStep & { sequence: number }): Promise<void>;
  activateOrganization(input: TStep & { userId: string }): Promise<void>;
  rejectOrganization(
    input: TStep & { actorUserId: string | null; reason: string; expired: boolean },
  ): Promise<void>;
};
