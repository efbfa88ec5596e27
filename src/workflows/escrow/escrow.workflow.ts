import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  escrowAgenda,
  escrowAlert,
  escrowClosed,
  escrowDetails,
  escrowViolation,
  escrowWaitingOn,
  paymentStatus,
  REFUND_STATUSES,
  transferRetryDelayMs,
  type TEscrowAction,
  type TEscrowActor,
  type TEscrowState,
  type TRefundStatus,
} from '../../domain/escrow.js';
import {
  SA_ALERT,
  SA_AMOUNT_MINOR,
  SA_COMMUNITY_ID,
  SA_CURRENCY,
  SA_DEAL_ID,
  SA_ORGANIZATION_ID,
  SA_STATUS,
  SA_WAITING_ON,
  SA_WAITING_SINCE,
} from '../../domain/search-attributes.js';
import { toStepFailure } from '../step-failure.js';
import type { TReputationActivities } from '../reputation/reputation.contract.js';
import {
  escrowCommandUpdate,
  escrowStateQuery,
  payoutAccountChangedSignal,
  stripeEventSignal,
  type TEscrowActivities,
  type TEscrowCommand,
  type TEscrowInput,
  type TEscrowView,
  type TStripeEventSignal,
} from './escrow.contract.js';

// A person's step runs while its caller waits: bounded retries, then UNAVAILABLE (503).
const steps = proxyActivities<TEscrowActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '45 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '2 seconds', maximumAttempts: 6 },
});
// The workflow's own steps (invoice, transfers, expiry, auto-release, Stripe events) must happen: retried until they do.
const background = proxyActivities<TEscrowActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// A transfer is retried a few times under the lock, then (Stripe not answering) recorded as unanswered and tried again
// after a backoff without the lock: people's steps are answered meanwhile, the stuck-money alert fires on time, and
// every attempt carries the same idempotency key, so Stripe makes it at most once.
const transferStep = proxyActivities<TEscrowActivities>({
  startToCloseTimeout: '75 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 seconds', maximumAttempts: 3 },
});
const TRANSFER_UNANSWERED = 'escrow-transfer-unanswered';
const reputation = proxyActivities<TReputationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/** patched() id of the reputation refresh announced after a payment or a dispute (histories before it had none). */
const REPUTATION_REFRESH = 'escrow-reputation-refresh';
/**
 * The changes that move a party's dispute frequency: a payment escrowed (the deals it counts) and a party's dispute
 * (filed against the other side).
 */
const REPUTATION_ACTIONS: ReadonlySet<TEscrowAction['type']> = new Set(['paid', 'dispute']);
/** patched() id of the organization's refresh after a change of how it paid (histories before it had none). */
const PAYMENT_REPUTATION_REFRESH = 'escrow-payment-reputation-refresh';
/**
 * The changes that move the organization's payment reliability (its fulfillment_quality): a payment that failed or
 * expired unpaid, a chargeback opened, won or lost. (`paid` is announced to both sides above.)
 */
const PAYMENT_REPUTATION_ACTIONS: ReadonlySet<TEscrowAction['type']> = new Set([
  'payment_failed',
  'expire',
  'freeze',
  'unfreeze',
  'chargeback_lost',
]);
const DRAIN_BEFORE_COMPLETE = 'escrow-drain-before-complete';

const stepFailure = (err: unknown) =>
  toStepFailure(
    err,
    'the database or Stripe did not answer in time: this step is not confirmed; check the payment before repeating it',
  );

const SYSTEM: TEscrowActor = { kind: 'system' };

