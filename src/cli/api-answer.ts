import type { Database } from '../db/client.js';
import { CliError } from './command.js';

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

/** The answer's data, or the API's error as a one-line CLI error. */
export function dataOf(answer: ApiAnswer): any {
  if (answer.status >= 200 && answer.status < 300) return answer.json?.data;
  const error = answer.json?.error;
  throw new CliError(error ? `${error.message} (${error.code})` : `the server answered HTTP ${answer.status}`);
}
