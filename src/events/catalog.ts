/**
 * The events wadesk publishes, in one place. Two maps, as they are two things:
 * - `ClientEvents`: what happened, in the shape the inbox receives over Server-Sent Events. These payloads
 *   are what the event log stores, so a reconnecting inbox gets the same bytes it would have got live.
 * - `BusEvents`: what the server's own parts listen for in-process (a committed client event, new outbox
 *   rows). Nothing outside the process sees these.
 * Payloads are built by the functions in `payloads.ts`, one per event, and nowhere else.
 *
 * This module imports nothing: the database schema types its columns with it.
 */

/** Where an outbound message stands; it only moves forward (see DELIVERY_RANK in store/messages.ts). */
export type DeliveryState = 'pending' | 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';
/** A stored message's status: inbound messages are `received`, internal notes `noted`. */
export type MessageStatus = DeliveryState | 'received' | 'noted';

/** A message as the admin API and the inbox's live events show it (built by `messageView`). */
export interface MessageView {
  id: number;
  direction: 'inbound' | 'outbound' | 'internal';
  sender: 'user' | 'bot' | 'agent' | 'system';
  agent_id: string | null;
  type: string;
  text: string | null;
  media: unknown;
  timestamp: string;
  status: MessageStatus;
  error: { code: number | null; title: string | null; detail: string | null } | null;
  chat_session_id: string | null;
}

interface AboutConversation {
  conversation_id: string;
  /** null for a username-only contact. */
  phone_number: string | null;
}

export interface ClientEvents {
  'message.created': AboutConversation & { message: MessageView };
  'message.status': AboutConversation & {
    message_id: number;
    status: DeliveryState;
    error: { code: number | null; title: string | null } | null;
  };
  'chat.started': AboutConversation & { chat_session_id: string; started_by: 'user' | 'agent' };
  'chat.ended': AboutConversation & { chat_session_id: string; ended_by: 'user' | 'agent' };
  'chat.assigned': AboutConversation & { chat_session_id: string; agent_id: string | null };
}

export type EventName = keyof ClientEvents;
export type EventPayload = ClientEvents[EventName];

/** An event not yet committed: its name and payload belong together. */
export type PendingEvent = { [K in EventName]: { name: K; payload: ClientEvents[K] } }[EventName];

/** An event after commit, with its id in the event log (the SSE id). */
export interface StoredEvent {
  id: number;
  name: EventName;
  payload: EventPayload;
}

/** What the server's parts tell each other in-process (see EventBus). */
export interface BusEvents {
  /** A client event was committed (by this instance, or by any instance when the log is shared). */
  committed: [event: StoredEvent];
  /** New outbox rows were committed: the dispatcher should look now rather than at its next poll. */
  outbox: [];
}
