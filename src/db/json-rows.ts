import { getTableColumns, is, sql, type InferSelectModel, type SQL, type Table } from 'drizzle-orm';
import { PgJson, PgJsonb } from 'drizzle-orm/pg-core';
import { rowsOf, type Executor } from './client.js';

/**
 * Reads many rows as one value: the statement returns a single `json` column (`json_agg(…)::text`), parsed
 * here with `JSON.parse`. The drivers decode a result field by field (PGlite copies each field's bytes,
 * then parses it) and drizzle maps each row again; for a page of 100 messages with a dozen columns that was
 * most of the request's CPU, and one text field parsed natively is several times cheaper (measured in
 * docs/benchmarks.md, "Admin reads as one JSON value").
 */
export async function readJson<T>(db: Executor, query: SQL): Promise<T> {
  const [row] = rowsOf<{ value: string | null }>(await db.execute(sql`select (${query})::text as value`));
  if (!row || row.value === null) throw new Error('readJson: the statement gave no value');
  return JSON.parse(row.value) as T;
}

/**
 * A table's row as drizzle would give it, from the object `row_to_json`/`json_agg` made of it: keys by
 * their column names, timestamps as text. Each column goes through its own `mapFromDriverValue` (timestamps
 * become `Date`s, bigints numbers), except json and jsonb, which JSON already gave as values.
 */
export function tableRowReader<T extends Table>(table: T): (json: Record<string, unknown>) => InferSelectModel<T> {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
    key, name: column.name, column, isJson: is(column, PgJson) || is(column, PgJsonb),
  }));
  return (json) => {
    const row: Record<string, unknown> = {};
    for (const { key, name, column, isJson } of columns) {
      const value = json[name];
      row[key] = value === null || value === undefined ? null : isJson ? value : column.mapFromDriverValue(value);
    }
    return row as InferSelectModel<T>;
  };
}
