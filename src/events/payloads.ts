import type { ConversationStatus } from '../contract/conversations.js';
import type { NotificationItem } from '../contract/team.js';
import type { MessageRow } from '../db/schema.js';
import { messageView } from './message-view.js';
import type { ClientEvents, PendingEvent } from './catalog.js';

/** The conversation an event is about, as far as events need it. */
export interface ConversationRef {
  id: string;
  phoneNumber: string | null;
}

const about = (conversation: ConversationRef) => ({ conversation_id: conversation.id, phone_number: conversation.phoneNumber });

/**
 * A message joined the history (user message, reply, agent message or internal note). `agentName`: its
 * agent's name, for an agent's message (see `messageView`).
 */
export function messageCreated(conversation: ConversationRef, message: MessageRow, agentName: string | null): PendingEvent {
  return { name: 'message.created', payload: { ...about(conversation), message: messageView(message, agentName) } };
}

/** A stored message changed (its attachment arrived or failed, a reaction): the inbox replaces it. */
export function messageUpdated(conversation: ConversationRef, message: MessageRow, agentName: string | null): PendingEvent {
  return { name: 'message.updated', payload: { ...about(conversation), message: messageView(message, agentName) } };
}

export function chatStarted(conversation: ConversationRef, chatSessionId: string, startedBy: 'user' | 'agent'): PendingEvent {
  return { name: 'chat.started', payload: { ...about(conversation), chat_session_id: chatSessionId, started_by: startedBy } };
}

export function chatEnded(conversation: ConversationRef, chatSessionId: string, endedBy: 'user' | 'agent'): PendingEvent {
  return { name: 'chat.ended', payload: { ...about(conversation), chat_session_id: chatSessionId, ended_by: endedBy } };
}

/** The user rated the chat, or commented on their rating. */
export function chatRated(conversation: ConversationRef, chatSessionId: string, rating: { rating: number; comment: string | null; agentId: string | null }): PendingEvent {
  return {
    name: 'chat.rated',
    payload: { ...about(conversation), chat_session_id: chatSessionId, rating: rating.rating, comment: rating.comment, agent_id: rating.agentId },
  };
}

/** An agent as events name them: who did something, or who was given a chat (null: nobody, the user or the clock). */
export interface AgentNamed {
  id: string | null;
  name?: string | null;
}

const who = (agent: AgentNamed | null | undefined) => ({ agent_id: agent?.id ?? null, agent_name: agent?.id ? (agent.name ?? null) : null });

/** The chat was given to an agent (`assignee`), or to nobody (null). */
export function chatAssigned(conversation: ConversationRef, chatSessionId: string, assignee: AgentNamed | null): PendingEvent {
  return { name: 'chat.assigned', payload: { ...about(conversation), chat_session_id: chatSessionId, ...who(assignee) } };
}

/** A message's delivery status moved. */
export type StatusChange = ClientEvents['message.status'];

export function messageStatus(change: StatusChange): PendingEvent {
  return { name: 'message.status', payload: change };
}

/** The status change for a message row (`conversation`: the message's conversation). */
export function statusChange(
  conversation: ConversationRef,
  messageId: number,
  status: StatusChange['status'],
  error: StatusChange['error'],
): StatusChange {
  return { ...about(conversation), message_id: messageId, status, error };
}

/** Where the conversation stands for the team changed; `actor`: who changed it (null: the user's message or the clock). */
export function conversationStatusChanged(
  conversation: ConversationRef,
  status: ConversationStatus,
  previous: ConversationStatus,
  snoozedUntil: Date | null,
  actor: AgentNamed | null,
): PendingEvent {
  return {
    name: 'conversation.status_changed',
    payload: { ...about(conversation), status, previous_status: previous, snoozed_until: snoozedUntil?.toISOString() ?? null, ...who(actor) },
  };
}

export function conversationLabelsChanged(conversation: ConversationRef, labels: string[], actor: AgentNamed | null): PendingEvent {
  return { name: 'conversation.labels_changed', payload: { ...about(conversation), labels, ...who(actor) } };
}

/** A private note; the inbox shows it in the transcript like a message, apart. */
export function noteCreated(conversation: ConversationRef, note: MessageRow, agentName: string | null, mentioned: string[]): PendingEvent {
  return { name: 'note.created', payload: { ...about(conversation), message: messageView(note, agentName), mentioned_agent_ids: mentioned } };
}

export function notificationCreated(conversation: ConversationRef, notification: NotificationItem): PendingEvent {
  return { name: 'notification.created', payload: { ...about(conversation), notification } };
}
