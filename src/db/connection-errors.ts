/**
 * Whether an error means "the database cannot be reached right now" (as opposed to a query that is
 * wrong): the server is down or restarting, the network dropped, the connection was cut. Such errors are
 * temporary: callers answer 503 and try again later instead of treating them as bugs.
 */

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** PostgreSQL SQLSTATEs: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up). */
const SERVER_GONE_CODES = new Set(['57P01', '57P02', '57P03']);
const MESSAGES = [
  /connection terminated/i,
  /connection timeout/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /cannot use a pool after calling end/i,
  /pglite is closed/i,
];

export function isDatabaseUnavailable(err: unknown): boolean {
  // Drizzle wraps driver errors ("Failed query: …") with the driver's error as the cause.
  for (let current = err, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_GONE_CODES.has(code) || /^08/.test(code))) return true;
    if (MESSAGES.some((pattern) => pattern.test(current.message))) return true;
    // A host with several addresses (localhost: ::1 and 127.0.0.1) fails with one error per address.
    if (current instanceof AggregateError && current.errors.some((e) => isDatabaseUnavailable(e))) return true;
  }
  return false;
}

/** An insert or update broke a unique index (SQLSTATE 23505), under drizzle's wrapping. */
export function isUniqueViolation(err: unknown): boolean {
  for (let current = err, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if ((current as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/**
 * A failure of the moment rather than of the item: a deadlock (40P01) or serialization failure (40001)
 * chosen by PostgreSQL, a lock not available (55P03), or a statement in an already failed transaction
 * (25P02). Work that meets one is worth running again as it is, not keeping as a dead letter.
 */
export function isTransientFailure(err: unknown): boolean {
  for (let current = err, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (code === '40P01' || code === '40001' || code === '55P03' || code === '25P02') return true;
  }
  return false;
}
