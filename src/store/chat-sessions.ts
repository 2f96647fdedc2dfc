import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { agents, chatSessions } from '../db/schema.js';

export type ChatSessionRow = typeof chatSessions.$inferSelect;

export async function startChatSession(tx: Executor, conversationId: string, startedBy: 'user' | 'agent'): Promise<ChatSessionRow> {
  const [row] = await tx.insert(chatSessions).values({ conversationId, startedBy }).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Ends the open session; returns null if it was already ended (the caller reports a conflict). */
export async function endChatSession(
  tx: Executor,
  id: string,
  end: { endedBy: 'user' | 'agent' | 'system'; agentId?: string | null; closingMessage?: string | null },
): Promise<ChatSessionRow | null> {
  const [row] = await tx
    .update(chatSessions)
    .set({ endedAt: sql`now()`, endedBy: end.endedBy, endedByAgentId: end.agentId ?? null, closingMessage: end.closingMessage ?? null })
    .where(and(eq(chatSessions.id, id), isNull(chatSessions.endedAt)))
    .returning();
  return row ?? null;
}

/** Remembers when an agent first answered (the "first response time" of the chat). */
export async function recordAgentResponse(tx: Executor, id: string): Promise<void> {
  await tx
    .update(chatSessions)
    .set({ firstResponseAt: sql`coalesce(${chatSessions.firstResponseAt}, now())` })
    .where(eq(chatSessions.id, id));
}

/** Gives an unassigned chat to the agent who answers it first; returns true when it was assigned now. */
export async function assignIfUnassigned(tx: Executor, id: string, agentId: string): Promise<boolean> {
  const rows = await tx
    .update(chatSessions)
    .set({ assignedAgentId: agentId })
    .where(and(eq(chatSessions.id, id), isNull(chatSessions.assignedAgentId)))
    .returning({ id: chatSessions.id });
  return rows.length > 0;
}

/** The chat's assignee now (read under the conversation lock, so it cannot change before the update). */
export async function assignedAgentOf(tx: Executor, id: string): Promise<string | null> {
  const [row] = await tx.select({ agentId: chatSessions.assignedAgentId }).from(chatSessions).where(eq(chatSessions.id, id));
  return row?.agentId ?? null;
}

/** Gives the chat to `agentId`, or takes it from whoever has it (null). */
export async function setAssignedAgent(tx: Executor, id: string, agentId: string | null): Promise<void> {
  await tx.update(chatSessions).set({ assignedAgentId: agentId }).where(eq(chatSessions.id, id));
}

/** The agent a chat may be given to: null when there is no such agent. */
export async function findAssignee(tx: Executor, agentId: string): Promise<{ id: string; name: string; disabled: boolean } | null> {
  const [row] = await tx.select({ id: agents.id, name: agents.name, disabledAt: agents.disabledAt }).from(agents).where(eq(agents.id, agentId));
  return row ? { id: row.id, name: row.name, disabled: row.disabledAt !== null } : null;
}
