import { asc, count, eq, gt } from 'drizzle-orm';
import type { TDbOrTx } from '../db/client.js';
import { organizations } from '../db/schema/organizations.js';
import { toOrganizationDocument } from './organization-document.js';
import { createSearchIndex } from './create-search-index.js';
import type { SearchIndex } from './search-index.js';

export type TReindexProgress = { done: number; total: number };

/**
 * Rebuilds the directory from Postgres, the system of record: every organization in id order, in
 * batches (keyset pagination, so organizations added meanwhile are not skipped or read twice).
 * Every status is indexed; the index itself hides what may not be listed. With `fresh`, the index is
 * emptied first (the directory is empty until the run ends): use it when documents of deleted
 * organizations may linger (Meilisearch; Postgres drops them by foreign key).
 */
export async function reindexAll(options: {
  db: TDbOrTx;
  index: SearchIndex;
  batchSize?: number;
  fresh?: boolean;
  onProgress?: (progress: TReindexProgress) => void;
}): Promise<TReindexProgress> {
  const { db, index } = options;
  const batchSize = Math.max(1, options.batchSize ?? 500);
  await index.init();
  if (options.fresh) await index.clear();
  const [counted] = await db.select({ total: count() }).from(organizations);
  let total = counted?.total ?? 0;
  let done = 0;
  let lastId: string | null = null;
  options.onProgress?.({ done, total });
  for (;;) {
    const rows = await db
      .select()
      .from(organizations)
      .where(lastId ? gt(organizations.id, lastId) : undefined)
      .orderBy(asc(organizations.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    await index.upsert(rows.map(toOrganizationDocument));
    done += rows.length;
    // Organizations created during the run make the first count too small.
    total = Math.max(total, done);
    lastId = rows[rows.length - 1]!.id;
    options.onProgress?.({ done, total });
  }
  return { done, total };
}

/**
 * Brings one organization's directory entry in line with Postgres: upserted when it exists (whatever
 * its status), removed when it does not. What the index activity runs after each committed change.
 */
export async function indexOrganization(
  db: TDbOrTx,
  index: SearchIndex,
  organizationId: string,
): Promise<void> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  if (row) await index.upsert([toOrganizationDocument(row)]);
  else await index.remove([organizationId]);
}

/**
 * Brings a directory that is not in step with Postgres back in step at start: a new or emptied Meilisearch (the
 * system of record is Postgres; Meilisearch's data directory can be lost or replaced on its own), or one holding
 * documents of organizations that are gone (rebuilt from empty). Null when the counts agree.
 */
export async function rebuildDirectoryIfBehind(
  db: TDbOrTx,
  index: SearchIndex,
): Promise<(TReindexProgress & { indexed: number }) | null> {
  await index.init();
  const [counted] = await db.select({ total: count() }).from(organizations);
  const total = counted?.total ?? 0;
  const indexed = await index.documentCount();
  if (indexed === total) return null;
  return { ...(await reindexAll({ db, index, fresh: indexed > total })), indexed };
}

/** A one-off full rebuild with its own index handle (seed, first start, `npm run reindex`). */
export async function rebuildDirectory(
  db: TDbOrTx,
  config: { MEILI_URL?: string; MEILI_KEY?: string },
  onProgress?: (progress: TReindexProgress) => void,
): Promise<TReindexProgress & { adapter: string }> {
  const index = createSearchIndex({ db, meiliUrl: config.MEILI_URL, meiliKey: config.MEILI_KEY });
  try {
    return { ...(await reindexAll({ db, index, onProgress })), adapter: index.adapter };
  } finally {
    await index.close();
  }
}
