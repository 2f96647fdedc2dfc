/**
 * JSON.parse for webhook bodies, minus what PostgreSQL cannot store.
 *
 * JSON allows `\u0000` and lone UTF-16 surrogates (`\ud800`) in strings, and a WhatsApp user can send
 * either (in a message, a caption, their profile name). PostgreSQL refuses U+0000 in `text` and `jsonb`,
 * and lone surrogates in `jsonb`: left in, every insert of that message fails, the webhook answers 500,
 * and Meta redelivers the same POST for 7 days — with the messages after it in the batch never handled.
 * So U+0000 is dropped and a lone surrogate becomes U+FFFD (as a UTF-8 decoder would do), in keys and
 * values alike. The signature has already been checked on the raw bytes, so nothing is lost there.
 */
export function parseStorableJson(text: string): unknown {
  // Both can only arrive as `\u` escapes (raw surrogates are not valid UTF-8), so most bodies skip the reviver.
  return ESCAPE_TO_CLEAN.test(text) ? JSON.parse(text, storable) : JSON.parse(text);
}

const ESCAPE_TO_CLEAN = /\\u(?:0000|d[89a-f])/i;
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function clean(s: string): string {
  return s.replace(UNSTORABLE, (c) => (c === '\u0000' ? '' : '\ufffd'));
}

function storable(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return clean(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => clean(k) !== k)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), v]));
  }
  return value;
}
