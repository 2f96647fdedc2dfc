import { LIMITS } from '../whatsapp/limits.js';
import { isOneEmoji, mediaKindOf } from '../whatsapp/payload-rules.js';
import { isAnimatedWebp, type MediaStore } from './media-store.js';
import type { InboundContent } from './payloads.js';
import type { EntryView } from './phone-view.js';
import type { StoredUser } from './store.js';
import type { TranscriptEntry, UserMessageInput } from './types.js';

export type UserInputProblem = { code: 'VALIDATION_ERROR' | 'UNKNOWN_MEDIA' | 'UNKNOWN_MESSAGE'; message: string };

const NOT_SHOWN: ReadonlySet<TranscriptEntry['kind']> = new Set(['read', 'typing', 'reaction']);
const CAPTIONED: ReadonlySet<string> = new Set(['image', 'video', 'document']);

/**
 * What the user sends besides a tap — text, a file, a place, a contact card or a reaction — as the
 * webhook's content and as the phone shows it, or why it cannot be sent.
 */
export function userContent(
  input: UserMessageInput,
  deps: { media: MediaStore; user: StoredUser | undefined; now: Date },
): { content: InboundContent; view: EntryView } | UserInputProblem {
  if (input.media !== undefined) return mediaContent(input.media, deps.media);
  if (input.location !== undefined) {
    const { latitude, longitude, name, address } = input.location;
    const location = { latitude, longitude, ...(name === undefined ? {} : { name }), ...(address === undefined ? {} : { address }) };
    return { content: { type: 'location', location }, view: { kind: 'location', text: name ?? '', location } };
  }
  if (input.contacts !== undefined) {
    const cards = input.contacts.map(({ name, phones }) => ({
      name: { formatted_name: name, first_name: name.split(' ')[0]! },
      phones: phones.map((phone) => ({ phone, type: 'CELL' as const, wa_id: phone.replace(/\D/g, '') })),
    }));
    return { content: { type: 'contacts', contacts: cards }, view: { kind: 'contacts', text: '', contacts: input.contacts } };
  }
  if (input.reaction !== undefined) {
    const { messageId, emoji } = input.reaction;
    if (emoji !== '' && !isOneEmoji(emoji)) return { code: 'VALIDATION_ERROR', message: 'reaction.emoji must be a single emoji, or empty to remove the reaction' };
    // WhatsApp tells the business only of reactions to its own messages of the last 30 days.
    const target = shownMessage(deps, messageId);
    if (target?.direction !== 'out') return { code: 'UNKNOWN_MESSAGE', message: `No business message ${messageId} of the last 30 days is on this phone` };
    const reaction = emoji === '' ? { message_id: messageId } : { message_id: messageId, emoji };
    return { content: { type: 'reaction', reaction }, view: { kind: 'reaction', text: '', reaction: { messageId, emoji } } };
  }
  const text = input.text ?? '';
  return { content: { type: 'text', text: { body: text } }, view: { kind: 'text', text } };
}

/** The message `wamid` if the phone shows it and it is at most 30 days old (WhatsApp quotes and reacts to no older one). */
export function shownMessage(deps: { user: StoredUser | undefined; now: Date }, wamid: string): TranscriptEntry | undefined {
  const entry = deps.user?.transcript.find((e) => e.wamid === wamid && !NOT_SHOWN.has(e.kind));
  return entry !== undefined && deps.now.getTime() - Date.parse(entry.at) <= LIMITS.reactionMaxAgeMs ? entry : undefined;
}

function mediaContent(sent: NonNullable<UserMessageInput['media']>, store: MediaStore): { content: InboundContent; view: EntryView } | UserInputProblem {
  const stored = store.get(sent.id);
  const kind = stored === undefined ? null : mediaKindOf(stored.mimeType);
  if (stored === undefined || kind === null) return { code: 'UNKNOWN_MEDIA', message: `No file ${sent.id}: upload it first (POST /media)` };
  if (sent.caption !== undefined && !CAPTIONED.has(kind)) return { code: 'VALIDATION_ERROR', message: `${kind} messages have no caption` };
  if (sent.voice !== undefined && kind !== 'audio') return { code: 'VALIDATION_ERROR', message: 'only audio can be a voice note' };
  const object = {
    ...(sent.caption === undefined ? {} : { caption: sent.caption }),
    ...(kind === 'document' && stored.filename !== undefined ? { filename: stored.filename } : {}),
    mime_type: stored.mimeType,
    // Webhooks carry the SHA-256 in base64; `GET /{media-id}` gives it in hex.
    sha256: Buffer.from(stored.sha256, 'hex').toString('base64'),
    id: stored.id,
    ...(kind === 'audio' ? { voice: sent.voice === true } : {}),
    ...(kind === 'sticker' ? { animated: isAnimatedWebp(stored.bytes) } : {}),
  };
  const content = { type: kind, [kind]: object } as InboundContent;
  const media = {
    id: stored.id,
    mimeType: stored.mimeType,
    size: stored.size,
    ...(kind === 'document' && stored.filename !== undefined ? { filename: stored.filename } : {}),
    ...(kind === 'audio' ? { voice: sent.voice === true } : {}),
  };
  return { content, view: { kind, text: sent.caption ?? '', media } };
}
