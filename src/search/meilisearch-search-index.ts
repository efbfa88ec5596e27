import {
  MatchingStrategies,
  Meilisearch,
  type EnqueuedTaskPromise,
  type Index,
  type Settings,
  type Task,
} from 'meilisearch';
import {
  DIRECTORY_FACETS,
  PUBLIC_DIRECTORY_STATUSES,
  type TDirectoryQuery,
  type TDirectoryResult,
  type TOrganizationDocument,
} from '../domain/directory.js';
import { cellBound, tierCells, type TTierCell } from '../domain/match-tiers.js';
import { candidatePrescore, type TCandidateQuery } from '../domain/matching.js';
import { emptyFacets, filterValues, pageWindow } from './query.js';
import type { SearchIndex, TReputationScore } from './search-index.js';
import { meilisearchSynonyms } from './synonyms.js';
import { TYPO_MIN_WORD_SIZE } from './text.js';

export const DEFAULT_MEILI_INDEX = 'organizations';

/** What Meilisearch stores: the document plus two fields it can sort on. */
export type TMeiliOrganization = TOrganizationDocument & {
  /** Lower-case display name: the "name" sort is case-insensitive. */
  displayNameSort: string;
  /** createdAt as epoch milliseconds: Meilisearch sorts numbers, not ISO strings as dates. */
  createdAtMs: number;
};

const DOCUMENT_FIELDS: (keyof TOrganizationDocument)[] = [
  'id',
  'kind',
  'displayName',
  'legalName',
  'industry',
  'shortDescription',
  'website',
  'normalizedDomain',
  'logoUrl',
  'technologies',
  'developerTools',
  'supportedRegions',
  'preferredEventTypes',
  'supportedCommunityTypes',
  'sponsorshipTypes',
  'budgetMinMinor',
  'budgetMaxMinor',
  'budgetCurrency',
  'status',
  'reputationScore',
  'createdAt',
  'addedByCommunityId',
];

/**
 * The index settings. Searchable attributes are in order of importance (the name first); "sort" is
 * the first ranking rule so an explicit sort (name, newest, reputation) orders all matches as asked,
 * while relevance (no sort parameter) falls through to the text rules, then reputation, then id, the
 * same order as the Postgres adapter.
 */
export function meilisearchSettings(maxTotalHits: number): Settings {
  return {
    searchableAttributes: [
      'displayName',
      'legalName',
      'normalizedDomain',
      'industry',
      'technologies',
      'developerTools',
      'shortDescription',
      'sponsorshipTypes',
      'preferredEventTypes',
      'supportedRegions',
    ],
    filterableAttributes: [
      'kind',
      'status',
      'industry',
      'technologies',
      'supportedRegions',
      'preferredEventTypes',
      'sponsorshipTypes',
      'budgetCurrency',
      'budgetMinMinor',
      'budgetMaxMinor',
      'addedByCommunityId',
      // matchCandidates skips a tier band's organizations whose reputation cannot reach the current threshold.
      'reputationScore',
    ],
    sortableAttributes: ['displayNameSort', 'reputationScore', 'createdAtMs', 'id'],
    rankingRules: [
      'sort',
      'words',
      'typo',
      'proximity',
      'attribute',
      'exactness',
      'reputationScore:desc',
      'id:asc',
    ],
    displayedAttributes: ['*'],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: TYPO_MIN_WORD_SIZE.oneTypo, twoTypos: TYPO_MIN_WORD_SIZE.twoTypos },
    },
    synonyms: meilisearchSynonyms(),
    // Facet counts must cover every value a filter list can show (60 technologies, 28 event types...).
    faceting: { maxValuesPerFacet: 1_000 },
    // Exhaustive totals and deep pages: Meilisearch stops counting at maxTotalHits.
    pagination: { maxTotalHits },
  };
}

/** A string literal in a Meilisearch filter: double-quoted, with backslashes and quotes escaped (v1.4+). */
export function filterString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function filterList(values: string[]): string {
  return `[${values.map(filterString).join(', ')}]`;
}

