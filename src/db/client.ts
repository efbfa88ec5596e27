import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';

export type TDb = ReturnType<typeof createDb>['db'];
export type TTx = Parameters<Parameters<TDb['transaction']>[0]>[0];
/** A db handle or an open transaction: repositories accept either so callers compose transactions. */
export type TDbOrTx = TDb | TTx;

export function createDb(databaseUrl: string, max = 20) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema, casing: 'snake_case' });
  return { db, pool };
}
