import { ContentFileError } from './content/file.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { isDatabaseUnavailable } from './db/connection-errors.js';
import { DatabaseNewerError, DataDirDamagedError } from './db/open-errors.js';

/**
 * Start-up failures in one or two lines that say what is wrong and what to do, for `npm start` and
 * `npm run migrate`. Operators read these at a terminal or in journald: no stack trace unless they ask for
 * one with LOG_LEVEL=debug.
 */

export interface StartupContext {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
}

export function describeStartupError(err: unknown, context: StartupContext): string {
  return explain(err, context) ?? `wadesk: could not start: ${reason(err)}`;
}

/** Prints the failure to stderr (and the stack at LOG_LEVEL=debug/trace); returns the exit code. */
export function reportStartupError(err: unknown, context: StartupContext, logLevel: string): number {
  const known = explain(err, context);
  console.error(known ?? `wadesk: could not start: ${reason(err)}`);
  if (logLevel === 'debug' || logLevel === 'trace') console.error(err);
  else if (known === null) console.error('  (run with LOG_LEVEL=debug for the details)');
  return 1;
}

function explain(err: unknown, context: StartupContext): string | null {
  if (err instanceof ContentFileError) {
    const problems = err.problems.map((p) => `${p.line === null ? '' : `line ${p.line}: `}${p.message}`).join('; ');
    return `wadesk: the content file ${err.file} has ${err.problems.length === 1 ? 'a problem' : `${err.problems.length} problems`}: ${problems}\n`
      + '  Fix it and start again (or unset CONTENT_FILE to use the content shipped with wadesk).';
  }
  if (err instanceof DataDirLockedError) return err.message;
  if (err instanceof DataDirDamagedError) {
    return `wadesk: the database in ${err.dataDir} is damaged and cannot be opened (${reason(err.cause)}).\n`
      + `  Restore the latest backup: move ${err.dataDir} aside, then run: wadesk restore <backup file>`;
  }
  if (err instanceof DatabaseNewerError) {
    return `wadesk: ${where(context)} was used by a newer version of wadesk (${err.unknownMigrations} migration(s) this version does not know).\n`
      + '  Run that newer version, or restore a backup made with this one.';
  }
  const code = codeOf(err);
  const address = `${context.host}:${context.port}`;
  if (code === 'EADDRINUSE') return `wadesk: port ${context.port} on ${context.host} is already in use (another wadesk or another program); stop it or set another PORT`;
  if (code === 'EADDRNOTAVAIL' || ((code === 'ENOTFOUND' || code === 'EAI_AGAIN') && !context.databaseUrl)) {
    return `wadesk: cannot listen on HOST=${context.host}: it is not an address of this machine; use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)`;
  }
  if (code === 'EACCES' && (err as { syscall?: string }).syscall === 'listen') return `wadesk: not allowed to listen on ${address} (ports below 1024 need privileges); set PORT to 1024 or above`;
  if (context.databaseUrl) {
    const server = describeServer(context.databaseUrl);
    if (code === '28P01' || code === '28000' || /password|SASL/i.test(messageOf(err))) {
      return `wadesk: the PostgreSQL server at ${server} refused the credentials (${messageOf(err)}); check the user and password in DATABASE_URL`;
    }
    if (code === '3D000') return `wadesk: ${messageOf(err)} on the PostgreSQL server at ${server}; create it (createdb) or fix DATABASE_URL`;
    if (isDatabaseUnavailable(err)) {
      return `wadesk: cannot reach the PostgreSQL server at ${server} (${reason(err)}); check that it runs and DATABASE_URL is right`;
    }
  }
  return null;
}

function where(context: StartupContext): string {
  return context.databaseUrl ? `the database at ${describeServer(context.databaseUrl)}` : `the data folder ${context.dataDir}`;
}

/** host:port/database, never the password. */
function describeServer(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const cause = (err as { cause?: unknown } | null)?.cause;
  if (cause !== undefined && cause !== err) return codeOf(cause);
  if (err instanceof AggregateError) return codeOf(err.errors[0]);
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The most telling short reason: the innermost cause's message, or its code. */
function reason(err: unknown): string {
  let current = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (current instanceof AggregateError && current.errors[0] instanceof Error) current = current.errors[0];
  const message = messageOf(current).split('\n')[0]!.trim();
  const code = codeOf(current);
  if (message) return message.length > 160 ? `${message.slice(0, 160)}…` : message;
  return code ?? 'unknown error';
}
