import { readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Database } from '../db/client.js';
import { acquireDataDirLock } from '../db/data-dir-lock.js';
import { DomainError } from '../domain-error.js';
import { PG_DUMP_ADVICE } from './pg-dump-advice.js';

/**
 * A gzip'd tarball of the live PGlite database, consistent while the server runs. PGlite dumps between
 * two queries; taking it inside a transaction of our own (PGlite runs one at a time, and drizzle's
 * transactions are PGlite's) also keeps it from landing between two statements of someone else's.
 */
export async function dumpPglite(database: Database): Promise<Blob> {
  const client = database.pglite;
  if (!client) throw new DomainError('USE_PG_DUMP', PG_DUMP_ADVICE);
  return client.transaction(async () => client.dumpDataDir('gzip'));
}

/** Where PGlite keeps its files inside DATA_DIR (the same place `openDatabase` opens). */
export const pgliteFolder = (dataDir: string) => path.resolve(dataDir, 'pglite');

const timestamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/**
 * Replaces DATA_DIR's database with a backup. The folder is locked for the whole time (a server that
 * holds it makes this throw DataDirLockedError); the backup is unpacked beside the database, opened and
 * migrated first, and only then swapped in. The old database is kept, renamed with a timestamp.
 */
export async function restorePglite(dataDir: string, backupFile: string, progress: (step: string) => void): Promise<{ keptAs: string | null }> {
  const lock = await acquireDataDirLock(dataDir, 'restore');
  const target = pgliteFolder(dataDir);
  const staging = `${target}.restoring-${timestamp()}`;
  try {
    progress(`reading ${backupFile}`);
    const bytes = await readFile(backupFile);
    progress(`unpacking ${(bytes.length / 1024 / 1024).toFixed(1)} MB and checking that it opens`);
    const restored = await openDatabase({ pglite: new PGlite(staging, { loadDataDir: new Blob([bytes]) }) }).catch((err: unknown) => {
      throw new Error(`${backupFile} is not a wadesk backup that can be opened (${err instanceof Error ? err.message : String(err)})`);
    });
    progress('migrations applied; closing');
    await restored.close();
    const keptAs = (await exists(target)) ? `${target}.before-restore-${timestamp()}` : null;
    if (keptAs) await rename(target, keptAs);
    await rename(staging, target);
    return { keptAs };
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  } finally {
    await lock.release();
  }
}

const exists = (file: string) => stat(file).then(() => true, () => false);
