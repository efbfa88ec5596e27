import type { TDb } from '../db/client.js';
import {
  platformPriors,
  recomputeReputation,
  reputationSubjectsPage,
} from '../db/repositories/reputation-repository.js';
import { indexOrganization } from '../search/reindex.js';
import type { SearchIndex } from '../search/search-index.js';
import type { TReputationActivities } from '../workflows/reputation/reputation.contract.js';

/** Reputation recomputation: idempotent (a snapshot is overwritten with what the inputs say now). */
export function createReputationActivities(deps: {
  db: TDb;
  searchIndex: SearchIndex;
}): TReputationActivities {
  return {
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
