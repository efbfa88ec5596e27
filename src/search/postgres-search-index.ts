import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { TDbOrTx } from '../db/client.js';
import { organizationSearch as S } from '../db/schema/organization-search.js';
import {
  DIRECTORY_FACETS,
  PUBLIC_DIRECTORY_STATUSES,
  type TDirectoryFacet,
  type TDirectoryQuery,
  type TDirectoryResult,
  type TOrganizationDocument,
} from '../domain/directory.js';
import { AggregateCache } from './aggregate-cache.js';
import { searchTextOf } from './organization-document.js';
import { emptyFacets, filterValues, pageWindow } from './query.js';
import type { SearchIndex } from './search-index.js';
import { queryClauses, queryWords, TermDictionary, type TQueryClause } from './text.js';

export type TPostgresSearchIndexOptions = {
  db: TDbOrTx;
  /**
   * How long a whole result (one query, page and sort) is reused. At 100k organizations an uncached
   * directory query costs 5-40 ms of Postgres time (more for broad text and name order), which a
   * 2-core server cannot sustain at 16 concurrent requests; repeated queries are the common case.
   * 0 disables the cache.
   */
  resultTtlMs?: number;
  resultCacheSize?: number;
  /**
   * How long the total and facet counts of one query (text + filters + visibility) are reused across
   * its pages and sorts. Counting facets reads every matching row (about 0.5 s for 75k rows).
   */
  aggregateTtlMs?: number;
  aggregateCacheSize?: number;
  /** How often the word list used for typo correction is re-read from the index. */
  dictionaryRefreshMs?: number;
  /** The most frequent words kept for typo correction (names are also corrected by pg_trgm). */
  dictionaryMaxWords?: number;
  /** Documents per INSERT in upsert (each row binds 17 parameters; Postgres allows 65535). */
  upsertBatchSize?: number;
};

/**
 * Every write NOTIFYs this channel (delivered at commit); every process that searches LISTENs on it
 * and drops its caches, so the API sees the worker's writes at once instead of after a TTL.
 */
export const SEARCH_CHANGED_CHANNEL = 'organization_search_changed';
const LISTEN_RETRY_MS = 5_000;

type TAggregates = {
  total: number;
  /** Matches per relevance tier (see `textPlan`); all in tier 0 without free text. */
  tiers: number[];
  facets: TDirectoryResult['facets'];
};

type TTextPlan = {
  /** Every clause matches the display name with pg_trgm word similarity (typo tolerant, indexed). */
  name: SQL;
  /** Every clause's words (or a synonym) appear exactly in the display name (tsvector weight A). */
  exactName: SQL;
  /** Every clause's words (or a synonym) appear exactly anywhere. */
  exact: SQL;
  /** Every clause matches anywhere exactly, as a prefix (last word) or as a typo correction. */
  full: SQL;
  key: string;
};

/** Column of organization_search holding each array facet. */
const ARRAY_FACETS = {
  technologies: S.technologies,
  supportedRegions: S.supportedRegions,
  preferredEventTypes: S.preferredEventTypes,
  sponsorshipTypes: S.sponsorshipTypes,
} as const;

const SCALAR_FACETS = { kind: S.kind, industry: S.industry, status: S.status } as const;

/** A tsquery operand for to_tsquery: quoted, so the text-search parser splits it as it split the documents. */
function tsOperand(words: string[], suffix = ''): string {
  return `'${words.join(' ').replace(/\\/g, '\\\\').replace(/'/g, "''")}'${suffix}`;
}

