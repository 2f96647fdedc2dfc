import { defaultContent, type BotContent } from './content.js';

type Keywords = BotContent['keywords'];

const APOSTROPHES = /['’‘ʼ]/gu;
/**
 * Punctuation and symbols (emoji are symbols) become spaces, and so do the invisible parts of emoji
 * (variation selectors, zero-width joiner, keycap, skin tones), which are neither, so that "❌ End Chat",
 * "end_chat" and "END CHAT!" all read "end chat".
 */
const SEPARATORS = /[\p{P}\p{S}\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d]|\ufe0e|\ufe0f|\u20e3/gu;

/** Trim, lower-case (locale-independent), drop apostrophes, punctuation/symbols → spaces, collapse spaces. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(SEPARATORS, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

function equalsAny(text: string, phrases: readonly string[]): boolean {
  const normalized = normalize(text);
  return normalized !== '' && phrases.some((phrase) => normalize(phrase) === normalized);
}

/** True when a phrase appears as whole words: "I need support" yes, "supportive" no. */
function containsAny(text: string, phrases: readonly string[]): boolean {
  const padded = ` ${normalize(text)} `;
  return phrases.some((phrase) => {
    const word = normalize(phrase);
    return word !== '' && padded.includes(` ${word} `);
  });
}

/**
 * Only a message that is nothing but an end phrase ends a chat: inside a chat people write sentences
 * to a person, and "I'm done uploading but it fails" must reach the agent, not close the chat.
 */
export function isEndChatText(text: string, keywords: Keywords = defaultContent.keywords): boolean {
  return equalsAny(text, keywords.endChat);
}

/**
 * An end phrase is never a trigger, although "end chat" contains the keyword "chat": someone typing
 * "end chat" after a chat has closed wants out, not a new chat.
 */
export function isSupportTrigger(text: string, keywords: Keywords = defaultContent.keywords): boolean {
  if (isEndChatText(text, keywords)) return false;
  return equalsAny(text, keywords.supportExact) || containsAny(text, keywords.support);
}

/** A message that is nothing but a request for a person ("chat support", "agent"): a sentence that mentions one is not. */
export function isSupportRequestAlone(text: string, keywords: Keywords = defaultContent.keywords): boolean {
  return equalsAny(text, [...keywords.supportExact, ...keywords.support]);
}

export function isLanguageRequest(text: string, keywords: Keywords = defaultContent.keywords): boolean {
  return equalsAny(text, keywords.language ?? []);
}

export function isMenuRequest(text: string, keywords: Keywords = defaultContent.keywords): boolean {
  return equalsAny(text, keywords.menu);
}