/** Visibility and every filter of a directory query as one Meilisearch filter expression. */
export function meilisearchFilter(query: TDirectoryQuery): string {
  const communities = filterValues(query.visibleCommunityIds);
  const visible = `status IN ${filterList([...PUBLIC_DIRECTORY_STATUSES])}`;
  const parts = [
    communities
      ? `(${visible} OR (status = ${filterString('Community Added')} AND addedByCommunityId IN ${filterList(communities)}))`
      : visible,
  ];
  const statuses = filterValues(query.statuses);
  if (statuses) parts.push(`status IN ${filterList(statuses)}`);
  if (query.kind) parts.push(`kind = ${filterString(query.kind)}`);
  const lists: [string, string[] | undefined][] = [
    ['industry', filterValues(query.industries)],
    ['technologies', filterValues(query.technologies)],
    ['supportedRegions', filterValues(query.regions)],
    ['preferredEventTypes', filterValues(query.eventTypes)],
    ['sponsorshipTypes', filterValues(query.sponsorshipTypes)],
  ];
  // On an array attribute, IN matches documents having any of the values.
  for (const [attribute, values] of lists) if (values) parts.push(`${attribute} IN ${filterList(values)}`);
  if (query.budget) {
    const { currency, minMinor, maxMinor } = query.budget;
    parts.push(`budgetCurrency = ${filterString(currency)}`);
    // An open end of an organization's range (null) overlaps everything on that side.
    if (minMinor !== undefined) {
      parts.push(`(budgetMaxMinor >= ${Math.trunc(minMinor)} OR budgetMaxMinor IS NULL)`);
    }
    if (maxMinor !== undefined) {
      parts.push(`(budgetMinMinor <= ${Math.trunc(maxMinor)} OR budgetMinMinor IS NULL)`);
    }
  }
  return parts.join(' AND ');
}

export function meilisearchSort(sort: TDirectoryQuery['sort']): string[] | undefined {
  switch (sort) {
    case 'relevance':
      // Left to the ranking rules: text relevance, then reputation, then id.
      return undefined;
    case 'reputation':
      return ['reputationScore:desc', 'id:asc'];
    case 'name':
      return ['displayNameSort:asc', 'id:asc'];
    case 'newest':
      return ['createdAtMs:desc', 'id:asc'];
  }
}

export function toMeiliOrganization(doc: TOrganizationDocument): TMeiliOrganization {
  return { ...doc, displayNameSort: doc.displayName.toLowerCase(), createdAtMs: Date.parse(doc.createdAt) };
}

export type TMeilisearchSearchIndexOptions = {
  host: string;
  apiKey?: string;
  indexName?: string;
  /** Longest wait for one indexing task; large reindex batches on a busy server take seconds. */
  taskTimeoutMs?: number;
  maxTotalHits?: number;
};

/** The production adapter: a Meilisearch index whose writes resolve only once the task has succeeded. */
export class MeilisearchSearchIndex implements SearchIndex {
  readonly adapter = 'meilisearch' as const;
  private readonly client: Meilisearch;
  private readonly indexName: string;
  private readonly index: Index<TMeiliOrganization>;
  private readonly taskTimeoutMs: number;
  private readonly maxTotalHits: number;

  constructor(options: TMeilisearchSearchIndexOptions) {
    this.client = new Meilisearch({ host: options.host, apiKey: options.apiKey });
    this.indexName = options.indexName ?? DEFAULT_MEILI_INDEX;
    this.index = this.client.index<TMeiliOrganization>(this.indexName);
    this.taskTimeoutMs = options.taskTimeoutMs ?? 60_000;
    this.maxTotalHits = options.maxTotalHits ?? 100_000;
  }

  async init(): Promise<void> {
    const created = await this.client
      .createIndex(this.indexName, { primaryKey: 'id' })
      .waitTask({ timeout: this.taskTimeoutMs });
    if (created.status !== 'succeeded' && created.error?.code !== 'index_already_exists') {
      throw taskError(created);
    }
    await this.run(this.index.updateSettings(meilisearchSettings(this.maxTotalHits)));
  }

  async health(): Promise<void> {
    await this.client.health();
    await this.client.getRawIndex(this.indexName);
  }

  async upsert(docs: TOrganizationDocument[]): Promise<void> {
    if (docs.length === 0) return;
    // addDocuments replaces whole documents, so fields emptied in Postgres are emptied here too.
    await this.run(this.index.addDocuments(docs.map(toMeiliOrganization), { primaryKey: 'id' }));
  }

  async updateReputationScores(scores: TReputationScore[]): Promise<void> {
    if (scores.length === 0) return;
    // A partial update merges the score into the stored document; skipCreation leaves unknown ids out instead of
    // creating a document that holds nothing but a score.
    await this.run(
      this.index.updateDocuments(
        scores.map(({ id, reputationScore }) => ({ id, reputationScore })),
        { primaryKey: 'id', skipCreation: true },
      ),
    );
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.run(this.index.deleteDocuments(ids));
  }

