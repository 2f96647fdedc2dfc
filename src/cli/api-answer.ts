import type { Database } from '../db/client.js';
import { CliError } from './command.js';

export interface ApiAnswer {
  status: number;
  /** The answer's JSON body (`{ status, data }` or `{ status, error }`), null when it had none. */
  json: unknown;
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

/**
 * The answer's data, or the API's error as a one-line CLI error. `T` is the route's response type from
 * src/contract/ (the CLI is a client of the admin API like the web inbox).
 */
export function dataOf<T = unknown>(answer: ApiAnswer): T {
  const body = answer.json as { data?: unknown; error?: { code: string; message: string } } | null;
  if (answer.status >= 200 && answer.status < 300) return body?.data as T;
  const error = body?.error;
  throw new CliError(error ? `${error.message} (${error.code})` : `the server answered HTTP ${answer.status}`);
}
