// The parts of the Meilisearch adapter that need no server: filter strings, sorts, settings, documents.
import { describe, expect, it } from 'vitest';
import { DIRECTORY_FACETS } from '../../src/domain/directory.js';
import {
  filterString,
  meilisearchFilter,
  meilisearchSettings,
  meilisearchSort,
  toMeiliOrganization,
} from '../../src/search/meilisearch-search-index.js';
import { meilisearchSynonyms } from '../../src/search/synonyms.js';
import { TYPO_MIN_WORD_SIZE } from '../../src/search/text.js';

const base = { sort: 'relevance' as const, page: 1, limit: 20, visibleCommunityIds: [] };

describe('Meilisearch filters', () => {
  it('escapes backslashes and quotes inside string literals', () => {
    expect(filterString('plain')).toBe('"plain"');
    expect(filterString('say "hi"')).toBe('"say \\"hi\\""');
    expect(filterString('a\\"b')).toBe('"a\\\\\\"b"');
  });

  it("shows only public statuses, plus Community Added for the caller's communities", () => {
    expect(meilisearchFilter(base)).toBe('status IN ["Verified", "Active"]');
    expect(meilisearchFilter({ ...base, visibleCommunityIds: ['c1', 'c2'] })).toBe(
      '(status IN ["Verified", "Active"] OR (status = "Community Added" AND addedByCommunityId IN ["c1", "c2"]))',
    );
  });

  it('ANDs every filter, ORs values within one, and overlaps budget ranges with open ends', () => {
    const filter = meilisearchFilter({
      ...base,
      kind: 'sponsor',
      industries: ['Fintech'],
      technologies: ['Go', 'Rust'],
      regions: ['Europe'],
      eventTypes: ['Hackathon'],
      sponsorshipTypes: ['Gold Sponsor'],
      statuses: ['Verified'],
      budget: { currency: 'USD', minMinor: 1000, maxMinor: 5000 },
    });
    expect(filter.split(' AND ')).toEqual([
      'status IN ["Verified", "Active"]',
      'status IN ["Verified"]',
      'kind = "sponsor"',
      'industry IN ["Fintech"]',
      'technologies IN ["Go", "Rust"]',
      'supportedRegions IN ["Europe"]',
      'preferredEventTypes IN ["Hackathon"]',
      'sponsorshipTypes IN ["Gold Sponsor"]',
      'budgetCurrency = "USD"',
      '(budgetMaxMinor >= 1000 OR budgetMaxMinor IS NULL)',
      '(budgetMinMinor <= 5000 OR budgetMinMinor IS NULL)',
    ]);
  });

  it('ignores blank filter values', () => {
    expect(meilisearchFilter({ ...base, technologies: ['', ' '] })).toBe('status IN ["Verified", "Active"]');
  });
});

describe('Meilisearch sorts and settings', () => {
  it('sorts explicitly with an id tiebreak, and leaves relevance to the ranking rules', () => {
    expect(meilisearchSort('relevance')).toBeUndefined();
    expect(meilisearchSort('name')).toEqual(['displayNameSort:asc', 'id:asc']);
    expect(meilisearchSort('newest')).toEqual(['createdAtMs:desc', 'id:asc']);
    expect(meilisearchSort('reputation')).toEqual(['reputationScore:desc', 'id:asc']);
  });

  it('makes every sort, filter and facet attribute usable, with the shared typo rules and synonyms', () => {
    const settings = meilisearchSettings(100_000);
    for (const field of ['displayNameSort', 'createdAtMs', 'reputationScore', 'id']) {
      expect(settings.sortableAttributes).toContain(field);
    }
    for (const facet of DIRECTORY_FACETS) expect(settings.filterableAttributes).toContain(facet);
    expect(settings.filterableAttributes).toContain('addedByCommunityId');
    expect(settings.rankingRules?.[0]).toBe('sort');
    expect(settings.rankingRules?.slice(-2)).toEqual(['reputationScore:desc', 'id:asc']);
    expect(settings.typoTolerance).toMatchObject({ enabled: true, minWordSizeForTypos: TYPO_MIN_WORD_SIZE });
    expect(settings.synonyms).toEqual(meilisearchSynonyms());
    expect(settings.searchableAttributes?.[0]).toBe('displayName');
  });

  it('adds the sortable copies to each document', () => {
    const doc = toMeiliOrganization({
      id: 'x',
      kind: 'sponsor',
      displayName: 'Google Cloud',
      legalName: null,
      industry: null,
      shortDescription: null,
      website: 'https://cloud.google.com',
      normalizedDomain: 'google.com',
      logoUrl: null,
      technologies: [],
      developerTools: [],
      supportedRegions: [],
      preferredEventTypes: [],
      supportedCommunityTypes: [],
      sponsorshipTypes: [],
      budgetMinMinor: null,
      budgetMaxMinor: null,
      budgetCurrency: null,
      status: 'Active',
      reputationScore: 1,
      createdAt: '2024-01-02T03:04:05.000Z',
      addedByCommunityId: null,
    });
    expect(doc.displayNameSort).toBe('google cloud');
    expect(doc.createdAtMs).toBe(Date.parse('2024-01-02T03:04:05.000Z'));
  });
});
