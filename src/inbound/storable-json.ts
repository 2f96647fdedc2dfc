/**
 * JSON.parse for webhook bodies, minus what PostgreSQL cannot store.
 *
 * JSON allows `\u0000` and lone UTF-16 surrogates (`\ud800`) in strings, and a WhatsApp user can send
 * either (in a message, a caption, their profile name). PostgreSQL refuses U+0000 in `text` and `jsonb`,
 * and lone surrogates in `jsonb`: left in, every insert of that message fails, the webhook answers 500,
 * and Meta redelivers the same POST for 7 days — with the messages after it in the batch never handled.
 * So U+0000 is dropped and a lone surrogate becomes U+FFFD (as a UTF-8 decoder would do), in keys and
 * values alike. The signature has already been checked on the raw bytes, so nothing is lost there.
 *
 * Nesting is cut at `MAX_JSON_DEPTH`: V8 parses any depth, but JSON.stringify (which stores a message's
 * raw object) and PostgreSQL's jsonb parser recurse, and 10,000 levels overflowed the stack. No WhatsApp
 * payload is deeper than about 12 levels, so a deeper part is replaced by `TOO_DEEP` and the message
 * around it is still stored (a 400 would make Meta redeliver the whole POST, good messages included).
 */
export const MAX_JSON_DEPTH = 64;
export const TOO_DEEP = `[nested deeper than ${MAX_JSON_DEPTH} levels: dropped]`;

export function parseStorableJson(text: string): unknown {
  // Both can only arrive as `\u` escapes (raw surrogates are not valid UTF-8), so most bodies skip cleaning.
  const cleanString = ESCAPE_TO_CLEAN.test(text) ? clean : same;
  const value = JSON.parse(text);
  // A body with fewer brackets than the depth limit cannot reach it: most webhooks need no walk at all.
  return cleanString === same && bracketsAtMost(text, MAX_JSON_DEPTH) ? value : storable(value, cleanString);
}

function bracketsAtMost(text: string, limit: number): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if ((c === 0x7b || c === 0x5b) && ++count > limit) return false;
  }
  return true;
}

const ESCAPE_TO_CLEAN = /\\u(?:0000|d[89a-f])/i;
const same = (s: string) => s;

// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL cannot store in text or jsonb
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const HAS_UNSTORABLE = new RegExp(UNSTORABLE.source);

/** A string PostgreSQL can store in text and jsonb: U+0000 dropped, a lone surrogate made U+FFFD. */
export function clean(s: string): string {
  return HAS_UNSTORABLE.test(s) ? s.replace(UNSTORABLE, (c) => (c === '\u0000' ? '' : '\ufffd')) : s;
}

type Container = Record<string, unknown> | unknown[];

/** Cleans the freshly parsed value in place, without recursion (the depth is the attacker's to choose). */
function storable(root: unknown, cleanString: (s: string) => string): unknown {
  if (typeof root === 'string') return cleanString(root);
  if (root === null || typeof root !== 'object') return root;
  const pending: Array<{ container: Container; depth: number }> = [{ container: root as Container, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { container, depth } = next;
    if (!Array.isArray(container) && cleanString !== same) cleanKeys(container);
    for (const key of Object.keys(container)) {
      const value = (container as Record<string, unknown>)[key];
      if (typeof value === 'string') {
        (container as Record<string, unknown>)[key] = cleanString(value);
      } else if (value !== null && typeof value === 'object') {
        if (depth >= MAX_JSON_DEPTH) (container as Record<string, unknown>)[key] = TOO_DEEP;
        else pending.push({ container: value as Container, depth: depth + 1 });
      }
    }
  }
  return root;
}

function cleanKeys(object: Record<string, unknown>): void {
  const keys = Object.keys(object);
  if (!keys.some((k) => clean(k) !== k)) return;
  const entries = keys.map((k) => [clean(k), object[k]] as const);
  for (const k of keys) delete object[k];
  // defineProperty, not assignment: a `__proto__` key from JSON must stay a plain property.
  for (const [k, v] of entries) Object.defineProperty(object, k, { value: v, writable: true, enumerable: true, configurable: true });
}
