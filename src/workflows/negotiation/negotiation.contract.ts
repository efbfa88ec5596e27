import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TDealOps, TNegotiationParties } from '../../domain/ops-view.js';
import type { TNegotiationDivergence, TNegotiationPosition } from '../../domain/reconcile.js';
import type {
  TNegotiationState,
  TPartyStanding,
  TProposal,
  TRequestStatus,
  TSide,
} from '../../domain/negotiation.js';

export const NEGOTIATION_WORKFLOW = 'negotiationWorkflow';
export const negotiationWorkflowId = (requestId: string) => `negotiation:${requestId}`;

/**
 * Bounds of one negotiation step (a local activity run while the handler lock is held): each attempt, all attempts
 * together, and their number. Past them the step fails as UNAVAILABLE and the caller gets a 503.
 */
export const STEP_RETRY = {
  attemptTimeout: '5 seconds',
  totalTimeout: '15 seconds',
  maximumAttempts: 6,
} as const;

/**
 * The patchLevel that starts of this code give a negotiation: 3 stands for every patch negotiation-current-patches-3
 * stands for.
 */
export const NEGOTIATION_PATCH_LEVEL = 3;

export type TNegotiationInput = {
  requestId: string;
  initiator: TSide;
  /** Epoch ms of the decision deadline. */
  deadlineAt: number;
  /** Reminders this long before the deadline (ms), each sent once. */
  reminderOffsetsMs: number[];
  counterLimit: { max: number; windowMs: number };
  /** For the webhook deliveries this negotiation's steps publish (request_negotiation_started, deal_accepted). */
  webhookRetryScheduleMs: number[];
  /**
   * Names and the opening offer, for the details ops read in the Temporal UI (absent in runs started before), and for
   * the summary of the contract an acceptance starts (`category` absent in runs started before it was passed).
   * `revision` is the revision whose offer this is: 1, or the current one when a run is started again for an open
   * request (`npm run reconcile -- --fix`).
   */
  ops?: {
    parties: TNegotiationParties;
    amountMinor: number;
    currency: string;
    category?: string;
    revision?: number;
    /**
     * The rest of that revision's offer (absent in runs started before): a counter passes the offer it answers to its
     * step, which then reads nothing before its write (the diff needs it).
     */
    benefits?: TProposal['benefits'];
    terms?: string;
  };
  /**
   * The patches this run takes without asking patched(): starts by this code pass NEGOTIATION_PATCH_LEVEL, so
   * the run takes every branch negotiation-current-patches-3 stands for without recording its marker (two history
   * events in every run: the marker and the TemporalChangeVersion search-attribute upsert the SDK adds beside it). The
   * input is in the run's first event, so a replay takes the same branches. Absent in runs started before it: they ask
   * patched() as they did.
   */
  patchLevel?: number;
};

export type TNegotiationView = TNegotiationState & { dealId: string | null; deadlineAt: number };

type TActor = {
  by: TSide;
  actorUserId: string;
  /** Both parties as the API read them: the validator refuses a step forward when either is not in good standing. */
  standing?: TPartyStanding;
};
export type TCounterInput = TActor & { inReplyToRevision: number; proposal: TProposal; message?: string };
export type TDecisionInput = TActor & { revision: number; reason?: string };
export type TWithdrawInput = TActor & { reason?: string };
export type TMessageInput = TActor & {
  body: string;
  parentMessageId?: string;
  attachments: { url: string; name?: string }[];
};

export const counterUpdate = defineUpdate<TNegotiationView, [TCounterInput]>('counter');
export const acceptUpdate = defineUpdate<TNegotiationView, [TDecisionInput]>('accept');
export const rejectUpdate = defineUpdate<TNegotiationView, [TDecisionInput]>('reject');
export const withdrawUpdate = defineUpdate<TNegotiationView, [TWithdrawInput]>('withdraw');
export const messageUpdate = defineUpdate<{ messageId: string }, [TMessageInput]>('message');
/**
 * A platform admin disabled a party: an open request is withdrawn (a timeline entry with the cause), so nothing
 * more happens on it; a closed one is left as it is.
 */
export type TPartyDisabledInput = { side: TSide; actorUserId: string | null; reason: string };
export const partyDisabledUpdate = defineUpdate<TNegotiationView, [TPartyDisabledInput]>('partyDisabled');
/** The same withdrawal from the housekeeping sweep, which cannot wait for an answer: a no-op once closed. */
export const partyDisabledSignal = defineSignal<[TPartyDisabledInput]>('partyDisabled');
export const negotiationStateQuery = defineQuery<TNegotiationView>('state');
/** The workflow's position (its step counter with its state), for `npm run reconcile`. */
export const negotiationPositionQuery = defineQuery<TNegotiationPosition>('position');
/**
 * Ops only (`npm run reconcile -- --fix`): compare with Postgres and repair what is safe, under the handler lock.
 * Re-runs the recorded steps Postgres lost, adopts steps Postgres committed that the workflow never saw, and marks
 * a conflict as needing attention; never invents a step.
 */
export const resyncUpdate = defineUpdate<{ divergence: TNegotiationDivergence; repaired: boolean }, []>(
  'resync',
);

/** Implemented in src/activities/reconcile.activities.ts. */
export type TReconcileActivities = {
  negotiationPosition(input: { requestId: string }): Promise<TNegotiationPosition | null>;
  recordReconciliation(input: {
    requestId: string;
    seq: number;
    outcome: string;
    detail: string;
    needsAttention: boolean;
  }): Promise<void>;
};

export type TOutcome = Extract<TRequestStatus, 'Accepted' | 'Rejected' | 'Withdrawn' | 'Expired'>;

/**
 * The sides whose reputation inputs a step changes, announced in the step's own transaction (`reputation_changes`) when
 * it commits fresh. Absent in runs recorded before (their workflow announces through `refreshReputation`).
 */
export type TReputationAnnouncement = { reputationSides?: TSide[] };

/**
 * What an acceptance step needs to start `contract:<id>` for its deal: the deal by name for the contract's static
 * summary and input (from the negotiation's input and state; null in runs started without names). The contract's id
 * is derived from the deal's, so a retried or re-run step starts the same contract (a second start is refused by
 * Temporal and ignored).
 */
export type TContractStart = { ops: TDealOps | null };

/** Implemented in src/activities/negotiation.activities.ts; each is idempotent per (request, seq). */
export type TNegotiationActivities = {
  recordCounter(
    input: {
      requestId: string;
      seq: number;
      revision: number;
      /** The offer of the revision this answers, when the workflow holds it: the step then reads it from nowhere. */
      previous?: TProposal;
    } & TCounterInput &
      TReputationAnnouncement,
  ): Promise<{ deliveryIds: string[] }>;
  recordOutcome(
    input: TReputationAnnouncement & {
      requestId: string;
      seq: number;
      outcome: TOutcome;
      by: TSide | null;
      actorUserId: string | null;
      revision: number;
      reason?: string;
      /** Why the step happened when nobody of either side asked for it (e.g. organization_disabled). */
      cause?: string;
      /**
       * Set on an acceptance in runs that record it (patched): the step starts the deal's contract workflow itself
       * once its transaction has committed (see TContractStart), so the negotiation records no child commands.
       */
      contract?: TContractStart;
    },
  ): Promise<{ dealId: string | null; deliveryIds: string[] }>;
  recordMessage(
    input: { requestId: string; idempotencyKey: string } & TMessageInput & TReputationAnnouncement,
  ): Promise<{ messageId: string }>;
  sendDeadlineReminder(input: { requestId: string; reminder: number }): Promise<void>;
};
