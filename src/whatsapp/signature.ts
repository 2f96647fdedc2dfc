import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256=';

/** The `X-Hub-Signature-256` value Meta sends for `raw`: `sha256=` + hex HMAC-SHA256 with the app secret. */
export function signPayload(raw: Buffer | string, appSecret: string): string {
  return PREFIX + createHmac('sha256', appSecret).update(raw).digest('hex');
}

/**
 * Checks `X-Hub-Signature-256` against the raw request bytes. Always on the bytes as received: Meta escapes
 * non-ASCII as \uXXXX before signing, so re-serialised JSON would not match. The compare is constant-time.
 */
export function verifySignature(raw: Buffer, header: string | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith(PREFIX)) return false;
  const given = Buffer.from(header.slice(PREFIX.length), 'hex');
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  // Buffer.from(hex) stops at the first non-hex character, so a malformed header ends up shorter here.
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}