/** The domain action of a Stripe event, or null when the event changes nothing here. */
function actionOfStripeEvent(event: TStripeEventSignal, state: TEscrowState): TEscrowAction | null {
  const fields = event.fields;
  switch (event.type) {
    case 'payment_intent.succeeded': {
      // What Stripe took must be the invoice's total (gross and tax) in its currency, else it is not escrowed as if it were.
      const amount = fields.amountMinor;
      const total = state.grossMinor + (state.taxMinor ?? 0);
      const currency = typeof fields.currency === 'string' ? fields.currency.toUpperCase() : null;
      if (
        (typeof amount === 'number' && amount !== total) ||
        (currency !== null && currency !== state.currency.toUpperCase())
      )
        return {
          type: 'payment_mismatch',
          reason: `Stripe reports ${typeof amount === 'number' ? amount : '?'} ${currency ?? '?'} (minor units) paid by PaymentIntent ${event.objectId}; the invoice is ${total} ${state.currency.toUpperCase()}`,
        };
      return {
        type: 'paid',
        processorFeeMinor: typeof fields.processorFeeMinor === 'number' ? fields.processorFeeMinor : 0,
        chargeId: typeof fields.chargeId === 'string' ? fields.chargeId : null,
      };
    }
    case 'payment_intent.payment_failed':
      // One declined attempt: the PaymentIntent stays payable (another card) until the payment deadline.
      return {
        type: 'payment_failed',
        reason: `the last payment attempt failed at Stripe: ${typeof fields.failureMessage === 'string' ? fields.failureMessage : 'no reason given'}`,
      };
    case 'payment_intent.canceled':
      return state.phase === 'AwaitingPayment'
        ? { type: 'payment_failed', reason: 'the PaymentIntent was canceled at Stripe', final: true }
        : null;
    case 'charge.dispute.created':
      return {
        type: 'freeze',
        evidenceDueBy: typeof fields.evidenceDueBy === 'number' ? fields.evidenceDueBy * 1000 : null,
        reason: `chargeback ${event.objectId} opened at Stripe${typeof fields.disputeReason === 'string' ? ` (${fields.disputeReason})` : ''}`,
      };
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
    case 'charge.refund.updated': {
      // Our refund by the key in its metadata (Stripe's ids are not unique on stripe-mock), else by its Stripe id.
      const key =
        typeof fields.refundKey === 'string'
          ? fields.refundKey
          : (state.refunds ?? []).find((r) => r.stripeId === event.objectId)?.key;
      const status = REFUND_STATUSES.find((x) => x === fields.refundStatus);
      if (!key || !status) return null;
      return {
        type: 'refund_settled',
        refundKey: key,
        status: status as TRefundStatus,
        reason: typeof fields.failureReason === 'string' ? fields.failureReason : null,
      };
    }
    case 'charge.dispute.closed':
      // Lost: the bank gave the sponsor the charge back, so nothing may be released (or refunded) from it; ops settle.
      return fields.disputeStatus === 'lost'
        ? {
            type: 'chargeback_lost',
            reason: `chargeback ${event.objectId} lost at Stripe: the charge went back to the sponsor's bank; releases stay frozen until ops settle it`,
          }
        : { type: 'unfreeze' };
    default:
      return null;
  }
}

/** Events about one object (the PaymentIntent, one chargeback) are ordered by Stripe's `created`. */
const familyOf = (event: TStripeEventSignal) =>
  event.type.startsWith('charge.dispute.')
    ? `dispute:${event.objectId}`
    : event.type.startsWith('refund.') || event.type === 'charge.refund.updated'
      ? `refund:${typeof event.fields.refundKey === 'string' ? event.fields.refundKey : event.objectId}`
      : event.type.split('.')[0]!;

/**
 * The escrow of one payment. The invoice is issued and the PaymentIntent created before anything else; Stripe's
 * events arrive as signals (duplicates and any order are harmless: each is applied once, an older one after a newer
 * one of the same object is ignored). People's actions (request a release, approve, dispute, answer, resolve, refund)
 * are Updates whose validator applies the rule book before anything is recorded; handlers run one at a time. Between
 * them the workflow sleeps until its agenda's next time: payment reminders and expiry, milestone dates, the end of
 * review windows (auto-release), dispute deadlines and stuck-money alerts. Every change goes through one activity that
 * moves the money at Stripe and records rows, ledger, timeline and audit in one transaction; the state it returns is
 * the workflow's.
 */
