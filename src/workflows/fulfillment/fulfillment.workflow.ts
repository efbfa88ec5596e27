import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  currentUpdateInfo,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { toStepFailure } from '../step-failure.js';
import {
  decideItem,
  fulfillmentAgenda,
  fulfillmentDetails,
  fulfillmentWaitingOn,
  type TFulfillmentItem,
  type TFulfillmentProgress,
} from '../../domain/fulfillment.js';
import { SA_DEAL_ID, SA_STATUS, SA_WAITING_ON } from '../../domain/search-attributes.js';
import type { TReputationActivities } from '../reputation/reputation.contract.js';
import {
  fulfillmentStateQuery,
  itemUpdate,
  type TFulfillmentActivities,
  type TFulfillmentInput,
  type TFulfillmentView,
  type TItemCommand,
} from './fulfillment.contract.js';

// A person's step runs while its caller waits: bounded retries, then UNAVAILABLE (503).
const steps = proxyActivities<TFulfillmentActivities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '2 seconds', maximumAttempts: 6 },
});
// The workflow's own steps (reminders, Missed, alarm, report, completion) must happen: retried until they do.
const background = proxyActivities<TFulfillmentActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const reputation = proxyActivities<TReputationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/** patched() id of the reputation refresh after an item's status changed (histories before it had none). */
const REPUTATION_REFRESH = 'fulfillment-reputation-refresh';

const stepFailure = (err: unknown) =>
  toStepFailure(
    err,
    'the database did not answer in time: this change is not confirmed; check the item before repeating it',
  );

/**
 * The benefit manager of one signed deal. Each person's action on an item is an Update whose validator applies the
 * rule book (403 who, 409 state) before anything is recorded; handlers run one at a time. Between actions the
 * workflow sleeps until its agenda's next time: reminders before due dates, Missed at them, the completion alarm
 * before the event ends, the sponsor report after it. When every item is Verified or Waived the contract is
 * Completed; the workflow ends once that and the report are done. All state is in Postgres too, so a continued run
 * (long histories) starts from what the first activity reads back.
 */
