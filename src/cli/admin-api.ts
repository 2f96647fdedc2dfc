import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { DataDirLockedError, readLockHolder, type LockHolder } from '../db/data-dir-lock.js';
import { CliError } from './command.js';
import { localAdminApi } from './local-api.js';

export interface ApiAnswer {
  status: number;
  json: any;
}

/** The admin API, of the running server or in this process; commands do not care which. */
export interface AdminApi {
  /** Said to the user: where the command's changes go. */
  readonly via: string;
  /** The database when the CLI opened it itself (null when a server does the work). */
  readonly database: Database | null;
  call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<ApiAnswer>;
  close(): Promise<void>;
}

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

function lockedWithoutServer(dataDir: string, holder: LockHolder): CliError {
  return new CliError(`${dataDir} is in use by process ${holder.pid} on ${holder.hostname}, which is not a server that answers (starting, or another tool); try again when it is done`);
}

/** Opens the free PGlite folder (taking its lock) or the PostgreSQL database. */
export async function openDirect(location: Exclude<DataLocation, { kind: 'server' }>): Promise<Database> {
  try {
    return await openDatabase(location.kind === 'postgres' ? { databaseUrl: location.databaseUrl } : { dataDir: location.dataDir });
  } catch (err) {
    // Another process took the folder between the look and the open.
    if (err instanceof DataDirLockedError) throw lockedWithoutServer(err.dataDir, err.holder);
    throw err;
  }
}

export async function connectAdminApi(config: Config): Promise<AdminApi> {
  const location = await locateData(config);
  if (location.kind === 'server') return remoteAdminApi(location.holder.url, await adminToken(config));
  const via = location.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `${path.resolve(location.dataDir)} (no server running)`;
  return localAdminApi(config, await openDirect(location), via);
}

/** The bootstrap admin token: ADMIN_API_TOKEN, or the one the server generated into DATA_DIR/admin-token. */
export async function adminToken(config: Config): Promise<string> {
  if (config.adminApiToken) return config.adminApiToken;
  const file = path.resolve(config.dataDir, 'admin-token');
  const token = await readFile(file, 'utf8').then((text) => text.trim(), () => '');
  if (token === '') throw new CliError(`a server holds ${config.dataDir}; to talk to it set ADMIN_API_TOKEN (no ${file} to read it from)`);
  return token;
}

export function remoteAdminApi(baseUrl: string, token: string): AdminApi {
  return {
    via: `the running server at ${baseUrl}`,
    database: null,
    async call(method, url, body) {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${url}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (err) {
        throw new CliError(`the server at ${baseUrl} does not answer (${(err as Error).message})`);
      }
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
    async close() {},
  };
}

/** The answer's data, or the API's error as a one-line CLI error. */
export function dataOf(answer: ApiAnswer): any {
  if (answer.status >= 200 && answer.status < 300) return answer.json?.data;
  const error = answer.json?.error;
  throw new CliError(error ? `${error.message} (${error.code})` : `the server answered HTTP ${answer.status}`);
}
