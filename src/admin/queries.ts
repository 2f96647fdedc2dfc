import { and, desc, eq, ilike, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { chatSessions, conversations, messages } from '../db/schema.js';
import { AppError } from '../errors.js';
import { windowClosesAt } from '../support/window.js';

export interface ConversationFilter {
  limit: number;
  cursor?: string;
  state?: string;
  active?: boolean;
  search?: string;
}

const encodeCursor = (parts: Array<string | number>) => Buffer.from(parts.join('|')).toString('base64url');
function decodeCursor(cursor: string, count: number): string[] {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (parts.length !== count || parts.some((p) => p === '')) throw new AppError(400, 'INVALID_CURSOR', 'The cursor is not one this API gave out.');
  return parts;
}

/** The seed's `sender` vocabulary: agents appear as "admin". */
export const seedSender = (sender: string) => (sender === 'agent' ? 'admin' : sender);

/** Conversations by most recent activity, with the last message and unread count; cursor-paged. */
export async function listConversations(db: Executor, filter: ConversationFilter) {
  const where: SQL[] = [];
  if (filter.state) where.push(eq(conversations.state, filter.state));
  if (filter.active) where.push(isNotNull(conversations.activeChatSessionId));
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(conversations.phoneNumber, like), ilike(conversations.profileName, like), ilike(conversations.registeredName, like))!);
  }
  if (filter.cursor) {
    const [at, id] = decodeCursor(filter.cursor, 2);
    where.push(sql`(${conversations.lastMessageAt}, ${conversations.id}) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const lastMessage = db
    .select({ text: messages.text, createdAt: messages.createdAt, sender: messages.sender, type: messages.type })
    .from(messages)
    .where(eq(messages.conversationId, conversations.id))
    .orderBy(desc(messages.id))
    .limit(1)
    .as('last_message');
  const rows = await db
    .select({
      conversation: conversations,
      lastText: lastMessage.text,
      lastAt: lastMessage.createdAt,
      lastSender: lastMessage.sender,
      lastType: lastMessage.type,
    })
    .from(conversations)
    .leftJoinLateral(lastMessage, sql`true`)
    .where(and(...where))
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const tail = page.at(-1);
  return {
    conversations: page.map(({ conversation: c, lastText, lastAt, lastSender, lastType }) => ({
      id: c.id,
      phone_number: c.phoneNumber,
      wa_id: c.waId,
      profile_name: c.profileName,
      registered_name: c.registeredName,
      name: c.registeredName ?? c.profileName,
      state: c.state.toLowerCase(),
      chat_support_active: c.activeChatSessionId !== null,
      last_message: lastAt ? { text: lastText ?? `[${lastType}]`, timestamp: lastAt.toISOString(), sender: seedSender(lastSender ?? 'user') } : null,
      unread_count: c.unreadCount,
      last_inbound_at: c.lastInboundAt?.toISOString() ?? null,
      window_closes_at: windowClosesAt(c.lastInboundAt)?.toISOString() ?? null,
      updated_at: c.lastMessageAt.toISOString(),
    })),
    next_cursor: rows.length > filter.limit && tail ? encodeCursor([tail.conversation.lastMessageAt.toISOString(), tail.conversation.id]) : null,
  };
}

export interface HistoryPage {
  limit: number;
  before?: string;
}

/** The full history (oldest first within the page), paged backwards from the newest. */
export async function conversationHistory(db: Executor, conversationId: string, page: HistoryPage) {
  const where: SQL[] = [eq(messages.conversationId, conversationId)];
  if (page.before) where.push(lt(messages.id, Number(decodeCursor(page.before, 1)[0])));
  const rows = await db.select().from(messages).where(and(...where)).orderBy(desc(messages.id)).limit(page.limit + 1);
  const slice = rows.slice(0, page.limit).reverse();
  return {
    messages: slice.map((m) => ({
      id: m.id,
      direction: m.direction,
      sender: m.sender,
      agent_id: m.agentId,
      type: m.type,
      text: m.text,
      media: m.media,
      timestamp: m.createdAt.toISOString(),
      status: m.status,
      error: m.errorCode !== null || m.errorTitle ? { code: m.errorCode, title: m.errorTitle, detail: m.errorDetail } : null,
      chat_session_id: m.chatSessionId,
    })),
    next_cursor: rows.length > page.limit && slice[0] ? encodeCursor([slice[0].id]) : null,
  };
}

/** The seed's view of the current (or latest) chat: its user and agent messages. */
export async function seedChatView(db: Executor, conversationId: string) {
  const [session] = await db
    .select()
    .from(chatSessions)
    .where(eq(chatSessions.conversationId, conversationId))
    .orderBy(desc(chatSessions.startedAt))
    .limit(1);
  if (!session) return { chat_last_message_time: null, chat_messages: [] };
  const rows = await db
    .select({ text: messages.text, createdAt: messages.createdAt, sender: messages.sender, type: messages.type })
    .from(messages)
    .where(and(eq(messages.chatSessionId, session.id), or(eq(messages.sender, 'user'), eq(messages.sender, 'agent'))))
    .orderBy(messages.id);
  const chatMessages = rows.map((m) => ({ text: m.text ?? `[${m.type}]`, timestamp: m.createdAt.toISOString(), sender: seedSender(m.sender) }));
  return { chat_last_message_time: chatMessages.at(-1)?.timestamp ?? null, chat_messages: chatMessages };
}
