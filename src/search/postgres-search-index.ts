import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { TDbOrTx } from '../db/client.js';
import { organizationSearch as S, organizationSearchWord as W } from '../db/schema/organization-search.js';
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
   * How long the total and facet counts of one query (text + filters + visibility) are reused across
   * its pages and sorts. Counting facets reads every matching row.
   */
  aggregateTtlMs?: number;
  aggregateCacheSize?: number;
  /** The most typo corrections (and corrected prefixes) one query word expands to, fewest typos first. */
  maxCorrections?: number;
  /**
   * Matches (of a relevance tier, or of a whole query in another order) of at most this many are
   * collected and sorted rather than found by walking the sort order's index (see `page`); 0 always
   * walks. Walking wins when matches are dense (the page comes after a few hundred rows), collecting when
   * they are rare (a misspelt name's few dozen, where a walk reads most of the index).
   */
  fewMatches?: number;
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
  /** What the result holds: the first clause matches (Meilisearch's "last" matching strategy). */
  match: SQL;
  /** The relevance tiers, best first; together exactly the matches (see `textPlan`). */
  tiers: SQL[];
  /** The tier of the row, as SQL over the row (0 = best). */
  tierOf: SQL;
  key: string;
};

/** Query word -> tsquery operands of its typo corrections (whole words, or prefixes for the last word). */
type TCorrections = Map<string, string[]>;

