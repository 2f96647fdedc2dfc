import { Param, sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * `column = any($1::type[])`: a list of values as one array parameter. `inArray` writes `in ($1, $2, …)`,
 * a different statement text for every length, each one prepared and planned again (pglite-connection.ts,
 * transaction-safe-pool.ts keep statements by their text); this one is the same text for any length.
 */
export function anyOf(column: SQLWrapper, values: readonly (string | number)[], type: 'bigint' | 'text' | 'uuid'): SQL {
  return sql`${column} = any(${new Param([...values])}::${sql.raw(type)}[])`;
}
