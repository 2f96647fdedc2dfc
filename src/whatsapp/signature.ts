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
  // Meta's exact form only: `sha256=` and 64 lowercase hex digits (what `digest('hex')` gives). Anything
  // else is not Meta's; and Buffer.from(hex) would silently drop trailing junk or an odd last digit.
  if (typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  const given = Buffer.from(header.slice(PREFIX.length), 'hex');
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return timingSafeEqual(given, expected);
}
