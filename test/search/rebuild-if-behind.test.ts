/**
 * `npm start` on an existing data directory: a directory index not in step with Postgres (a new or emptied
 * Meilisearch, or one holding organizations that are gone) is rebuilt; one in step is left alone.
 */
import { randomUUID } from 'node:crypto';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { organizations } from '../../src/db/schema/index.js';
import { MeilisearchSearchIndex } from '../../src/search/meilisearch-search-index.js';
import { toOrganizationDocument } from '../../src/search/organization-document.js';
import { PostgresSearchIndex } from '../../src/search/postgres-search-index.js';
import { rebuildDirectoryIfBehind } from '../../src/search/reindex.js';
import { startTestDatabase } from '../helpers/database.js';

const MEILI = inject('meili');
const indexName = `organizations_rebuild_${randomUUID().slice(0, 8)}`;
let t: Awaited<ReturnType<typeof startTestDatabase>>;

beforeAll(async () => {
  t = await startTestDatabase();
  await t.db.insert(organizations).values(
    [1, 2, 3].map((i) => ({
      kind: 'sponsor' as const,
      displayName: `Rebuild Org ${i}`,
      normalizedDomain: `rebuild-${i}-${randomUUID().slice(0, 6)}.io`,
      website: `https://rebuild-${i}.io`,
      status: 'Active' as const,
    })),
  );
});
afterAll(async () => {
  if (MEILI) await new Meilisearch({ host: MEILI.url, apiKey: MEILI.key }).deleteIndex(indexName).waitTask();
  await t?.close();
});

describe('rebuildDirectoryIfBehind', () => {
  it.skipIf(!MEILI)(
    'Meilisearch: an empty index is rebuilt, one in step is left alone, one with a stale document is rebuilt from empty',
    async () => {
      const index = new MeilisearchSearchIndex({ host: MEILI!.url, apiKey: MEILI!.key, indexName });
      const first = await rebuildDirectoryIfBehind(t.db, index);
      expect(first).toMatchObject({ indexed: 0, done: 3, total: 3 });
      expect(await index.documentCount()).toBe(3);
      const hits = await index.search({
        q: 'Rebuild Org',
        sort: 'relevance',
        page: 1,
        limit: 10,
        visibleCommunityIds: [],
      });
      expect(hits.total).toBe(3);

      expect(await rebuildDirectoryIfBehind(t.db, index)).toBeNull();

      // A document of an organization Postgres no longer has (a data directory from another database).
      const [row] = await t.db.select().from(organizations).limit(1);
      await index.upsert([{ ...toOrganizationDocument(row!), id: randomUUID(), displayName: 'Gone Org' }]);
      expect(await index.documentCount()).toBe(4);
      const again = await rebuildDirectoryIfBehind(t.db, index);
      expect(again).toMatchObject({ indexed: 4, done: 3 });
      expect(await index.documentCount()).toBe(3);
    },
  );

  it('Postgres: in step after its first build, so a restart rebuilds nothing', async () => {
    const index = new PostgresSearchIndex({ db: t.db });
    try {
      expect(await rebuildDirectoryIfBehind(t.db, index)).toMatchObject({ indexed: 0, done: 3 });
      expect(await rebuildDirectoryIfBehind(t.db, index)).toBeNull();
    } finally {
      await index.close();
    }
  });
});
