import { describe, expect, it } from 'vitest';
import { meilisearchSynonyms, SYNONYM_GROUPS } from '../../src/search/synonyms.js';
import {
  editDistanceWithin,
  prefixCorrection,
  queryClauses,
  queryWords,
  typoBudget,
  typoCost,
} from '../../src/search/text.js';

describe('queryWords', () => {
  it('lower-cases, keeps joined words whole and drops operators and quotes', () => {
    expect(queryWords("  Node.js & Vue-JS | 'c++' (k8s)!  ")).toEqual(['node.js', 'vue-js', 'c++', 'k8s']);
    expect(queryWords('...')).toEqual([]);
    expect(queryWords("o'reilly:*")).toEqual(['o', 'reilly']);
  });

  it('caps the number of words', () => {
    expect(queryWords(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '))).toHaveLength(10);
  });
});

describe('queryClauses', () => {
  it('groups synonym phrases and marks the last typed word as a prefix', () => {
    const clauses = queryClauses(['artificial', 'intelligence', 'startups']);
    expect(clauses).toHaveLength(2);
    expect(clauses[0]!.alternatives).toContainEqual(['ai']);
    expect(clauses[0]!.prefix).toBe(false);
    expect(clauses[1]).toEqual({ alternatives: [['startups']], single: 'startups', prefix: true });
  });

  it('expands a single synonym word without treating it as a prefix', () => {
    const [clause] = queryClauses(['aws']);
    expect(clause!.alternatives).toContainEqual(['amazon', 'web', 'services']);
    expect(clause!.prefix).toBe(false);
    expect(clause!.single).toBe('aws');
  });
});

describe('synonyms', () => {
  it('are mutual in the Meilisearch setting', () => {
    const table = meilisearchSynonyms();
    for (const group of SYNONYM_GROUPS) {
      for (const term of group) {
        for (const other of group.filter((t) => t !== term)) expect(table[term]).toContain(other);
      }
    }
  });
});

describe('typo tolerance', () => {
  it('follows the shared budget: none under 5 letters, one from 5, two from 9', () => {
    expect(typoBudget('aws')).toBe(0);
    expect(typoBudget('gogle')).toBe(1);
    expect(typoBudget('kubernets')).toBe(2);
  });

  it('measures edits, counting a swap of neighbours as one', () => {
    expect(editDistanceWithin('gogle', 'google', 1)).toBe(1);
    expect(editDistanceWithin('pytorhc', 'pytorch', 1)).toBe(1);
    expect(editDistanceWithin('mongdb', 'mongodb', 1)).toBe(1);
    expect(editDistanceWithin('abcdef', 'uvwxyz', 2)).toBe(3);
  });

  it('counts a different first letter as one typo more, as Meilisearch does', () => {
    expect(typoCost('gogle', 'google', 1)).toBe(1);
    expect(typoCost('hoogle', 'google', 1)).toBe(2); // over the budget of a 6-letter word
    expect(typoCost('xubernetes', 'kubernetes', 2)).toBe(2);
    expect(typoCost('xubernetse', 'kubernetes', 2)).toBe(3);
    expect(typoCost('oogle', 'google', 1)).toBe(2);
    expect(typoCost('kubrnetse', 'kubernetes', 2)).toBe(2);
  });

  it('corrects the last word as a prefix of an indexed word, typos included', () => {
    expect(prefixCorrection('extravagam', 'extravaganza', 2)?.cost).toBe(1);
    expect(prefixCorrection('worksapc', 'workspaces', 1)).toEqual({ prefix: 'workspac', cost: 1 });
    expect(prefixCorrection('extravaganza', 'extravaganza', 2)).toEqual({ prefix: 'extravaganza', cost: 0 });
    expect(prefixCorrection('databse', 'databases', 1)?.cost).toBe(1);
    expect(prefixCorrection('mngdb', 'mongodb', 1)).toBeNull();
  });
});
