import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { ensureDatabase } from '../../src/infra/embedded-postgres.js';

/**
 * A fresh database cloned from the migrated template, without the API or a worker: for repository tests that
 * need only the real Postgres. `close` drops it.
 */
export async function startTestDatabase() {
  const { adminUrl, templateDb } = inject('stack');
  const dbName = `d_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  await ensureDatabase(adminUrl, dbName, templateDb);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  const { db, pool } = createDb(databaseUrl, 5);
  return {
    db,
    pool,
    databaseUrl,
    async close() {
      await pool.end();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${admin.escapeIdentifier(dbName)} with (force)`);
      await admin.end();
    },
  };
}
