import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { handlerLock } from '../handler-lock.js';
import { toStepFailure } from '../step-failure.js';
import {
  dealSummary,
  negotiationDetails,
  negotiationWaitingOn,
  type TDealOps,
} from '../../domain/ops-view.js';
import {
  SA_AMOUNT_MINOR,
  SA_CURRENCY,
  SA_DEAL_ID,
  SA_STATUS,
  SA_WAITING_ON,
  SA_WAITING_SINCE,
} from '../../domain/search-attributes.js';
import { STEP_FAILURE } from '../../errors.js';
import {
  OPEN_REQUEST_STATUSES,
  standingViolation,
  transition,
  violation,
  type TPartyStanding,
  type TProposal,
  type TNegotiationAction,
  type TNegotiationState,
  type TSide,
} from '../../domain/negotiation.js';
import { compareNegotiation, type TNegotiationPosition } from '../../domain/reconcile.js';
import {
  acceptUpdate,
  counterUpdate,
  messageUpdate,
  negotiationStateQuery,
  partyDisabledSignal,
  partyDisabledUpdate,
  type TPartyDisabledInput,
  rejectUpdate,
  withdrawUpdate,
  STEP_RETRY,
  negotiationPositionQuery,
  resyncUpdate,
  type TNegotiationActivities,
  type TReconcileActivities,
  type TNegotiationInput,
  type TNegotiationView,
} from './negotiation.contract.js';
import { CONTRACT_WORKFLOW, contractWorkflowId, type TContractInput } from '../contract/contract.contract.js';
import type { TReputationActivities } from '../reputation/reputation.contract.js';
import {
  WEBHOOK_DELIVERY_WORKFLOW,
  webhookDeliveryWorkflowId,
  type TWebhookDeliveryInput,
} from '../webhook-delivery/webhook-delivery.contract.js';

// Local activities: each step is one short Postgres transaction, so it runs inside the workflow task
// that handles the Update instead of a separate activity task: a counter costs one server round trip
// instead of three, which is most of its latency. Idempotency is per request + step. A step runs while the handler
// lock is held, so its retries are bounded (STEP_RETRY): a database that stays down fails the step as UNAVAILABLE
// (503) and the lock is released, instead of freezing every later action on the request.
const activities = proxyLocalActivities<TNegotiationActivities & TReconcileActivities>({
  startToCloseTimeout: STEP_RETRY.attemptTimeout,
  scheduleToCloseTimeout: STEP_RETRY.totalTimeout,
  localRetryThreshold: '10 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '2 seconds',
    maximumAttempts: STEP_RETRY.maximumAttempts,
  },
});

// In runs recorded before REPUTATION_IN_STEP, announcing a reputation change is a Temporal call (signal-with-start of a
// per-subject run), not a Postgres step: a regular activity, run after the Update has answered, retried until it
// succeeds. Later runs' steps write the announcement in their own transaction instead.
const reputation = proxyActivities<TReputationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/** patched() id of the reputation refresh this workflow announces after a step that changes a reputation input. */
const REPUTATION_REFRESH = 'negotiation-reputation-refresh';
/**
 * patched() id of the announcement written by the step itself, in its own transaction (`reputation_changes`, drained
 * by the deployment's reputation refresher): no activity task after the step, no reputation run per subject. Runs
 * recorded before announce through `refreshReputation` after the step, as they did.
 */
const REPUTATION_IN_STEP = 'negotiation-reputation-in-step';

/** How long the deadline loop waits (without the lock) before trying a failed reminder or expiry again. */
const BACKGROUND_RETRY_PAUSE = '30 seconds';
/** patched() id of the search attributes each step sets (status, waiting on, since, amount, deal). */
const OPS_SEARCH_ATTRIBUTES = 'ops-search-attributes';
/** patched() id of the contract workflow an acceptance starts (as an abandoned child). */
const START_CONTRACT = 'start-contract';
/** patched() id of the names, amount and summary that start passes (histories before it started the contract bare). */
const CONTRACT_OPS_SUMMARY = 'contract-ops-summary';
/**
 * patched() id that stands for all four above (OPS_SEARCH_ATTRIBUTES, REPUTATION_IN_STEP, START_CONTRACT,
 * CONTRACT_OPS_SUMMARY): a run that records it at its start takes every one of their new branches with ONE marker.
 * Each patch marker costs two history events (the marker and the TemporalChangeVersion search-attribute upsert the SDK
 * adds beside it, a visibility write), so asking each patch cost a negotiation eight events. Runs recorded before it
 * replay asking each patch, as they did. A later change needs a patch of its own.
 */