/**
 * The embedded default adapter: the `organization_search` table (a tsvector with the name at weight A
 * and everything else at weight B, pg_trgm GIN indexes on the name and the text).
 *
 * Matching: a document matches when every query clause matches its name by pg_trgm word similarity
 * (typo tolerant, served by the name trigram index), or matches its tsvector exactly, as a prefix (last
 * word) or through a typo correction from the word list. Relevance orders matches in four tiers (exact
 * name, fuzzy or prefix name, exact elsewhere, prefix or typo elsewhere), then reputation, then id.
 * Each tier is read by its own query ordered like an index (reputation desc, id), so a page costs a
 * few index probes even when thousands of rows match.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly adapter = 'postgres' as const;
  private readonly db: TDbOrTx;
  private readonly results: AggregateCache<TDirectoryResult>;
  private readonly aggregates: AggregateCache<TAggregates>;
  private readonly dictionaryRefreshMs: number;
  private readonly dictionaryMaxWords: number;
  private readonly upsertBatchSize: number;
  private dictionary: { words: TermDictionary; loadedAt: number } | null = null;
  private dictionaryLoad: Promise<TermDictionary> | null = null;
  private listener: pg.Client | null = null;
  private lastListenAttempt = 0;
  private closed = false;

  constructor(options: TPostgresSearchIndexOptions) {
    this.db = options.db;
    this.results = new AggregateCache(options.resultTtlMs ?? 10_000, options.resultCacheSize ?? 1_000);
    this.aggregates = new AggregateCache(options.aggregateTtlMs ?? 30_000, options.aggregateCacheSize ?? 500);
    this.dictionaryRefreshMs = options.dictionaryRefreshMs ?? 5 * 60_000;
    this.dictionaryMaxWords = options.dictionaryMaxWords ?? 100_000;
    this.upsertBatchSize = options.upsertBatchSize ?? 1_000;
  }

  async init(): Promise<void> {
    const { rows } = await this.db.execute<{ table: string | null; trgm: string | null }>(
      sql`select to_regclass('organization_search')::text as "table",
                 (select extversion from pg_extension where extname = 'pg_trgm') as trgm`,
    );
    if (!rows[0]?.table || !rows[0].trgm) {
      throw new Error(
        'The Postgres search index needs the migrations applied (organization_search, pg_trgm)',
      );
    }
  }

  async health(): Promise<void> {
    await this.db.execute(sql`select 1 from ${S} limit 1`);
  }

  async upsert(docs: TOrganizationDocument[]): Promise<void> {
    if (docs.length === 0) return;
    // One row per id: ON CONFLICT cannot touch the same row twice in one statement; the last copy wins.
    const unique = [...new Map(docs.map((doc) => [doc.id, doc])).values()];
    for (let i = 0; i < unique.length; i += this.upsertBatchSize) {
      const rows = unique.slice(i, i + this.upsertBatchSize).map((doc) => ({
        organizationId: doc.id,
        document: doc,
        kind: doc.kind,
        status: doc.status,
        displayName: doc.displayName,
        searchText: searchTextOf(doc),
        industry: doc.industry,
        technologies: doc.technologies,
        supportedRegions: doc.supportedRegions,
        preferredEventTypes: doc.preferredEventTypes,
        sponsorshipTypes: doc.sponsorshipTypes,
        budgetMinMinor: doc.budgetMinMinor,
        budgetMaxMinor: doc.budgetMaxMinor,
        budgetCurrency: doc.budgetCurrency,
        reputationScore: doc.reputationScore,
        addedByCommunityId: doc.addedByCommunityId,
        createdAt: new Date(doc.createdAt),
      }));
      await this.db
        .insert(S)
        .values(rows)
        .onConflictDoUpdate({
          target: S.organizationId,
          set: Object.fromEntries(
            Object.keys(rows[0]!)
              .filter((key) => key !== 'organizationId')
              // The db handle maps camelCase keys to snake_case columns (casing: 'snake_case').
              .map((key) => [
                key,
                sql.raw(`excluded.${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`),
              ]),
          ),
        });
    }
    await this.changed();
    if (this.dictionary) {
      const { rows } = await this.db.execute<{ word: string }>(
        sql`select distinct unnest(tsvector_to_array(${S.tsv})) as word from ${S}
            where ${S.organizationId} = any(${sql.param(unique.map((doc) => doc.id))}::uuid[])`,
      );
      this.dictionary.words.add(rows.map((row) => row.word));
    }
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.delete(S).where(sql`${S.organizationId} = any(${sql.param(ids)}::uuid[])`);
    await this.changed();
  }

  async clear(): Promise<void> {
    await this.db.delete(S);
    this.dictionary = null;
    await this.changed();
  }

  /** Ends the LISTEN connection (the only connection this adapter opens itself). */
  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
  }

  private invalidate(): void {
    this.results.clear();
    this.aggregates.clear();
  }

  private async changed(): Promise<void> {
    this.invalidate();
    await this.db.execute(sql`select pg_notify(${SEARCH_CHANGED_CHANNEL}, '')`);
  }

  /** Starts listening for other processes' writes; until it listens, caches expire by TTL alone. */
  private listen(): void {
    if (this.listener || this.closed || Date.now() - this.lastListenAttempt < LISTEN_RETRY_MS) return;
    const pool = '$client' in this.db ? this.db.$client : undefined;
    if (!(pool instanceof pg.Pool)) return;
    this.lastListenAttempt = Date.now();
    const client = new pg.Client(pool.options);
    this.listener = client;
    const drop = () => {
      if (this.listener !== client) return;
      this.listener = null;
      // Notifications may have been missed while the connection was down.
      this.invalidate();
      void client.end().catch(() => {});
    };
    client.on('notification', () => this.invalidate());
    client.on('error', drop);
    client.on('end', drop);
    client
      .connect()
      .then(() => client.query(`listen ${SEARCH_CHANGED_CHANNEL}`))
      .then(() => this.invalidate())
      .catch(drop);
  }

  async search(query: TDirectoryQuery): Promise<TDirectoryResult> {
    this.listen();
    const window = pageWindow(query);
    const where = this.filters(query);
    const words = queryWords(query.q ?? '');
    const key = JSON.stringify([where.key, words, query.sort, window.limit, window.offset]);
    const result = await this.results.get(key, () => this.compute(query.sort, window, where, words));
    // Cached results are shared between callers: hand out a fresh hits array.
    return { ...result, hits: [...result.hits] };
  }

  private async compute(
    sort: TDirectoryQuery['sort'],
    window: { limit: number; offset: number },
    where: { sql: SQL; key: string },
    words: string[],
  ): Promise<TDirectoryResult> {
    const text = words.length > 0 ? this.textPlan(queryClauses(words), await this.words()) : null;
    const aggregateKey = JSON.stringify([where.key, text?.key ?? null]);
    const aggregates = this.aggregates.get(aggregateKey, () => this.aggregate(where.sql, text));

    let hits: TOrganizationDocument[];
    if (text && sort === 'relevance') {
      hits = await this.tieredHits(where.sql, text, (await aggregates).tiers, window);
    } else {
      const match = text ? sql`(${text.name} or ${text.full})` : sql`true`;
      hits = await this.page(sql`${where.sql} and ${match}`, sort, window.limit, window.offset);
    }
    const { total, facets } = await aggregates;
    return { hits, total, facets };
  }

  /** Filters and visibility as one SQL condition, with a cache key naming exactly what it filters. */
  private filters(query: TDirectoryQuery): { sql: SQL; key: string } {
    const parts: SQL[] = [];
    const key: Record<string, unknown> = {};
    const communities = filterValues(query.visibleCommunityIds)?.sort();
    const publicStatuses = sql.param([...PUBLIC_DIRECTORY_STATUSES]);
    // Pending, Rejected and Disabled organizations may be indexed but never match this condition.
    parts.push(
      communities
        ? sql`(${S.status} = any(${publicStatuses}::text[]) or (${S.status} = 'Community Added' and ${S.addedByCommunityId} = any(${sql.param(communities)}::uuid[])))`
        : sql`${S.status} = any(${publicStatuses}::text[])`,
    );
    key.communities = communities ?? [];
    const statuses = filterValues(query.statuses);
    if (statuses) {
      parts.push(sql`${S.status} = any(${sql.param(statuses)}::text[])`);
      key.statuses = statuses;
    }
    if (query.kind) {
      parts.push(sql`${S.kind} = ${query.kind}`);
      key.kind = query.kind;
    }
    const industries = filterValues(query.industries);
    if (industries) {
      parts.push(sql`${S.industry} = any(${sql.param(industries)}::text[])`);
      key.industries = industries;
    }
    const overlaps: [string, AnyPgColumn, string[] | undefined][] = [
      ['technologies', S.technologies, filterValues(query.technologies)],
      ['regions', S.supportedRegions, filterValues(query.regions)],
      ['eventTypes', S.preferredEventTypes, filterValues(query.eventTypes)],
      ['sponsorshipTypes', S.sponsorshipTypes, filterValues(query.sponsorshipTypes)],
    ];
    for (const [name, column, values] of overlaps) {
      if (!values) continue;
      parts.push(sql`${column} && ${sql.param(values)}::text[]`);
      key[name] = values;
    }
    if (query.budget) {
      const { currency, minMinor, maxMinor } = query.budget;
      parts.push(sql`${S.budgetCurrency} = ${currency}`);
      // An open end of an organization's range (null) overlaps everything on that side.
      if (minMinor !== undefined) {
        parts.push(sql`(${S.budgetMaxMinor} is null or ${S.budgetMaxMinor} >= ${minMinor})`);
      }
      if (maxMinor !== undefined) {
        parts.push(sql`(${S.budgetMinMinor} is null or ${S.budgetMinMinor} <= ${maxMinor})`);
      }
      key.budget = [currency, minMinor ?? null, maxMinor ?? null];
    }
    return { sql: sql.join(parts, sql` and `), key: JSON.stringify(key) };
  }

  private textPlan(clauses: TQueryClause[], dictionary: TermDictionary): TTextPlan {
    const name: SQL[] = [];
    const exact: string[] = [];
    const exactName: string[] = [];
    const full: string[] = [];
    for (const clause of clauses) {
      const phrases = clause.alternatives.map((words) => words.join(' '));
      name.push(
        sql`(${sql.join(
          phrases.map((phrase) => sql`${S.displayName} %> ${phrase}`),
          sql` or `,
        )})`,
      );
      const exactOperands = clause.alternatives.map((words) => tsOperand(words));
      exact.push(`(${exactOperands.join(' | ')})`);
      exactName.push(`(${clause.alternatives.map((words) => tsOperand(words, ':A')).join(' | ')})`);
      const fuzzy = [...exactOperands];
      if (clause.prefix) fuzzy.push(tsOperand(clause.alternatives[0]!, ':*'));
      if (clause.single)
        fuzzy.push(...dictionary.corrections(clause.single).map((word) => tsOperand([word])));
      full.push(`(${fuzzy.join(' | ')})`);
    }
    const tsquery = (parts: string[]) => sql`${S.tsv} @@ to_tsquery('simple', ${parts.join(' & ')})`;
    return {
      name: sql`(${sql.join(name, sql` and `)})`,
      exactName: tsquery(exactName),
      exact: tsquery(exact),
      full: tsquery(full),
      key: JSON.stringify([clauses.map((c) => c.alternatives), full]),
    };
  }

  /** The relevance tiers, best first; together they are exactly the matching documents. */
  private tiers(text: TTextPlan): SQL[] {
    return [
      sql`${text.name} and ${text.exactName}`,
      sql`${text.name} and not ${text.exactName}`,
      sql`not ${text.name} and ${text.exact}`,
      sql`not ${text.name} and ${text.full} and not ${text.exact}`,
    ];
  }

  private async tieredHits(
    where: SQL,
    text: TTextPlan,
    counts: number[],
    window: { limit: number; offset: number },
  ): Promise<TOrganizationDocument[]> {
    const reads: Promise<TOrganizationDocument[]>[] = [];
    let start = 0;
    const end = window.offset + window.limit;
    this.tiers(text).forEach((tier, i) => {
      const count = counts[i] ?? 0;
      const from = Math.max(window.offset, start);
      const to = Math.min(end, start + count);
      if (to > from) reads.push(this.page(sql`${where} and ${tier}`, 'relevance', to - from, from - start));
      start += count;
    });
    return (await Promise.all(reads)).flat();
  }

  private async page(
    where: SQL,
    sort: TDirectoryQuery['sort'],
    limit: number,
    offset: number,
  ): Promise<TOrganizationDocument[]> {
    const orderBy = {
      relevance: sql`${S.reputationScore} desc, ${S.organizationId}`,
      reputation: sql`${S.reputationScore} desc, ${S.organizationId}`,
      newest: sql`${S.createdAt} desc, ${S.organizationId}`,
      name: sql`lower(${S.displayName}) collate "C", ${S.organizationId}`,
    }[sort];
    const { rows } = await this.db.execute<{ document: TOrganizationDocument }>(
      sql`select ${S.document} as document from ${S} where ${where} order by ${orderBy} limit ${limit} offset ${offset}`,
    );
    return rows.map((row) => row.document);
  }

  /** Total, per-tier counts and facet counts over every match, in one pass over the matching rows. */
  private async aggregate(where: SQL, text: TTextPlan | null): Promise<TAggregates> {
    const tier = text
      ? sql`case when ${text.name} then (case when ${text.exactName} then 0 else 1 end) when ${text.exact} then 2 else 3 end`
      : sql`0`;
    const match = text ? sql`and (${text.name} or ${text.full})` : sql``;
    const facetColumns = { ...SCALAR_FACETS, ...ARRAY_FACETS };
    const selects: SQL[] = [
      sql`select 'tier' as facet, tier::text as value, count(*)::int as n from m group by tier`,
    ];
    for (const facet of Object.keys(SCALAR_FACETS)) {
      const column = sql.identifier(facet);
      selects.push(
        sql`select ${facet}::text, ${column}, count(*)::int from m where ${column} is not null group by 2`,
      );
    }
    for (const facet of Object.keys(ARRAY_FACETS)) {
      selects.push(
        sql`select ${facet}::text, v, count(*)::int from m cross join unnest(m.${sql.identifier(facet)}) as v group by 2`,
      );
    }
    const columns = Object.entries(facetColumns).map(
      ([facet, column]) => sql`${column} as ${sql.identifier(facet)}`,
    );
    const { rows } = await this.db.execute<{ facet: string; value: string; n: number }>(sql`
      with m as materialized (
        select ${sql.join(columns, sql`, `)}, ${tier} as tier from ${S} where ${where} ${match}
      )
      ${sql.join(selects, sql` union all `)}`);

    const facets = emptyFacets();
    const tiers = [0, 0, 0, 0];
    for (const row of rows) {
      if (row.facet === 'tier') tiers[Number(row.value)] = row.n;
      else if ((DIRECTORY_FACETS as readonly string[]).includes(row.facet)) {
        facets[row.facet as TDirectoryFacet][row.value] = row.n;
      }
    }
    return { total: tiers.reduce((a, b) => a + b, 0), tiers, facets };
  }

  /** The word list for typo correction: loaded on the first text search, refreshed in the background. */
  private async words(): Promise<TermDictionary> {
    const current = this.dictionary;
    if (current && Date.now() - current.loadedAt < this.dictionaryRefreshMs) return current.words;
    this.dictionaryLoad ??= this.loadWords().finally(() => {
      this.dictionaryLoad = null;
    });
    if (current) {
      // A stale list still corrects well; never make a search wait for the refresh.
      this.dictionaryLoad.catch(() => {});
      return current.words;
    }
    return await this.dictionaryLoad;
  }

  private async loadWords(): Promise<TermDictionary> {
    const { rows } = await this.db.execute<{ word: string }>(
      sql`select word from ts_stat('select tsv from organization_search') order by ndoc desc, word limit ${this.dictionaryMaxWords}`,
    );
    const words = new TermDictionary();
    // Built in slices so a refresh of a large list does not hold the event loop for long.
    for (let i = 0; i < rows.length; i += 10_000) {
      words.add(rows.slice(i, i + 10_000).map((row) => row.word));
      if (i + 10_000 < rows.length) await new Promise((resolve) => setImmediate(resolve));
    }
    this.dictionary = { words, loadedAt: Date.now() };
    return words;
  }
}
