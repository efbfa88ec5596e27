import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type AnyPgColumn } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { TDbOrTx } from '../db/client.js';
import {
  organizationSearch as S,
  organizationSearchFacet as FB,
  organizationSearchWord as W,
} from '../db/schema/organization-search.js';
import {
  DIRECTORY_FACETS,
  PUBLIC_DIRECTORY_STATUSES,
  type TDirectoryFacet,
  type TDirectoryQuery,
  type TDirectoryResult,
  type TOrganizationDocument,
} from '../domain/directory.js';
import type { TCandidateQuery } from '../domain/matching.js';
import { AggregateCache } from './aggregate-cache.js';
import { searchTextOf } from './organization-document.js';
import { postgresMatchCandidates } from './postgres-match-candidates.js';
import { emptyFacets, filterValues, pageWindow } from './query.js';
import type { SearchIndex, TReputationScore } from './search-index.js';
import {
  prefixCorrection,
  queryClauses,
  queryWords,
  typoBudget,
  typoCost,
  type TQueryClause,
} from './text.js';

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
   * How long the total and facet counts of one query without free text (filters + visibility) are
   * reused across its pages and sorts (a query with free text counts in the statement reading its page).
   */
  aggregateTtlMs?: number;
  aggregateCacheSize?: number;
  /** The most typo corrections (and corrected prefixes) one query word expands to, fewest typos first. */
  maxCorrections?: number;
  /**
   * Matches of a query without free text of at most this many are collected and sorted rather than
   * found by walking the sort order's index (see `page`); 0 always walks. Walking wins when matches are dense (the page comes after a few hundred rows), collecting when
   * they are rare (a misspelt name's few dozen, where a walk reads most of the index).
   */
  fewMatches?: number;
  /**
   * A text query with at most this many matches counts its facets from the matching rows' facet_values,
   * more from the facet bitmaps (see `searchText`).
   */
  fewFacetRows?: number;
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
  facets: TDirectoryResult['facets'];
};

type TTextPlan = {
  /** What the result holds: the first clause matches (Meilisearch's "last" matching strategy). */
  match: SQL;
  /** The tier of a row (0 = best; see `textPlan`), as SQL over the given tsvector. */
  tierOf: (tsv: SQL) => SQL;
  key: string;
};

type TFilters = {
  sql: SQL;
  key: string;
  groups: string[][] | null;
  /**
   * The same condition as tests of the row's own columns only (status, kind, industry, the arrays, the budget),
   * for rows read anyway. Not of facet_values: with toast_tuple_target 256 (drizzle/0016) it lies out of line,
   * and testing it fetched it from the TOAST table, about 4 buffers a row (a seq scan testing it read 400k
   * buffers); nor of the bitmaps, whose OR costs 0.4-0.8 ms a query before the first row.
   */
  rowSql: SQL;
};

/** Query word -> tsquery operands of its typo corrections (whole words, or prefixes for the last word). */
type TCorrections = Map<string, string[]>;

/** Between a facet's name and its value in facet_values (U+001F, which no label holds). */
const FACET_SEPARATOR = '\u001f';
/** The pseudo-facet carrying a row's relevance tier through the facet count. */
const TIER_FACET = 'tier';
/** Bitmaps of "Community Added" organizations by the community that sees them (drizzle/0020). */
const ADDED_BY_BITMAP = 'addedBy';

/** facet_values of a document: every facet value as "facet<US>value" (see the column). */
export function facetValuesOf(doc: TOrganizationDocument): string[] {
  const values: Record<TDirectoryFacet, (string | null)[]> = {
    kind: [doc.kind],
    industry: [doc.industry],
    status: [doc.status],
    technologies: doc.technologies,
    supportedRegions: doc.supportedRegions,
    preferredEventTypes: doc.preferredEventTypes,
    sponsorshipTypes: doc.sponsorshipTypes,
  };
  return DIRECTORY_FACETS.flatMap((facet) => [
    ...new Set(
      values[facet].filter((v): v is string => v !== null).map((v) => `${facet}${FACET_SEPARATOR}${v}`),
    ),
  ]);
}

