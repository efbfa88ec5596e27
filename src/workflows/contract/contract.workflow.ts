import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { handlerLock } from '../handler-lock.js';
import { toStepFailure } from '../step-failure.js';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  alreadySigned,
  contractDetails,
  contractWaitingOn,
  contractTransition,
  contractViolation,
  fullySigned,
  type TContractAction,
  type TContractState,
} from '../../domain/contract.js';
import { SA_DEAL_ID, SA_STATUS, SA_WAITING_ON, SA_WAITING_SINCE } from '../../domain/search-attributes.js';
import { STEP_FAILURE } from '../../errors.js';
import { paymentIdOf } from '../../domain/escrow.js';
import {
  dealSummary,
  escrowStaticDetails,
  fulfillmentStaticDetails,
  type TDealOps,
} from '../../domain/ops-view.js';
import { ESCROW_WORKFLOW, escrowWorkflowId, type TEscrowInput } from '../escrow/escrow.contract.js';
import {
  FULFILLMENT_WORKFLOW,
  fulfillmentWorkflowId,
  type TFulfillmentInput,
} from '../fulfillment/fulfillment.contract.js';
import {
  WEBHOOK_DELIVERY_WORKFLOW,
  webhookDeliveryWorkflowId,
  type TWebhookDeliveryInput,
} from '../webhook-delivery/webhook-delivery.contract.js';
import {
  cancelUpdate,
  contractStateQuery,
  signUpdate,
  type TContractActivities,
  type TContractInput,
  type TContractSettings,
  type TGeneratedContract,
  type TContractView,
  type TSignature,
} from './contract.contract.js';

