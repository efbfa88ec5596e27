import { DIRECTORY_FACETS, type TDirectoryFacet, type TDirectoryQuery } from '../domain/directory.js';

/** The most hits one page may ask for; larger pages are cut to this. */
export const MAX_DIRECTORY_LIMIT = 100;

/** Every facet present, empty when nothing matched, so callers never test for missing keys. */
export function emptyFacets(): Record<TDirectoryFacet, Record<string, number>> {
  return Object.fromEntries(DIRECTORY_FACETS.map((facet) => [facet, {}])) as Record<
    TDirectoryFacet,
    Record<string, number>
  >;
}

/** Page and limit made safe (the API validates them; the index must not trust every caller). */
export function pageWindow(query: Pick<TDirectoryQuery, 'page' | 'limit'>) {
  const limit = Math.min(MAX_DIRECTORY_LIMIT, Math.max(1, Math.floor(query.limit) || 1));
  const page = Math.max(1, Math.floor(query.page) || 1);
  return { page, limit, offset: (page - 1) * limit };
}

/** A filter list with blanks and duplicates removed; undefined when nothing is left to filter on. */
export function filterValues(values: readonly string[] | undefined): string[] | undefined {
  const cleaned = [...new Set((values ?? []).map((v) => v.trim()).filter((v) => v !== ''))];
  return cleaned.length > 0 ? cleaned : undefined;
}
