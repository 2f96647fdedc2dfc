/**
 * What a message template asks for when it is sent, read from its components as WhatsApp lists them
 * (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`). Used by the server (to check a send and fill the preview) and
 * by the simulator (to refuse a send as Meta does).
 *
 * Placeholders are `{{1}}`, `{{2}}`… (positional templates) or `{{first_name}}` (named templates, whose
 * parameters are sent with `parameter_name`). A text header may hold one placeholder; an IMAGE, VIDEO or
 * DOCUMENT header needs the file with every send. A URL button whose link ends in `{{1}}` needs the end
 * of the link, a COPY_CODE button the code; quick-reply and phone buttons need nothing.
 */

export type HeaderFormat = 'text' | 'image' | 'video' | 'document' | 'location';
export type MediaHeaderFormat = 'image' | 'video' | 'document';

export interface TemplateButtonShape {
  /** The button's position among the template's buttons (what `index` names when it is sent). */
  index: number;
  type: 'quick_reply' | 'url' | 'phone_number' | 'copy_code' | 'other';
  text: string;
  url: string | null;
  /** True when a value must be given with each send: a URL ending in {{1}}, or a copy-code button. */
  takesValue: boolean;
}

export interface TemplateShape {
  named: boolean;
  header: { format: HeaderFormat; text: string | null; parameters: string[] } | null;
  body: { text: string; parameters: string[] };
  footer: string | null;
  buttons: TemplateButtonShape[];
}

interface ComponentLike {
  type: string;
  format?: string;
  text?: string;
  [key: string]: unknown;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const HAS_PLACEHOLDER = /\{\{\s*[A-Za-z0-9_]+\s*\}\}/;

/** A text's placeholders in order, each once: `1, 2, 3` for a positional one (up to its highest), names as they first appear for a named one. */
export function placeholdersOf(text: string): string[] {
  const found = [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!);
  if (found.length > 0 && found.every((name) => /^\d+$/.test(name))) {
    return Array.from({ length: Math.max(...found.map(Number)) }, (_, i) => String(i + 1));
  }
  return [...new Set(found)];
}

/** The text with its placeholders replaced by `values` (by name, or by position for `{{n}}`); a missing value keeps its placeholder. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (placeholder, name: string) => values[name] ?? placeholder);
}

export function templateShape(components: readonly ComponentLike[]): TemplateShape {
  const find = (type: string) => components.find((component) => component.type.toUpperCase() === type);
  const header = find('HEADER');
  const bodyText = find('BODY')?.text ?? '';
  const headerFormat = (header?.format ?? 'TEXT').toLowerCase();
  const format: HeaderFormat = (['text', 'image', 'video', 'document', 'location'] as const).find((f) => f === headerFormat) ?? 'text';
  const headerText = format === 'text' ? (header?.text ?? '') : null;
  const texts = [bodyText, headerText ?? ''];
  const rawButtons = find('BUTTONS')?.buttons;
  const buttons = (Array.isArray(rawButtons) ? rawButtons : []).map((button: unknown, index): TemplateButtonShape => {
    const field = (key: string) => {
      const value = typeof button === 'object' && button !== null ? (button as Record<string, unknown>)[key] : undefined;
      return typeof value === 'string' ? value : null;
    };
    const kind = (field('type') ?? '').toLowerCase();
    const type = (['quick_reply', 'url', 'phone_number', 'copy_code'] as const).find((t) => t === kind) ?? 'other';
    const url = field('url');
    return { index, type, text: field('text') ?? '', url, takesValue: type === 'copy_code' || (type === 'url' && url !== null && HAS_PLACEHOLDER.test(url)) };
  });
  return {
    named: texts.some((text) => placeholdersOf(text).some((name) => !/^\d+$/.test(name))),
    header: header === undefined ? null : { format, text: headerText, parameters: headerText === null ? [] : placeholdersOf(headerText) },
    body: { text: bodyText, parameters: placeholdersOf(bodyText) },
    footer: find('FOOTER')?.text ?? null,
    buttons,
  };
}

export const isMediaHeader = (format: HeaderFormat | undefined): format is MediaHeaderFormat =>
  format === 'image' || format === 'video' || format === 'document';