const CURRENT_PATCHES = 'negotiation-current-patches';
/**
 * patched() id of the contract started by the acceptance step itself (its local activity starts `contract:<id>`
 * through the worker's client once its transaction has committed; see TContractStart) instead of as a child: no
 * StartChildWorkflowExecutionInitiated and ChildWorkflowExecutionStarted in this history and no workflow task after
 * them, so an acceptance is answered in the workflow task that ran its step. Runs without it start the child.
 */
const CONTRACT_IN_STEP = 'negotiation-contract-in-step';
/**
 * CURRENT_PATCHES and CONTRACT_IN_STEP in one marker (runs recorded with CURRENT_PATCHES ask CONTRACT_IN_STEP alone).
 * A later change needs a patch of its own, folded in the same way.
 */
const CURRENT_PATCHES_2 = 'negotiation-current-patches-2';
/**
 * patched() id of the reminder and deadline waits that leave their timer running when the request closes first: the
 * run completes right after, and the server drops a closed run's timers, so the CancelTimer command condition() sends
 * (a TimerCanceled event) bought nothing. Runs without it cancel the timer as they did.
 */
const TIMER_LEFT_ON_CLOSE = 'negotiation-timer-left-on-close';
/** CURRENT_PATCHES_2 and TIMER_LEFT_ON_CLOSE in one marker (runs recorded with an earlier one ask it alone). */
const CURRENT_PATCHES_3 = 'negotiation-current-patches-3';

/**
 * In runs before CONTRACT_IN_STEP (later ones start it in the acceptance step, see TContractStart): starts
 * `contract:<id>` for a new deal, abandoned so it outlives this workflow. The id is drawn from the workflow's
 * deterministic random source; the contract's first activity finds any other live contract of the deal (one started
 * through the API) and then stands down, so a deal never gets two. `deal` (names from this workflow's input, the
 * accepted offer from its state; null in runs started without names) becomes the contract's static summary and is
 * passed on for the escrow and fulfillment the contract starts.
 */
function startContract(
  dealId: string,
  actorUserId: string,
  deal: TDealOps | null,
  has: (patchId: string) => boolean,
): Promise<unknown> {
  const contractId = uuid4();
  const described = has(CONTRACT_OPS_SUMMARY);
  // Not async: the caller awaits the start itself (an async frame and its await are two promises more, see handler-lock.ts).
  return startChild(CONTRACT_WORKFLOW, {
    workflowId: contractWorkflowId(contractId),
    args: [
      {
        contractId,
        dealId,
        actorUserId,
        ...(described && deal ? { ops: deal } : {}),
      } satisfies TContractInput,
    ],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    ...(described
      ? {
          staticSummary: deal ? dealSummary('Contract', deal) : `Contract of deal ${dealId}`,
          staticDetails: `Contract ${contractId} of deal ${dealId}, started by the acceptance of request ${workflowInfo().workflowId.replace(/^negotiation:/, '')}. API: GET /api/v1/contracts/${contractId}`,
        }
      : {}),
  });
}

const stepFailure = (err: unknown) =>
  toStepFailure(
    err,
    'the database did not answer in time: this step is not confirmed; it is recorded before the next action on this request if it can be, so check the request before repeating it',
  );

/**
 * Pending -> Negotiation -> Accepted | Rejected | Withdrawn | Expired. Every user action is an Update:
 * the validator refuses what the rules forbid before anything is recorded; handlers run one at a time
 * (a promise-chain lock) and re-check the rules under the lock, so of two racing answers to the same
 * revision exactly one is recorded and the other fails with STALE_REVISION.
 */
