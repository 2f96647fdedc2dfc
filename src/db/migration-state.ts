import path from 'node:path';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Db } from './types.js';
import { PROJECT_ROOT } from '../project-root.js';

export const MIGRATIONS_FOLDER = path.join(PROJECT_ROOT, 'migrations');

/** This build's migrations, keyed as drizzle's journal keys them (`created_at` = the folder's millis). */
let buildMigrations: Set<string> | null = null;
const build = () => (buildMigrations ??= new Set(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => String(m.folderMillis))));

export interface MigrationState {
  applied: number;
  expected: number;
  /** Migrations of this build the database has not had yet. */
  pending: number;
  /** Migrations the database has had that this build does not know: a newer wadesk used it. */
  unknown: number;
}

/**
 * The database's migration journal against this build's files: what the start refuses (a newer
 * database) and what /ready reports. An empty database has no journal yet: everything is pending.
 */
export async function migrationState(db: Db): Promise<MigrationState> {
  const known = build();
  const table = await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  const present = (table as unknown as { rows: Array<{ present: boolean }> }).rows[0]?.present === true;
  const applied = present
    ? (await db.execute(sql`select created_at::text as created_at from drizzle.__drizzle_migrations`) as unknown as { rows: Array<{ created_at: string }> }).rows.map((r) => r.created_at)
    : [];
  const appliedSet = new Set(applied);
  return {
    applied: applied.length,
    expected: known.size,
    pending: [...known].filter((m) => !appliedSet.has(m)).length,
    unknown: applied.filter((m) => !known.has(m)).length,
  };
}
