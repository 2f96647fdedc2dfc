import { migrationState } from './migration-state.js';
import type { Db } from './types.js';

/** Why a database could not be opened, in words an operator can act on (see src/startup-errors.ts). */

/** PGlite could not open the files in DATA_DIR: they are damaged or not a database of this version. */
export class DataDirDamagedError extends Error {
  override readonly name = 'DataDirDamagedError';
  constructor(readonly dataDir: string, cause: unknown) {
    super(`the database files in ${dataDir} cannot be opened`, { cause });
  }
}

/** The database has migrations this build does not know: it was used by a newer wadesk. */
export class DatabaseNewerError extends Error {
  override readonly name = 'DatabaseNewerError';
  constructor(readonly unknownMigrations: number) {
    super(`the database has ${unknownMigrations} migration(s) this version of wadesk does not know`);
  }
}

/**
 * Refuses a database a newer wadesk has migrated. Drizzle's migrator would start on it without a word
 * (it only compares the last applied migration's date) and this build would then write rows whose
 * meaning it does not know.
 */
export async function assertNotNewer(db: Db): Promise<void> {
  const { unknown } = await migrationState(db);
  if (unknown > 0) throw new DatabaseNewerError(unknown);
}
