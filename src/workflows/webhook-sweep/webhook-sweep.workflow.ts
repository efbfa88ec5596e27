import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, patched, proxyActivities, startChild } from '@temporalio/workflow';
import {
  WEBHOOK_DELIVERY_WORKFLOW,
  webhookDeliveryWorkflowId,
  type TWebhookDeliveryInput,
} from '../webhook-delivery/webhook-delivery.contract.js';
import type { TWebhookSweepActivities, TWebhookSweepInput } from './webhook-sweep.contract.js';

const { findStalledDeliveries, purgeWebhookLog } = proxyActivities<TWebhookSweepActivities>({
  startToCloseTimeout: '30 seconds',
});

/**
 * Catches deliveries whose workflow never started (the API commits the delivery row, then starts the
 * workflow; a Temporal outage between the two leaves the row pending). Run by the housekeeping workflow.
 */
export async function webhookSweepWorkflow(input: TWebhookSweepInput): Promise<number> {
  const stalled = await findStalledDeliveries({ stalledAfterMs: input.stalledAfterMs, limit: 500 });
  let started = 0;
  for (const delivery of stalled) {
    try {
      await startChild(WEBHOOK_DELIVERY_WORKFLOW, {
        workflowId: webhookDeliveryWorkflowId(delivery.id),
        args: [
          {
            deliveryId: delivery.id,
            run: delivery.run,
            retryScheduleMs: input.retryScheduleMs,
          } satisfies TWebhookDeliveryInput,
        ],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      started++;
    } catch (err) {
      // Already running: it was only slow to make its first attempt.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  // Added after sweeps had run: a sweep started by older code replays without it.
  if (patched('webhook-log-retention')) await purgeWebhookLog();
  return started;
}
