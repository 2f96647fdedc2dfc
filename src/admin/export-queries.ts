import { and, asc, eq, gt, gte, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client.js';
import { agents, chatSessions, conversations, messages } from '../db/schema.js';
import type { ExportedChat, ExportedContact } from '../contract/export.js';
import type { MessageItem } from '../contract/conversations.js';
import { messageView } from '../events/message-view.js';

/**
 * What the exports read, a bounded page per statement: on PGlite each statement runs in the server's
 * thread, so none may take long, and between pages the event loop serves other requests. Nothing here
 * holds a transaction open (on PGlite that would hold up every other query): rows written while an export
 * runs may or may not be in it.
 */

/** Half-open: from `start` (inclusive) to `end` (exclusive). */
export interface TimeRange {
  start: Date;
  end: Date;
}

/** Messages per statement. */
export const MESSAGE_PAGE = 500;
/** Conversations looked at per statement by the range export (those with activity in the range are kept). */
export const CONVERSATION_CHUNK = 200;

const contactColumns = {
  id: conversations.id, phoneNumber: conversations.phoneNumber, waId: conversations.waId, username: conversations.username,
  userId: conversations.userId, profileName: conversations.profileName, registeredName: conversations.registeredName,
  createdAt: conversations.createdAt,
  labels: sql<string[] | string>`coalesce((select json_agg(l.name order by lower(l.name)) from conversation_labels cl join labels l on l.id = cl.label_id where cl.conversation_id = conversations.id), '[]'::json)`,
};
interface ContactRow {
  id: string; phoneNumber: string | null; waId: string | null; username: string | null; userId: string | null;
  profileName: string | null; registeredName: string | null; createdAt: Date; labels: string[] | string;
}

function exportedContact(row: ContactRow): ExportedContact {
  return {
    id: row.id,
    name: row.registeredName ?? row.profileName,
    phone_number: row.phoneNumber,
    wa_id: row.waId,
    username: row.username,
    user_id: row.userId,
    profile_name: row.profileName,
    registered_name: row.registeredName,
    // A raw json column: parsed by both drivers; a string from one that does not.
    labels: typeof row.labels === 'string' ? (JSON.parse(row.labels) as string[]) : row.labels,
    created_at: new Date(row.createdAt).toISOString(),
  };
}

/** The contact of one conversation (the route has found it already; this adds the labels). */
export async function contactOf(db: Executor, conversationId: string): Promise<ExportedContact> {
  const [row] = await db.select(contactColumns).from(conversations).where(eq(conversations.id, conversationId));
  if (!row) throw new Error('the conversation went away during the export');
  return exportedContact(row);
}

const endedByAgent = alias(agents, 'ended_by_agent');
const iso = (at: Date | null) => at?.toISOString() ?? null;

/** A conversation's chats in the order they started; with a range, those open at some time in it. */
export async function chatsOf(db: Executor, conversationId: string, range?: TimeRange): Promise<ExportedChat[]> {
  const where: SQL[] = [eq(chatSessions.conversationId, conversationId)];
  if (range) where.push(lt(chatSessions.startedAt, range.end), or(isNull(chatSessions.endedAt), gte(chatSessions.endedAt, range.start))!);
  const rows = await db
    .select({ chat: chatSessions, assignedName: agents.name, endedByName: endedByAgent.name })
    .from(chatSessions)
    .leftJoin(agents, eq(agents.id, chatSessions.assignedAgentId))
    .leftJoin(endedByAgent, eq(endedByAgent.id, chatSessions.endedByAgentId))
    .where(and(...where))
    .orderBy(asc(chatSessions.startedAt), asc(chatSessions.id));
  return rows.map(({ chat, assignedName, endedByName }) => ({
    id: chat.id,
    started_at: chat.startedAt.toISOString(),
    started_by: chat.startedBy,
    ended_at: iso(chat.endedAt),
    ended_by: chat.endedBy,
    ended_by_agent_name: endedByName,
    closing_message: chat.closingMessage,
    assigned_agent_id: chat.assignedAgentId,
    assigned_agent_name: assignedName,
    first_response_at: iso(chat.firstResponseAt),
    csat_status: chat.csatStatus,
    csat_rating: chat.csatRating,
    csat_comment: chat.csatComment,
    csat_rated_at: iso(chat.csatRatedAt),
  }));
}

/**
 * A conversation's messages oldest first, in pages of `pageSize` read one statement each (keyset on the
 * id, which `messages_conversation_idx` serves); with a range, only those written in it.
 */
export async function* messagePages(db: Executor, conversationId: string, options: { range?: TimeRange; pageSize?: number } = {}): AsyncGenerator<MessageItem[]> {
  const pageSize = options.pageSize ?? MESSAGE_PAGE;
  const inRange = options.range ? [gte(messages.createdAt, options.range.start), lt(messages.createdAt, options.range.end)] : [];
  let after = 0;
  for (;;) {
    const rows = await db
      .select({ message: messages, agentName: agents.name })
      .from(messages)
      .leftJoin(agents, eq(agents.id, messages.agentId))
      .where(and(eq(messages.conversationId, conversationId), gt(messages.id, after), ...inRange))
      .orderBy(asc(messages.id))
      .limit(pageSize);
    if (rows.length > 0) yield rows.map(({ message, agentName }) => messageView(message, agentName));
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.message.id;
  }
}

/**
 * The contacts of every conversation with a message written in the range, by conversation id. Each
 * statement looks at the next `chunk` conversations only, so its work stays bounded however few of them
 * had activity (messages have no index by time; each conversation's are found by `messages_conversation_idx`).
 */
export async function* contactsActiveIn(db: Executor, range: TimeRange, chunk = CONVERSATION_CHUNK): AsyncGenerator<ExportedContact> {
  let after: string | null = null;
  for (;;) {
    const rows = await db
      .select({
        ...contactColumns,
        active: sql<boolean>`exists (select 1 from messages m where m.conversation_id = conversations.id
          and m.created_at >= ${range.start.toISOString()}::timestamptz and m.created_at < ${range.end.toISOString()}::timestamptz)`,
      })
      .from(conversations)
      .where(after === null ? undefined : gt(conversations.id, after))
      .orderBy(asc(conversations.id))
      .limit(chunk);
    for (const row of rows) if (row.active) yield exportedContact(row);
    if (rows.length < chunk) return;
    after = rows.at(-1)!.id;
  }
}
