import type { MessageItem } from '../contract/conversations.js';

/**
 * A conversation as CSV (RFC 4180): a header row, then one row per message, CRLF line ends. The document
 * starts with a UTF-8 byte order mark so that Excel reads it as UTF-8 (names, emoji).
 */

export const CSV_BOM = '\uFEFF';

const COLUMNS: ReadonlyArray<[string, (m: MessageItem) => string | number | null]> = [
  ['message_id', (m) => m.id],
  ['time', (m) => m.timestamp],
  ['direction', (m) => m.direction],
  ['sender', (m) => m.sender],
  ['agent', (m) => m.agent?.name ?? null],
  ['type', (m) => m.type],
  ['text', (m) => m.text],
  ['media', (m) => (m.media ? [m.media.kind, m.media.filename, m.media.mime_type, m.media.size === null ? null : `${m.media.size} bytes`, m.media.status].filter(Boolean).join(' · ') : null)],
  ['media_url', (m) => m.media?.url ?? null],
  ['quoted_message_id', (m) => m.reply_to?.id ?? null],
  ['quoted_text', (m) => m.reply_to?.text ?? null],
  ['reactions', (m) => m.reactions.map((r) => `${r.emoji} (${r.sender})`).join(', ') || null],
  ['latitude', (m) => m.location?.latitude ?? null],
  ['longitude', (m) => m.location?.longitude ?? null],
  ['place', (m) => (m.location ? [m.location.name, m.location.address].filter(Boolean).join(', ') || null : null)],
  ['contacts', (m) => m.contacts?.map((card) => `${card.name} (${card.phones.join(', ')})`).join('; ') ?? null],
  ['status', (m) => m.status],
  ['error', (m) => (m.error ? [m.error.code, m.error.title, m.error.detail].filter((part) => part !== null && part !== '').join(': ') : null)],
  ['chat_session_id', (m) => m.chat_session_id],
];

/** What a spreadsheet would run as a formula (OWASP's list: = + - @ tab CR). */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One field: text a spreadsheet would take for a formula gets a leading apostrophe (a number such as a
 * negative latitude is no formula and stays a number); a field with a quote, comma or line break is quoted.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const row = (fields: Array<string | number | null>) => `${fields.map(csvField).join(',')}\r\n`;

export const csvHeader = (): string => row(COLUMNS.map(([name]) => name));

/** The rows of a page of messages. */
export const csvRows = (page: MessageItem[]): string => page.map((m) => row(COLUMNS.map(([, cell]) => cell(m)))).join('');
