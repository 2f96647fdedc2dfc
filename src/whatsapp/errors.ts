import { field } from './json-fields.js';
/**
 * Graph API failures, classified by what the sender should do next. Meta asks callers to branch on the
 * error `code`, not on the HTTP status; the status only decides for codes we do not know.
 */

export type ErrorClass =
  | 'window_closed'
  | 'rate_limited'
  | 'recipient_throttled'
  | 'transient'
  | 'undeliverable'
  | 'auth'
  | 'invalid';

const CLASS_BY_CODE: ReadonlyMap<number, ErrorClass> = new Map<number, ErrorClass>([
  [131047, 'window_closed'],
  [130429, 'rate_limited'],
  [80007, 'rate_limited'],
  [4, 'rate_limited'],
  [131056, 'recipient_throttled'],
  [131026, 'undeliverable'],
  [131000, 'transient'],
  [131016, 'transient'],
  [1, 'transient'],
  [2, 'transient'],
  [131057, 'transient'],
  [190, 'auth'],
  [0, 'auth'],
  // Marketing messages held back or refused by the user: sending again soon would fail the same way.
  [131049, 'undeliverable'],
  [131050, 'undeliverable'],
  // Meta could not fetch or read a media file: often a passing failure of its own proxies.
  [131053, 'transient'],
  // A message type not supported for a business-scoped user id (a username-only contact).
  [131062, 'invalid'],
  // Template errors: the template, its language or its parameters are wrong (or it is paused).
  ...Array.from({ length: 16 }, (_, i) => [132000 + i, 'invalid'] as [number, ErrorClass]),
]);

/**
 * What an agent reads under a message that could not be sent, for the codes whose meaning Meta's own
 * message leaves unclear; null for the others (Meta's message is shown).
 */
const REASON_BY_CODE: ReadonlyMap<number, string> = new Map([
  [131049, 'WhatsApp held this message back to keep the user\'s experience healthy (too many marketing messages); try later or another way.'],
  [131050, 'The user has stopped marketing messages from this business.'],
  [131053, 'WhatsApp could not upload or read the file; it was tried again.'],
  [131062, 'This kind of message cannot be sent to a contact known only by username.'],
  [132000, 'The template got a different number of parameters than it has.'],
  [132001, 'The template does not exist in this language (or is not approved yet).'],
  [132005, 'The template\'s text is too long once its parameters are filled in.'],
  [132007, 'The template breaks WhatsApp\'s policy.'],
  [132012, 'A template parameter has the wrong format.'],
  [132015, 'The template is paused because of low quality.'],
]);

export function reasonForCode(code: number | null): string | null {
  return code === null ? null : (REASON_BY_CODE.get(code) ?? null);
}

const RETRYABLE: ReadonlySet<ErrorClass> = new Set<ErrorClass>(['rate_limited', 'recipient_throttled', 'transient']);

/** `httpStatus` null means no response arrived at all (connection refused, timeout). */
export function classifyGraphError(code: number | null, httpStatus: number | null): ErrorClass {
  const known = code === null ? undefined : CLASS_BY_CODE.get(code);
  if (known) return known;
  if (httpStatus === 429) return 'rate_limited';
  if (httpStatus === null || httpStatus >= 500) return 'transient';
  // Anything else is a request Meta rejected as wrong: sending it again would fail the same way.
  return 'invalid';
}

export interface GraphApiErrorInit {
  code: number | null;
  httpStatus: number | null;
  details?: string | null;
  fbtraceId?: string | null;
  cause?: unknown;
}

export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';
  readonly code: number | null;
  readonly httpStatus: number | null;
  readonly details: string | null;
  /** Meta support asks for this id when a failure needs investigating. */
  readonly fbtraceId: string | null;
  readonly errorClass: ErrorClass;

  constructor(message: string, init: GraphApiErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.details = init.details ?? null;
    this.fbtraceId = init.fbtraceId ?? null;
    this.errorClass = classifyGraphError(init.code, init.httpStatus);
  }

  /** Auth failures are not retryable here: the caller pauses sending and alerts, keeping the message. */
  get retryable(): boolean {
    return RETRYABLE.has(this.errorClass);
  }
}

/**
 * Builds the error from a non-2xx answer. `body` may be Meta's parsed JSON, its raw text, or whatever a
 * proxy or load balancer put in front of it (HTML, empty): those still classify by HTTP status.
 */
export function graphApiErrorFromResponse(httpStatus: number, body: unknown): GraphApiError {
  const text = typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : null;
  const error = field(text === null ? body : parseJson(text), 'error');
  const code = field(error, 'code');
  const message = field(error, 'message');
  const details = field(field(error, 'error_data'), 'details');
  const fbtraceId = field(error, 'fbtrace_id');
  const excerpt = text?.trim().slice(0, 200);
  return new GraphApiError(
    typeof message === 'string' && message !== ''
      ? message
      : `Graph API answered HTTP ${httpStatus}${excerpt ? `: ${excerpt}` : ''}`,
    {
      code: typeof code === 'number' && Number.isInteger(code) ? code : null,
      httpStatus,
      details: typeof details === 'string' ? details : null,
      fbtraceId: typeof fbtraceId === 'string' ? fbtraceId : null,
    },
  );
}

/** No answer at all: the request may or may not have reached Meta, so it is treated as transient. */
export function graphApiErrorFromNetwork(cause: unknown): GraphApiError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new GraphApiError(`Graph API unreachable: ${reason}`, { code: null, httpStatus: null, cause });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
