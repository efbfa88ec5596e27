import {
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/client';
import type { Client } from '@temporalio/client';
import type { TConfig } from '../config.js';
import { SA_COMMUNITY_ID, SA_EVENT_TYPE } from '../domain/search-attributes.js';
import type { TLogger } from '../logger.js';
import {
  WEBHOOK_DELIVERY_WORKFLOW,
  webhookDeliveryWorkflowId,
  type TWebhookDeliveryInput,
} from '../workflows/webhook-delivery/webhook-delivery.contract.js';

/**
 * Starts one delivery workflow per delivery row, after the rows are committed (by the API, or by an activity that
 * opens a request for a program, hence here rather than in src/api). A start that fails
 * (Temporal briefly unreachable) leaves the row `pending`; it is logged and can be replayed.
 */
export async function dispatchDeliveries(
  deps: {
    temporal: Client;
    config: Pick<TConfig, 'WEBHOOK_RETRY_SCHEDULE' | 'TEMPORAL_TASK_QUEUE'>;
    logger: TLogger;
  },
  deliveries: { id: string; run: number }[],
  searchAttributes: { communityId: string; eventType: string },
  opts: { replay?: boolean } = {},
): Promise<void> {
  await Promise.all(
    deliveries.map(async ({ id, run }) => {
      const input: TWebhookDeliveryInput = {
        deliveryId: id,
        run,
        retryScheduleMs: deps.config.WEBHOOK_RETRY_SCHEDULE,
      };
      try {
        await deps.temporal.workflow.start(WEBHOOK_DELIVERY_WORKFLOW, {
          workflowId: webhookDeliveryWorkflowId(id),
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          args: [input],
          // A finished delivery may be replayed under the same business key. A replay may find the previous
          // run still closing (its row is already final); that run can do nothing more, because every
          // activity checks the row's run number, so the replay replaces it.
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
          workflowIdConflictPolicy: opts.replay
            ? WorkflowIdConflictPolicy.TERMINATE_EXISTING
            : WorkflowIdConflictPolicy.FAIL,
          typedSearchAttributes: [
            { key: SA_COMMUNITY_ID, value: searchAttributes.communityId },
            { key: SA_EVENT_TYPE, value: searchAttributes.eventType },
          ],
        });
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) throw err;
        deps.logger.error({ err, deliveryId: id }, 'could not start webhook delivery workflow');
      }
    }),
  );
}
