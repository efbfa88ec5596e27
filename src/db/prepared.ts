import type { TDbOrTx } from './client.js';

const cache = new WeakMap<object, Map<string, unknown>>();

/** A statement built once per database handle (drizzle then only binds values on each call). */
export function prepared<T>(db: TDbOrTx, name: string, build: (db: TDbOrTx) => T): T {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  if (!statements.has(name)) statements.set(name, build(db));
  return statements.get(name) as T;
}
