import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { QueryResult, QueryResultRow } from 'pg';
import type { TDbOrTx } from './client.js';

const cache = new WeakMap<object, Map<string, unknown>>();

/** A statement built once per database handle (drizzle then only binds values on each call). */
export function prepared<T>(db: TDbOrTx, name: string, build: (db: TDbOrTx) => T): T {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  if (!statements.has(name)) statements.set(name, build(db));
  return statements.get(name) as T;
}

/** The dialect createDb's drizzle uses (raw SQL renders the same with it). */
const dialect = new PgDialect({ casing: 'snake_case' });
/** Statement name per SQL text: a name always stands for one text on every connection. */
const names = new Map<string, string>();

/**
 * Runs a raw statement like `db.execute` but as a named statement: each pooled connection parses (and, once Postgres
 * settles on a generic plan, plans) it once instead of on every call. For the big single-statement steps of a
 * negotiation (a dozen CTEs) parsing and planning is most of their server CPU. The name is derived from the text, so
 * the shapes a builder produces (optional CTEs) each get their own; every value must be a parameter (never sql.raw
 * of a value), or each call would prepare a new statement.
 */
export function executeNamed<T extends QueryResultRow>(
  db: TDbOrTx,
  label: string,
  query: SQL,
): Promise<QueryResult<T>> {
  const built = dialect.sqlToQuery(query);
  return db._.session.prepareQuery(built, undefined, nameOf(label, built.sql), false).execute() as Promise<
    QueryResult<T>
  >;
}

/** The statement name of a text (the label for reading pg_stat_activity, the hash for uniqueness). */
function nameOf(label: string, text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `${label}_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A drizzle query builder (select, insert, update) run as a named statement, as executeNamed does for raw SQL: its
 * values are bound parameters, so the text (and the name) is the same on every call of the same shape.
 */
export function executeNamedQuery<T>(
  label: string,
  query: { toSQL(): { sql: string }; prepare(name: string): { execute(): Promise<T> } },
): Promise<T> {
  return query.prepare(nameOf(label, query.toSQL().sql)).execute();
}
