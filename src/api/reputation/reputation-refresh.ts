import type { TReputationSubject } from '../../domain/reputation.js';
import {
  REPUTATION_WORKFLOW,
  reputationInputsChangedSignal,
  reputationWorkflowId,
} from '../../workflows/reputation/reputation.contract.js';
import type { TApiDeps } from '../context.js';

/**
 * After a committed change to a reputation input (a review, a negotiation step, a fulfillment verdict), asks each
 * subject's reputation workflow to recompute (signal-with-start: coalesced, one run per subject). A failure is
 * logged, not fatal to the change: the nightly schedule recomputes everyone.
 */
export async function requestReputationRefresh(
  deps: Pick<TApiDeps, 'temporal' | 'config' | 'logger'>,
  subjects: TReputationSubject[],
): Promise<void> {
  await Promise.all(
    subjects.map(async (subject) => {
      try {
        await deps.temporal.workflow.signalWithStart(REPUTATION_WORKFLOW, {
          workflowId: reputationWorkflowId(subject),
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          args: [subject],
          signal: reputationInputsChangedSignal,
          signalArgs: [],
        });
      } catch (err) {
        deps.logger.error({ err, subject }, 'could not request a reputation recomputation');
      }
    }),
  );
}
