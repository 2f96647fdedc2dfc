import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type pg from 'pg';
import { schema } from './schema.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { MIGRATIONS_FOLDER } from './migration-state.js';
import { assertNotNewer, DataDirDamagedError } from './open-errors.js';
import { PgliteConnection } from './pglite-connection.js';
import { seedFromTemplate } from './pglite-template.js';
import { TransactionSafePool } from './transaction-safe-pool.js';

import type { Db } from './types.js';

export type { Db, Executor, Tx } from './types.js';

export interface Database {
  db: Db;
  /**
   * What the outbox's sender uses: on PostgreSQL connections of its own (`SENDER_CONNECTIONS`), so that
   * recording WhatsApp's answers never queues behind a burst of webhooks for the request pool; on PGlite
   * the same database as `db`.
   */
  senderDb: Db;
  kind: 'pglite' | 'postgres';
  /** The node-postgres pool when on a server (for LISTEN/NOTIFY and tools). */
  pool: pg.Pool | null;
  /** The embedded database itself when on PGlite (backups). */
  pglite: PGlite | null;
  /** The DATA_DIR lock when this process opened PGlite from a folder (null otherwise). */
  lock: DataDirLock | null;
  close(): Promise<void>;
}

export { MIGRATIONS_FOLDER } from './migration-state.js';

export type DatabaseOptions =
  | { databaseUrl: string }
  /** `purpose` names what holds the folder in the message another process gets ("server", "migrate"…). */
  | { dataDir: string; purpose?: string }
  /** An already created PGlite (tests start one from a migrated template). */
  | { pglite: PGlite };

/** Opens the database and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('databaseUrl' in options) return openPostgres(options.databaseUrl);
  if ('pglite' in options) return usePglite(options.pglite, null);
  // The lock comes first: PGlite must never open files another process is using.
  const lock = await acquireDataDirLock(options.dataDir, options.purpose ?? 'server');
  const folder = path.resolve(options.dataDir, 'pglite');
  let client: PGlite;
  try {
    // An empty DATA_DIR starts from the migrated template when the build made one (no initdb in WASM).
    await seedFromTemplate(folder);
  } catch (err) {
    await lock.release();
    throw err;
  }
  try {
    client = new PGlite(folder, { postgresqlconf: PGLITE_SETTINGS });
    await client.waitReady;
  } catch (err) {
    await lock.release();
    throw new DataDirDamagedError(options.dataDir, err);
  }
  try {
    return await usePglite(client, lock);
  } catch (err) {
    await client.close().catch(() => undefined);
    await lock.release();
    throw err;
  }
}

async function usePglite(client: PGlite, lock: DataDirLock | null): Promise<Database> {
  await client.waitReady;
  // Migrations go through PGlite's own client; everything after through the faster connection.
  const migrator = drizzlePglite(client, { schema }) as unknown as Db;
  await assertNotNewer(migrator);
  await migratePglite(migrator as never, { migrationsFolder: MIGRATIONS_FOLDER });
  // Prepared statements (pglite-connection.ts) are planned once, not at every execution: measured on the
  // bench, CPU per admin list 4.9 → 3.2 ms and per inbound text 6.1 → 4.2 ms, as planning opens every index
  // and asks each file's size. A query whose partial index (`… where status in ('pending', …)`) it needs
  // must say the constant in its text, not as a parameter: a generic plan cannot use the index otherwise.
  await client.exec('set plan_cache_mode = force_generic_plan');
  const db = drizzlePglite(new PgliteConnection(client) as unknown as PGlite, { schema }) as unknown as Db;
  return {
    db, senderDb: db, kind: 'pglite', pool: null, pglite: client, lock,
    close: async () => {
      try {
        await client.close();
      } finally {
        await lock?.release();
      }
    },
  };
}

/**
 * PGlite's buffer pool is PostgreSQL's default of 128 MB, all of it inside the process: measured, a freshly
 * opened PGlite is 282 MB resident with it and 177 MB with 32 MB (348 → 235 MB after some queries). The pages
 * not in the pool are read from the operating system's file cache, which a small server has plenty of.
 */
const PGLITE_SETTINGS = ['shared_buffers = 32MB'];

// Any constant works; it only has to be the same for every instance migrating this database.
const MIGRATION_LOCK_KEY = 7_263_114_001;
const CONNECT_TIMEOUT_MS = 5_000;
/** The outbox sender's own connections: a claim, the group commit of answers, lease renewals at once. */
const SENDER_CONNECTIONS = 4;

async function openPostgres(databaseUrl: string): Promise<Database> {
  // node-postgres and its drizzle driver are loaded only for a server: a PGlite start does not pay for them.
  const [{ default: pg }, { drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([
    import('pg'), import('drizzle-orm/node-postgres'), import('drizzle-orm/node-postgres/migrator'),
  ]);
  // Several instances may start at once: one migrates while the others wait on the advisory lock.
  const migrator = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await migrator.connect();
  try {
    await migrator.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await assertNotNewer(drizzlePg(migrator, { schema }) as unknown as Db);
    await migratePg(drizzlePg(migrator, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await migrator.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await migrator.end();
  }
  // A bounded wait for a connection: while the server is unreachable requests fail fast (503) instead of hanging.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle client that loses its connection (server restart, failover) emits 'error' on the pool; without
  // a listener that would crash the process. The pool drops the client and the next query reconnects.
  pool.on('error', (err) => console.warn(`database: an idle connection failed (${err.message}); it will be replaced`));
  // A connection lost while checked out (in a transaction) also emits 'error' on its client, and node-postgres
  // has no listener there: the process would crash on any database restart. The query under way fails with
  // the same error (callers answer 503), so the event itself needs no handling.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzlePg(new TransactionSafePool(pool) as unknown as pg.Pool, { schema }) as unknown as Db;
  const senderPool = new pg.Pool({ connectionString: databaseUrl, max: SENDER_CONNECTIONS, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  senderPool.on('error', (err) => console.warn(`database: an idle connection of the sender failed (${err.message}); it will be replaced`));
  senderPool.on('connect', (client) => client.on('error', () => undefined));
  const senderDb = drizzlePg(new TransactionSafePool(senderPool) as unknown as pg.Pool, { schema }) as unknown as Db;
  return { db, senderDb, kind: 'postgres', pool, pglite: null, lock: null, close: async () => void (await Promise.all([pool.end(), senderPool.end()])) };
}

/** Rows of a raw `db.execute` result: PGlite and node-postgres both return `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
