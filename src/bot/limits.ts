/**
 * WhatsApp's limits on what we send live in whatsapp/limits.ts; the bot uses the
 * same numbers to shorten its texts so that a reply always fits.
 */
export { LIMITS as WHATSAPP_LIMITS } from '../whatsapp/limits.js';

const ELLIPSIS = '…';

/** Shortens `text` to at most `max` UTF-16 units, ending with "…", never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let out = '';
  for (const codePoint of text) {
    if (out.length + codePoint.length + ELLIPSIS.length > max) break;
    out += codePoint;
  }
  return out.trimEnd() + ELLIPSIS;
}

/**
 * Replaces every `{name}` in `template`, shortening the name (not the rest of the text) when the result
 * would exceed `max`: an unusually long name must not cost the user the instructions around it.
 */
export function fillName(template: string, name: string, max: number): string {
  const filled = template.split('{name}').join(name);
  if (filled.length <= max) return filled;
  const occurrences = template.split('{name}').length - 1;
  const fixed = template.length - occurrences * '{name}'.length;
  if (occurrences === 0 || fixed >= max) return clip(filled, max);
  const room = Math.floor((max - fixed) / occurrences);
  return template.split('{name}').join(clip(name, room));
}

/** Splits a long text into pieces of at most `max` units, preferring to break at a newline or space. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = Math.max(rest.lastIndexOf('\n', max), rest.lastIndexOf(' ', max));
    if (cut <= 0) cut = max;
    // A cut between the halves of a surrogate pair would leave two broken characters.
    if (isHighSurrogate(rest.charCodeAt(cut - 1))) cut -= 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[ \n]/, '');
  }
  pieces.push(rest);
  return pieces;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