export async function fulfillmentWorkflow(input: TFulfillmentInput): Promise<TFulfillmentView> {
  const opened = await background.openFulfillment(input);
  let items: TFulfillmentItem[] = opened.items;
  let progress: TFulfillmentProgress = opened.progress;
  const settings = opened.settings;
  let nextAt: number | null = null;
  let changed = false;

  const view = (): TFulfillmentView => ({
    dealId: input.dealId,
    contractId: input.contractId,
    items: items.map((i) => ({ ...i })),
    progress: { ...progress },
  });
  let published = '';
  function publish() {
    setCurrentDetails(`${opened.summary}\n\n${fulfillmentDetails(items, progress, nextAt)}`);
    const status = progress.completed ? 'Completed' : 'Fulfilling';
    const waitingOn = fulfillmentWaitingOn(items);
    // Each upsert is a history event: only when a value changed, not on every timer.
    if (published === `${status}:${waitingOn}`) return;
    published = `${status}:${waitingOn}`;
    upsertSearchAttributes([
      { key: SA_STATUS, value: status },
      { key: SA_WAITING_ON, value: waitingOn },
      { key: SA_DEAL_ID, value: input.dealId },
    ]);
  }
  /**
   * An item's status moved the community's fulfillment quality (verified, missed, disputed, waived, or no longer
   * overdue): announced at the start of the loop's next pass, after the change committed.
   */
  let reputationDue = false;
  const replace = (item: TFulfillmentItem) => {
    if (items.find((i) => i.id === item.id)?.status !== item.status) reputationDue = true;
    items = items.map((i) => (i.id === item.id ? item : i));
    changed = true;
  };

  let chain: Promise<unknown> = Promise.resolve();
  function locked<T>(work: () => Promise<T>): Promise<T> {
    const run = chain.then(work);
    chain = run.catch(() => undefined);
    return run;
  }

  /** The item after the command's actions, or the rule that refuses it (thrown as FORBIDDEN / WRONG_STATE). */
  function decide(command: TItemCommand): { before: TFulfillmentItem; after: TFulfillmentItem | null } {
    const before = items.find((i) => i.id === command.itemId);
    if (!before)
      throw ApplicationFailure.nonRetryable(`no benefit item ${command.itemId} in this deal`, 'NOT_FOUND');
    let current = before;
    let any = false;
    for (const action of command.actions) {
      const decision = decideItem(current, action, command.actor);
      if (decision.kind === 'refused')
        throw ApplicationFailure.nonRetryable(decision.violation.message, decision.violation.code);
      if (decision.kind === 'changed') {
        current = decision.item;
        any = true;
      }
    }
    return { before, after: any ? current : null };
  }

  setHandler(fulfillmentStateQuery, view);
  setHandler(
    itemUpdate,
    (command) =>
      locked(async () => {
        const { before, after } = decide(command);
        // A repeat (same proof, already verified, this side already agreed to waive) answers the item as it is.
        if (!after) return { item: before, changed: false };
        try {
          await steps.recordItemChange({
            dealId: input.dealId,
            idempotencyKey: `${workflowInfo().workflowId}:${currentUpdateInfo()?.id ?? workflowInfo().runId}`,
            actor: command.actor,
            actions: command.actions,
            before,
            after,
            requestId: command.requestId,
          });
        } catch (err) {
          throw stepFailure(err);
        }
        replace(after);
        publish();
        return { item: after, changed: true };
      }),
    { validator: (command) => void decide(command) },
  );

  publish();
  for (;;) {
    if (reputationDue) {
      reputationDue = false;
      if (patched(REPUTATION_REFRESH))
        await reputation.refreshReputation({ dealId: input.dealId, sides: ['community'] });
    }
    // Everything lives in Postgres as well: a new run reads it back (handlers finish first).
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof fulfillmentWorkflow>(input);
    }
    const agenda = fulfillmentAgenda(items, progress, settings, Date.now());
    if (agenda.steps.length > 0) {
      // Under the lock, on the agenda as it stands then: an action that just landed is taken into account.
      await locked(async () => {
        const due = fulfillmentAgenda(items, progress, settings, Date.now()).steps;
        for (const step of due) {
          switch (step.type) {
            case 'remind':
              await background.sendDueReminder({ dealId: input.dealId, ...step });
              progress = { ...progress, remindersSent: [...progress.remindersSent, step.key] };
              break;
            case 'miss': {
              const item = items.find((i) => i.id === step.itemId)!;
              const decision = decideItem(item, { type: 'miss', now: Date.now() }, null);
              if (decision.kind !== 'changed') break;
              await background.markMissed({ dealId: input.dealId, itemId: item.id });
              replace(decision.item);
              break;
            }
            case 'alarm':
            case 'alarm_cleared':
              await background.checkAlarm({
                dealId: input.dealId,
                raised: step.type === 'alarm',
                percent: step.type === 'alarm' ? step.percent : 100,
              });
              progress = { ...progress, alarmChecked: true };
              break;
            case 'report':
              await background.produceReport({ dealId: input.dealId });
              progress = { ...progress, reportProduced: true };
              break;
            case 'complete':
              await background.completeContract({ dealId: input.dealId, contractId: input.contractId });
              progress = { ...progress, completed: true };
              break;
          }
        }
      });
      continue;
    }
    nextAt = agenda.nextAt;
    publish();
    if (progress.completed && progress.reportProduced) break;
    changed = false;
    if (nextAt === null) await condition(() => changed || workflowInfo().continueAsNewSuggested);
    else
      await condition(
        () => changed || workflowInfo().continueAsNewSuggested,
        Math.max(nextAt - Date.now(), 1),
      );
  }
  await condition(allHandlersFinished);
  return view();
}
