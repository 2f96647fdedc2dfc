import type { ConversationState, MessageError } from '@contract/conversations';

/** What the inbox shows and allows beyond the API's shapes (those are in `src/contract/`). */

/** WhatsApp's 4096 characters minus the 17 of the "🎧 Support Team: " prefix the server adds. */
export const REPLY_LIMIT = 4079;
export const CLOSING_LIMIT = 1024;
/**
 * The content file's closing text in English, shown as the example of what an empty closing message
 * sends: the server then uses the content file's closing text in the user's language.
 */
export const DEFAULT_CLOSING = 'Thank you for contacting support!';

/** A contact's name, else their number; a contact known only by username may have neither. */
export const displayName = (c: { name: string | null; phone_number: string | null }) => c.name?.trim() || c.phone_number || 'Unnamed contact';

/** A contact known only by WhatsApp username has no number; the inbox shows their username instead. */
export const NO_NUMBER = 'WhatsApp username only (no number)';

/** How to reach a contact, for headers and rows: the number, else `@username`, else that there is no number. */
export const contactAddress = (c: { phone_number: string | null; username?: string | null }) =>
  c.phone_number ?? (c.username ? `@${c.username} · username only` : NO_NUMBER);

export const STATE_LABELS: Record<ConversationState, string> = {
  idle: 'New contact',
  awaiting_name: 'Asked for a name',
  registered: 'Registered',
  chat_support_active: 'Support chat active',
};

export function failureReason(error: MessageError | null): string {
  if (!error) return 'WhatsApp did not deliver this message.';
  const words = [error.title, error.detail].filter(Boolean).join(': ') || 'WhatsApp did not deliver this message.';
  return error.code !== null ? `${words} (code ${error.code})` : words;
}
