import { sql } from 'drizzle-orm';
import type { TDb } from '../client.js';

/** The cheapest round trip to PostgreSQL: the health check's probe that the database answers. */
export async function pingDatabase(db: TDb): Promise<void> {
  await db.execute(sql`select 1`);
}
