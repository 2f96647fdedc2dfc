import { createWriteStream } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import path from 'node:path';
import { loadConfigOrExit } from './config.js';
import { adminToken, locateData } from './data-location.js';
import { CliError, parseCommand } from './command.js';
import { byteCounter, step } from './progress.js';
import { PG_DUMP_ADVICE } from '../ops/pg-dump-advice.js';
import type { Command } from './command-group.js';

const pgDumpInstead = () => new CliError(PG_DUMP_ADVICE, 2);

export const backupCommand: Command = {
  summary: 'save a consistent copy of the embedded database (PGlite), even while the server runs',
  async run(argv) {
    const { values, positionals } = parseCommand(argv, {
      usage: 'wadesk backup <file> [--force]',
      help: `Writes a gzip'd tarball of DATA_DIR's database to <file>. While a server runs it is taken through the
server (GET /api/admin/backup, with ADMIN_API_TOKEN or DATA_DIR/admin-token) without stopping it;
otherwise from the folder directly. --force overwrites an existing file.
On PostgreSQL (DATABASE_URL) use pg_dump instead; this command says how.`,
      options: { force: { type: 'boolean' } }, positionals: 1,
    });
    const config = loadConfigOrExit();
    const file = path.resolve(positionals[0]!);
    const location = await locateData(config);
    if (location.kind === 'postgres') throw pgDumpInstead();
    if (!values.force && (await stat(file).then(() => true, () => false))) throw new CliError(`${file} exists; choose another name or add --force`);
    // Written beside the target and renamed at the end: an interrupted backup never looks like a good one.
    const partial = `${file}.partial`;
    try {
      if (location.kind === 'server') {
        step(`asking the running server at ${location.holder.url} for a backup`);
        await download(`${location.holder.url}/api/admin/backup`, await adminToken(config), partial);
      } else {
        step(`opening ${path.resolve(location.dataDir)} (no server running)`);
        // Loaded only here: the database libraries are the slow part of starting the command.
        const [{ openDirect }, { dumpPglite }] = await Promise.all([import('./admin-api.js'), import('../ops/backup.js')]);
        const database = await openDirect(location);
        try {
          step('dumping the database');
          const dump = await dumpPglite(database);
          await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
        } finally {
          await database.close();
        }
      }
      await rename(partial, file);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    const { size } = await stat(file);
    console.log(`Backup saved to ${file} (${(size / 1024 / 1024).toFixed(1)} MB). Restore it with: wadesk restore ${positionals[0]}`);
  },
};

async function download(url: string, token: string, file: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    throw new CliError(`the server at ${url} does not answer (${(err as Error).message})`);
  }
  if (!response.ok || !response.body) {
    const error = (await response.json().catch(() => null))?.error;
    throw new CliError(`the server refused the backup: ${error ? `${error.message} (${error.code})` : `HTTP ${response.status}`}`);
  }
  const counter = byteCounter('received');
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counter.add(chunk.length);
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), count, createWriteStream(file));
  counter.done();
}

export const restoreCommand: Command = {
  summary: 'replace the embedded database with a backup (server stopped; the old one is kept)',
  async run(argv) {
    const { positionals } = parseCommand(argv, {
      usage: 'wadesk restore <file>',
      help: `Replaces DATA_DIR's database with the backup in <file>. The server must be stopped (the folder's
lock is checked and held meanwhile). The backup is unpacked, opened and migrated beside the current
database first; only then is the current one moved aside (kept as pglite.before-restore-<time>).
On PostgreSQL (DATABASE_URL) use pg_restore instead; this command says how.`,
      positionals: 1,
    });
    const config = loadConfigOrExit();
    const file = path.resolve(positionals[0]!);
    const location = await locateData(config);
    if (location.kind === 'postgres') throw pgDumpInstead();
    if (location.kind === 'server') {
      throw new CliError(`the wadesk server at ${location.holder.url} (process ${location.holder.pid}) is using ${location.dataDir}: stop it, then run restore again`);
    }
    if (!(await stat(file).then((s) => s.isFile(), () => false))) throw new CliError(`${file} is not a file`);
    const { restorePglite } = await import('../ops/backup.js');
    const { keptAs } = await restorePglite(location.dataDir, file, step);
    console.log(`Restored ${path.resolve(location.dataDir)} from ${file}.${keptAs ? ` The previous database is kept in ${keptAs}.` : ''}`);
  },
};
