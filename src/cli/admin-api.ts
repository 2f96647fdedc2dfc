import path from 'node:path';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import type { AdminApi } from './api-answer.js';
import { CliError } from './command.js';
import { adminToken, locateData, lockedWithoutServer, type DataLocation } from './data-location.js';

/** Opens the free PGlite folder (taking its lock) or the PostgreSQL database. */
export async function openDirect(location: Exclude<DataLocation, { kind: 'server' }>): Promise<Database> {
  // Loaded here only: the database libraries are most of the command's start-up time, and a command
  // that goes through a running server never needs them.
  const { openDatabase } = await import('../db/client.js');
  try {
    return await openDatabase(location.kind === 'postgres' ? { databaseUrl: location.databaseUrl } : { dataDir: location.dataDir, purpose: 'wadesk CLI' });
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
  const { localAdminApi } = await import('./local-api.js');
  return localAdminApi(config, await openDirect(location), via);
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
