import type { TextualMessage } from '../whatsapp/types.js';
import type { BotContent } from './content.js';
import { isEndChatText, isMenuRequest, isSupportRequestAlone } from './intents.js';
import { clip, WHATSAPP_LIMITS as L } from './limits.js';
import type { BotDecision, ConversationSnapshot, StateData } from './types.js';
export type { CsatAnswer } from './types.js';

/**
 * The rating of a chat (CSAT), as the bot sees it: when a chat ends the use case adds `ratingQuestion`
 * to the replies and remembers the chat in `stateData.csat`; the user's next answers are read here
 * before anything else. What is not a rating (a menu tap, "chat support"…) is handled as usual and the
 * question stays open, so a rating tapped later still counts — until a new chat starts.
 */

/** The list row id of a rating: `csat_1` … `csat_5`. */
export const RATING_ID = /^csat_([1-5])$/;

/** The question: a list of the five ratings (a list, as WhatsApp allows at most three buttons). */
export function ratingQuestion(content: BotContent): TextualMessage {
  const { csat } = content;
  return {
    kind: 'list',
    body: clip(csat.question, L.interactiveBody),
    button: clip(csat.listButton, L.listButton),
    sections: [{
      title: clip(csat.sectionTitle, L.sectionTitle),
      rows: csat.ratings.map((r) => ({
        id: `csat_${r.rating}`,
        title: clip(r.title, L.rowTitle),
        ...(r.description ? { description: clip(r.description, L.rowDescription) } : {}),
      })),
    }],
  };
}

/** The rating a reply carries: a row of our list, or (from a template's quick reply, or typed) "4", "4 ⭐", "⭐⭐⭐⭐". */
export function ratingOf(choiceId: string | null, words: string | null): number | null {
  const fromId = choiceId === null ? null : RATING_ID.exec(choiceId);
  if (fromId) return Number(fromId[1]);
  if (words === null) return null;
  const text = words.trim();
  const digit = /^([1-5])\s*(?:\/\s*5|(?:⭐\uFE0F?)+|stars?|\*+|[-–—:)]\s*\p{L}.*)?\s*[.!]*$/iu.exec(text);
  if (digit) return Number(digit[1]);
  // Stars, alone or before words: "⭐⭐⭐⭐" or a quick reply titled "⭐⭐⭐⭐ Good".
  const stars = /^((?:⭐\uFE0F?){1,5})(?:\s|$)/u.exec(text);
  return stars ? [...stars[1]!.matchAll(/⭐/gu)].length : null;
}

interface Reading {
  choiceId: string | null;
  /** A typed text's words. */
  typed: string | null;
  /** What a template quick reply said (its payload, or its text). */
  choiceTitle: string | null;
}

/**
 * The user's answer to an open rating question, or null when this message is something else (the
 * caller handles it as usual, with `withoutQuestion` when the question should close).
 */
export function answerRating(
  conv: ConversationSnapshot,
  message: Reading,
  content: BotContent,
  menu: (before: TextualMessage[], stateData: StateData) => BotDecision,
): BotDecision | null {
  const open = conv.stateData?.csat;
  if (!open) return null;
  const stateData = conv.stateData;
  const rating = ratingOf(message.choiceId, open.step === 'rating' ? (message.typed ?? message.choiceTitle) : message.choiceTitle);
  if (rating !== null) {
    return {
      state: conv.state,
      stateData: { ...stateData, csat: { chat: open.chat, step: 'comment' } },
      replies: [{
        kind: 'buttons',
        body: clip(content.csat.commentPrompt, L.interactiveBody),
        buttons: [{ id: content.csat.skipButton.id, title: clip(content.csat.skipButton.title, L.buttonTitle) }],
      }],
      chat: null,
      csat: { chatSessionId: open.chat, rating },
      survey: true,
    };
  }
  if (open.step !== 'comment') return null;
  const { csat: _answered, ...rest } = stateData;
  const thanks: TextualMessage = { kind: 'text', body: clip(content.csat.thanks, L.textBody) };
  const typed = message.typed?.trim() ?? '';
  // "done" or "exit" here means no comment, like Skip.
  if (message.choiceId === content.csat.skipButton.id || (typed !== '' && isEndChatText(typed, content.keywords))) return { ...menu([thanks], rest), survey: true };
  // A message that is only "chat support" or "menu" is a request: the question closes and the request is
  // served. A sentence is a comment, even one that mentions the agent ("the agent was patient").
  if (typed === '' || isSupportRequestAlone(typed, content.keywords) || isMenuRequest(typed, content.keywords)) return null;
  return { ...menu([thanks], rest), csat: { chatSessionId: open.chat, comment: typed }, survey: true };
}

/** The conversation as it is once the rating question is closed. */
export function withoutQuestion(conv: ConversationSnapshot): ConversationSnapshot {
  if (!conv.stateData?.csat) return conv;
  const { csat: _closed, ...stateData } = conv.stateData;
  return { ...conv, stateData };
}
