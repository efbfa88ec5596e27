/**
 * "A document is searchable as soon as its index write commits, in every API process": each API process keeps a
 * Postgres adapter whose results are cached for 10 s, and relies on LISTEN/NOTIFY to drop them when another process
 * writes. Two adapters on two pools (two processes' worth of connections), caches on, the reader already listening.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { organizations } from '../../src/db/schema/index.js';
import type { TDirectoryQuery } from '../../src/domain/directory.js';
import { toOrganizationDocument } from '../../src/search/organization-document.js';
import { PostgresSearchIndex } from '../../src/search/postgres-search-index.js';
import { startTestDatabase } from '../helpers/database.js';

let t: Awaited<ReturnType<typeof startTestDatabase>>;
let readerDb: ReturnType<typeof createDb>;
let writer: PostgresSearchIndex;
let reader: PostgresSearchIndex;

beforeAll(async () => {
  t = await startTestDatabase();
  readerDb = createDb(t.databaseUrl, 2);
  writer = new PostgresSearchIndex({ db: t.db });
  reader = new PostgresSearchIndex({ db: readerDb.db });
});
afterAll(async () => {
  await writer?.close();
  await reader?.close();
  await readerDb?.pool.end();
  await t?.close();
});

const query = (q: string): TDirectoryQuery => ({
  q,
  sort: 'relevance',
  page: 1,
  limit: 10,
  visibleCommunityIds: [],
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function newOrganization(displayName: string) {
  const [row] = await t.db
    .insert(organizations)
    .values({
      kind: 'sponsor',
      displayName,
      normalizedDomain: `${randomUUID().slice(0, 8)}.io`,
      website: 'https://example.io',
      status: 'Active',
    })
    .returning();
  return row!;
}

describe('Postgres adapter caches across processes', () => {
  it('a write through one process is seen by another within seconds, not after its 10 s cache', async () => {
    // The reader's first search caches an empty answer and starts listening.
    expect((await reader.search(query('Quokkatronics'))).total).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect((await reader.search(query('Quokkatronics'))).total).toBe(0);

    const started = Date.now();
    await writer.upsert([toOrganizationDocument(await newOrganization('Quokkatronics Labs'))]);
    const seen = await until(
      () => reader.search(query('Quokkatronics')),
      (r) => r.total === 1,
      9_000,
    );
    expect(seen.total).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    // A typo of the new word too: the word dictionary is written in the same transaction.
    expect(
      (
        await until(
          () => reader.search(query('Quokatronics')),
          (r) => r.total === 1,
          5_000,
        )
      ).hits.map((h) => h.displayName),
    ).toEqual(['Quokkatronics Labs']);
  });

  it('a removal is seen by the other process as quickly', async () => {
    const org = await newOrganization('Wombatworks Studio');
    await writer.upsert([toOrganizationDocument(org)]);
    await until(
      () => reader.search(query('Wombatworks')),
      (r) => r.total === 1,
      5_000,
    );
    const started = Date.now();
    await writer.remove([org.id]);
    const gone = await until(
      () => reader.search(query('Wombatworks')),
      (r) => r.total === 0,
      9_000,
    );
    expect(gone.total).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a reputation score set through one process is seen by the other as quickly', async () => {
    const org = await newOrganization('Numbatcraft Systems');
    await writer.upsert([toOrganizationDocument(org)]);
    const before = await until(
      () => reader.search(query('Numbatcraft')),
      (r) => r.total === 1,
      5_000,
    );
    expect(before.hits[0]!.reputationScore).toBe(org.reputationScore);
    // The upsert's own notification has come and gone: the reader now answers from its cache.
    await new Promise((r) => setTimeout(r, 500));
    expect((await reader.search(query('Numbatcraft'))).hits[0]!.reputationScore).toBe(org.reputationScore);
    const started = Date.now();
    await writer.updateReputationScores([{ id: org.id, reputationScore: org.reputationScore + 7 }]);
    const rescored = await until(
      () => reader.search(query('Numbatcraft')),
      (r) => r.hits[0]?.reputationScore === org.reputationScore + 7,
      9_000,
    );
    expect(rescored.hits[0]!.reputationScore).toBe(org.reputationScore + 7);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
