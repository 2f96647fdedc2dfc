import type { MediaKind, MessageAgent, MessageItem, MessageSender, QuotedMessage } from '@contract/conversations';
import { TYPE_LABELS } from '../../../src/whatsapp/message-labels';

/** How the inbox words a message's parts: kinds of attachment, quotes, which rows are bubbles. */

/** The element id of a message's row, for scrolling to it from a quote. */
export const messageRowId = (id: number) => `message-${id}`;

/** An attachment's kind in a sentence ("Fetching photo…"). */
export const KIND_WORDS: Record<MediaKind, string> = {
  image: 'photo', sticker: 'sticker', document: 'document', audio: 'audio', video: 'video',
};

const EXCERPT_CHARS = 120;

/** One line for a quote: the first line of the text (cut short), or what kind of message it was. */
export function quoteExcerpt(quoted: Pick<QuotedMessage, 'text' | 'type'>): string {
  const line = quoted.text?.split('\n')[0]?.trim() ?? '';
  const label = TYPE_LABELS[quoted.type];
  if (line === '') return label ?? 'Message';
  const cut = line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1)}…` : line;
  return label && quoted.type !== 'location' && quoted.type !== 'contacts' ? `${label} · ${cut}` : cut;
}

export function senderLabel(sender: MessageSender, userName: string): string {
  return sender === 'user' ? userName : sender === 'bot' ? 'Bot' : sender === 'agent' ? 'Agent' : 'Note';
}

/** Who wrote a message, as its bubble says: the signed-in agent's own messages are "You", a colleague's carry their name. */
export function authorOf(m: { sender: MessageSender; agent_id?: string | null; agent?: MessageAgent | null }, userName: string, me: string | null): string {
  if (m.sender !== 'agent') return senderLabel(m.sender, userName);
  return me !== null && m.agent_id === me ? 'You' : m.agent?.name ?? senderLabel(m.sender, userName);
}

/** A reaction to a message shown here appears as a chip under it, not as a bubble of its own. */
export const isOwnBubble = (m: MessageItem) => !(m.type === 'reaction' && m.reply_to !== null);

/**
 * The text line of a bubble. Places and contact cards show as cards (their text repeats them); an
 * attachment's text is its caption; a message with nothing to show says its type.
 */
export function bubbleText(m: MessageItem): string {
  if (m.location || m.contacts || m.type === 'unsupported') return '';
  return m.text ?? (m.media ? '' : `[${m.type}]`);
}

/** A reaction whose message is not stored here, as a small note: "Ada reacted 😂 to a message not shown here". */
export function reactionNote(m: MessageItem, who: string): string {
  return m.text ? `${who} reacted ${m.text} to a message not shown here` : `${who} removed a reaction from a message not shown here`;
}

/** Why WhatsApp could not show this message to the business (its own words when it gave some). */
export function unsupportedReason(m: MessageItem): string {
  const words = [m.error?.title, m.error?.detail].filter(Boolean).join(': ').replace(/\.$/, '');
  return `This kind of message cannot be shown here${words ? ` (${words})` : ''}. Ask the user to send it another way.`;
}
