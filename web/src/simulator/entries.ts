import type { TranscriptEntry } from '@contract/simulator';

/** How long WhatsApp shows the business's "typing…" at most. */
export const TYPING_MS = 25_000;

/** Entries that are not bubbles of their own: blue ticks, "typing…", and reactions (shown under their message). */
export const isBubble = (entry: TranscriptEntry) => entry.kind !== 'read' && entry.kind !== 'typing' && entry.kind !== 'reaction';

export interface ShownReaction {
  emoji: string;
  /** The user's own (they can take it back); otherwise the business's. */
  mine: boolean;
}

/** Each side's latest reaction per message (an empty emoji took it back), keyed by the message's wamid. */
export function reactionsByMessage(entries: TranscriptEntry[]): Map<string, ShownReaction[]> {
  const latest = new Map<string, { messageId: string; emoji: string; mine: boolean }>();
  for (const entry of entries) {
    if (entry.reaction === undefined) continue;
    const mine = entry.direction === 'in';
    latest.set(`${mine ? 'in' : 'out'} ${entry.reaction.messageId}`, { messageId: entry.reaction.messageId, emoji: entry.reaction.emoji, mine });
  }
  const byMessage = new Map<string, ShownReaction[]>();
  for (const { messageId, emoji, mine } of latest.values()) {
    if (emoji === '') continue;
    byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), { emoji, mine }]);
  }
  return byMessage;
}

/** When "typing…" started, if the latest thing on the phone is the business's typing indicator. */
export function typingSince(entries: TranscriptEntry[]): number | null {
  const last = entries.filter((e) => e.kind !== 'read').at(-1);
  return last?.kind === 'typing' ? Date.parse(last.at) : null;
}

const MEDIA_PREVIEWS: Partial<Record<TranscriptEntry['kind'], string>> = {
  image: '📷 Photo',
  video: '🎥 Video',
  audio: '🎵 Audio',
  sticker: '🙂 Sticker',
  document: '📄 Document',
  location: '📍 Location',
  contacts: '👤 Contact',
};

/** One line for a quote: the text, or what kind of message it was. */
export function previewOf(entry: TranscriptEntry): string {
  const label = entry.media?.voice === true ? '🎤 Voice message' : MEDIA_PREVIEWS[entry.kind];
  const detail = entry.text || entry.media?.filename || entry.location?.name || entry.contacts?.[0]?.name || '';
  return [label, detail].filter(Boolean).join(' · ').split('\n')[0]!;
}
