import { proxyActivities } from '@temporalio/workflow';
import type { TMailDispatchActivities } from './mail-dispatch.contract.js';

const { deliverQueuedEmails } = proxyActivities<TMailDispatchActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

const BATCH = 200;
const MAX_BATCHES = 25;

/** Delivers the email outbox in batches. Run by the housekeeping workflow; a backlog larger than one pass waits for the next. */
export async function mailDispatchWorkflow(): Promise<number> {
  let delivered = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const count = await deliverQueuedEmails({ limit: BATCH });
    delivered += count;
    if (count < BATCH) break;
  }
  return delivered;
}