/** Between a facet's name and its value in facet_values (U+001F, which no label holds). */
const FACET_SEPARATOR = '\u001f';
/** The pseudo-facet carrying a row's relevance tier through the facet count. */
const TIER_FACET = 'tier';

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
 * typos, typos and all in the name, the rest), then reputation, then id. Each tier is read by its own
 * query ordered like an index (reputation desc, id), so a page costs a few index probes even when
 * thousands of rows match.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly adapter = 'postgres' as const;
  private readonly db: TDbOrTx;
  private readonly results: AggregateCache<TDirectoryResult>;
  private readonly aggregates: AggregateCache<TAggregates>;
  private readonly maxCorrections: number;
  private readonly fewMatches: number;
  private readonly upsertBatchSize: number;
  private listener: pg.Client | null = null;
  private lastListenAttempt = 0;
  private closed = false;

  constructor(options: TPostgresSearchIndexOptions) {
    this.db = options.db;
    this.results = new AggregateCache(options.resultTtlMs ?? 10_000, options.resultCacheSize ?? 1_000);
    this.aggregates = new AggregateCache(options.aggregateTtlMs ?? 30_000, options.aggregateCacheSize ?? 500);
    this.maxCorrections = options.maxCorrections ?? 50;
    this.fewMatches = options.fewMatches ?? 1_000;
    this.upsertBatchSize = options.upsertBatchSize ?? 1_000;
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
    const withFacets = query.facets !== false;
    const key = JSON.stringify([where.key, words, query.sort, window.limit, window.offset, withFacets]);
    const result = await this.results.get(key, () =>
      this.compute(query.sort, window, where, words, withFacets),
    );
    // Cached results are shared between callers: hand out a fresh hits array.
    return { ...result, hits: [...result.hits] };
  }

  private async compute(
    sort: TDirectoryQuery['sort'],
    window: { limit: number; offset: number },
    where: { sql: SQL; key: string },
    words: string[],
    withFacets: boolean,
  ): Promise<TDirectoryResult> {
    let text: TTextPlan | null = null;
    if (words.length > 0) {
      const clauses = queryClauses(words);
      text = this.textPlan(clauses, await this.corrections(clauses));
    }
    const aggregateKey = JSON.stringify([where.key, text?.key ?? null, withFacets]);
    const aggregates = this.aggregates.get(aggregateKey, () => this.aggregate(where.sql, text, withFacets));

    // The counts come first: how many rows match decides how a page is best read (see `page`).
    const { total, tiers, facets } = await aggregates;
    let hits: TOrganizationDocument[];
    if (text && sort === 'relevance') {
      hits = await this.tieredHits(where.sql, text, tiers, window);
    } else {
      const match = text ? text.match : sql`true`;
      hits =
        window.offset >= total
          ? []
          : await this.page(
              sql`${where.sql} and ${match}`,
              sort,
              window.limit,
              window.offset,
              total <= this.fewMatches,
            );
    }
    return { hits, total, facets };
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
    const { rows } = await this.db.execute<{ query: string; word: string; prefix: boolean }>(sql`
      with q as (
        select word, budget, prefix from unnest(
          ${sql.param(words)}::text[], ${sql.param(budgets)}::int[], ${sql.param(prefixes)}::bool[]
        ) as q(word, budget, prefix)
      )
      select q.word as query, w.word, false as prefix
        from q join ${W} w
          on left(w.word, 1) = left(q.word, 1)
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
         and (select min(levenshtein_less_equal(left(w.word, length(q.word) + d), q.word, 2 * q.budget))
                from generate_series(-q.budget, q.budget) as d) <= 2 * q.budget`);
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
    const tsq = (query: string) => sql`${S.tsv} @@ to_tsquery('simple', ${query})`;

    const tiers: SQL[] = [];
    const levelCases: SQL[] = [];
    for (let k = clauses.length; k >= 1; k--) {
      const first = F.slice(0, k);
      const level = k < clauses.length ? `(${all(first)} & !${F[k]})` : all(first);
      const noTypos = all(E.slice(0, k));
      const named = all(FA.slice(0, k));
      const base = (clauses.length - k) * 4;
      tiers.push(
        tsq(`${level} & ${all(EA.slice(0, k))}`),
        tsq(`${level} & ${noTypos} & !${all(EA.slice(0, k))}`),
        tsq(`${level} & !${noTypos} & ${named}`),
        tsq(`${level} & !${noTypos} & !${named}`),
      );
      // The row's tier when it matches k clauses (the case tests the longest match first).
      levelCases.push(
        sql`when ${tsq(all(first))} then ${base} + (case when ${tsq(all(E.slice(0, k)))} then (case when ${tsq(all(EA.slice(0, k)))} then 0 else 1 end) else (case when ${tsq(named)} then 2 else 3 end) end)`,
      );
    }
    return {
      match: tsq(F[0]!),
      tiers,
      tierOf: sql`(case ${sql.join(levelCases, sql` `)} end)`,
      key: JSON.stringify([E, F]),
    };
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
    text.tiers.forEach((tier, i) => {
      const count = counts[i] ?? 0;
      const from = Math.max(window.offset, start);
      const to = Math.min(end, start + count);
      if (to > from) {
        reads.push(
          this.page(
            sql`${where} and ${tier}`,
            'relevance',
            to - from,
            from - start,
            count <= this.fewMatches,
          ),
        );
      }
      start += count;
    });
    return (await Promise.all(reads)).flat();
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
    const keys = {
      relevance: [S.reputationScore, 'desc'],
      reputation: [S.reputationScore, 'desc'],
      newest: [S.createdAt, 'desc'],
      name: [sql`lower(${S.displayName}) collate "C"`, 'asc'],
    } as const;
    const [key, direction] = keys[sort];
    if (!few) {
      const { rows } = await this.db.execute<{ document: TOrganizationDocument }>(
        sql`select ${S.document} as document from ${S} where ${where}
            order by ${key} ${sql.raw(direction)}, ${S.organizationId} limit ${limit} offset ${offset}`,
      );
      return rows.map((row) => row.document);
    }
    const { rows } = await this.db.execute<{ document: TOrganizationDocument }>(sql`
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
   * Total, per-tier counts and facet counts over every match, in one pass over the matching rows. Without
   * facets only the tiers are counted (the total is still needed: it decides how a page is read).
   */
  private async aggregate(where: SQL, text: TTextPlan | null, withFacets = true): Promise<TAggregates> {
    const match = text ? sql`and ${text.match}` : sql``;
    // The row's tier rides along as one more value, so one pass counts tiers, total and facets.
    const tier = sql`(${sql.raw(`'${TIER_FACET}'`)} || chr(31) || (${text ? text.tierOf : sql`0`})::text)`;
    const { rows } = await this.db.execute<{ value: string; n: number }>(
      withFacets
        ? sql`
      select v as value, count(*)::int as n
        from ${S} cross join lateral unnest(${S.facetValues} || ${tier}) as v
       where ${where} ${match}
       group by v`
        : // One row per tier instead of one per facet value: no unnest of every match's facet_values.
          sql`
      select ${tier} as value, count(*)::int as n from ${S} where ${where} ${match} group by 1`,
    );
    const facets = emptyFacets();
    const tiers = text ? text.tiers.map(() => 0) : [0];
    for (const row of rows) {
      const at = row.value.indexOf(FACET_SEPARATOR);
      const facet = row.value.slice(0, at);
      const value = row.value.slice(at + 1);
      if (facet === TIER_FACET) tiers[Number(value)] = row.n;
      else if ((DIRECTORY_FACETS as readonly string[]).includes(facet)) {
        facets[facet as TDirectoryFacet][value] = row.n;
      }
    }
    return { total: tiers.reduce((a, b) => a + b, 0), tiers, facets };
  }
}
