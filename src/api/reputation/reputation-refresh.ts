import type { TReputationSubject } from '../../domain/reputation.js';
import {
  REPUTATION_WORKFLOW,
  reputationInputsChangedSignal,
  reputationWorkflowId,
} from '../../workflows/reputation/reputation.contract.js';
import type { TApiDeps } from '../context.js';

/**
 * After a committed change to a reputation input the API records itself (a review), asks each subject's reputation
 * workflow to recompute (signal-with-start: coalesced, one run per subject). A failure is logged, not fatal to the
 * change: the nightly schedule recomputes everyone. Changes a workflow records (negotiation steps, escrow payments and
 * disputes, benefit verdicts) are announced by that workflow through the `refreshReputation` activity instead, which
 * survives an API that dies after the step.
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
          args: [subject, { idleMs: deps.config.REPUTATION_IDLE_FOR }],
          signal: reputationInputsChangedSignal,
          signalArgs: [],
        });
      } catch (err) {
        deps.logger.error({ err, subject }, 'could not request a reputation recomputation');
      }
    }),
  );
}
