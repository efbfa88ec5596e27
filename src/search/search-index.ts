import type { TDirectoryQuery, TDirectoryResult, TOrganizationDocument } from '../domain/directory.js';
import type { TCandidateQuery } from '../domain/matching.js';

/** An organization's directory reputation score (organizations.reputation_score). */
export type TReputationScore = { id: string; reputationScore: number };

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
  /**
   * Sets the reputation score of documents the index holds and changes nothing else; ids it does not hold are left
   * out (never created). What a reputation recomputation needs: a fraction of an upsert's cost in Postgres, where an
   * upsert rewrites every column, its text and facet triggers included. Resolves once searchable, as upsert does.
   */
  updateReputationScores(scores: TReputationScore[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  search(query: TDirectoryQuery): Promise<TDirectoryResult>;
  /**
   * Smart matching's candidates: up to `limit` visible organizations preferring one of the query's event types,
   * best `candidatePrescore` first (then reputation, then id). No total, no facets: matching reads hits only.
   */
  matchCandidates(query: TCandidateQuery): Promise<TOrganizationDocument[]>;
  clear(): Promise<void>;
  /** How many documents the index holds, whatever their status (one per organization when in step with Postgres). */
  documentCount(): Promise<number>;
  /** Throws when the index cannot be reached. */
  health(): Promise<void>;
  /** Releases what the adapter opened itself (Postgres: its LISTEN connection). Call at shutdown. */
  close(): Promise<void>;
}
