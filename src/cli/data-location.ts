import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { readLockHolder, type LockHolder } from '../db/data-dir-lock.js';
import { CliError } from './command.js';

/** Where the data is: PostgreSQL, a PGlite folder a server holds (its URL), or a free PGlite folder. */
export type DataLocation =
  | { kind: 'postgres'; databaseUrl: string }
  | { kind: 'server'; dataDir: string; holder: LockHolder & { url: string } }
  | { kind: 'folder'; dataDir: string };

export async function locateData(config: Config): Promise<DataLocation> {
  if (config.databaseUrl) return { kind: 'postgres', databaseUrl: config.databaseUrl };
  const holder = await readLockHolder(config.dataDir);
  if (!holder) return { kind: 'folder', dataDir: config.dataDir };
  if (!holder.url) throw lockedWithoutServer(config.dataDir, holder);
  return { kind: 'server', dataDir: config.dataDir, holder: { ...holder, url: holder.url } };
}

export function lockedWithoutServer(dataDir: string, holder: LockHolder): CliError {
  return new CliError(`${dataDir} is in use by process ${holder.pid} on ${holder.hostname}, which is not a server that answers (starting, or another tool); try again when it is done`);
}

/** The bootstrap admin token: ADMIN_API_TOKEN, or the one the server generated into DATA_DIR/admin-token. */
export async function adminToken(config: Config): Promise<string> {
  if (config.adminApiToken) return config.adminApiToken;
  const file = path.resolve(config.dataDir, 'admin-token');
  const token = await readFile(file, 'utf8').then((text) => text.trim(), () => '');
  if (token === '') throw new CliError(`a server holds ${config.dataDir}; to talk to it set ADMIN_API_TOKEN (no ${file} to read it from)`);
  return token;
}
