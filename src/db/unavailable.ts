/**
 * True when `err` says the database cannot be reached at all (refused or dropped connection, server shutting
 * down), as opposed to the database refusing one statement. Callers use it to tell "try again later" (the
 * webhook answers 5xx and Meta redelivers) from "this item is poison" (kept as a dead letter).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (CONNECTION_ERRNOS.has(code) || code.startsWith('08') || SHUTDOWN_STATES.has(code))) return true;
    if (typeof message === 'string' && message.includes('Connection terminated')) return true;
  }
  return false;
}

const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET']);
/** admin_shutdown, crash_shutdown, cannot_connect_now (SQLSTATE class 57, operator intervention). */
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);
