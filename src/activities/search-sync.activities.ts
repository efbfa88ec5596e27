import type { TDb } from '../db/client.js';
import { indexOrganization } from '../search/reindex.js';
import type { SearchIndex } from '../search/search-index.js';
import type { TSearchSyncActivities } from '../workflows/search-sync/search-sync.contract.js';

export function createSearchSyncActivities(deps: {
  db: TDb;
  searchIndex: SearchIndex;
}): TSearchSyncActivities {
  return {
    async indexOrganization({ organizationId }) {
      await indexOrganization(deps.db, deps.searchIndex, organizationId);
    },
  };
}
