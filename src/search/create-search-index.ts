import type { TDbOrTx } from '../db/client.js';
import { MeilisearchSearchIndex } from './meilisearch-search-index.js';
import { PostgresSearchIndex } from './postgres-search-index.js';
import type { SearchIndex } from './search-index.js';

/** The adapter the configuration asks for; kept apart from the port so the port imports none of its adapters. */
export type TSearchIndexConfig = {
  db: TDbOrTx;
  /** Set: Meilisearch (production). Unset: the Postgres adapter (the embedded default). */
  meiliUrl?: string;
  meiliKey?: string;
  /** Meilisearch index uid; "organizations" by default. */
  indexName?: string;
};

export function createSearchIndex(config: TSearchIndexConfig): SearchIndex {
  if (config.meiliUrl) {
    return new MeilisearchSearchIndex({
      host: config.meiliUrl,
      apiKey: config.meiliKey,
      indexName: config.indexName,
    });
  }
  return new PostgresSearchIndex({ db: config.db });
}