// A user's step (sign, cancel) runs while its caller waits: bounded retries, then UNAVAILABLE (503).
const steps = proxyActivities<TContractActivities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '2 seconds', maximumAttempts: 6 },
});
// Background work (generation, sealing, reminders, expiry) must happen: retried until it does.
const background = proxyActivities<TContractActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// Opening the Draft is one short transaction, idempotent per contract (an existing row is answered as it is): a local
// activity inside the workflow task that starts the contract instead of an activity task of its own and the workflow
// task after it (six events gone, two markers added). Generation too (LOCAL_GENERATE): it renders and stores the
// document in tens of milliseconds, idempotently (a generated contract is answered as it is); retried until it
// succeeds, with a timer between attempts once they have taken 10 s. The reminders are timed from the workflow clock of
// that task, earlier than the generation's end by its duration: a reminder comes that much later, never earlier.
const openLocal = proxyLocalActivities<TContractActivities>({
  startToCloseTimeout: '1 minute',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/** patched() id of the local open step (histories before it ran it as an activity task). */
const LOCAL_OPEN = 'contract-local-open';

const stepFailure = (err: unknown) =>
  toStepFailure(
    err,
    'the database did not answer in time: this step is not confirmed; check the contract before repeating it',
  );

/** patched() id of the search attributes each step sets (status, waiting on, since, deal). */
const OPS_SEARCH_ATTRIBUTES = 'contract-ops-search-attributes';

/** patched() id of the escrow a signed contract starts (older histories end without it). */
const START_ESCROW = 'start-escrow';
/** patched() id of the summaries the escrow and fulfillment starts carry (histories before them started them bare). */
const CHILD_OPS_SUMMARY = 'deal-children-ops-summary';
/**
 * patched() id that stands for every patch of this file (LOCAL_OPEN, OPS_SEARCH_ATTRIBUTES, START_ESCROW,
 * START_FULFILLMENT, CHILD_OPS_SUMMARY): a run that records it at its start takes all their new branches with ONE
 * marker instead of one each (a marker is two history events: the marker and the TemporalChangeVersion search-attribute
 * upsert the SDK adds beside it). Runs recorded before it replay asking each patch, as they did. A later change needs a
 * patch of its own.
 */
const CURRENT_PATCHES = 'contract-current-patches';
/**
 * patched() id of generation as a local activity (histories before it ran generation as an activity task). Rendering
 * and storing the document takes tens of milliseconds: inside the workflow task that opened the Draft it is one marker
 * instead of an activity task and the workflow task after it (three events and two round trips through the server).
 */
const LOCAL_GENERATE = 'contract-local-generate';
/** CURRENT_PATCHES and LOCAL_GENERATE in one marker (runs recorded with CURRENT_PATCHES ask LOCAL_GENERATE alone). */
const CURRENT_PATCHES_2 = 'contract-current-patches-2';
/**
 * patched() id of opening and generating as ONE local activity (openAndGenerateContract), run under the lock: one
 * marker and one activation of this workflow instead of two of each in the task that starts it. Runs without it run
 * openContract, then generateContract under the lock, as they did.
 */
const OPEN_AND_GENERATE = 'contract-open-and-generate';
/** CURRENT_PATCHES_2 and OPEN_AND_GENERATE in one marker (runs recorded with an earlier one ask it alone). */
const CURRENT_PATCHES_3 = 'contract-current-patches-3';

/**
 * The escrow of a signed contract: `escrow:<paymentId>` with the payment id derived from the contract, abandoned so
 * it outlives this workflow. A second start (a replayed call, `POST /payments` first) is refused by Temporal and ignored.
 */
async function startEscrowForSignedContract(
  dealId: string,
  contractId: string,
  deal: TDealOps | undefined,
  has: (patchId: string) => boolean,
): Promise<void> {
  const paymentId = paymentIdOf(contractId);
  const described = has(CHILD_OPS_SUMMARY);
  try {
    await startChild(ESCROW_WORKFLOW, {
      workflowId: escrowWorkflowId(paymentId),
      args: [{ paymentId, contractId, dealId } satisfies TEscrowInput],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary:
        described && deal ? dealSummary('Escrow', deal) : `Escrow of deal ${dealId} (contract ${contractId})`,
      ...(described ? { staticDetails: escrowStaticDetails({ paymentId, contractId, dealId }) } : {}),
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** patched() id of the benefit manager a signed contract starts (older histories end without it). */
const START_FULFILLMENT = 'start-fulfillment';

/**
 * The benefit manager of a signed contract: `fulfillment:<dealId>`, abandoned so it outlives this workflow. Keyed by
 * the deal, so a second start (a replayed call, another contract of the same deal) is refused by Temporal and ignored.
 */
async function startFulfillmentForSignedContract(
  dealId: string,
  contractId: string,
  deal: TDealOps | undefined,
  has: (patchId: string) => boolean,
): Promise<void> {
  const described = has(CHILD_OPS_SUMMARY);
  try {
    await startChild(FULFILLMENT_WORKFLOW, {
      workflowId: fulfillmentWorkflowId(dealId),
      args: [{ dealId, contractId } satisfies TFulfillmentInput],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary:
        described && deal
          ? dealSummary('Benefit fulfillment', deal)
          : `Benefit fulfillment of deal ${dealId} (contract ${contractId})`,
      ...(described ? { staticDetails: fulfillmentStaticDetails({ dealId, contractId }) } : {}),
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * Draft -> PendingSignature -> Signed, or Cancelled / Expired. Generation renders and stores the exact document;
 * each signature is an Update whose validator refuses what the rules forbid (wrong hash, wrong order, wrong state);
 * handlers run one at a time and re-check under the lock. When both sides have signed the document is sealed; when
 * the deadline passes first the contract expires.
 */
export async function contractWorkflow(input: TContractInput): Promise<TContractView> {
  // First, before any command: whether this run records the patches as one (CURRENT_PATCHES_3; CURRENT_PATCHES_2
  // before OPEN_AND_GENERATE, CURRENT_PATCHES before LOCAL_GENERATE) or one by one.
  // A start that passes the level asks nothing (see TContractInput.patchLevel): no marker in its history.
  const current3 = (input.patchLevel ?? 0) >= 3 || patched(CURRENT_PATCHES_3);
  const current2 = !current3 && patched(CURRENT_PATCHES_2);
  const current = !current3 && !current2 && patched(CURRENT_PATCHES);
  const has = (patchId: string) =>
    current3 ||
    (current2 && patchId !== OPEN_AND_GENERATE) ||
    (current && patchId !== LOCAL_GENERATE && patchId !== OPEN_AND_GENERATE) ||
    patched(patchId);
  let state: TContractState = {
    status: 'Draft',
    documentSha256: null,
    sequential: false,
    order: ['organization', 'community'],
    signedBy: [],
  };
  let deadlineAt: number | null = null;
  let sealedSha256: string | null = null;
  const signatures: TSignature[] = [];
  const view = (): TContractView => ({
    ...state,
    contractId: input.contractId,
    deadlineAt,
    signatures: [...signatures],
    sealedSha256,
  });

  // One at a time, in arrival order, with as few promises as it can (see handler-lock.ts).
  const locked = handlerLock();
  function check(action: TContractAction) {
    const problem = contractViolation(state, action);
    if (problem) throw ApplicationFailure.nonRetryable(problem.message, problem.code);
  }

  /**
   * What ops read in the Temporal UI: current details always; status, whose signature it waits for and since when as
   * search attributes in runs that record them (the saved histories before them replay without).
   */
  function publish() {
    setCurrentDetails(contractDetails(state, deadlineAt, input.ops));
    if (!has(OPS_SEARCH_ATTRIBUTES)) return;
    upsertSearchAttributes([
      { key: SA_STATUS, value: state.status },
      { key: SA_WAITING_ON, value: contractWaitingOn(state) },
      { key: SA_WAITING_SINCE, value: new Date() },
      { key: SA_DEAL_ID, value: input.dealId },
    ]);
  }

  /** A sign or cancel step failed as UNAVAILABLE: its commit may have landed (see `adoptRecorded`). */
  let unsure = false;
  /**
   * Adopts what Postgres committed for a step whose answer was lost (a signature, a cancellation), so the workflow
   * never waits for a signature that is already recorded nor takes one after a recorded cancellation. Read only:
   * nothing is recorded that a caller did not get confirmed or commit. Run under the lock, before the next step.
   */
  async function adoptRecorded() {
    if (!unsure) return;
    const recorded = await steps.recordedContract({ contractId: input.contractId });
    for (const signature of recorded.signatures) {
      if (signatures.some((s) => s.side === signature.side)) continue;
      signatures.push(signature);
      state = contractTransition(state, {
        type: 'sign',
        side: signature.side,
        documentSha256: signature.documentSha256,
      });
    }
    if (recorded.status === 'Cancelled' && !contractViolation(state, { type: 'cancel', side: 'community' }))
      state = contractTransition(state, { type: 'cancel', side: 'community' });
    unsure = false;
    publish();
  }
  /** A step's failure as its caller sees it; an UNAVAILABLE one leaves the workflow unsure of what committed. */
  function failed(err: unknown): ApplicationFailure {
    const failure = stepFailure(err);
    if (failure.type === STEP_FAILURE.UNAVAILABLE) unsure = true;
    return failure;
  }

  setHandler(contractStateQuery, view);
  setHandler(
    signUpdate,
    (sign) =>
      locked(async () => {
        // Only after an unsure step: an await costs promises (see handler-lock.ts).
        if (unsure) {
          try {
            await adoptRecorded();
          } catch (err) {
            throw failed(err);
          }
        }
        // A second signature for a side answers with the recorded one (idempotent, same result).
        const existing = signatures.find((s) => s.side === sign.side);
        if (existing) return existing;
        check({ type: 'sign', side: sign.side, documentSha256: sign.documentSha256 });
        let recorded: TSignature;
        try {
          recorded = await steps.recordSignature({ contractId: input.contractId, ...sign });
        } catch (err) {
          throw failed(err);
        }
        signatures.push(recorded);
        state = contractTransition(state, {
          type: 'sign',
          side: sign.side,
          documentSha256: sign.documentSha256,
        });
        publish();
        return recorded;
      }),
    {
      validator: (sign) => {
        if (alreadySigned(state, sign.side)) return;
        // The document is in Postgres (so a caller knows its hash) a moment before this workflow records it: a
        // signature then waits for the lock, which generation holds, and is checked by the handler.
        if (state.status === 'Draft') return;
        check({ type: 'sign', side: sign.side, documentSha256: sign.documentSha256 });
      },
    },
  );
  setHandler(
    cancelUpdate,
    (cancel) =>
      locked(async () => {
        // Only after an unsure step: an await costs promises (see handler-lock.ts).
        if (unsure) {
          try {
            await adoptRecorded();
          } catch (err) {
            throw failed(err);
          }
        }
        check({ type: 'cancel', side: cancel.side });
        try {
          await steps.recordCancelled({ contractId: input.contractId, ...cancel });
        } catch (err) {
          throw failed(err);
        }
        state = contractTransition(state, { type: 'cancel', side: cancel.side });
        publish();
        return view();
      }),
    { validator: (cancel) => check({ type: 'cancel', side: cancel.side }) },
  );

  /** Records the generated document (under the lock: a signature queued behind generation sees it). */
  function adoptGenerated(result: TGeneratedContract): TGeneratedContract {
    if (state.status === 'Draft') {
      state = contractTransition(
        { ...state, sequential: result.sequential, order: result.order },
        { type: 'generated', documentSha256: result.documentSha256 },
      );
    }
    return result;
  }
  let settings: TContractSettings;
  let generated: TGeneratedContract;
  if (input.opened) {
    // Before the first await: a signature in this run's first activation already finds the document.
    settings = input.opened.settings;
    generated = adoptGenerated(input.opened.generated);
  } else if (has(OPEN_AND_GENERATE)) {
    const opened = await locked(() =>
      openLocal.openAndGenerateContract(input).then((result) => {
        if (!result.superseded) adoptGenerated(result.generated);
        return result;
      }),
    );
    // The deal already had another live contract (two starts raced): that one is the deal's contract.
    if (opened.superseded) return view();
    settings = opened.settings;
    generated = opened.generated;
  } else {
    const opened = await (has(LOCAL_OPEN) ? openLocal : background).openContract(input);
    if (opened.superseded) return view();
    settings = opened.settings;
    generated = await locked(async () =>
      adoptGenerated(
        await (has(LOCAL_GENERATE) ? openLocal : background).generateContract({
          contractId: input.contractId,
          signingWindowMs: opened.settings.signingWindowMs,
        }),
      ),
    );
  }
  deadlineAt = generated.deadlineAt;
  publish();

  const closed = () => state.status !== 'Draft' && state.status !== 'PendingSignature';
  const done = () => closed() || fullySigned(state);
  const reminders = [...settings.reminderOffsetsMs].sort((a, b) => b - a);
  for (const [index, offset] of reminders.entries()) {
    const remindAt = deadlineAt - offset;
    if (remindAt <= Date.now()) continue;
    if (await condition(done, remindAt - Date.now())) break;
    await background.sendSigningReminder({ contractId: input.contractId, reminder: index + 1 });
  }
  if (!done() && deadlineAt > Date.now()) await condition(done, deadlineAt - Date.now());

  if (!done()) {
    // The deadline passed. Under the lock, so a signature that completed the contract just before it wins.
    await locked(async () => {
      // A signature or cancellation whose answer was lost counts (retried until the database answers).
      while (unsure) {
        try {
          await adoptRecorded();
        } catch {
          await sleep('30 seconds');
        }
      }
      if (contractViolation(state, { type: 'expire' })) return;
      await background.recordExpired({ contractId: input.contractId });
      state = contractTransition(state, { type: 'expire' });
      publish();
    });
  }
  if (!closed() && fullySigned(state)) {
    const sealed = await locked(() => background.sealContract({ contractId: input.contractId }));
    sealedSha256 = sealed.sealedSha256;
    state = contractTransition(state, { type: 'seal' });
    publish();
    for (const deliveryId of sealed.deliveryIds) {
      await startChild(WEBHOOK_DELIVERY_WORKFLOW, {
        workflowId: webhookDeliveryWorkflowId(deliveryId),
        args: [
          {
            deliveryId,
            run: 1,
            retryScheduleMs: settings.webhookRetryScheduleMs,
          } satisfies TWebhookDeliveryInput,
        ],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    }
    if (has(START_ESCROW)) await startEscrowForSignedContract(input.dealId, input.contractId, input.ops, has);
    if (has(START_FULFILLMENT))
      await startFulfillmentForSignedContract(input.dealId, input.contractId, input.ops, has);
  }
  if (!allHandlersFinished()) await condition(allHandlersFinished);
  return view();
}
