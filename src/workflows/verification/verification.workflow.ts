import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { verificationDetails, verificationWaitingOn } from '../../domain/ops-view.js';
import { SA_STATUS, SA_WAITING_ON, SA_WAITING_SINCE } from '../../domain/search-attributes.js';
import { decisionAllowed, type TVerificationPhase } from '../../domain/verification.js';

/** patched() id of the search attributes each phase sets (status, waiting on, since). */
const OPS_SEARCH_ATTRIBUTES = 'ops-search-attributes';
import {
  activatedSignal,
  confirmClaimUpdate,
  decideUpdate,
  resendActivationUpdate,
  verificationStateQuery,
  type TDecisionInput,
  type TVerificationActivities,
  type TVerificationInput,
  type TVerificationState,
} from './verification.contract.js';

const activities = proxyActivities<TVerificationActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 20,
  },
});

/**
 * (a claim: the claimant's confirmation of the link sent to their address at the domain, within its window)
 * Pending Verification -> (checks) -> Verified (auto, or an admin's decision within the review window,
 * with a reminder) -> Active on the first account's activation; or Rejected / expired.
 * Update handlers only hand the decision to the main loop, which runs every activity, so no two
 * activities of this workflow ever run at once.
 */
export async function organizationVerificationWorkflow(
  input: TVerificationInput,
): Promise<TVerificationState> {
  const step = { organizationId: input.organizationId, verificationId: input.verificationId };
  const state: TVerificationState = {
    phase: 'checking',
    riskScore: null,
    signals: [],
    reminded: false,
    activationLinksSent: 0,
  };
  let pending: TDecisionInput | null = null;
  let decisionsTaken = 0;
  let decisionsDone = 0;
  let resendsAsked = 0;
  let resendsDone = 0;
  let activatedBy: string | null = null;
  let claimConfirmed = false;

  let phaseSince = Date.now();
  /** Moves to `phase` and tells ops: current details always, search attributes in runs that record them. */
  function enter(phase: TVerificationPhase) {
    state.phase = phase;
    phaseSince = Date.now();
    publish();
    if (!patched(OPS_SEARCH_ATTRIBUTES)) return;
    upsertSearchAttributes([
      { key: SA_STATUS, value: phase },
      { key: SA_WAITING_ON, value: verificationWaitingOn(phase) },
      { key: SA_WAITING_SINCE, value: new Date(phaseSince) },
    ]);
  }
  function publish() {
    setCurrentDetails(
      verificationDetails(state.phase, { riskScore: state.riskScore, since: phaseSince, until: null }),
    );
  }
  publish();

  setHandler(verificationStateQuery, () => state);
  setHandler(
    decideUpdate,
    async (decision) => {
      pending = decision;
      const mine = ++decisionsTaken;
      await condition(() => decisionsDone >= mine);
      return { phase: state.phase };
    },
    {
      validator: (decision) => {
        if (pending || !decisionAllowed(state.phase, decision.decision)) {
          throw new Error(
            `cannot ${decision.decision.replace('_', ' ')} an application that is ${state.phase.replace('_', ' ')}`,
          );
        }
      },
    },
  );
  setHandler(
    resendActivationUpdate,
    async (_request) => {
      const mine = ++resendsAsked;
      await condition(() => resendsDone >= mine);
      return { sent: state.activationLinksSent };
    },
    {
      validator: (_request) => {
        if (state.phase !== 'awaiting_activation')
          throw new Error(`no activation is pending (the application is ${state.phase.replace('_', ' ')})`);
      },
    },
  );
  setHandler(
    confirmClaimUpdate,
    (_confirmation) => {
      claimConfirmed = true;
      enter('checking');
      return { phase: state.phase };
    },
    {
      validator: (_confirmation) => {
        if (state.phase !== 'awaiting_confirmation' || claimConfirmed)
          throw new Error(`no confirmation is pending (the claim is ${state.phase.replace('_', ' ')})`);
      },
    },
  );
  setHandler(activatedSignal, ({ userId }) => {
    activatedBy = userId;
  });

  if (input.claim) {
    // A claim proves control of the domain before anything else: until the claimant opens the link sent to
    // their address at the domain, no check runs and no admin is asked.
    enter('awaiting_confirmation');
    await activities.sendClaimConfirmation({ ...step, expiresAt: Date.now() + input.claim.confirmWithinMs });
    if (!(await condition(() => claimConfirmed, input.claim.confirmWithinMs))) {
      await activities.rejectOrganization({
        ...step,
        actorUserId: null,
        reason: 'the claim was not confirmed from an address at the domain in time',
        expired: true,
      });
      enter('expired');
      await condition(allHandlersFinished);
      return state;
    }
  }

  const checks = await activities.runVerificationChecks(step);
  state.riskScore = checks.riskScore;
  publish();
  state.signals = checks.signals;

  let decision:
    TDecisionInput | { decision: 'auto_approve'; reason: string; actorUserId: null } | { decision: 'expire' };
  // A claim takes over a record a community created: a human always decides, whatever the score.
  if (!input.claim && checks.riskScore < input.autoApproveBelow) {
    decision = {
      decision: 'auto_approve',
      reason: `risk score ${checks.riskScore} is below ${input.autoApproveBelow}`,
      actorUserId: null,
    };
  } else {
    // The phase changes before the activity runs: an admin's decision that arrives together with the
    // activity's completion (same workflow task, where updates are delivered first) must be accepted.
    enter('pending_review');
    await activities.markPendingReview({ ...step, reminder: false });
    let deadline = Date.now() + input.expireAfterMs;
    const remindAt = Date.now() + input.reminderAfterMs;
    let infoRounds = 0;
    for (;;) {
      const wakeAt = !state.reminded && remindAt < deadline ? remindAt : deadline;
      const decided = await condition(() => pending !== null, Math.max(1, wakeAt - Date.now()));
      if (decided) {
        const next: TDecisionInput = pending!;
        if (next.decision === 'request_info') {
          await activities.requestMoreInformation({
            ...step,
            reason: next.reason,
            actorUserId: next.actorUserId,
            round: ++infoRounds,
          });
          enter('info_requested');
          // The applicant gets a fresh window to answer.
          deadline = Date.now() + input.expireAfterMs;
          pending = null;
          decisionsDone++;
          continue;
        }
        decision = next;
        break;
      }
      if (Date.now() >= deadline) {
        decision = { decision: 'expire' };
        break;
      }
      if (!state.reminded) {
        await activities.markPendingReview({ ...step, reminder: true });
        state.reminded = true;
      }
    }
  }

  if (decision.decision === 'approve' || decision.decision === 'auto_approve') {
    const approved = await activities.approveOrganization({
      ...step,
      actorUserId: decision.actorUserId,
      reason: decision.reason,
      needsFirstAccount: input.needsFirstAccount,
    });
    if (approved.awaitingActivation) {
      enter('awaiting_activation');
      pending = null;
      decisionsDone = decisionsTaken;
      await activities.sendActivationLink({ ...step, sequence: state.activationLinksSent });
      state.activationLinksSent++;
      for (;;) {
        await condition(() => activatedBy !== null || resendsAsked > resendsDone);
        if (activatedBy !== null) break;
        await activities.sendActivationLink({ ...step, sequence: state.activationLinksSent });
        state.activationLinksSent++;
        resendsDone++;
      }
      await activities.activateOrganization({ ...step, userId: activatedBy });
    }
    enter('active');
  } else {
    const expired = decision.decision === 'expire';
    await activities.rejectOrganization({
      ...step,
      actorUserId: 'actorUserId' in decision ? decision.actorUserId : null,
      reason: 'reason' in decision ? decision.reason : 'no decision within the review window',
      expired,
    });
    enter(expired ? 'expired' : 'rejected');
  }
  pending = null;
  decisionsDone = decisionsTaken;
  resendsDone = resendsAsked;
  await condition(allHandlersFinished);
  return state;
}
