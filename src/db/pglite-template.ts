import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_FOLDER } from './migration-state.js';
import { schema } from './schema.js';

/**
 * A new DATA_DIR starts as a copy of an already migrated database instead of running initdb in WASM
 * (seconds on a small machine) and every migration. `npm run build` makes the template; a start on an
 * empty DATA_DIR copies it when it was made from this build's migrations and this PGlite, and falls
 * back to initdb otherwise. The copy goes to a staging folder renamed into place, so a start killed
 * half-way leaves no half-copied database behind.
 */

const ROOT = path.resolve(MIGRATIONS_FOLDER, '..');
export const PGLITE_TEMPLATE_DIR = path.join(ROOT, 'dist', 'pglite-template');
const STAMP_FILE = 'wadesk-template.json';
const DATABASE_FOLDER = 'database';
const STAGING_PREFIX = '.seeding-';

/** What the template must have been made from: this PGlite and exactly these migration files. */
export async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`pglite ${await pgliteVersion()}\n`);
  const files = [...(await readdir(MIGRATIONS_FOLDER)).filter((f) => f.endsWith('.sql')).sort(), 'meta/_journal.json'];
  for (const file of files) hash.update(`${file}\n`).update(await readFile(path.join(MIGRATIONS_FOLDER, file)));
  return hash.digest('hex');
}

/** The installed PGlite's version (its package.json is not among the package's exports). */
async function pgliteVersion(): Promise<string> {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(await readFile(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === '@electric-sql/pglite' && version) return version;
    }
    const up = path.dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

/**
 * Makes the template in `dir` (replacing any older one): initdb, every migration, a checkpoint. `from`
 * starts it from a dump instead of initdb (tests).
 */
export async function buildPgliteTemplate(dir = PGLITE_TEMPLATE_DIR, from?: Blob): Promise<void> {
  const staging = `${dir}${STAGING_PREFIX}${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(path.join(staging, DATABASE_FOLDER), { recursive: true });
    const client = new PGlite(path.join(staging, DATABASE_FOLDER), from ? { loadDataDir: from } : {});
    await client.waitReady;
    await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    // wadesk uses only the `postgres` database (as the tests' template): without the two template
    // databases there is a third less to copy at every new DATA_DIR (25 MB and 400 files instead of 40 and 1,100).
    for (const name of ['template0', 'template1']) {
      await client.exec(`update pg_database set datistemplate = false where datname = '${name}'`);
      await client.exec(`drop database if exists ${name}`);
    }
    await client.exec('checkpoint');
    await client.close();
    await writeFile(path.join(staging, STAMP_FILE), JSON.stringify({ key: await templateKey(), builtAt: new Date().toISOString() }));
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

/** Whether `dir` holds a template made from this build's migrations and PGlite. */
export async function templateIsCurrent(dir = PGLITE_TEMPLATE_DIR): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(path.join(dir, STAMP_FILE), 'utf8')) as { key?: unknown };
    return stamp.key === (await templateKey());
  } catch {
    return false;
  }
}

/**
 * Puts a copy of the template at `databaseDir` when nothing is there yet. Returns whether it did; false
 * (no current template, or a database already there) leaves PGlite to create or open the folder as
 * before. The caller holds the DATA_DIR lock.
 */
export async function seedFromTemplate(databaseDir: string, templateDir = PGLITE_TEMPLATE_DIR): Promise<boolean> {
  const parent = path.dirname(databaseDir);
  const base = path.basename(databaseDir);
  // Leftovers of a start killed while copying: nobody else uses them (the lock is ours).
  if (existsSync(parent)) {
    for (const entry of await readdir(parent)) {
      if (entry.startsWith(`${base}${STAGING_PREFIX}`)) await rm(path.join(parent, entry), { recursive: true, force: true });
    }
  }
  if (existsSync(databaseDir) && (await readdir(databaseDir)).length > 0) return false;
  if (!(await templateIsCurrent(templateDir))) return false;
  const staging = `${databaseDir}${STAGING_PREFIX}${randomBytes(4).toString('hex')}`;
  await mkdir(parent, { recursive: true });
  await copyTree(path.join(templateDir, DATABASE_FOLDER), staging);
  await rm(databaseDir, { recursive: true, force: true });
  await rename(staging, databaseDir);
  return true;
}

/** A copy of a folder's tree, files several at a time: twice as fast as `fs.cp` on the template's files. */
async function copyTree(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { withFileTypes: true, recursive: true });
  const relative = (entry: (typeof entries)[number]) => path.relative(from, path.join(entry.parentPath, entry.name));
  await mkdir(to, { recursive: true });
  for (const dir of entries.filter((e) => e.isDirectory()).map(relative).sort()) await mkdir(path.join(to, dir), { recursive: true });
  const files = entries.filter((e) => e.isFile()).map(relative);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      await copyFile(path.join(from, file), path.join(to, file));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
