import type { Tx } from '../db/client.js';
import { DomainError } from '../domain-error.js';
import type { EventBatch } from '../events/bus.js';
import { chatAssigned, messageCreated, type ConversationRef } from '../events/payloads.js';
import { assignedAgentOf, assignIfUnassigned, findAssignee, setAssignedAgent } from '../store/chat-sessions.js';
import { insertSystemNote } from '../store/messages.js';
import { withActiveChat, type Actor, type AgentRef, type UseCaseDeps } from './deps.js';

export interface Assignee {
  id: string;
  name: string;
}

/**
 * Assigns the active chat to `agentId`, or unassigns it (null). An agent may take an unassigned chat
 * and give back their own; giving a chat to someone else, or taking it from someone, needs the admin
 * role. The current assignee is read under the conversation lock, so two agents pressing "Assign to
 * me" at once are serialised and the second one gets NOT_ALLOWED. Assigning to the current assignee
 * changes nothing and writes no note.
 */
export async function assignChat(
  deps: UseCaseDeps,
  contact: string,
  agentId: string | null,
  actor: Actor,
): Promise<{ chatSessionId: string; assignee: Assignee | null }> {
  const admin = actor.role === 'admin';
  if (!admin && agentId !== null && agentId !== actor.id) throw new DomainError('NOT_ALLOWED', 'Only an admin can assign a chat to someone else.');
  return withActiveChat(deps, contact, async (tx, conversation, events) => {
    const chatSessionId = conversation.activeChatSessionId;
    const target = agentId === null ? null : await findAssignee(tx, agentId);
    if (agentId !== null && !target) throw new DomainError('AGENT_NOT_FOUND', 'No such agent.');
    if (target?.disabled) throw new DomainError('AGENT_DISABLED', `${target.name} is disabled and cannot be given chats.`);
    const current = await assignedAgentOf(tx, chatSessionId);
    if (!admin && current !== null && current !== actor.id) {
      throw new DomainError('NOT_ALLOWED', 'The chat is assigned to another agent; only an admin can take it over or unassign it.');
    }
    const assignee = target ? { id: target.id, name: target.name } : null;
    if (current !== (assignee?.id ?? null)) await recordAssignment(tx, conversation, { chatSessionId, assignee, actor }, events);
    return { chatSessionId, assignee };
  });
}

/** An agent who answers an unassigned chat takes it (no note: their reply says enough). */
export async function takeIfUnassigned(tx: Tx, conversation: ConversationRef, chatSessionId: string, agent: AgentRef, events: EventBatch): Promise<void> {
  if (agent.id && (await assignIfUnassigned(tx, chatSessionId, agent.id))) {
    events.add(chatAssigned(conversation, chatSessionId, agent));
  }
}

/** Who the chat goes to (null: nobody) and who decided it. */
interface AssignmentChange {
  chatSessionId: string;
  assignee: Assignee | null;
  actor: AgentRef;
}

/**
 * Gives the open chat to an agent (or to nobody), with a note in the history written like the chat
 * start/end notes, and the `chat.assigned` event the inboxes follow. In the caller's transaction.
 */
async function recordAssignment(tx: Tx, conversation: ConversationRef, change: AssignmentChange, events: EventBatch): Promise<void> {
  const { chatSessionId, assignee } = change;
  await setAssignedAgent(tx, chatSessionId, assignee?.id ?? null);
  events.add(messageCreated(conversation, await insertSystemNote(tx, conversation.id, chatSessionId, assignmentNote(change)), null));
  events.add(chatAssigned(conversation, chatSessionId, assignee));
}

/** "Grace took the chat", "Grace assigned the chat to Tolu", "Grace unassigned the chat". */
function assignmentNote({ assignee, actor }: AssignmentChange): string {
  const who = actor.name ?? 'An agent';
  if (!assignee) return `${who} unassigned the chat`;
  return assignee.id === actor.id ? `${who} took the chat` : `${who} assigned the chat to ${assignee.name}`;
}
