import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';

export type TDb = ReturnType<typeof createDb>['db'];
export type TTx = Parameters<Parameters<TDb['transaction']>[0]>[0];
/** A db handle or an open transaction: repositories accept either so callers compose transactions. */
export type TDbOrTx = TDb | TTx;

export function createDb(databaseUrl: string, max = 20) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  // A client losing its connection (a server restart, a cut network) must not crash the process: idle clients
  // report through the pool's 'error', and a checked-out client's own 'error' event would otherwise be unhandled.
  // The query in flight still fails, so the caller sees the error.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  // No relational `schema`: nothing uses `db.query`, and with one drizzle builds a query builder per table for every
  // transaction it opens.
  const db = drizzle(pool, { casing: 'snake_case' });
  return { db, pool };
}