export async function negotiationWorkflow(input: TNegotiationInput): Promise<TNegotiationView> {
  // First, before any command: whether this run records the patches as one (CURRENT_PATCHES_3; CURRENT_PATCHES_2
  // before TIMER_LEFT_ON_CLOSE, CURRENT_PATCHES before CONTRACT_IN_STEP) or one by one.
  // A start that passes the level asks nothing (see TNegotiationInput.patchLevel): no marker in its history.
  const current3 = (input.patchLevel ?? 0) >= 3 || patched(CURRENT_PATCHES_3);
  const current2 = current3 || patched(CURRENT_PATCHES_2);
  const current = current2 || patched(CURRENT_PATCHES);
  const has = (patchId: string) =>
    current3 ||
    (current2 && patchId !== TIMER_LEFT_ON_CLOSE) ||
    (current && patchId !== CONTRACT_IN_STEP && patchId !== TIMER_LEFT_ON_CLOSE) ||
    patched(patchId);
  let state: TNegotiationState = {
    status: 'Pending',
    initiator: input.initiator,
    currentRevision: 1,
    currentAuthor: input.initiator,
  };
  let dealId: string | null = null;
  let amountMinor = input.ops?.amountMinor ?? null;
  let currency = input.ops?.currency ?? null;
  let category = input.ops?.category ?? null;
  /** The revision whose offer those are (a revision adopted from Postgres by a resync has its offer there only). */
  let offerRevision = input.ops?.revision ?? 1;
  /** That revision's whole offer, when this run knows it (runs started before the opening passed it do not). */
  let offer: TProposal | null =
    input.ops?.benefits && input.ops.terms !== undefined && input.ops.category
      ? {
          amountMinor: input.ops.amountMinor,
          currency: input.ops.currency,
          category: input.ops.category as TProposal['category'],
          benefits: input.ops.benefits,
          terms: input.ops.terms,
        }
      : null;
  let waitingSince = Date.now();
  /** What ops read in the Temporal UI: current details always, search attributes in runs that record them. */
  function publish() {
    setCurrentDetails(
      negotiationDetails(state, {
        parties: input.ops?.parties ?? null,
        amountMinor,
        currency,
        waitingSince,
        deadlineAt: input.deadlineAt,
        dealId,
      }),
    );
  }
  function publishStep() {
    waitingSince = Date.now();
    publish();
    // Older runs' histories have no search-attribute commands: they replay without them.
    if (!has(OPS_SEARCH_ATTRIBUTES)) return;
    upsertSearchAttributes([
      { key: SA_STATUS, value: state.status },
      { key: SA_WAITING_ON, value: negotiationWaitingOn(state) },
      { key: SA_WAITING_SINCE, value: new Date(waitingSince) },
      ...(amountMinor !== null ? [{ key: SA_AMOUNT_MINOR, value: amountMinor }] : []),
      ...(currency ? [{ key: SA_CURRENCY, value: currency }] : []),
      ...(dealId ? [{ key: SA_DEAL_ID, value: dealId }] : []),
    ]);
  }
  publish();
  let seq = 1; // step 1 (the opening revision) is written by the API when the request is created
  const counterTimes: Record<TSide, number[]> = { community: [], organization: [] };
  const view = (): TNegotiationView => ({ ...state, dealId, deadlineAt: input.deadlineAt });

  /**
   * Reputation inputs a step changes: the other side's first answer (step or message) to the initiator's request is
   * its response time; an outcome (accepted, rejected, expired) is both sides' deal success. Later counters and
   * messages change none, so they announce nothing. The step announces them in its own transaction (`announce`); in
   * runs recorded before that, `refreshLoop` announces them after the step committed (durable: the API may die after
   * the Update), without holding up the Update's answer.
   */
  const reputationDue = new Set<TSide>();
  let refreshing = false;
  let answered = false;
  /** `inStep`: the step announced the change itself (see `announce`); otherwise `refreshLoop` announces it. */
  function answeredBy(side: TSide | null, inStep = false) {
    if (side === null || side === input.initiator || answered) return;
    answered = true;
    if (!inStep) reputationDue.add(side);
  }
  function decided(inStep = false) {
    if (inStep) return;
    reputationDue.add('community');
    reputationDue.add('organization');
  }
  /**
   * The sides a step by `by` (that `decides` the request or not) announces in its own transaction: what `answeredBy`
   * and `decided` would add after it, computed under the lock before it runs. Undefined when there is nothing to
   * announce, and in runs recorded before the step announced (patched()): `refreshLoop` announces those.
   */
  function announce(by: TSide | null, decides: boolean): TSide[] | undefined {
    const sides = new Set<TSide>(decides ? ['community', 'organization'] : []);
    if (by !== null && by !== input.initiator && !answered) sides.add(by);
    if (sides.size === 0 || !has(REPUTATION_IN_STEP)) return undefined;
    return [...sides];
  }
  async function refreshLoop() {
    for (;;) {
      await condition(() => reputationDue.size > 0);
      const sides = [...reputationDue];
      reputationDue.clear();
      // Histories recorded before this announced nothing (the API did): they replay without the activity.
      if (!patched(REPUTATION_REFRESH)) continue;
      refreshing = true;
      try {
        await reputation.refreshReputation({ requestId: input.requestId, sides });
      } catch {
        // Retried until it succeeds; only a cancelled activity lands here: the nightly recomputation catches up.
      } finally {
        refreshing = false;
      }
    }
  }
  // A run that records CURRENT_PATCHES announces in its steps (REPUTATION_IN_STEP always holds), so nothing is ever
  // due: the loop would only cost its promises (see handler-lock.ts). Older runs start it here, as they did.
  if (!current) void refreshLoop();

  /** Webhook deliveries outlive this workflow: children abandoned on close, keyed by delivery id. */
  async function deliver(deliveryIds: string[]) {
    for (const deliveryId of deliveryIds) {
      await startChild(WEBHOOK_DELIVERY_WORKFLOW, {
        workflowId: webhookDeliveryWorkflowId(deliveryId),
        args: [
          {
            deliveryId,
            run: 1,
            retryScheduleMs: input.webhookRetryScheduleMs,
          } satisfies TWebhookDeliveryInput,
        ],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    }
  }

  // One at a time, in arrival order, with as few promises as it can (see handler-lock.ts).
  const locked = handlerLock();

  /**
   * A step that failed as UNAVAILABLE may still have committed (the database went away after the commit). It keeps
   * its seq and is run again, idempotently, before any later step, so workflow state and Postgres never disagree.
   */
  let inDoubt: (() => Promise<void>) | null = null;
  async function settle() {
    if (!inDoubt) return;
    try {
      await inDoubt();
      inDoubt = null;
    } catch (err) {
      // Still unavailable: the caller's own step cannot run either. Refused this time: it never happened.
      if (err instanceof ApplicationFailure && err.type === STEP_FAILURE.UNAVAILABLE) throw err;
    }
  }
  /** Each recorded step's activity call, to re-run (idempotently) if Postgres loses it: see `resyncUpdate`. */
  const recorded = new Map<number, () => Promise<unknown>>();
  /** Runs a state-changing step under the lock with seq `++seq`: on success `apply` its result; see `inDoubt`. */
  function runStep<T>(
    record: (stepSeq: number) => Promise<T>,
    apply: (result: T) => Promise<void> | void,
  ): Promise<void> {
    const stepSeq = ++seq;
    // One `then` instead of an async frame and its await: a promise less per step (see handler-lock.ts).
    let recording: Promise<T>;
    try {
      recording = record(stepSeq);
    } catch (err) {
      recording = Promise.reject(err);
    }
    return recording.then(
      (result) => {
        recorded.set(stepSeq, () => record(stepSeq));
        // `apply` returns a promise only when it starts something (deliveries, a contract): no await otherwise.
        const applying = apply(result);
        if (applying) return applying.then(publishStep);
        publishStep();
      },
      (err: unknown) => {
        const failure = stepFailure(err);
        if (failure.type === STEP_FAILURE.UNAVAILABLE) {
          inDoubt = async () => {
            try {
              await apply(await record(stepSeq));
              recorded.set(stepSeq, () => record(stepSeq));
              publishStep();
            } catch (again) {
              const next = stepFailure(again);
              if (next.type !== STEP_FAILURE.UNAVAILABLE) {
                // settled: it never committed, so its seq is free again (nothing ran after it)
                inDoubt = null;
                seq = stepSeq - 1;
              }
              throw next;
            }
          };
        } else {
          seq = stepSeq - 1; // refused before anything was written: the seq is free again
        }
        throw failure;
      },
    );
  }
  /** A step forward needs both parties in good standing (as the API read them; the activity checks again). */
  function checkStanding(standing: TPartyStanding | undefined) {
    const problem = standing ? standingViolation(standing) : null;
    if (problem) throw ApplicationFailure.nonRetryable(problem.message, problem.code);
  }
  function check(action: TNegotiationAction) {
    const problem = violation(state, action);
    if (problem) throw ApplicationFailure.nonRetryable(problem.message, problem.code);
  }
  function checkCounterRate(by: TSide) {
    const since = Date.now() - input.counterLimit.windowMs;
    if (counterTimes[by].filter((t) => t > since).length >= input.counterLimit.max) {
      throw ApplicationFailure.nonRetryable(
        `at most ${input.counterLimit.max} counter-offers per side in ${Math.round(input.counterLimit.windowMs / 60_000)} min`,
        'RATE_LIMITED',
      );
    }
  }

  setHandler(negotiationStateQuery, view);
  const position = (): TNegotiationPosition => ({
    step: seq,
    status: state.status,
    currentRevision: state.currentRevision,
    currentAuthor: state.currentAuthor,
    dealId,
  });
  setHandler(negotiationPositionQuery, position);

  setHandler(resyncUpdate, () =>
    locked(async () => {
      if (inDoubt) await settle();
      const database = await activities.negotiationPosition({ requestId: input.requestId });
      const divergence = compareNegotiation(position(), database);
      const note = (outcome: string, detail: string, needsAttention: boolean) =>
        activities.recordReconciliation({
          requestId: input.requestId,
          seq: ++seq,
          outcome,
          detail,
          needsAttention,
        });
      switch (divergence.kind) {
        case 'in-sync':
        case 'row-missing':
          return { divergence, repaired: false };
        case 'database-behind': {
          const steps = Array.from(
            { length: divergence.toStep - divergence.fromStep + 1 },
            (_, i) => i + divergence.fromStep,
          );
          // Step 1 (the opening revision) is the API's: without it there is nothing to re-run the others against.
          if (steps.some((step) => !recorded.has(step))) return { divergence, repaired: false };
          for (const step of steps) {
            // A re-run acceptance creates the deal anew (the lost row's id went with it): keep the new id.
            const result = (await recorded.get(step)!()) as { dealId?: string | null } | undefined;
            if (result?.dealId) dealId = result.dealId;
          }
          await note(
            're-ran',
            `steps ${divergence.fromStep}..${divergence.toStep} re-run from the workflow`,
            false,
          );
          return { divergence, repaired: true };
        }
        case 'database-ahead': {
          const adopted = database!;
          state = {
            status: adopted.status,
            initiator: state.initiator,
            currentRevision: adopted.currentRevision,
            currentAuthor: adopted.currentAuthor,
          };
          dealId = adopted.dealId;
          seq = adopted.step;
          publishStep();
          await note(
            'adopted',
            `the workflow adopted steps ${divergence.fromStep}..${divergence.toStep} from Postgres`,
            false,
          );
          return { divergence, repaired: true };
        }
        case 'conflict':
          seq = Math.max(seq, database!.step);
          await note('conflict', divergence.detail, true);
          return { divergence, repaired: false };
      }
    }),
  );

  setHandler(
    counterUpdate,
    (counter) =>
      locked(async () => {
        if (inDoubt) await settle();
        const action = {
          type: 'counter',
          by: counter.by,
          inReplyToRevision: counter.inReplyToRevision,
        } as const;
        check(action);
        checkCounterRate(counter.by);
        const revision = state.currentRevision + 1;
        const reputationSides = announce(counter.by, false);
        await runStep(
          (stepSeq) =>
            activities.recordCounter({
              requestId: input.requestId,
              seq: stepSeq,
              revision,
              ...counter,
              ...(offer && offerRevision === state.currentRevision ? { previous: offer } : {}),
              ...(reputationSides ? { reputationSides } : {}),
            }),
          (recorded) => {
            counterTimes[counter.by].push(Date.now());
            state = transition(state, action);
            amountMinor = counter.proposal.amountMinor;
            currency = counter.proposal.currency;
            category = counter.proposal.category;
            offer = counter.proposal;
            offerRevision = revision;
            answeredBy(counter.by, reputationSides !== undefined);
            return recorded.deliveryIds.length ? deliver(recorded.deliveryIds) : undefined;
          },
        );
        return view();
      }),
    {
      validator: (counter) => {
        checkStanding(counter.standing);
        check({ type: 'counter', by: counter.by, inReplyToRevision: counter.inReplyToRevision });
        checkCounterRate(counter.by);
      },
    },
  );

  const decide =
    (type: 'accept' | 'reject') =>
    (decision: { by: TSide; actorUserId: string; revision: number; reason?: string }) =>
      locked(async () => {
        if (inDoubt) await settle();
        const action = { type, by: decision.by, revision: decision.revision } as const;
        check(action);
        const outcome = type === 'accept' ? 'Accepted' : 'Rejected';
        const reputationSides = announce(decision.by, true);
        // The deal by name (names from this workflow's input, the accepted offer from its state; null in runs started
        // without names): the contract's summary, and passed on for the escrow and fulfillment it starts.
        const deal =
          input.ops && amountMinor !== null && currency && category && offerRevision === decision.revision
            ? { ...input.ops.parties, amountMinor, currency, category }
            : null;
        // The step starts the deal's contract itself (older runs start it as a child below: patched()).
        const contractInStep = type === 'accept' && has(CONTRACT_IN_STEP);
        await runStep(
          (stepSeq) =>
            activities.recordOutcome({
              requestId: input.requestId,
              seq: stepSeq,
              outcome,
              by: decision.by,
              actorUserId: decision.actorUserId,
              revision: decision.revision,
              reason: decision.reason,
              ...(reputationSides ? { reputationSides } : {}),
              ...(contractInStep ? { contract: { ops: deal } } : {}),
            }),
          async (result) => {
            dealId = result.dealId;
            state = transition(state, action);
            answeredBy(decision.by, reputationSides !== undefined);
            decided(reputationSides !== undefined);
            if (result.deliveryIds.length) await deliver(result.deliveryIds);
            // The deal's contract workflow starts with it: as a child in runs before CONTRACT_IN_STEP (older histories
            // have no such child either: patched()).
            if (type === 'accept' && result.dealId && !contractInStep && has(START_CONTRACT))
              await startContract(result.dealId, decision.actorUserId, deal, has);
          },
        );
        return view();
      });
  setHandler(acceptUpdate, decide('accept'), {
    validator: (d) => {
      checkStanding(d.standing);
      check({ type: 'accept', by: d.by, revision: d.revision });
    },
  });
  setHandler(rejectUpdate, decide('reject'), {
    validator: (d) => check({ type: 'reject', by: d.by, revision: d.revision }),
  });

  setHandler(
    withdrawUpdate,
    (withdrawal) =>
      locked(async () => {
        if (inDoubt) await settle();
        check({ type: 'withdraw', by: withdrawal.by });
        const revision = state.currentRevision;
        const reputationSides = announce(withdrawal.by, false);
        await runStep(
          (stepSeq) =>
            activities.recordOutcome({
              requestId: input.requestId,
              seq: stepSeq,
              outcome: 'Withdrawn',
              by: withdrawal.by,
              actorUserId: withdrawal.actorUserId,
              revision,
              reason: withdrawal.reason,
              ...(reputationSides ? { reputationSides } : {}),
            }),
          () => {
            state = transition(state, { type: 'withdraw', by: withdrawal.by });
            // A withdrawal is nobody's verdict, but the other side's withdrawal is still its first answer.
            answeredBy(withdrawal.by, reputationSides !== undefined);
          },
        );
        return view();
      }),
    { validator: (w) => check({ type: 'withdraw', by: w.by }) },
  );

  setHandler(
    messageUpdate,
    (message) =>
      locked(async () => {
        if (inDoubt) await settle();
        check({ type: 'message', by: message.by });
        // The update id is stable across client retries: the same message is stored once.
        const idempotencyKey = `${workflowInfo().workflowId}:${currentUpdateInfo()?.id ?? ++seq}`;
        const reputationSides = announce(message.by, false);
        try {
          const recorded = await activities.recordMessage({
            requestId: input.requestId,
            idempotencyKey,
            ...message,
            ...(reputationSides ? { reputationSides } : {}),
          });
          answeredBy(message.by, reputationSides !== undefined);
          return recorded;
        } catch (err) {
          throw stepFailure(err);
        }
      }),
    {
      validator: (m) => {
        checkStanding(m.standing);
        check({ type: 'message', by: m.by });
      },
    },
  );

  // A disabled party's open request is withdrawn through the workflow, so the timeline, the audit row and both
  // sides' emails record why; closed requests are left as they are.
  const withdrawForDisabledParty = (disabled: TPartyDisabledInput) =>
    locked(async () => {
      if (inDoubt) await settle();
      if (!OPEN_REQUEST_STATUSES.includes(state.status)) return view();
      const revision = state.currentRevision;
      await runStep(
        (stepSeq) =>
          activities.recordOutcome({
            requestId: input.requestId,
            seq: stepSeq,
            outcome: 'Withdrawn',
            by: null,
            actorUserId: disabled.actorUserId,
            revision,
            reason: disabled.reason,
            cause: `${disabled.side}_disabled`,
          }),
        () => {
          state = transition(state, { type: 'withdraw', by: disabled.side });
        },
      );
      return view();
    });
  setHandler(partyDisabledUpdate, withdrawForDisabledParty);
  // A failure (the database unavailable) leaves the request open: the next sweep signals again.
  setHandler(
    partyDisabledSignal,
    (disabled) => void withdrawForDisabledParty(disabled).catch(() => undefined),
  );

  const closed = () => !OPEN_REQUEST_STATUSES.includes(state.status);
  /** True when the request closed within `ms`, false when they passed; see TIMER_LEFT_ON_CLOSE. */
  function closedWithin(ms: number): Promise<boolean> {
    if (!has(TIMER_LEFT_ON_CLOSE)) return condition(closed, ms);
    return Promise.race([condition(closed).then(() => true), sleep(ms).then(() => false)]);
  }
  const reminders = [...input.reminderOffsetsMs].sort((a, b) => b - a);
  for (const [index, offset] of reminders.entries()) {
    const remindAt = input.deadlineAt - offset;
    if (remindAt <= Date.now()) continue;
    if (await closedWithin(remindAt - Date.now())) break;
    // A reminder that cannot be queued is tried again after a pause (without the lock) until the request closes;
    // one the database refuses outright is skipped.
    for (;;) {
      try {
        await locked(async () => {
          try {
            await activities.sendDeadlineReminder({ requestId: input.requestId, reminder: index + 1 });
          } catch (err) {
            throw stepFailure(err);
          }
        });
        break;
      } catch (err) {
        if (!(err instanceof ApplicationFailure) || err.type !== STEP_FAILURE.UNAVAILABLE) break;
        if (await condition(closed, BACKGROUND_RETRY_PAUSE)) break;
      }
    }
  }
  if (!closed() && input.deadlineAt > Date.now()) await closedWithin(input.deadlineAt - Date.now());
  // Expiry must happen: while the database is unavailable it is tried again after a pause, releasing the lock.
  while (!closed()) {
    try {
      await locked(async () => {
        if (inDoubt) await settle();
        if (closed()) return;
        const revision = state.currentRevision;
        const reputationSides = announce(null, true);
        await runStep(
          (stepSeq) =>
            activities.recordOutcome({
              requestId: input.requestId,
              seq: stepSeq,
              outcome: 'Expired',
              by: null,
              actorUserId: null,
              revision,
              ...(reputationSides ? { reputationSides } : {}),
            }),
          () => {
            state = transition(state, { type: 'expire' });
            decided(reputationSides !== undefined);
          },
        );
      });
    } catch (err) {
      if (!(err instanceof ApplicationFailure) || err.type !== STEP_FAILURE.UNAVAILABLE) throw err;
      await sleep(BACKGROUND_RETRY_PAUSE);
    }
  }
  // Each condition() costs promises (see handler-lock.ts): waited for only when not already met.
  if (!allHandlersFinished()) await condition(allHandlersFinished);
  const refreshed = () => reputationDue.size === 0 && !refreshing;
  if (!refreshed()) await condition(refreshed);
  return view();
}
