import { asc, isNull, sql } from 'drizzle-orm';
import type { TeamMember } from '../contract/team.js';
import type { Executor } from '../db/client.js';
import { agents, messages, type MessageRow } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { noteCreated, notificationCreated } from '../events/payloads.js';
import { insertMentions, listNotifications } from '../store/notifications.js';
import { withConversation, type AgentRef, type UseCaseDeps } from './deps.js';

const MENTION = /(?:^|[^\p{L}\p{N}_.@])@([\p{L}\p{N}][\p{L}\p{N}._-]{0,63})/gu;

/** What `@handle` names in a note: an agent's first name, their name without spaces or with dots, or their e-mail's local part. */
export function mentionHandles(agent: { name: string; email: string }): string[] {
  const name = agent.name.trim().toLowerCase();
  const words = name.split(/\s+/).filter(Boolean);
  return [...new Set([words[0] ?? '', words.join(''), words.join('.'), words.join('_'), agent.email.toLowerCase().split('@')[0] ?? ''].filter(Boolean))];
}

/** The `@handles` written in a text, lower-cased, each once (trailing dots of a sentence dropped). */
export function mentionedHandles(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map((match) => match[1]!.replace(/[._-]+$/, '').toLowerCase()))];
}

/** The active agents a note mentions. */
async function mentionedAgents(tx: Executor, text: string): Promise<string[]> {
  const handles = mentionedHandles(text);
  if (handles.length === 0) return [];
  const active = await tx.select({ id: agents.id, name: agents.name, email: agents.email }).from(agents).where(isNull(agents.disabledAt));
  return active.filter((agent) => mentionHandles(agent).some((handle) => handles.includes(handle))).map((agent) => agent.id);
}

/**
 * An agent writes a private note in a conversation: kept in its history for agents only (never sent to
 * WhatsApp), and every agent it `@mentions` (but its author) gets a notification, live.
 */
export async function addNote(deps: UseCaseDeps, contact: string, text: string, agent: AgentRef = { id: null }): Promise<MessageRow> {
  const words = text.trim();
  if (words === '') throw new DomainError('EMPTY_MESSAGE', 'A note needs some words.');
  return withConversation(deps, contact, async (tx, conversation, events) => {
    const [note] = await tx
      .insert(messages)
      .values({
        conversationId: conversation.id, chatSessionId: conversation.activeChatSessionId, direction: 'internal', sender: 'agent',
        agentId: agent.id, type: 'note', text: words, status: 'noted',
      })
      .returning();
    const mentioned = (await mentionedAgents(tx, words)).filter((id) => id !== agent.id);
    events.add(noteCreated(conversation, note!, agent.name ?? null, mentioned));
    for (const agentId of mentioned) {
      const [id] = await insertMentions(tx, { agentIds: [agentId], conversationId: conversation.id, messageId: note!.id, actorAgentId: agent.id });
      const [notification] = await listNotifications(tx, agentId, { limit: 1, ids: [id!] });
      events.add(notificationCreated(conversation, notification!));
    }
    return note!;
  });
}

/** The active agents for mentions and the team's view: the first handle each answers to is their `mention`. */
export async function teamMembers(db: Executor): Promise<TeamMember[]> {
  const rows = await db
    .select({
      id: agents.id, name: agents.name, email: agents.email, availability: agents.availability,
      open: sql<number>`(select count(*)::int from chat_sessions s where s.ended_at is null and s.assigned_agent_id = ${agents.id})`,
    })
    .from(agents)
    .where(isNull(agents.disabledAt))
    .orderBy(asc(sql`lower(${agents.name})`));
  // The first name when nobody else shares it, else the whole name joined (then the e-mail's name).
  const firstNames = new Map<string, number>();
  for (const row of rows) {
    const first = mentionHandles(row)[0]!;
    firstNames.set(first, (firstNames.get(first) ?? 0) + 1);
  }
  return rows.map((row) => {
    const handles = mentionHandles(row);
    const mention = firstNames.get(handles[0]!) === 1 ? handles[0]! : (handles[1] ?? handles.at(-1)!);
    return { id: row.id, name: row.name, mention, availability: row.availability, open_chats: row.open };
  });
}
