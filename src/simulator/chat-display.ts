import type { ListSection, ReplyButton } from '../whatsapp/types.js';
import type { TranscriptEntry } from './types.js';

/** What `/1`, `/2`… tap in a message: its buttons, or its list rows in the order shown. */
export function choicesOf(entry: TranscriptEntry): ReplyButton[] {
  if (entry.buttons !== undefined) return entry.buttons;
  return entry.list?.sections.flatMap((section) => section.rows) ?? [];
}

/** A business message as lines for a terminal, its choices numbered for `/N`. */
export function formatBusinessMessage(entry: TranscriptEntry): string {
  const lines = entry.text.split('\n').map((line, i) => (i === 0 ? `wadesk: ${line}` : `        ${line}`));
  if (entry.footer !== undefined) lines.push(`        (${entry.footer})`);
  if (entry.list !== undefined) lines.push(`        ☰ ${entry.list.button}`);
  let number = 0;
  const sections: ListSection[] = entry.list?.sections ?? [{ rows: entry.buttons ?? [] }];
  for (const section of sections) {
    if (section.title !== undefined) lines.push(`        ${section.title}`);
    for (const row of section.rows) {
      const description = row.description === undefined ? '' : ` — ${row.description}`;
      lines.push(`   /${++number}  ${row.title}${description}`);
    }
  }
  return lines.join('\n');
}
