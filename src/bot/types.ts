import type { InboundMessage, TextualMessage } from '../whatsapp/types.js';

/**
 * Conversation states. IDLE, REGISTERED and CHAT_SUPPORT_ACTIVE are the specification's; AWAITING_NAME is
 * the registration step in between (a new contact has been greeted and asked for a name).
 */
export const CONVERSATION_STATES = ['IDLE', 'AWAITING_NAME', 'REGISTERED', 'CHAT_SUPPORT_ACTIVE'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

export function isConversationState(value: string): value is ConversationState {
  return (CONVERSATION_STATES as readonly string[]).includes(value);
}

/** Small per-conversation flags the bot keeps between messages (stored as JSON with the conversation). */
export interface StateData {
  /** Set when a chat starts and after each agent reply: the next user message in the chat gets the acknowledgement. */
  ackPending?: boolean;
  /** An agent has answered in the current chat (so "the team is away" is no longer what the user needs to hear). */
  answered?: boolean;
  /** The contact has been greeted once (so the greeting is not repeated on every message while IDLE). */
  greeted?: boolean;
  /**
   * A rating question is open for this chat (bot/csat.ts): `rating` until the user rates it, then
   * `comment` for the optional comment. Cleared when a new chat starts.
   */
  csat?: { chat: string; step: 'rating' | 'comment' };
}

/** What the bot knows about a conversation when a message arrives. */
export interface ConversationSnapshot {
  state: ConversationState;
  stateData: StateData;
  registeredName: string | null;
  profileName: string | null;
}

/** A rating or a comment for an ended chat (bot/csat.ts), to store with it. */
export interface CsatAnswer {
  chatSessionId: string;
  rating?: number;
  comment?: string;
}

/** What the bot decided: the new state and the replies to send, plus what the support chat must record. */
export interface BotDecision {
  state: ConversationState;
  stateData: StateData;
  /** Set when the contact gave (or changed) their name. */
  registeredName?: string;
  replies: TextualMessage[];
  /**
   * What happened to the support chat:
   * - `start`: a chat began with this message;
   * - `message`: this user message belongs to the active chat;
   * - `end`: the user ended the chat with this message;
   * - null: the message had nothing to do with a support chat.
   */
  chat: 'start' | 'message' | 'end' | null;
  /** A rating or a comment for an ended chat, to store with it. */
  csat?: CsatAnswer;
  /**
   * This message answered the rating question (a rating, a comment or Skip): not a new request, so a
   * resolved conversation stays resolved.
   */
  survey?: true;
  /** The user chose this language (a code of the content): remembered for every later message. */
  language?: string;
}

/** The parts of an inbound message the bot reads. */
export type BotInput = Pick<InboundMessage, 'type' | 'text' | 'choice'>;
