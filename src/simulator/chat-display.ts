import type { ListSection, ReplyButton } from '../whatsapp/types.js';
import type { TranscriptEntry } from './types.js';

/** What `/1`, `/2`… tap in a message: its buttons, or its list rows in the order shown. */
export function choicesOf(entry: TranscriptEntry): ReplyButton[] {
  if (entry.buttons !== undefined) return entry.buttons;
  return entry.list?.sections.flatMap((section) => section.rows) ?? [];
}

const MEDIA_LABELS: Record<string, string> = { image: '📷 photo', video: '🎥 video', audio: '🎵 audio', sticker: '🙂 sticker', document: '📄 file' };

/** One line for what a message is: its text, or what it carries when that is not text. */
export function summary(entry: TranscriptEntry): string {
  const label = entry.media?.voice === true ? '🎤 voice note' : MEDIA_LABELS[entry.kind];
  if (label !== undefined) {
    const name = entry.media?.filename ?? entry.media?.link;
    return [`[${label}${name === undefined ? '' : ` ${name}`}]`, entry.text].filter((s) => s !== '').join(' ');
  }
  if (entry.location !== undefined) {
    const { latitude, longitude, name } = entry.location;
    return `📍 ${name === undefined ? '' : `${name} `}(${latitude}, ${longitude})`;
  }
  if (entry.contacts !== undefined) return entry.contacts.map((c) => `👤 ${c.name} ${c.phones.join(', ')}`).join('; ');
  return entry.text;
}

/**
 * A business message as lines for a terminal, its choices numbered for `/N`. `find` looks up the
 * message a reaction or a quote names, to show what it was about.
 */
export function formatBusinessMessage(entry: TranscriptEntry, find: (wamid: string) => TranscriptEntry | undefined = () => undefined): string {
  if (entry.kind === 'typing') return '(wadesk is typing…)';
  if (entry.reaction !== undefined) {
    const target = find(entry.reaction.messageId);
    const about = target === undefined ? '' : ` to "${summary(target)}"`;
    return entry.reaction.emoji === '' ? `(wadesk removed its reaction${about})` : `(wadesk reacted ${entry.reaction.emoji}${about})`;
  }
  const quoted = entry.replyTo === undefined ? undefined : find(entry.replyTo);
  const lines = quoted === undefined ? [] : [`        ┃ ${summary(quoted).split('\n')[0]}`];
  lines.push(...summary(entry).split('\n').map((line, i) => (i === 0 ? `wadesk: ${line}` : `        ${line}`)));
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
