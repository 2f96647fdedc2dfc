import type { ContentLibrary } from '../content/library.js';
import type { Db, Tx } from '../db/client.js';
import { DomainError } from '../domain-error.js';
import type { EventBatch, EventBus } from '../events/bus.js';
import { lockConversation, type ConversationRow } from '../store/conversations.js';
import { inTransaction } from '../store/unit-of-work.js';

/** What the use cases run on. The HTTP routes, the CLI and the service tests build them the same way. */
export interface UseCaseDeps {
  db: Db;
  bus: EventBus;
  /** The bot's words, in each conversation's language. */
  content: ContentLibrary;
  /** The clock (tests move it to open and close the 24-hour window). */
  now?: () => Date;
}

export const clockOf = (deps: UseCaseDeps): Date => deps.now?.() ?? new Date();

/** An agent acting, as far as the history's notes and assignment need them. */
export interface AgentRef {
  /** null for the bootstrap admin token, which is no agent. */
  id: string | null;
  name?: string | null;
}

/** Who asks for an assignment: the role decides whose chats they may move. */
export interface Actor extends AgentRef {
  role: 'admin' | 'agent';
}

/** Work on one contact's conversation, its row locked so that actions on it are serialised. */
type ConversationWork<T> = (tx: Tx, conversation: ConversationRow, events: EventBatch) => Promise<T>;

/** `contact`: the conversation's id, or its contact's phone number (`+digits`). */
export function withConversation<T>(deps: UseCaseDeps, contact: string, work: ConversationWork<T>): Promise<T> {
  return inTransaction(deps.db, deps.bus, async (tx, events) => {
    const conversation = await lockConversation(tx, contact);
    if (!conversation) throw new DomainError('CONVERSATION_NOT_FOUND', `No conversation with ${contact}.`);
    return work(tx, conversation, events);
  });
}

/** As `withConversation`, for actions that need an active support chat (CHAT_NOT_ACTIVE otherwise). */
export function withActiveChat<T>(
  deps: UseCaseDeps,
  phoneNumber: string,
  work: (tx: Tx, conversation: ConversationRow & { activeChatSessionId: string }, events: EventBatch) => Promise<T>,
): Promise<T> {
  return withConversation(deps, phoneNumber, (tx, conversation, events) => {
    const { activeChatSessionId } = conversation;
    if (conversation.state !== 'CHAT_SUPPORT_ACTIVE' || !activeChatSessionId) {
      throw new DomainError('CHAT_NOT_ACTIVE', 'There is no active support chat with this user (it may have been ended already).');
    }
    return work(tx, { ...conversation, activeChatSessionId }, events);
  });
}
