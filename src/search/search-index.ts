import type { TDbOrTx } from '../db/client.js';
import type { TDirectoryQuery, TDirectoryResult, TOrganizationDocument } from '../domain/directory.js';
import { MeilisearchSearchIndex } from './meilisearch-search-index.js';
import { PostgresSearchIndex } from './postgres-search-index.js';

/**
 * The directory's search index. Both adapters behave the same: visibility (public statuses, plus
 * "Community Added" organizations for the community that added them), filters, facets, sorts with
 * an id tiebreak, pagination, typo tolerance and the shared synonyms. Written only by activities after
 * a committed change (never by routes), read by the API.
 */
export interface SearchIndex {
  readonly adapter: 'postgres' | 'meilisearch';
  /** Idempotent: creates the index and applies its settings (Meilisearch); checks the schema (Postgres). */
  init(): Promise<void>;
  /** Idempotent; resolves once the documents are searchable (Meilisearch: the task has succeeded). */
  upsert(docs: TOrganizationDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  search(query: TDirectoryQuery): Promise<TDirectoryResult>;
  clear(): Promise<void>;
  /** Throws when the index cannot be reached. */
  health(): Promise<void>;
  /** Releases what the adapter opened itself (Postgres: its LISTEN connection). Call at shutdown. */
  close(): Promise<void>;
}

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
