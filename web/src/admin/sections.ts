import type { ConversationItem, QueueChat } from '@contract/conversations';

/** What opens an active chat: its number, or its conversation id for a contact known only by username. */
export const chatAddress = (chat: QueueChat) => chat.phone_number ?? chat.conversation_id;

export interface Sections {
  /** Unanswered chats that are nobody's or mine, longest waiting first (the queue's order); not the snoozed ones. */
  waiting: QueueChat[];
  /** Answered or snoozed chats assigned to me; null for a principal that is no agent (the bootstrap token). */
  mine: QueueChat[] | null;
  /** The other active chats: answered and nobody's, or someone else's. */
  otherActive: QueueChat[];
  /** Conversations without an active chat, most recent activity first. */
  rest: ConversationItem[];
}

/** A chat is shown while searching when its name or number has the text, or the server's search found it (by what was written, a local number…). */
const matches = (chat: QueueChat, search: string, found: ReadonlySet<string> | null) => {
  const needle = search.trim().toLowerCase();
  return needle === '' || `${chat.name ?? ''} ${chat.phone_number ?? ''}`.toLowerCase().includes(needle) || !!found?.has(chat.conversation_id);
};

/**
 * Splits the list the way an agent reads it: who is waiting for me (or for anyone), what is mine, then
 * everything else; a snoozed chat is not waiting (nor counted in the tab title). Every active chat lands in exactly one section, so no row appears twice (j/k would
 * visit it twice). `me` is the signed-in agent's id; `found`: the ids of the conversations the server's search answered.
 */
export function sectionsFor(queue: QueueChat[], conversations: ConversationItem[], me: string | null, search: string, found: ReadonlySet<string> | null): Sections {
  const chats = queue.filter((chat) => matches(chat, search, found));
  const isMine = (chat: QueueChat) => me !== null && chat.assigned_agent_id === me;
  // A snoozed chat is put aside (until a time, or until the user writes, which reopens it): it waits for nobody.
  const waits = (chat: QueueChat) => chat.unanswered && chat.status !== 'snoozed';
  const waiting = chats.filter((chat) => waits(chat) && (chat.assigned_agent_id === null || isMine(chat)));
  const mine = me === null ? null : chats.filter((chat) => isMine(chat) && !waits(chat));
  const shown = new Set([...waiting, ...(mine ?? [])]);
  const active = new Set(queue.map((chat) => chat.conversation_id));
  return {
    waiting,
    mine,
    otherActive: chats.filter((chat) => !shown.has(chat)),
    rest: conversations.filter((c) => !active.has(c.id) && !c.chat_support_active),
  };
}