export async function escrowWorkflow(input: TEscrowInput): Promise<TEscrowView> {
  const opened = await background.openEscrow(input);
  let state: TEscrowState = opened.state;
  const settings = opened.settings;
  const workflowId = workflowInfo().workflowId;
  let nextAt: number | null = null;
  let changed = false;
  const inbox: TStripeEventSignal[] = [];
  let payoutSignal = false;
  /** Why the last step of its own failed (shown in its details until it is retried). */
  let stalled: string | null = null;
  /** A committed change moved both parties' reputation inputs: announced at the start of the loop's next pass. */
  let reputationDue = false;
  /** A committed change moved the organization's payment reliability: announced likewise. */
  let paymentReputationDue = false;

  const view = (): TEscrowView => ({
    paymentId: input.paymentId,
    status: paymentStatus(state),
    waitingOn: escrowWaitingOn(state),
    nextAt,
    state,
  });

  let published = '';
  let publishedAlert: string | null = null;
  function publish() {
    setCurrentDetails(
      `${opened.summary}\n\n${escrowDetails(state, nextAt)}${stalled ? `\n\n**Step failed**, retried in 5 minutes: ${stalled}` : ''}`,
    );
    const status = paymentStatus(state);
    const waitingOn = escrowWaitingOn(state);
    // The saved view of stuck money (CommDeskAlert = "stuck_money"); set only once an alert exists.
    const alert = escrowAlert(state);
    if (alert !== publishedAlert) {
      publishedAlert = alert;
      upsertSearchAttributes([{ key: SA_ALERT, value: alert ?? null }]);
    }
    // Each upsert is a history event: only when a value changed, not on every timer.
    if (published === `${status}:${waitingOn}`) return;
    published = `${status}:${waitingOn}`;
    upsertSearchAttributes([
      { key: SA_STATUS, value: status },
      { key: SA_WAITING_ON, value: waitingOn },
      { key: SA_WAITING_SINCE, value: new Date() },
      { key: SA_DEAL_ID, value: input.dealId },
      { key: SA_AMOUNT_MINOR, value: state.grossMinor },
      { key: SA_CURRENCY, value: state.currency },
      { key: SA_COMMUNITY_ID, value: opened.communityId },
      { key: SA_ORGANIZATION_ID, value: opened.organizationId },
    ]);
  }

  let chain: Promise<unknown> = Promise.resolve();
  /** Steps queued or running under the lock; their commits may already be in Postgres before the state here. */
  let inFlight = 0;
  function locked<T>(work: () => Promise<T>): Promise<T> {
    inFlight++;
    const run = chain.then(work).finally(() => inFlight--);
    chain = run.catch(() => undefined);
    return run;
  }

  function check(action: TEscrowAction, actor: TEscrowActor) {
    const problem = escrowViolation(state, action, actor, settings, Date.now());
    if (problem) throw ApplicationFailure.nonRetryable(problem.message, problem.code);
  }
  /** The domain action of a person's command (a dispute gets its id here, deterministically). */
  function actionOf(command: TEscrowCommand, disputeId: string): TEscrowAction {
    const action = command.action;
    if (action.type === 'dispute') return { ...action, disputeId };
    if (action.type === 'refund') return { type: 'refund', keep: [], reason: action.reason };
    return action;
  }

  /** Records one change through the activity and adopts the state it committed. */
  async function apply(
    action: TEscrowAction,
    actor: TEscrowActor,
    key: string,
    requestId: string | null,
    proxy: typeof steps,
    before: TEscrowState = state,
  ) {
    try {
      state = await proxy.applyEscrowChange({
        paymentId: input.paymentId,
        key,
        actor,
        action,
        before,
        settings,
        now: Date.now(),
        requestId,
      });
    } catch (err) {
      // A failed step may have committed before its answer was lost: what Postgres holds is the state from here on, so
      // a repeated command is checked against it (and a repeated refund finds it refunded).
      state = await proxy.loadEscrowState({ paymentId: input.paymentId }).catch(() => state);
      throw err;
    }
    changed = true;
    if (REPUTATION_ACTIONS.has(action.type)) reputationDue = true;
    if (PAYMENT_REPUTATION_ACTIONS.has(action.type)) paymentReputationDue = true;
    publish();
  }

  setHandler(escrowStateQuery, view);
  setHandler(
    escrowCommandUpdate,
    (command) =>
      locked(async () => {
        const action = actionOf(command, uuid4());
        check(action, command.actor);
        try {
          await apply(
            action,
            command.actor,
            `${workflowId}:${currentUpdateInfo()?.id ?? uuid4()}`,
            command.requestId,
            steps,
          );
        } catch (err) {
          throw stepFailure(err);
        }
        return view();
      }),
    {
      // While a step is in flight (a payment being recorded), what a caller saw in Postgres may be ahead of this
      // state: the command then waits for the lock and the handler checks it against the state after that step.
      validator: (command) => {
        if (inFlight > 0) return;
        check(actionOf(command, 'validating'), command.actor);
      },
    },
  );
  setHandler(stripeEventSignal, (event) => {
    inbox.push(event);
    changed = true;
  });
  setHandler(payoutAccountChangedSignal, (signal) => {
    if (signal.payoutsEnabled) payoutSignal = true;
    changed = true;
  });

  publish();
  if (state.phase === 'Initiated') {
    const now = Date.now();
    state = await locked(() =>
      background.invoiceAndCollect({
        paymentId: input.paymentId,
        key: `${workflowId}:invoice`,
        before: state,
        settings,
        now,
      }),
    );
    publish();
  }

  for (;;) {
    try {
      // First, so a change that lands while it runs wakes the loop as usual (the agenda below sees it).
      if (reputationDue) {
        reputationDue = false;
        if (patched(REPUTATION_REFRESH))
          await reputation.refreshReputation({
            paymentId: input.paymentId,
            sides: ['community', 'organization'],
          });
      }
      if (paymentReputationDue) {
        paymentReputationDue = false;
        if (patched(PAYMENT_REPUTATION_REFRESH))
          await reputation.refreshReputation({ paymentId: input.paymentId, sides: ['organization'] });
      }
      await locked(async () => {
        // Stripe's events, each once; an older event of an object after a newer one is stale and ignored.
        while (inbox.length > 0) {
          // Taken off the inbox once applied: a step that fails leaves it (and the state) for the next attempt.
          const event = inbox[0]!;
          if (state.seenEvents.includes(event.eventId)) {
            inbox.shift();
            continue;
          }
          const family = familyOf(event);
          const stale = (state.lastEventAt[family] ?? 0) > event.created;
          const marked: TEscrowState = {
            ...state,
            seenEvents: [...state.seenEvents, event.eventId],
            lastEventAt: stale ? state.lastEventAt : { ...state.lastEventAt, [family]: event.created },
          };
          const action = stale ? null : actionOfStripeEvent(event, marked);
          if (action && !escrowViolation(marked, action, SYSTEM, settings, Date.now()))
            await apply(action, SYSTEM, `${workflowId}:stripe:${event.eventId}`, null, background, marked);
          else state = marked;
          inbox.shift();
        }
        if (payoutSignal) {
          payoutSignal = false;
          const waiting = state.milestones.filter((m) => m.status === 'AwaitingPayoutAccount');
          if (waiting.length > 0 && (await background.payoutAccountReady({ paymentId: input.paymentId })))
            for (const m of waiting)
              await apply(
                { type: 'payout_ready', milestoneId: m.id },
                SYSTEM,
                `${workflowId}:payout-ready:${m.id}:${m.since}`,
                null,
                background,
              );
        }
      });
      const agenda = escrowAgenda(state, settings, Date.now());
      if (agenda.steps.length > 0) {
        // Under the lock, on the agenda as it stands then: an action that just landed is taken into account.
        await locked(async () => {
          for (const step of escrowAgenda(state, settings, Date.now()).steps) {
            if (step.type === 'remind') {
              await background.sendPaymentReminder({
                paymentId: input.paymentId,
                reminder: step.reminder,
                deadlineAt: state.paymentDeadlineAt!,
              });
              state = { ...state, remindersSent: step.reminder };
              continue;
            }
            const action: TEscrowAction =
              step.type === 'transfer' ? { type: 'transferred', milestoneId: step.milestoneId } : step;
            if (escrowViolation(state, action, SYSTEM, settings, Date.now())) continue;
            const target =
              'milestoneId' in step
                ? step.milestoneId
                : 'disputeId' in step
                  ? step.disputeId
                  : 'refundKey' in step
                    ? step.refundKey
                    : '';
            const m = state.milestones.find((x) => x.id === target);
            // The milestone's status and since make the key unique per attempt (a transfer after a payout account).
            const key = `${workflowId}:${step.type}:${target}:${m ? `${m.releaseSeq}:${m.since}` : ''}`;
            if (step.type === 'transfer' && m && patched(TRANSFER_UNANSWERED)) {
              try {
                await apply(action, SYSTEM, key, null, transferStep);
              } catch (err) {
                if (!(err instanceof ActivityFailure)) throw err;
                // `apply` re-read the state: the transfer may have been recorded after all.
                const now = state.milestones.find((x) => x.id === m.id);
                if (now?.status !== 'Releasing' || now.releaseSeq !== m.releaseSeq) continue;
                const unanswered = (now.transferUnanswered ?? 0) + 1;
                const failure = err.cause instanceof Error ? err.cause.message : err.message;
                await apply(
                  {
                    type: 'transfer_unanswered',
                    milestoneId: m.id,
                    reason: failure,
                    retryAt: Date.now() + transferRetryDelayMs(unanswered, settings.stuckAfterMs),
                  },
                  SYSTEM,
                  `${workflowId}:transfer_unanswered:${m.id}:${m.releaseSeq}:${unanswered}`,
                  null,
                  background,
                );
              }
              continue;
            }
            await apply(action, SYSTEM, key, null, background);
          }
        });
        continue;
      }
      nextAt = agenda.nextAt;
      publish();
      changed = false;
      // A change of this pass to announce goes round once more: announced at the top, the agenda read after it.
      if (inbox.length > 0 || payoutSignal || reputationDue || paymentReputationDue) continue;
      if (escrowClosed(state)) {
        // Settled or failed: it stays open for the dispute window, for a late payment, a chargeback or an admin's
        // refund, then ends (its rows stay).
        if (await condition(() => changed, settings.disputeFileWindowMs)) continue;
        // The window ended while a person's step may still run (an admin's refund whose Stripe call is slow), and a
        // Stripe event or payout signal may come in meanwhile: ending now would drop what they brought (the webhook
        // route already answered `signalled`, and the step's new state would not be followed). So the run waits for
        // its handlers and goes round again if anything came; histories recorded before this ended here.
        await condition(allHandlersFinished);
        if ((changed || inbox.length > 0 || payoutSignal) && patched(DRAIN_BEFORE_COMPLETE)) continue;
        break;
      }
      if (nextAt === null) await condition(() => changed);
      else await condition(() => changed, Math.max(nextAt - Date.now(), 1));
    } catch (err) {
      // A step of its own that cannot succeed as is (a row gone, a refused value): the money must not be left with a
      // failed workflow. It says so in its details and tries again later; ops see it in the Temporal UI.
      const failure = err instanceof ActivityFailure && err.cause ? err.cause : err;
      stalled = `${new Date().toISOString()}: ${failure instanceof Error ? failure.message : String(failure)}`;
      publish();
      await condition(() => false, '5 minutes');
      stalled = null;
    }
  }
  await condition(allHandlersFinished);
  return view();
}