  async clear(): Promise<void> {
    await this.run(this.index.deleteAllDocuments());
  }

  async documentCount(): Promise<number> {
    return (await this.index.getStats()).numberOfDocuments;
  }

  async close(): Promise<void> {
    // The client keeps no connection of its own to release.
  }

  async search(query: TDirectoryQuery): Promise<TDirectoryResult> {
    const { page, limit } = pageWindow(query);
    const response = await this.index.search(query.q?.trim() || null, {
      filter: meilisearchFilter(query),
      // Without facets Meilisearch skips computing the distribution (totalHits stays exhaustive).
      ...(query.facets === false ? {} : { facets: [...DIRECTORY_FACETS] }),
      sort: meilisearchSort(query.sort),
      page,
      hitsPerPage: limit,
      // Meilisearch's default, which the Postgres adapter follows: words are dropped from the end of
      // the query until documents match, and documents matching more words rank first.
      matchingStrategy: MatchingStrategies.LAST,
      attributesToRetrieve: DOCUMENT_FIELDS,
    });
    const facets = emptyFacets();
    for (const facet of DIRECTORY_FACETS)
      Object.assign(facets[facet], response.facetDistribution?.[facet] ?? {});
    return {
      hits: response.hits.map((hit) => pickDocument(hit)),
      total: response.totalHits,
      facets,
    };
  }

  /**
   * Meilisearch cannot sort by a computed score, so the pre-score is searched tier by tier (src/domain/match-tiers.ts):
   * the cells of the signals' tier combinations, best points first, a few bands of cells per multi-search round,
   * each band's organizations by reputation a page at a time; it stops once `limit` organizations score at least
   * what any band not yet read (its best cell, the whole budget, the reputation of its last read organization)
   * could reach. The first round also reads every narrowed organization whose budget range overlaps (the budget is
   * 15 of the points, and they are a tenth of the narrowed set): their pre-scores give a threshold from the start,
   * and no band of them is read again. Bands read only the fields the pre-score needs; the documents of the `limit`
   * kept are fetched at the end. The same organizations, in the same order, as the Postgres adapter's statement.
   */
  async matchCandidates(query: TCandidateQuery): Promise<TOrganizationDocument[]> {
    const visible = meilisearchFilter({
      sort: 'reputation',
      page: 1,
      limit: 1,
      visibleCommunityIds: query.visibleCommunityIds,
    });
    const narrowing = query.narrowing.map((n) => `${n.field} IN ${filterList(n.values)}`);
    const narrowed = `${visible} AND preferredEventTypes IN ${filterList(query.eventTypes)}${
      narrowing.length ? ` AND (${narrowing.join(' OR ')})` : ''
    }`;
    // Round 0 counts (whether enough qualify for the narrowed set, else every visible one is a candidate) and reads
    // the narrowed organizations with an overlapping budget.
    const count = (filter: string) => ({
      indexUid: this.indexName,
      q: null,
      filter,
      page: 1,
      hitsPerPage: 0,
    });
    const overlapping = {
      indexUid: this.indexName,
      q: null,
      filter: `${narrowed} AND ${budgetOverlap(query)}`,
      limit: this.maxTotalHits,
      attributesToRetrieve: PRESCORE_FIELDS,
    };
    const first = await this.client.multiSearch({
      queries: [count(narrowed), count(visible), overlapping],
    });
    const [narrowedCount, visibleCount] = first.results.map((r) => r.totalHits ?? 0);
    const seen = new Map<string, TScored>();
    const keep = (hits: Record<string, unknown>[]) => {
      for (const hit of hits) {
        const doc = hit as unknown as TPrescoreFields;
        seen.set(doc.id, {
          id: doc.id,
          reputationScore: doc.reputationScore,
          prescore: candidatePrescore(doc, query),
        });
      }
    };
    if (narrowedCount! < query.limit && visibleCount! <= query.limit) {
      // A small directory: every visible organization is scored.
      const { hits } = await this.index.search(null, {
        filter: visible,
        limit: query.limit,
        attributesToRetrieve: DOCUMENT_FIELDS,
      });
      const docs = hits.map((hit) => pickDocument(hit));
      const byId = new Map(docs.map((d) => [d.id, d]));
      return rankCandidates(
        docs.map((d) => ({
          id: d.id,
          reputationScore: d.reputationScore,
          prescore: candidatePrescore(d, query),
        })),
      )
        .slice(0, query.limit)
        .map((s) => byId.get(s.id)!);
    }
    const isNarrowed = narrowedCount! >= query.limit;
    // Every narrowed organization with an overlapping budget is read when the page held them all.
    const overlapRead = isNarrowed && first.results[2]!.hits.length < this.maxTotalHits;
    if (overlapRead) keep(first.results[2]!.hits);
    await this.readTierBands(query, visible, isNarrowed, overlapRead, seen, keep);
    return this.documentsOf(rankCandidates([...seen.values()]).slice(0, query.limit));
  }

