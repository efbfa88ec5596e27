import {
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { negotiationWorkflowId, partyDisabledSignal } from '../negotiation/negotiation.contract.js';
import { mailDispatchWorkflow } from '../mail-dispatch/mail-dispatch.workflow.js';
import { webhookSweepWorkflow } from '../webhook-sweep/webhook-sweep.workflow.js';
import {
  reconfigureSignal,
  type THousekeepingActivities,
  type THousekeepingInput,
} from './housekeeping.contract.js';

const { openRequestsOfDisabledOrganizations } = proxyActivities<THousekeepingActivities>({
  startToCloseTimeout: '30 seconds',
});

/**
 * Disabling an organization withdraws its open requests at once; one an interrupted API process left open is
 * withdrawn here, through its workflow (signals: the sweep needs no answer, and a closed workflow ignores it).
 */
async function withdrawRequestsOfDisabledOrganizations(): Promise<number> {
  const requestIds = await openRequestsOfDisabledOrganizations({ limit: 200 });
  for (const requestId of requestIds) {
    await getExternalWorkflowHandle(negotiationWorkflowId(requestId))
      .signal(partyDisabledSignal, {
        side: 'organization',
        actorUserId: null,
        reason: 'the organization was disabled by a platform admin',
      })
      .catch(() => undefined);
  }
  return requestIds.length;
}

/** Passes per run before continuing as new: about 10,000 history events, well under the limits. */
const PASSES_PER_RUN = 1_000;

/**
 * The platform's periodic chores in one long-lived workflow per deployment: deliver the email outbox every few
 * seconds and sweep for webhook deliveries whose workflow never started every minute. A Schedule would start a new
 * execution per firing (17,000 a day for mail alone) and bury the business workflows in the Temporal UI; this is one
 * running execution that sleeps between passes and continues as new every thousand passes.
 */
export async function housekeepingWorkflow(input: THousekeepingInput): Promise<void> {
  let config = input;
  let nextSweepAt = input.nextSweepAt ?? Date.now();
  setHandler(reconfigureSignal, (next) => {
    config = next;
    nextSweepAt = Math.min(nextSweepAt, Date.now() + next.sweepEveryMs);
  });
  let mailed = 0;
  let started = 0;
  let withdrawn = 0;
  for (let pass = 1; ; pass++) {
    mailed += await mailDispatchWorkflow();
    if (Date.now() >= nextSweepAt) {
      started += await webhookSweepWorkflow(config.sweep);
      withdrawn += await withdrawRequestsOfDisabledOrganizations();
      nextSweepAt = Date.now() + config.sweepEveryMs;
    }
    setCurrentDetails(
      `Pass ${pass} of this run: ${mailed} emails delivered, ${started} stalled webhook deliveries restarted, ` +
        `${withdrawn} requests of disabled organizations withdrawn.\n\n` +
        `Email every ${config.mailEveryMs / 1000} s; next webhook sweep ${new Date(nextSweepAt).toISOString()}.`,
    );
    if (pass >= PASSES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof housekeepingWorkflow>({ ...config, nextSweepAt });
    }
    await sleep(Math.max(1, Math.min(config.mailEveryMs, nextSweepAt - Date.now())));
  }
}
