import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  ParentClosePolicy,
  proxyLocalActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  OPEN_REQUEST_STATUSES,
  standingViolation,
  transition,
  violation,
  type TPartyStanding,
  type TNegotiationAction,
  type TNegotiationState,
  type TSide,
} from '../../domain/negotiation.js';
import {
  acceptUpdate,
  counterUpdate,
  messageUpdate,
  negotiationStateQuery,
  partyDisabledUpdate,
  rejectUpdate,
  withdrawUpdate,
  type TNegotiationActivities,
  type TNegotiationInput,
  type TNegotiationView,
} from './negotiation.contract.js';
import {
  WEBHOOK_DELIVERY_WORKFLOW,
  webhookDeliveryWorkflowId,
  type TWebhookDeliveryInput,
} from '../webhook-delivery/webhook-delivery.contract.js';

// Local activities: each step is one short Postgres transaction, so it runs inside the workflow task
// that handles the Update instead of a separate activity task: a counter costs one server round trip
// instead of three, which is most of its latency. Retries and idempotency (per request + step) are unchanged.
const activities = proxyLocalActivities<TNegotiationActivities>({
  startToCloseTimeout: '10 seconds',
  localRetryThreshold: '10 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 50,
  },
});

/**
 * Pending -> Negotiation -> Accepted | Rejected | Withdrawn | Expired. Every user action is an Update:
 * the validator refuses what the rules forbid before anything is recorded; handlers run one at a time
 * (a promise-chain lock) and re-check the rules under the lock, so of two racing answers to the same
 * revision exactly one is recorded and the other fails with STALE_REVISION.
 */
export async function negotiationWorkflow(input: TNegotiationInput): Promise<TNegotiationView> {
  let state: TNegotiationState = {
    status: 'Pending',
    initiator: input.initiator,
    currentRevision: 1,
    currentAuthor: input.initiator,
  };
  let dealId: string | null = null;
  let seq = 1; // step 1 (the opening revision) is written by the API when the request is created
  const counterTimes: Record<TSide, number[]> = { community: [], organization: [] };
  const view = (): TNegotiationView => ({ ...state, dealId, deadlineAt: input.deadlineAt });

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

  let chain: Promise<unknown> = Promise.resolve();
  function locked<T>(work: () => Promise<T>): Promise<T> {
    const run = chain.then(work);
    chain = run.catch(() => undefined);
    return run;
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

  setHandler(
    counterUpdate,
    (counter) =>
      locked(async () => {
        const action = {
          type: 'counter',
          by: counter.by,
          inReplyToRevision: counter.inReplyToRevision,
        } as const;
        check(action);
        checkCounterRate(counter.by);
        const recorded = await activities.recordCounter({
          requestId: input.requestId,
          seq: ++seq,
          revision: state.currentRevision + 1,
          ...counter,
        });
        counterTimes[counter.by].push(Date.now());
        state = transition(state, action);
        if (recorded.deliveryIds.length) await deliver(recorded.deliveryIds);
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
        const action = { type, by: decision.by, revision: decision.revision } as const;
        check(action);
        const outcome = type === 'accept' ? 'Accepted' : 'Rejected';
        const result = await activities.recordOutcome({
          requestId: input.requestId,
          seq: ++seq,
          outcome,
          by: decision.by,
          actorUserId: decision.actorUserId,
          revision: decision.revision,
          reason: decision.reason,
        });
        dealId = result.dealId;
        state = transition(state, action);
        if (result.deliveryIds.length) await deliver(result.deliveryIds);
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
        check({ type: 'withdraw', by: withdrawal.by });
        await activities.recordOutcome({
          requestId: input.requestId,
          seq: ++seq,
          outcome: 'Withdrawn',
          by: withdrawal.by,
          actorUserId: withdrawal.actorUserId,
          revision: state.currentRevision,
          reason: withdrawal.reason,
        });
        state = transition(state, { type: 'withdraw', by: withdrawal.by });
        return view();
      }),
    { validator: (w) => check({ type: 'withdraw', by: w.by }) },
  );

  setHandler(
    messageUpdate,
    (message) =>
      locked(async () => {
        check({ type: 'message', by: message.by });
        // The update id is stable across client retries: the same message is stored once.
        const idempotencyKey = `${workflowInfo().workflowId}:${currentUpdateInfo()?.id ?? ++seq}`;
        return activities.recordMessage({ requestId: input.requestId, idempotencyKey, ...message });
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
  setHandler(partyDisabledUpdate, (disabled) =>
    locked(async () => {
      if (!OPEN_REQUEST_STATUSES.includes(state.status)) return view();
      await activities.recordOutcome({
        requestId: input.requestId,
        seq: ++seq,
        outcome: 'Withdrawn',
        by: null,
        actorUserId: disabled.actorUserId,
        revision: state.currentRevision,
        reason: disabled.reason,
        cause: `${disabled.side}_disabled`,
      });
      state = transition(state, { type: 'withdraw', by: disabled.side });
      return view();
    }),
  );

  const closed = () => !OPEN_REQUEST_STATUSES.includes(state.status);
  const reminders = [...input.reminderOffsetsMs].sort((a, b) => b - a);
  for (const [index, offset] of reminders.entries()) {
    const remindAt = input.deadlineAt - offset;
    if (remindAt <= Date.now()) continue;
    if (await condition(closed, remindAt - Date.now())) break;
    await locked(() => activities.sendDeadlineReminder({ requestId: input.requestId, reminder: index + 1 }));
  }
  if (!closed() && input.deadlineAt > Date.now()) await condition(closed, input.deadlineAt - Date.now());
  if (!closed()) {
    await locked(async () => {
      if (closed()) return;
      await activities.recordOutcome({
        requestId: input.requestId,
        seq: ++seq,
        outcome: 'Expired',
        by: null,
        actorUserId: null,
        revision: state.currentRevision,
      });
      state = transition(state, { type: 'expire' });
    });
  }
  await condition(allHandlersFinished);
  return view();
}