  /** The documents of `ranked`, in its order (one fetch by id). */
  private async documentsOf(ranked: TScored[]): Promise<TOrganizationDocument[]> {
    if (ranked.length === 0) return [];
    const { results } = await this.index.getDocuments({
      ids: ranked.map((s) => s.id),
      fields: DOCUMENT_FIELDS,
      limit: ranked.length,
    });
    const byId = new Map(results.map((hit) => [String(hit.id), pickDocument(hit)]));
    // One removed between the search and the fetch is left out, as a search after the removal would.
    return ranked.flatMap((s) => byId.get(s.id) ?? []);
  }

  /**
   * The threshold loop of matchCandidates over the tier bands of the query (narrowed: the family and narrowing).
   * With `overlapRead`, every narrowed organization with an overlapping budget is already in `seen`: the bands of
   * those are done before they start.
   */
  private async readTierBands(
    query: TCandidateQuery,
    visible: string,
    narrowed: boolean,
    overlapRead: boolean,
    seen: Map<string, TScored>,
    keep: (hits: Record<string, unknown>[]) => void,
  ): Promise<void> {
    // The budget is 15 of the points: each band is read apart with an overlapping budget range and without one
    // (those can reach 15 points less, so they are rarely read at all).
    const overlap = budgetOverlap(query);
    const bands = tierBands(tierCells(query, narrowed)).flatMap((band) => {
      // A cell without conditions (no signal splits the organizations) is every visible one.
      const cells = band.cells.some((c) => c.conditions.length === 0)
        ? visible
        : `${visible} AND (${band.cells.map(cellFilter).join(' OR ')})`;
      return [true, false].map((budget) => ({
        filter: `${cells} AND ${budget ? overlap : `NOT ${overlap}`}`,
        bound: cellBound(band.base, query, 100, budget),
        base: band.base,
        budget,
        offset: 0,
        done: budget && overlapRead,
      }));
    });
    for (;;) {
      const scores = [...seen.values()].map((s) => s.prescore).sort((a, b) => b - a);
      // The limit-th best so far: a band that cannot reach it is not read (ties are read: reputation breaks them).
      const threshold = scores.length >= query.limit ? scores[query.limit - 1]! - 1e-9 : -Infinity;
      const round = bands
        .filter((b) => !b.done && b.bound >= threshold)
        .sort((a, b) => b.bound - a.bound)
        .slice(0, BANDS_PER_ROUND);
      if (round.length === 0) return;
      // Once a threshold is known, a band's organizations below the reputation that reaches it are left out by the
      // filter and the rest are read in large pages. The threshold only rises, so the filtered list (reputation
      // order) stays a prefix of what was read before and the band's offset stays valid.
      const limit = Number.isFinite(threshold) ? BAND_PAGE : query.limit;
      const queries = round.map((band) => ({
        indexUid: this.indexName,
        q: null,
        filter: `${band.filter}${reputationFloor(query, band, threshold)}`,
        sort: meilisearchSort('reputation'),
        offset: band.offset,
        limit,
        attributesToRetrieve: PRESCORE_FIELDS,
      }));
      const { results } = await this.client.multiSearch<{ queries: typeof queries }>({ queries });
      results.forEach((result, i) => {
        const band = round[i]!;
        keep(result.hits);
        const last = result.hits.at(-1);
        if (result.hits.length < limit || !last) band.done = true;
        else {
          // The band's unread organizations have at most the reputation of the last one read.
          band.offset += result.hits.length;
          band.bound = cellBound(band.base, query, Number(last.reputationScore ?? 0), band.budget);
        }
      });
    }
  }