/** A tsquery operand for to_tsquery: quoted, so the text-search parser splits it as it split the documents. */
function tsOperand(words: string[], suffix = ''): string {
  return `'${words.join(' ').replace(/\\/g, '\\\\').replace(/'/g, "''")}'${suffix}`;
}

/**
 * The embedded default adapter: the `organization_search` table (a tsvector with the name at weight A
 * and everything else at weight B) and its word dictionary `organization_search_word`.
 *
 * Matching follows Meilisearch's defaults. Each query word matches an indexed word exactly, through a
 * synonym, or within its typo budget (1 typo from 5 letters, 2 from 9, a different first letter costing
 * one more); the last word also matches as a prefix, typos included. Typo corrections are looked up in
 * the dictionary table at query time (one indexed statement), so a word is correctable in every process
 * as soon as its write commits. "last" matching strategy: a document matching the first k clauses but
 * not clause k+1 is a k-clause match; every document matching the first clause is a result, those
 * matching more clauses first.
 *
 * Relevance orders matches by clauses matched, then in four tiers (no typos and all in the name, no
 * typos, typos and all in the name, the rest), then reputation, then id.
 *
 * Totals and facet counts are exact, as Meilisearch's are, and counted like Meilisearch counts them: over
 * bitmaps (organization_search_facet, one per facet value, kept by triggers), so a query matching most
 * of the directory costs about what a narrow one does (see `aggregateBitmaps` and `searchText`).
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly adapter = 'postgres' as const;
  private readonly db: TDbOrTx;
  private readonly results: AggregateCache<TDirectoryResult>;
  private readonly aggregates: AggregateCache<TAggregates>;
  private readonly maxCorrections: number;
  private readonly fewMatches: number;
  private readonly fewFacetRows: number;
  private readonly upsertBatchSize: number;
  /** The pool under a root db handle (null inside a transaction): read statements go to it directly (see `rows`). */
  private readonly pool: pg.Pool | null;
  /** Compiles statements as the db handle does (casing: 'snake_case', as createDb). */
  private readonly dialect = new PgDialect({ casing: 'snake_case' });
  private listener: pg.Client | null = null;
  private lastListenAttempt = 0;
  private closed = false;

  constructor(options: TPostgresSearchIndexOptions) {
    this.db = options.db;
    this.results = new AggregateCache(options.resultTtlMs ?? 10_000, options.resultCacheSize ?? 1_000);
    this.aggregates = new AggregateCache(options.aggregateTtlMs ?? 30_000, options.aggregateCacheSize ?? 500);
    this.maxCorrections = options.maxCorrections ?? 50;
    this.fewMatches = options.fewMatches ?? 1_000;
    this.fewFacetRows = options.fewFacetRows ?? 300;
    this.upsertBatchSize = options.upsertBatchSize ?? 1_000;
    const client = '$client' in this.db ? this.db.$client : undefined;
    this.pool = client instanceof pg.Pool ? client : null;
  }

  /**
   * The rows of a read statement. Through the pool itself when there is one: drizzle's execute (a prepared-query
   * object, tracing spans and type parsers per call) of the same statements took 0.6-1.2 ms of this process's CPU
   * per typo-name search against pg's 0.4-0.7 at 16 concurrent searches, and on 2 loaded cores this process's CPU
   * is what the slowest searches wait for. The statement text and parameters are drizzle's, compiled by the same
   * dialect; none of these statements returns a type drizzle parses differently (dates, numeric arrays).
   */
  private async rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]> {
    if (!this.pool) return (await this.db.execute<T>(query)).rows as T[];
    const { sql: text, params } = this.dialect.sqlToQuery(query);
    return (await this.pool.query<T>(text, params)).rows;
  }

  async init(): Promise<void> {
    const { rows } = await this.db.execute<{
      table: string | null;
      words: string | null;
      fuzzy: string | null;
    }>(
      sql`select to_regclass('organization_search')::text as "table",
                 to_regclass('organization_search_word')::text as words,
                 (select extversion from pg_extension where extname = 'fuzzystrmatch') as fuzzy`,
    );
    if (!rows[0]?.table || !rows[0].words || !rows[0].fuzzy) {
      throw new Error(
        'The Postgres search index needs the migrations applied (organization_search, organization_search_word, fuzzystrmatch)',
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
        facetValues: facetValuesOf(doc),
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
    // The dictionary of typo corrections follows in the same statements (triggers of organization_search).
    await this.changed();
  }

  async updateReputationScores(scores: TReputationScore[]): Promise<void> {
    if (scores.length === 0) return;
    // One statement: only the score and the document's copy of it, for rows whose score differs (so an unchanged
    // score writes nothing), and the other processes' caches told in the same statement when a row changed.
    await this.db.execute(sql`
      with changed as (
        update ${S} s set reputation_score = v.score,
          document = jsonb_set(s.document, '{reputationScore}', to_jsonb(v.score))
        from unnest(${sql.param(scores.map((x) => x.id))}::uuid[],
                    ${sql.param(scores.map((x) => x.reputationScore))}::int[]) as v(id, score)
        where s.organization_id = v.id and s.reputation_score is distinct from v.score
        returning 1
      )
      select pg_notify(${SEARCH_CHANGED_CHANNEL}, '') where exists (select 1 from changed)`);
    this.invalidate();
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.delete(S).where(sql`${S.organizationId} = any(${sql.param(ids)}::uuid[])`);
    await this.changed();
  }

  async clear(): Promise<void> {
    await this.db.delete(S);
    await this.db.delete(W);
    await this.changed();
  }

  async documentCount(): Promise<number> {
    const { rows } = await this.db.execute<{ n: number }>(sql`select count(*)::int as n from ${S}`);
    return Number(rows[0]?.n ?? 0);
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
    const pool = this.pool;
    if (!pool) return;
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
    const withFacets = query.facets !== false;
    const key = JSON.stringify([where.key, words, query.sort, window.limit, window.offset, withFacets]);
    const result = await this.results.get(key, () =>
      this.compute(query.sort, window, where, words, withFacets),
    );
    // Cached results are shared between callers: hand out a fresh hits array.
    return { ...result, hits: [...result.hits] };
  }

  /** Uncached: a matching's query (an opportunity's signals) is rarely asked twice. */
  async matchCandidates(query: TCandidateQuery): Promise<TOrganizationDocument[]> {
    return postgresMatchCandidates(this.db, query);
  }

  private async compute(
    sort: TDirectoryQuery['sort'],
    window: { limit: number; offset: number },
    where: TFilters,
    words: string[],
    withFacets: boolean,
  ): Promise<TDirectoryResult> {
    if (words.length > 0) {
      const clauses = queryClauses(words);
      const text = this.textPlan(clauses, await this.corrections(clauses));
      return this.searchText(where, text, sort, window, withFacets);
    }
    const aggregateKey = JSON.stringify([where.key, withFacets]);
    // The counts come first: how many rows match decides how a page is best read (see `page`).
    const { total, facets } = await this.aggregates.get(aggregateKey, () =>
      where.groups ? this.aggregateBitmaps(where.groups, withFacets) : this.aggregate(where.sql, withFacets),
    );
    const few = total <= this.fewMatches;
    // Walking a sort order's index tests every row passed on the way: one bit of the matches' bitmap
    // instead of the filters' arrays (each read out of line) when the filters have bitmaps.
    const match =
      !few && where.groups ? sql`get_bit((${this.bitmapOf(where.groups)}), ${S.ord}) = 1` : where.sql;
    const hits = window.offset >= total ? [] : await this.page(match, sort, window.limit, window.offset, few);
    return { hits, total, facets };
  }

  /**
   * A query with free text in one statement: the matches (filters and the first clause) are collected
   * once with their relevance tier and sort key; the tier counts (their sum is the total), the facet
   * counts (one bitmap of the matches ANDed with each facet value's, or for a few matches their facet_values)
   * and the page all come from them. Each row's tsvector is decompressed once for its tier (`|| ''` in a
   * lateral subquery: the tier tests several tsqueries against it), and not kept in the collected matches
   * (40k decompressed tsvectors spilled the CTE to disk).
   */
  private async searchText(
    where: TFilters,
    text: TTextPlan,
    sort: TDirectoryQuery['sort'],
    window: { limit: number; offset: number },
    withFacets: boolean,
  ): Promise<TDirectoryResult> {
    const [key, direction] = this.sortKey(sort);
    // The filters as tests of each row's own columns, which the row read for its tsvector brings: no TOAST fetch
    // (facet_values) and no bitmap OR per query. Their GIN indexes (technologies, regions, event types,
    // sponsorship types) can still be ANDed with the text's when both are selective, and a sequential scan tests
    // them before the tsvector (the planner keeps the written order of clauses of equal cost). On the
    // never-repeating text + filters stream at concurrency 4 this cut the sum of latencies by a quarter.
    const matches = where.rowSql;
    // Only relevance orders by tier: in another order every match is one tier, and no row's tsvector is read.
    const relevance = sort === 'relevance';
    const order = relevance ? sql`tier, key ${sql.raw(direction)}, id` : sql`key ${sql.raw(direction)}, id`;
    // Facet counts: few matches are counted from their own facet_values (a primary-key read each); more
    // through the bitmaps, whose cost is every value's bitmap read whole (about 160 x 12.5 kB at 100k rows,
    // 10-15 ms) whatever the number of matches. The count of t gates each branch (a one-time filter).
    const few = sql.raw(String(this.fewFacetRows));
    const facetCounts = withFacets
      ? sql`union all
        select v, count(*)::int from t join ${S} on ${S.organizationId} = t.id
          cross join lateral unnest(${S.facetValues}) as v
         where (select count(*) from t) <= ${few}
         group by v
        union all
        select f.value, bit_count(f.bits & m.bits)::int from ${FB} f,
          -- The matches' bitmap as hex, 64 bits a digit group (a third of organization_search_bitmap's time
          -- on 40k matches; a quarter of the groups 16 bits made). to_hex prints a negative bigint as its 64 bits.
          -- The bitmaps' length is a multiple of 8192; no bitmap at all gives null.
          (select ('x' || string_agg(lpad(to_hex(coalesce(c.v, 0)), 16, '0'), '' order by g))::bit varying as bits
             from generate_series(0, (select length(bits) from ${FB} limit 1) / 64 - 1) as g
             left join (select ord >> 6 as k, bit_or(1::bigint << (63 - (ord & 63))) as v from t group by 1) c on c.k = g) m
         where (select count(*) from t) > ${few}
           and m.bits is not null and split_part(f.value, chr(31), 1) = any(${sql.param([...DIRECTORY_FACETS])}::text[])`
      : sql``;
    const rows = await this.rows<{
      value: string | null;
      n: number | null;
      document: TOrganizationDocument | null;
      rank: number | null;
    }>(sql`
      with t as materialized (
        select ${S.ord} as ord, ${S.organizationId} as id, ${key} as key,
               ${relevance ? text.tierOf(sql`x.tsv`) : sql`0`} as tier
          from ${S}${relevance ? sql` cross join lateral (select ${S.tsv} || ''::tsvector as tsv offset 0) x` : sql``}
         where ${matches} and ${text.match}
      ), p as (
        select id, row_number() over (order by ${order})::int as rank
          from (select id, tier, key from t order by ${order} limit ${window.limit} offset ${window.offset}) x
      )
      select value, n, null::jsonb as document, null::int as rank from (
        select ${sql.raw(`'${TIER_FACET}'`)} || chr(31) || tier::text as value, count(*)::int as n from t group by tier
        ${facetCounts}
      ) a
      union all
      select null, null, ${S.document}, p.rank from p join ${S} on ${S.organizationId} = p.id`);
    const { total, facets } = this.aggregatesOf(
      rows.filter((row): row is typeof row & { value: string; n: number } => row.value !== null),
    );
    const hits = rows
      .filter((row) => row.document !== null)
      .sort((a, b) => a.rank! - b.rank!)
      .map((row) => row.document!);
    return { hits, total, facets };
  }

  /** The SQL value of a filter's bitmap groups: their matches as one bitmap (null when none matches). */
  private bitmapOf(groups: string[][]): SQL {
    const all = [...new Set(groups.flat())];
    const matches = sql.join(
      groups.map(
        (values) => sql`bit_or(${FB.bits}) filter (where ${FB.value} = any(${sql.param(values)}::text[]))`,
      ),
      sql` & `,
    );
    return sql`select ${matches} from ${FB} where ${FB.value} = any(${sql.param(all)}::text[])`;
  }

  private sortKey(sort: TDirectoryQuery['sort']): readonly [SQL | AnyPgColumn, 'asc' | 'desc'] {
    const keys = {
      relevance: [S.reputationScore, 'desc'],
      reputation: [S.reputationScore, 'desc'],
      newest: [S.createdAt, 'desc'],
      name: [sql`lower(${S.displayName}) collate "C"`, 'asc'],
    } as const;
    return keys[sort];
  }

  /**
   * Typo corrections of the clauses' single words, from the dictionary table in one statement: indexed
   * words within each word's budget, and for the last clause the corrected prefixes of indexed words.
   * SQL narrows by first letter, length and plain edit distance (a swap is two plain edits); typoCost
   * then counts as Meilisearch does.
   */
  private async corrections(clauses: TQueryClause[]): Promise<TCorrections> {
    const words: string[] = [];
    const budgets: number[] = [];
    const prefixes: boolean[] = [];
    for (const clause of clauses) {
      const budget = clause.single ? typoBudget(clause.single) : 0;
      if (budget === 0 || words.includes(clause.single!)) continue;
      words.push(clause.single!);
      budgets.push(budget);
      prefixes.push(clause.prefix);
    }
    const out: TCorrections = new Map();
    if (words.length === 0) return out;
    const rows = await this.rows<{ query: string; word: string; prefix: boolean }>(sql`
      with q as (
        select word, budget, prefix from unnest(
          ${sql.param(words)}::text[], ${sql.param(budgets)}::int[], ${sql.param(prefixes)}::bool[]
        ) as q(word, budget, prefix)
      )
      select q.word as query, w.word, false as prefix
        from q join ${W} w
          -- Not for a prefix word: each such word is one of the prefixes its branch below tests (lengths within
          -- the budget of the query word's), and its prefix correction matches every document the word does.
          on not q.prefix
         and left(w.word, 1) = left(q.word, 1)
         and length(w.word) between length(q.word) - q.budget and length(q.word) + q.budget
         and levenshtein_less_equal(w.word, q.word, 2 * q.budget) <= 2 * q.budget
      union
      select q.word, w.word, false
        from q join ${W} w
          on q.budget = 2 and substr(w.word, 2) in (substr(q.word, 2), q.word)
      union
      select q.word, w.word, false
        from q join ${W} w
          on q.budget = 2 and w.word in (substr(q.word, 2), substr(q.word, 2, 1) || left(q.word, 1) || substr(q.word, 3))
      union
      select q.word, left(w.word, length(q.word) + q.budget), true
        from q join ${W} w
          on q.prefix
         and left(w.word, 1) = left(q.word, 1)
         and length(w.word) >= length(q.word) - q.budget
         -- A prefix within 2 x budget of the query word has its first length(q.word) letters within 3 x budget
         -- of it (each letter more or fewer is one edit): one bounded call rules out most words before five.
         and levenshtein_less_equal(left(w.word, length(q.word)), q.word, 3 * q.budget) <= 3 * q.budget
         and least(
               levenshtein_less_equal(left(w.word, length(q.word) - 1), q.word, 2 * q.budget),
               levenshtein_less_equal(left(w.word, length(q.word)), q.word, 2 * q.budget),
               levenshtein_less_equal(left(w.word, length(q.word) + 1), q.word, 2 * q.budget),
               -- least() skips nulls: the two outer lengths only within a 2-typo budget.
               case when q.budget = 2 then levenshtein_less_equal(left(w.word, length(q.word) - 2), q.word, 4) end,
               case when q.budget = 2 then levenshtein_less_equal(left(w.word, length(q.word) + 2), q.word, 4) end
             ) <= 2 * q.budget`);
    const found = new Map<string, { operand: string; cost: number }[]>();
    for (const row of rows) {
      const budget = typoBudget(row.query);
      // A prefix row holds the first letters of an indexed word: its best prefix is the correction.
      const correction = row.prefix
        ? prefixCorrection(row.query, row.word, budget)
        : { prefix: row.word, cost: typoCost(row.query, row.word, budget) };
      if (!correction || correction.cost > budget || correction.prefix === row.query) continue;
      const operand = tsOperand([correction.prefix], row.prefix ? ':*' : '');
      const list = found.get(row.query) ?? [];
      if (!list.some((known) => known.operand === operand)) list.push({ operand, cost: correction.cost });
      found.set(row.query, list);
    }
    for (const [query, list] of found) {
      list.sort((x, y) => x.cost - y.cost || (x.operand < y.operand ? -1 : 1));
      out.set(
        query,
        list.slice(0, this.maxCorrections).map((c) => c.operand),
      );
    }
    return out;
  }

  /**
   * Filters and visibility as one SQL condition, with a cache key naming exactly what it filters, and as
   * groups of facet bitmaps (the rows are those in at least one bitmap of every group); `groups` is null
   * when a filter has no bitmap (the budget band).
   */
  private filters(query: TDirectoryQuery): TFilters {
    const parts: SQL[] = [];
    const rowParts: SQL[] = [];
    const key: Record<string, unknown> = {};
    const communities = filterValues(query.visibleCommunityIds)?.sort();
    const publicStatuses = sql.param([...PUBLIC_DIRECTORY_STATUSES]);
    const bitmapValue = (facet: string, value: string) => `${facet}${FACET_SEPARATOR}${value}`;
    let groups: string[][] | null = [
      [
        ...PUBLIC_DIRECTORY_STATUSES.map((status) => bitmapValue('status', status)),
        ...(communities ?? []).map((id) => bitmapValue(ADDED_BY_BITMAP, id)),
      ],
    ];
    // Pending, Rejected and Disabled organizations may be indexed but never match this condition.
    const visible = communities
      ? sql`(${S.status} = any(${publicStatuses}::text[]) or (${S.status} = 'Community Added' and ${S.addedByCommunityId} = any(${sql.param(communities)}::uuid[])))`
      : sql`${S.status} = any(${publicStatuses}::text[])`;
    parts.push(visible);
    rowParts.push(visible);
    key.communities = communities ?? [];
    // Every other filter is a group of facet values: a row matches with any value of each group. As SQL
    // over rows they all test facet_values, whose one GIN index intersects them (and the text's) before
    // any row is read.
    // The same test of the row's column (facetValuesOf builds facet_values from these columns' values).
    const one = (column: AnyPgColumn) => (values: string[]) =>
      sql`${column} = any(${sql.param(values)}::text[])`;
    const many = (column: AnyPgColumn) => (values: string[]) =>
      sql`${column} && ${sql.param(values)}::text[]`;
    const filtered: [string, TDirectoryFacet, string[] | undefined, (values: string[]) => SQL][] = [
      ['statuses', 'status', filterValues(query.statuses), one(S.status)],
      ['kind', 'kind', query.kind ? [query.kind] : undefined, one(S.kind)],
      ['industries', 'industry', filterValues(query.industries), one(S.industry)],
      ['technologies', 'technologies', filterValues(query.technologies), many(S.technologies)],
      ['regions', 'supportedRegions', filterValues(query.regions), many(S.supportedRegions)],
      ['eventTypes', 'preferredEventTypes', filterValues(query.eventTypes), many(S.preferredEventTypes)],
      [
        'sponsorshipTypes',
        'sponsorshipTypes',
        filterValues(query.sponsorshipTypes),
        many(S.sponsorshipTypes),
      ],
    ];
    for (const [name, facet, values, rowTest] of filtered) {
      if (!values) continue;
      const group = values.map((value) => bitmapValue(facet, value));
      const test = sql`${S.facetValues} && ${sql.param(group)}::text[]`;
      parts.push(test);
      rowParts.push(rowTest(values));
      key[name] = values;
      groups.push(group);
    }
    if (query.budget) {
      groups = null;
      const { currency, minMinor, maxMinor } = query.budget;
      const band = [sql`${S.budgetCurrency} = ${currency}`];
      // An open end of an organization's range (null) overlaps everything on that side.
      if (minMinor !== undefined) {
        band.push(sql`(${S.budgetMaxMinor} is null or ${S.budgetMaxMinor} >= ${minMinor})`);
      }
      if (maxMinor !== undefined) {
        band.push(sql`(${S.budgetMinMinor} is null or ${S.budgetMinMinor} <= ${maxMinor})`);
      }
      parts.push(...band);
      rowParts.push(...band);
      key.budget = [currency, minMinor ?? null, maxMinor ?? null];
    }
    return {
      sql: sql.join(parts, sql` and `),
      key: JSON.stringify(key),
      groups,
      rowSql: sql.join(rowParts, sql` and `),
    };
  }

  /**
   * The text part of a query as tsqueries. Per clause: E (its words or a synonym exactly, or as a prefix
   * for the last word: no typo), F (E or a typo correction), and both restricted to the name (weight A).
   * A k-clause match matches F of clauses 1..k and not of clause k+1; within k clauses, four tiers: E of
   * each and all in the name; E of each; all in the name; the rest.
   */
  private textPlan(clauses: TQueryClause[], corrections: TCorrections): TTextPlan {
    const exact: string[][] = [];
    const typos: string[][] = [];
    for (const clause of clauses) {
      const operands = clause.alternatives.map((words) => tsOperand(words));
      if (clause.prefix) operands.push(tsOperand(clause.alternatives[0]!, ':*'));
      exact.push(operands);
      typos.push(clause.single ? (corrections.get(clause.single) ?? []) : []);
    }
    // Weight A: appended to each operand (a prefix operand ends in ':*' already).
    const inName = (operand: string) => (operand.endsWith(':*') ? `${operand}A` : `${operand}:A`);
    const any = (operands: string[]) => `(${operands.join(' | ')})`;
    const all = (parts: string[]) => `(${parts.join(' & ')})`;
    const E = exact.map((ops) => any(ops));
    const F = exact.map((ops, i) => any([...ops, ...typos[i]!]));
    const FA = exact.map((ops, i) => any([...ops, ...typos[i]!].map(inName)));
    const EA = exact.map((ops) => any(ops.map(inName)));
    const tsq = (query: string, tsv: SQL | AnyPgColumn = S.tsv) =>
      sql`${tsv} @@ to_tsquery('simple', ${query})`;

    // The row's tier when it matches k clauses, longest match first. Every row tiered matches the first clause
    // (`match`), so the one-clause level needs no test of its own: it is the case's else (a broad one-word query,
    // 40k matches, tests each tsvector twice instead of three times).
    const tierWithin = (k: number, tsv: SQL) =>
      sql`${(clauses.length - k) * 4} + (case when ${tsq(all(E.slice(0, k)), tsv)} then (case when ${tsq(all(EA.slice(0, k)), tsv)} then 0 else 1 end) else (case when ${tsq(all(FA.slice(0, k)), tsv)} then 2 else 3 end) end)`;
    const longer = (tsv: SQL) =>
      clauses
        .slice(1)
        .map((_, i) => clauses.length - i)
        .map((k) => sql`when ${tsq(all(F.slice(0, k)), tsv)} then ${tierWithin(k, tsv)}`);
    return {
      match: tsq(F[0]!),
      tierOf: (tsv) =>
        clauses.length === 1
          ? sql`(${tierWithin(1, tsv)})`
          : sql`(case ${sql.join(longer(tsv), sql` `)} else ${tierWithin(1, tsv)} end)`,
      key: JSON.stringify([E, F]),
    };
  }

  /**
   * One page of the matches of `where` in `sort` order. With `few` (the caller knows the matches are at
   * most `fewMatches`), they are collected first and sorted, instead of walking the sort order's index and
   * testing every row on the way (the plan Postgres prefers under a LIMIT, slow when matches are rare);
   * only the page's documents are read.
   */
  private async page(
    where: SQL,
    sort: TDirectoryQuery['sort'],
    limit: number,
    offset: number,
    few = false,
  ): Promise<TOrganizationDocument[]> {
    const [key, direction] = this.sortKey(sort);
    if (!few) {
      const rows = await this.rows<{ document: TOrganizationDocument }>(
        sql`select ${S.document} as document from ${S} where ${where}
            order by ${key} ${sql.raw(direction)}, ${S.organizationId} limit ${limit} offset ${offset}`,
      );
      return rows.map((row) => row.document);
    }
    const rows = await this.rows<{ document: TOrganizationDocument }>(sql`
      with matches as materialized (
        select ${S.organizationId} as id, ${key} as key from ${S} where ${where}
      ), page as (
        select id, key from matches order by key ${sql.raw(direction)}, id limit ${limit} offset ${offset}
      )
      select ${S.document} as document from page join ${S} on ${S.organizationId} = page.id
      order by page.key ${sql.raw(direction)}, page.id`);
    return rows.map((row) => row.document);
  }

  /**
   * Total and facet counts of a query without free text whose filters all have bitmaps: the matches are
   * the AND over filters of the OR of each filter's value bitmaps, the total their bit count, a facet
   * value's count the bit count of its bitmap ANDed with them. Reads about 13 kB per facet value at 100k
   * organizations, however many rows match (reading every match cost up to a second).
   */
  private async aggregateBitmaps(groups: string[][], withFacets: boolean): Promise<TAggregates> {
    const total = sql`${sql.raw(`'${TIER_FACET}'`)} || chr(31) || '0'`;
    const rows = await this.rows<{ value: string; n: number }>(sql`
      with m as (select (${this.bitmapOf(groups)}) as bits)
      select ${total} as value, coalesce(bit_count(m.bits), 0)::int as n from m
      ${
        withFacets
          ? sql`union all
      select f.value, bit_count(f.bits & m.bits)::int from ${FB} f, m
       where m.bits is not null and split_part(f.value, chr(31), 1) = any(${sql.param([...DIRECTORY_FACETS])}::text[])`
          : sql``
      }`);
    return this.aggregatesOf(rows);
  }

  /**
   * Total and facet counts over every match of a query without free text whose filters lack bitmaps (a
   * budget band), in one pass over the matching rows. Without facets only the total is counted (it
   * decides how a page is read).
   */
  private async aggregate(where: SQL, withFacets = true): Promise<TAggregates> {
    const total = sql`${sql.raw(`'${TIER_FACET}'`)} || chr(31) || '0'`;
    const rows = await this.rows<{ value: string; n: number }>(
      withFacets
        ? sql`
      select v as value, count(*)::int as n
        from ${S} cross join lateral unnest(${S.facetValues} || (${total})) as v
       where ${where}
       group by v`
        : sql`select ${total} as value, count(*)::int as n from ${S} where ${where}`,
    );
    return this.aggregatesOf(rows);
  }

  /**
   * Counts keyed "facet<US>value" (matches per relevance tier as "tier<US>n", which sum to the total) as
   * aggregates; zero counts are left out.
   */
  private aggregatesOf(rows: { value: string; n: number }[]): TAggregates {
    const facets = emptyFacets();
    let total = 0;
    for (const row of rows) {
      if (row.n === 0) continue;
      const at = row.value.indexOf(FACET_SEPARATOR);
      const facet = row.value.slice(0, at);
      const value = row.value.slice(at + 1);
      if (facet === TIER_FACET) total += row.n;
      else if ((DIRECTORY_FACETS as readonly string[]).includes(facet)) {
        facets[facet as TDirectoryFacet][value] = row.n;
      }
    }
    return { total, facets };
  }
}
