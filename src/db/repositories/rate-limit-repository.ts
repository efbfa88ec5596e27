import { eq, sql } from 'drizzle-orm';
import type { TDbOrTx } from '../client.js';
import { executeNamed } from '../prepared.js';
import { rateLimitCounters } from '../schema/index.js';

/**
 * Fixed-window counters in Postgres, so every API process shares them. `hit` counts one event and
 * returns the count in the current window; `peek` reads without counting.
 */
export async function hitRateLimit(
  db: TDbOrTx,
  key: string,
  windowMs: number,
): Promise<{ count: number; resetsAt: Date }> {
  const interval = `${windowMs} milliseconds`;
  const result = await executeNamed<{ count: number; reset_at: Date }>(
    db,
    'rate_limit_hit',
    sql`
    insert into rate_limit_counters (key, window_started_at, count) values (${key}, now(), 1)
    on conflict (key) do update set
      count = case when rate_limit_counters.window_started_at < now() - ${interval}::interval then 1 else rate_limit_counters.count + 1 end,
      window_started_at = case when rate_limit_counters.window_started_at < now() - ${interval}::interval then now() else rate_limit_counters.window_started_at end
    returning count, window_started_at + ${interval}::interval as reset_at`,
  );
  const row = result.rows[0]!;
  return { count: row.count, resetsAt: new Date(row.reset_at) };
}

export async function peekRateLimit(
  db: TDbOrTx,
  key: string,
  windowMs: number,
): Promise<{ count: number; resetsAt: Date }> {
  const interval = `${windowMs} milliseconds`;
  const result = await db.execute<{ count: number; reset_at: Date }>(sql`
    select count, window_started_at + ${interval}::interval as reset_at from rate_limit_counters
    where key = ${key} and window_started_at >= now() - ${interval}::interval`);
  const row = result.rows[0];
  return row ? { count: row.count, resetsAt: new Date(row.reset_at) } : { count: 0, resetsAt: new Date() };
}

export async function resetRateLimit(db: TDbOrTx, key: string): Promise<void> {
  await db.delete(rateLimitCounters).where(eq(rateLimitCounters.key, key));
}
