import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Target } from './targets.js';

/** What one attempt got: the receiver's status, or why there was none. */
export type AttemptResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string };

export interface SendOptions {
  /** The whole attempt, connecting to reading the answer. */
  timeoutMs: number;
  /** How much of the answer is read (and then dropped): a receiver cannot make us hold megabytes. */
  maxResponseBytes: number;
  userAgent: string;
}

export const SEND_DEFAULTS: SendOptions = { timeoutMs: 10_000, maxResponseBytes: 64 * 1024, userAgent: 'wadesk-webhooks/1' };

/**
 * POSTs `body` to a checked target over node's own HTTP client, connecting to `target.address` (the address
 * that was checked) whatever DNS says now; TLS still verifies the certificate against the URL's host name.
 * Redirects are not followed (a 3xx is a failure: following it would reach an unchecked host). No connection
 * is reused between deliveries.
 */
export function postJson(target: Target, body: string, headers: Record<string, string>, options: SendOptions = SEND_DEFAULTS): Promise<AttemptResult> {
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    // Node asks for every address when it tries IPv4 and IPv6 in turn (autoSelectFamily): there is one.
    if ((lookupOptions as { all?: boolean }).all) (callback as unknown as (err: null, addresses: Array<{ address: string; family: number }>) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = client.request(target.url, {
      method: 'POST',
      agent: false,
      lookup: pinned,
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': options.userAgent,
      },
    }, (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > options.maxResponseBytes) response.destroy();
      });
      const done = () => finish(describe(status, response.headers.location));
      response.on('end', done);
      // Destroyed after enough was read, or the connection dropped mid-answer: the status stands.
      response.on('close', done);
      response.on('error', done);
    });
    const timer = setTimeout(() => {
      request.destroy();
      finish({ ok: false, status: null, error: `No answer within ${Math.round(options.timeoutMs / 1000)} s.` });
    }, options.timeoutMs);
    request.on('error', (err: NodeJS.ErrnoException) => finish({ ok: false, status: null, error: connectionError(err) }));
    request.end(body);
  });
}

function describe(status: number, location: string | undefined): AttemptResult {
  if (status >= 200 && status < 300) return { ok: true, status };
  if (status >= 300 && status < 400) {
    return { ok: false, status, error: `The receiver answered ${status} (a redirect${location ? '' : ' without a Location'}); redirects are not followed: register the final URL.` };
  }
  return { ok: false, status, error: `The receiver answered ${status}.` };
}

/** The error in words for the delivery log: its code, never the request (it holds the URL and headers). */
function connectionError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED': return 'The connection was refused (nothing listens there).';
    case 'ECONNRESET': return 'The receiver closed the connection.';
    case 'EHOSTUNREACH': case 'ENETUNREACH': return 'The receiver cannot be reached from this server.';
    case 'ETIMEDOUT': return 'Connecting timed out.';
    default:
      if (err.code?.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(err.message)) return `TLS failed (${err.code ?? err.message}).`;
      return `The request failed (${err.code ?? err.message}).`;
  }
}
