/**
 * How errors are written to the log. A failing query used to be logged whole — drizzle's "Failed query:
 * <sql> params: <values>" with the user's text, phone number and raw webhook payload, megabytes a line.
 * Logged errors keep what an operator needs to act (class, code, SQLSTATE, the table or constraint
 * involved, a message with values masked) and never the query, its parameters or PostgreSQL's `detail`
 * (which quotes the offending values). The stack is kept only at debug level, without its first line
 * (which repeats the message).
 */

const MAX_MESSAGE = 500;
const MAX_DEPTH = 3;
/** PostgreSQL's error fields that name things in the schema rather than quote data. */
const SCHEMA_FIELDS = ['schema', 'table', 'column', 'constraint', 'dataType'] as const;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.$]*$/;

type Loose = Record<string, unknown>;

export function errorLogSerializer(options: { stack: boolean }): (err: unknown) => Loose {
  const serialize = (err: unknown, depth: number): Loose => {
    if (typeof err !== 'object' || err === null) return { type: typeof err, message: maskValues(String(err)) };
    const e = err as Loose;
    const message = String(e.message ?? '');
    // PostgreSQL's errors (node-postgres and PGlite; PGlite's class name is minified): SQLSTATE in `code`.
    const isDatabaseError = typeof e.severity === 'string' && typeof e.code === 'string';
    // drizzle's DrizzleQueryError: its message is the query and its parameters.
    const isQueryError = message.startsWith('Failed query:');
    const out: Loose = {
      type: isDatabaseError ? 'DatabaseError' : ((e.constructor as { name?: string } | undefined)?.name ?? e.name ?? 'Error'),
      message: isQueryError ? 'database query failed (query and parameters not logged)' : maskValues(message),
    };
    if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
    if (isDatabaseError) {
      out.sqlstate = e.code;
      for (const field of SCHEMA_FIELDS) if (typeof e[field] === 'string') out[field] = e[field];
    }
    if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
    if (e.cause !== undefined && depth < MAX_DEPTH) {
      out.cause = serialize(e.cause, depth + 1);
      // The SQLSTATE of a failed query sits on its cause; lift it so that it is one field to search for.
      const causeState = (out.cause as Loose).sqlstate;
      if (isQueryError && causeState !== undefined) out.sqlstate = causeState;
    }
    if (options.stack && typeof e.stack === 'string') out.stack = e.stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n');
    return out;
  };
  return (err) => serialize(err, 0);
}

/**
 * Masks what can be personal data in an error message: runs of digits long enough to be a phone number
 * or an id, and quoted text that is not an identifier ("relation \"outbox\"" stays, a quoted value goes).
 */
export function maskValues(message: string): string {
  const masked = message
    .replace(/"([^"]*)"/g, (whole, inner: string) => (IDENTIFIER.test(inner) ? whole : '"[value]"'))
    .replace(/'([^']*)'/g, (whole, inner: string) => (IDENTIFIER.test(inner) ? whole : "'[value]'"))
    .replace(/\+?\d{6,}/g, '[number]');
  return masked.length > MAX_MESSAGE ? `${masked.slice(0, MAX_MESSAGE)}…` : masked;
}

/** A request path as logged: no query string (Meta's handshake carries hub.verify_token) and no phone numbers. */
export function loggedPath(url: string): string {
  return url.split('?')[0]!.replace(/(%2B|\+)?\d{6,}/gi, '[number]');
}

/** pino `redact` paths: credentials in requests, and fields that carry a person's data if ever logged. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-hub-signature-256"]', 'req.body', 'res.headers["set-cookie"]',
  'password', 'token', 'phone', 'phoneNumber', 'phone_number', 'waId', 'wa_id', 'text', 'body', 'payload', 'params', 'query',
  '*.password', '*.token', '*.phone', '*.phoneNumber', '*.phone_number', '*.waId', '*.wa_id', '*.text', '*.body', '*.payload',
];
