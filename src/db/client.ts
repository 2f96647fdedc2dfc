import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { schema } from './schema.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';

type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The node-postgres pool when on a server (for LISTEN/NOTIFY and tools). */
  pool: pg.Pool | null;
  /** The data folder's lock when this process opened a PGlite folder. */
  lock?: DataDirLock;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export type DatabaseOptions =
  | { databaseUrl: string }
  | { dataDir: string }
  /** An already created PGlite (tests start one from a migrated template). */
  | { pglite: PGlite };

/** Opens the database and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('databaseUrl' in options) return openPostgres(options.databaseUrl);
  let client: PGlite;
  let lock: DataDirLock | undefined;
  if ('pglite' in options) {
    client = options.pglite;
  } else {
    await mkdir(options.dataDir, { recursive: true });
    lock = await acquireDataDirLock(options.dataDir);
    client = new PGlite(path.resolve(options.dataDir, 'pglite'));
  }
  try {
    await client.waitReady;
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return { db, kind: 'pglite', pool: null, lock, close: () => client.close().finally(() => lock?.release()) };
  } catch (err) {
    await client.close().catch(() => undefined);
    await lock?.release();
    throw err;
  }
}

// Any constant works; it only has to be the same for every instance migrating this database.
const MIGRATION_LOCK_KEY = 7_263_114_001;

async function openPostgres(databaseUrl: string): Promise<Database> {
  // Several instances may start at once: one migrates while the others wait on the advisory lock.
  const migrator = new pg.Client({ connectionString: databaseUrl });
  await migrator.connect();
  try {
    await migrator.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg(migrator, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await migrator.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await migrator.end();
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  // An idle client that loses its connection (server restart, failover) emits 'error' on the pool; without
  // a listener that would crash the process. The pool drops the client and the next query reconnects.
  pool.on('error', (err) => console.warn(`database: an idle connection failed (${err.message}); it will be replaced`));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { db, kind: 'postgres', pool, close: () => pool.end() };
}

/** Rows of a raw `db.execute` result: PGlite and node-postgres both return `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
