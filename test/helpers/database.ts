import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';

/** A fresh, migrated PGlite database of its own, started from the template made in global setup. */
export async function freshDatabase(): Promise<Database> {
  const file = inject('pgliteTemplate');
  const pglite = new PGlite({ loadDataDir: new Blob([await readFile(file)]) });
  return openDatabase({ pglite });
}
