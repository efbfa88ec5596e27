/**
 * Terms that mean the same in the directory, one group per concept. Both adapters read this one list:
 * Meilisearch through its `synonyms` setting, Postgres by expanding the query terms. Lower-case; a
 * multi-word entry is matched as a phrase.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['ai', 'artificial intelligence'],
  ['ml', 'machine learning'],
  ['k8s', 'kubernetes'],
  ['gcp', 'google cloud', 'google cloud platform'],
  ['aws', 'amazon web services'],
  ['devrel', 'developer relations'],
  ['js', 'javascript'],
  ['ts', 'typescript'],
  ['postgres', 'postgresql'],
  ['llm', 'large language model'],
];

/** Meilisearch's synonyms setting: every entry maps to all the others in its group (mutual synonyms). */
export function meilisearchSynonyms(groups = SYNONYM_GROUPS): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of groups) {
    for (const term of group) {
      out[term] = [...new Set([...(out[term] ?? []), ...group.filter((other) => other !== term)])];
    }
  }
  return out;
}

/** Phrase (as words) -> the other phrases of its groups, as words. */
export function synonymPhrases(groups = SYNONYM_GROUPS): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const [term, others] of Object.entries(meilisearchSynonyms(groups))) {
    out.set(
      term,
      others.map((other) => other.split(' ')),
    );
  }
  return out;
}
