import { Context } from '@temporalio/activity';
import type { TConfig } from '../config.js';
import type { TDb } from '../db/client.js';
import {
  platformPriors,
  recomputeReputation,
  reputationPartiesOf,
  reputationSubjectsPage,
} from '../db/repositories/reputation-repository.js';
import type { TReputationSubject } from '../domain/reputation.js';
import { indexOrganization } from '../search/reindex.js';
import type { SearchIndex } from '../search/search-index.js';
import {
  REPUTATION_WORKFLOW,
  reputationInputsChangedSignal,
  reputationWorkflowId,
  type TReputationActivities,
} from '../workflows/reputation/reputation.contract.js';

/** Reputation recomputation: idempotent (a snapshot is overwritten with what the inputs say now). */
export function createReputationActivities(deps: {
  db: TDb;
  searchIndex: SearchIndex;
  config: Pick<TConfig, 'REPUTATION_IDLE_FOR'>;
}): TReputationActivities {
  return {
    async refreshReputation({ sides, ...ref }) {
      const parties = await reputationPartiesOf(deps.db, ref);
      if (!parties) return { subjects: [] };
      const subjects: TReputationSubject[] = [...new Set(sides)].map((type) => ({
        type,
        id: type === 'community' ? parties.communityId : parties.organizationId,
      }));
      const { client, info } = Context.current();
      // A failure is retried by Temporal (the calling workflow's step is already committed and stays so).
      for (const subject of subjects)
        await client.workflow.signalWithStart(REPUTATION_WORKFLOW, {
          workflowId: reputationWorkflowId(subject),
          taskQueue: info.taskQueue,
          args: [subject, { idleMs: deps.config.REPUTATION_IDLE_FOR }],
          signal: reputationInputsChangedSignal,
          signalArgs: [],
        });
      return { subjects };
    },
    async recomputeReputation({ subject }) {
      const { reputation, directoryScoreChanged } = await recomputeReputation(deps.db, subject);
      return { score: reputation.score, confidence: reputation.confidence, directoryScoreChanged };
    },
    async recomputeReputationPage({ after, limit }) {
      const subjects = await reputationSubjectsPage(deps.db, after, limit);
      // One pooled prior for the page: the platform's numbers barely move within a run.
      const priors = await platformPriors(deps.db);
      let reindexed = 0;
      for (const subject of subjects) {
        const { directoryScoreChanged } = await recomputeReputation(deps.db, subject, priors);
        if (directoryScoreChanged) {
          await indexOrganization(deps.db, deps.searchIndex, subject.id);
          reindexed++;
        }
      }
      return { count: subjects.length, last: subjects.at(-1) ?? null, reindexed };
    },
  };
}