  private async run(enqueued: EnqueuedTaskPromise): Promise<Task> {
    const task = await enqueued.waitTask({ timeout: this.taskTimeoutMs });
    if (task.status !== 'succeeded') throw taskError(task);
    return task;
  }
}

/** What candidatePrescore reads: the fields a tier band's search retrieves (a tenth of a document's bytes). */
const PRESCORE_FIELDS = [
  'id',
  'preferredEventTypes',
  'sponsorshipTypes',
  'supportedRegions',
  'technologies',
  'budgetMinMinor',
  'budgetMaxMinor',
  'budgetCurrency',
  'reputationScore',
] as const satisfies (keyof TOrganizationDocument)[];
type TPrescoreFields = Pick<TOrganizationDocument, (typeof PRESCORE_FIELDS)[number]>;
type TScored = { id: string; reputationScore: number; prescore: number };

function pickDocument(hit: object): TOrganizationDocument {
  const fields = hit as Record<string, unknown>;
  return Object.fromEntries(
    DOCUMENT_FIELDS.map((field) => [field, fields[field] ?? null]),
  ) as TOrganizationDocument;
}

/** Bands of tier cells per multi-search round: few selective queries, the best points first. */
const BANDS_PER_ROUND = 16;
/**
 * Cells whose points lie within this of a band's best share its query (one OR filter). Narrow: Meilisearch's cost
 * grows faster than the OR's length (at 20k, width 6 / 96 cells was 4x slower than 2 / 24, and 1 / 8 faster).
 */
const BAND_WIDTH = 1;
const BAND_MAX_CELLS = 8;

/** Organizations per band query once the threshold filters by reputation (one query reads most bands whole). */
const BAND_PAGE = 1_000;

/**
 * The filter on reputation an organization of the band needs to score at least `threshold`: its bound is its base,
 * the whole budget (when its range overlaps) and reputationPoints * reputation / 100. Empty while no threshold is
 * known or every reputation reaches it; rounded down (and a little below) so float error never drops a candidate.
 */
function reputationFloor(
  query: TCandidateQuery,
  band: { base: number; budget: boolean },
  threshold: number,
): string {
  if (!Number.isFinite(threshold) || query.reputationPoints <= 0) return '';
  const needed = ((threshold - cellBound(band.base, query, 0, band.budget)) * 100) / query.reputationPoints;
  if (needed <= 0) return '';
  return ` AND reputationScore >= ${(Math.floor(needed * 1e6) / 1e6 - 1e-6).toFixed(6)}`;
}

/** Consecutive cells (best base first) grouped into bands of close points. */
function tierBands(cells: TTierCell[]): { base: number; cells: TTierCell[] }[] {
  const bands: { base: number; cells: TTierCell[] }[] = [];
  for (const cell of cells) {
    const band = bands.at(-1);
    if (band && band.base - cell.base <= BAND_WIDTH && band.cells.length < BAND_MAX_CELLS)
      band.cells.push(cell);
    else bands.push({ base: cell.base, cells: [cell] });
  }
  return bands;
}

/** One tier cell as a Meilisearch filter (IN on an array attribute: any of the values). */
function cellFilter(cell: TTierCell): string {
  const parts = cell.conditions.flatMap((c) => {
    if (c.kind === 'empty') return [`${c.field} IS EMPTY`];
    const none = c.noneOf.length ? [`${c.field} NOT IN ${filterList(c.noneOf)}`] : [];
    return c.kind === 'overlaps'
      ? [`${c.field} IN ${filterList(c.anyOf)}`, ...none]
      : [`${c.field} IS NOT EMPTY`, ...none];
  });
  return `(${parts.join(' AND ')})`;
}

/** Best pre-score first, then reputation, then id: the Postgres adapter's order. */
function rankCandidates(scored: TScored[]): TScored[] {
  return scored.sort(
    (a, b) =>
      b.prescore - a.prescore ||
      b.reputationScore - a.reputationScore ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** An organization's budget range overlaps the opportunity's (same currency), as candidatePrescore tests it. */
function budgetOverlap(query: TCandidateQuery): string {
  const { currency, minMinor, maxMinor } = query.budget;
  return `(budgetCurrency = ${filterString(currency)} AND budgetMaxMinor >= ${Math.trunc(minMinor)} AND budgetMinMinor <= ${Math.trunc(maxMinor)})`;
}

function taskError(task: Task): Error {
  const reason = task.error ? `${task.error.code}: ${task.error.message}` : task.status;
  return new Error(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${reason}`);
}
