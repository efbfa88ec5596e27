import { proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import {
  webhookDeliveryStateQuery,
  type TWebhookDeliveryActivities,
  type TWebhookDeliveryInput,
  type TWebhookDeliveryResult,
  type TWebhookDeliveryState,
} from './webhook-delivery.contract.js';

// An attempt is one HTTP call bounded by the connect + response timeouts; Temporal retries only our own
// infrastructure failures (database), never a receiver's non-2xx, which the schedule below handles.
const { attemptWebhookDelivery, finishWebhookDelivery } = proxyActivities<TWebhookDeliveryActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});

export async function webhookDeliveryWorkflow(input: TWebhookDeliveryInput): Promise<TWebhookDeliveryResult> {
  const state: TWebhookDeliveryState = {
    status: 'waiting',
    attempts: 0,
    nextAttemptNumber: 1,
    lastStatusCode: null,
  };
  setHandler(webhookDeliveryStateQuery, () => state);

  const finish = async (status: TWebhookDeliveryResult['status']): Promise<TWebhookDeliveryResult> => {
    await finishWebhookDelivery({
      deliveryId: input.deliveryId,
      run: input.run,
      status,
      attempts: state.attempts,
    });
    state.status = status;
    state.nextAttemptNumber = null;
    return { status, attempts: state.attempts };
  };

  for (const [index, delayMs] of input.retryScheduleMs.entries()) {
    state.status = 'waiting';
    state.nextAttemptNumber = index + 1;
    if (delayMs > 0) await sleep(delayMs);
    state.status = 'attempting';
    const result = await attemptWebhookDelivery({
      deliveryId: input.deliveryId,
      run: input.run,
      attemptNumber: index + 1,
    });
    if (result.outcome !== 'skipped') state.attempts += 1;
    state.lastStatusCode = result.statusCode;
    if (result.outcome === 'delivered') return finish('delivered');
    // Histories recorded before `refused` existed never carry it, so they replay unchanged.
    if (result.outcome === 'refused') return finish('dead_lettered');
    if (result.outcome === 'skipped') return finish('cancelled');
  }
  return finish('dead_lettered');
}
