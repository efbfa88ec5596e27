import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { TContractState, TContractStatus } from '../../domain/contract.js';
import type { TSide } from '../../domain/negotiation.js';
import type { TDealOps } from '../../domain/ops-view.js';

export const CONTRACT_WORKFLOW = 'contractWorkflow';
export const contractWorkflowId = (contractId: string) => `contract:${contractId}`;

/**
 * The patchLevel that starts of this code give a contract: 3 stands for every patch contract-current-patches-3
 * stands for.
 */
export const CONTRACT_PATCH_LEVEL = 3;

/**
 * Ids, and the deal by name for what ops read in the Temporal UI (the summaries of the escrow and fulfillment it
 * starts, whose workflow code cannot read names): absent in runs started before. The workflow reads everything else
 * through its activities (documents never travel in payloads).
 */
export type TContractInput = {
  contractId: string;
  dealId: string;
  actorUserId: string | null;
  ops?: TDealOps;
  /**
   * The patches this run takes without asking patched(): starts by this code pass CONTRACT_PATCH_LEVEL, so
   * the run takes every branch contract-current-patches-3 stands for without recording its marker (two history
   * events in every run: the marker and the TemporalChangeVersion search-attribute upsert the SDK adds beside it). The
   * input is in the run's first event, so a replay takes the same branches. Absent in runs started before it: they ask
   * patched() as they did.
   */
  patchLevel?: number;
  /**
   * The Draft as the step that started this run opened and generated it (an acceptance does, in its own local
   * activity, before the start): the run adopts it instead of running openAndGenerateContract, one local activity, its
   * marker and an activation fewer. Absent when the starter did not (the API's start, a generation that failed there):
   * the run opens and generates itself.
   */
  opened?: { settings: TContractSettings; generated: TGeneratedContract };
};

export type TSignature = {
  side: TSide;
  userId: string;
  fullName: string;
  signedAt: string;
  documentSha256: string;
};

export type TContractView = TContractState & {
  contractId: string;
  deadlineAt: number | null;
  signatures: TSignature[];
  sealedSha256: string | null;
};

/** A signature as the API saw the request: the role was checked there (403/404); the workflow checks the rules. */
export type TSignInput = {
  side: TSide;
  userId: string;
  fullName: string;
  documentSha256: string;
  ip: string;
  userAgent: string;
  sessionId: string;
};
export type TCancelInput = { side: TSide; userId: string; reason: string; ip: string; userAgent: string };

export const signUpdate = defineUpdate<TSignature, [TSignInput]>('sign');
export const cancelUpdate = defineUpdate<TContractView, [TCancelInput]>('cancel');
export const contractStateQuery = defineQuery<TContractView>('state');

/** What the worker's configuration decides for a contract, read once by its first activity. */
export type TContractSettings = {
  signingWindowMs: number;
  reminderOffsetsMs: number[];
  webhookRetryScheduleMs: number[];
};

/** A generated contract: its document's SHA-256, the signing deadline and who signs in which order. */
export type TGeneratedContract = {
  documentSha256: string;
  deadlineAt: number;
  sequential: boolean;
  order: TSide[];
};

/** Implemented in src/activities/contract.activities.ts; each is idempotent (keyed by contract + step). */
export type TContractActivities = {
  /** Creates the contract row if absent; `superseded` when the deal already has another live contract. */
  openContract(input: TContractInput): Promise<{ superseded: boolean; settings: TContractSettings }>;
  /** Renders the PDF, stores it, records its SHA-256 and the deadline; the same answer when already done. */
  generateContract(input: { contractId: string; signingWindowMs: number }): Promise<TGeneratedContract>;
  /** openContract, then (unless superseded) generateContract with the settings' signing window: one step. */
  openAndGenerateContract(
    input: TContractInput,
  ): Promise<
    | { superseded: true; settings: TContractSettings }
    | { superseded: false; settings: TContractSettings; generated: TGeneratedContract }
  >;
  recordSignature(input: { contractId: string } & TSignInput): Promise<TSignature>;
  /**
   * What Postgres recorded (read only): after a step failed as UNAVAILABLE its commit may still have landed, and the
   * workflow adopts it before the next step instead of leaving a signature or a cancellation it never saw.
   */
  recordedContract(input: {
    contractId: string;
  }): Promise<{ status: TContractStatus; signatures: TSignature[] }>;
  sendSigningReminder(input: { contractId: string; reminder: number }): Promise<void>;
  recordCancelled(input: { contractId: string } & TCancelInput): Promise<void>;
  recordExpired(input: { contractId: string }): Promise<void>;
  /**
   * Appends the certificate page, seals the PDF with the platform certificate, stores it and records: status
   * Signed, the sealed SHA-256, the deal Contracted, the event panel assignment with the contracted category, and
   * the contract_signed (and event_partner_assigned/updated) events, whose deliveries are returned.
   */
  sealContract(input: { contractId: string }): Promise<{ sealedSha256: string; deliveryIds: string[] }>;
};
