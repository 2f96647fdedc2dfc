import type { ConversationSnapshot } from './types.js';

const MIN_NAME = 2;
const MAX_NAME = 60;
const HAS_LETTER = /\p{L}/u;
// Links are what people paste by mistake (or spam); a bare "john.smith" is allowed to be a name.
const LOOKS_LIKE_URL = /:\/\/|\bwww\.|\S\.(?:com|net|org|info|biz|io|co|me|app|dev|ly|xyz|ng|uk)\b/iu;

/** Trim and collapse whitespace (newlines included): how a name is stored and shown. */
function tidy(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * The name a contact typed, tidied, or null when it cannot be a name: 2–60 characters, at least one
 * letter (so no digits-only or emoji-only answers), no links.
 */
export function parseName(text: string): string | null {
  const name = tidy(text);
  const length = [...name].length;
  if (length < MIN_NAME || length > MAX_NAME) return null;
  if (!HAS_LETTER.test(name) || LOOKS_LIKE_URL.test(name)) return null;
  return name;
}

/** How the bot addresses the contact: registered name, else WhatsApp profile name, else the fallback. */
export function displayName(conv: Pick<ConversationSnapshot, 'registeredName' | 'profileName'>, fallback: string): string {
  return tidy(conv.registeredName ?? '') || tidy(conv.profileName ?? '') || fallback;
}
