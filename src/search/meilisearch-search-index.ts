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
import { candidatePrescore, type TCandidateField, type TCandidateQuery } from '../domain/matching.js';
import { emptyFacets, filterValues, pageWindow } from './query.js';
import type { SearchIndex } from './search-index.js';
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
   * Meilisearch cannot sort by a computed score: one multi-search request of conjunctive filter queries (the
   * family alone, the family with each signal's matching values, with all of them, with the budget band, and all
   * of them without the family, and none), each the best `limit` by reputation, unioned and ordered by the same
   * pre-score as the Postgres adapter's.
   */
  async matchCandidates(query: TCandidateQuery): Promise<TOrganizationDocument[]> {
    const base: TDirectoryQuery = {
      sort: 'reputation',
      page: 1,
      limit: query.limit,
      visibleCommunityIds: query.visibleCommunityIds,
      eventTypes: query.eventTypes,
    };
    const filterOf: Record<TCandidateField, keyof TDirectoryQuery> = {
      preferredEventTypes: 'eventTypes',
      sponsorshipTypes: 'sponsorshipTypes',
      supportedRegions: 'regions',
      technologies: 'technologies',
    };
    const narrowed = query.signals.flatMap((signal) => {
      const values = [...new Set(signal.tiers.flatMap((t) => t.values))];
      return values.length ? [{ [filterOf[signal.field]]: values } as Partial<TDirectoryQuery>] : [];
    });
    const { currency, minMinor, maxMinor } = query.budget;
    const budget: Partial<TDirectoryQuery> = { budget: { currency, minMinor, maxMinor } };
    // Technology signals share a filter key: all of them together means any of their values.
    const technologies = [
      ...new Set(
        query.signals.filter((s) => s.field === 'technologies').flatMap((s) => s.tiers[0]?.values ?? []),
      ),
    ];
    const everything: Partial<TDirectoryQuery> = {
      ...Object.assign({}, ...narrowed),
      ...(technologies.length ? { technologies } : {}),
      ...budget,
    };
    // And the organizations that fit on everything else but prefer other event types (what the Postgres adapter
    // scores when few organizations qualify).
    const otherTypes: Partial<TDirectoryQuery> = { ...everything, eventTypes: undefined };
    // And the best by reputation of all visible organizations: a small directory is then scored whole, as Postgres does.
    const visibleOnly: Partial<TDirectoryQuery> = { eventTypes: undefined };
    const queries = [{}, ...narrowed, budget, everything, otherTypes, visibleOnly].map((extra) => ({
      indexUid: this.indexName,
      q: null,
      filter: meilisearchFilter({ ...base, ...extra }),
      sort: meilisearchSort('reputation'),
      limit: query.limit,
      attributesToRetrieve: DOCUMENT_FIELDS,
    }));
    const { results } = await this.client.multiSearch<{ queries: typeof queries }>({ queries });
    const byId = new Map<string, TOrganizationDocument>();
    for (const result of results) {
      for (const hit of result.hits)
        if (!byId.has(String(hit.id))) byId.set(String(hit.id), pickDocument(hit));
    }
    const scored = [...byId.values()].map((doc) => ({ doc, prescore: candidatePrescore(doc, query) }));
    scored.sort(
      (a, b) =>
        b.prescore - a.prescore ||
        b.doc.reputationScore - a.doc.reputationScore ||
        (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0),
    );
    return scored.slice(0, query.limit).map((s) => s.doc);
  }

  private async run(enqueued: EnqueuedTaskPromise): Promise<Task> {
    const task = await enqueued.waitTask({ timeout: this.taskTimeoutMs });
    if (task.status !== 'succeeded') throw taskError(task);
    return task;
  }
}

function pickDocument(hit: Record<string, unknown>): TOrganizationDocument {
  return Object.fromEntries(
    DOCUMENT_FIELDS.map((field) => [field, hit[field] ?? null]),
  ) as TOrganizationDocument;
}

function taskError(task: Task): Error {
  const reason = task.error ? `${task.error.code}: ${task.error.message}` : task.status;
  return new Error(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${reason}`);
}
