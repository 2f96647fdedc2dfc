import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { NotificationItem } from '../contract/team.js';
import type { Executor } from '../db/client.js';
import { agents, conversations, messages, notifications } from '../db/schema.js';

const actors = alias(agents, 'actor');

/** Notifications as the API shows them, newest first. */
export async function listNotifications(db: Executor, agentId: string, options: { limit: number; ids?: number[] }): Promise<NotificationItem[]> {
  const rows = await db
    .select({
      n: notifications, phoneNumber: conversations.phoneNumber,
      contactName: sql<string | null>`coalesce(${conversations.registeredName}, ${conversations.profileName}, ${conversations.username})`,
      text: messages.text, actorName: actors.name,
    })
    .from(notifications)
    .innerJoin(conversations, eq(conversations.id, notifications.conversationId))
    .leftJoin(messages, eq(messages.id, notifications.messageId))
    .leftJoin(actors, eq(actors.id, notifications.actorAgentId))
    .where(and(eq(notifications.agentId, agentId), options.ids ? inArray(notifications.id, options.ids) : undefined))
    .orderBy(desc(notifications.id))
    .limit(options.limit);
  return rows.map(({ n, phoneNumber, contactName, text, actorName }) => ({
    id: n.id, agent_id: n.agentId, kind: n.kind, conversation_id: n.conversationId, phone_number: phoneNumber, contact_name: contactName,
    message_id: n.messageId, text, actor_agent_id: n.actorAgentId, actor_name: actorName,
    created_at: n.createdAt.toISOString(), read_at: n.readAt?.toISOString() ?? null,
  }));
}

export async function unreadNotificationCount(db: Executor, agentId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.agentId, agentId), isNull(notifications.readAt)));
  return row?.count ?? 0;
}

export async function insertMentions(
  db: Executor,
  mention: { agentIds: string[]; conversationId: string; messageId: number; actorAgentId: string | null },
): Promise<number[]> {
  if (mention.agentIds.length === 0) return [];
  const rows = await db
    .insert(notifications)
    .values(mention.agentIds.map((agentId) => ({
      agentId, kind: 'mention' as const, conversationId: mention.conversationId, messageId: mention.messageId, actorAgentId: mention.actorAgentId,
    })))
    .returning({ id: notifications.id });
  return rows.map((row) => row.id);
}

/** Marks the agent's notifications read: these ids, those of one conversation, or all of them. */
export async function markNotificationsRead(db: Executor, agentId: string, which: { ids?: number[]; conversationId?: string } = {}): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(
      eq(notifications.agentId, agentId), isNull(notifications.readAt),
      which.ids ? inArray(notifications.id, which.ids) : undefined,
      which.conversationId ? eq(notifications.conversationId, which.conversationId) : undefined,
    ));
}
