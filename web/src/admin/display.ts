/** The admin API's shapes, as the inbox reads them (see the server's admin routes). */

export interface Agent {
  /** null for the bootstrap admin token, which is no agent. */
  id: string | null;
  name: string;
  email: string;
  role: 'admin' | 'agent';
}

export type ConversationState = 'idle' | 'awaiting_name' | 'registered' | 'chat_support_active';

export interface LastMessage {
  text: string;
  timestamp: string;
  sender: string;
}

export interface Conversation {
  id: string;
  phone_number: string;
  wa_id: string;
  profile_name: string | null;
  registered_name: string | null;
  name: string | null;
  state: ConversationState;
  chat_support_active: boolean;
  last_message: LastMessage | null;
  unread_count: number;
  last_inbound_at: string | null;
  window_closes_at: string | null;
  updated_at: string;
}

export interface QueueChat {
  conversation_id: string;
  phone_number: string;
  name: string | null;
  chat_session_id: string;
  started_at: string;
  waiting_since: string | null;
  unanswered: boolean;
  assigned_agent_id: string | null;
  assigned_agent_name: string | null;
  last_message: LastMessage | null;
}

export type DeliveryStatus = 'received' | 'noted' | 'pending' | 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

export interface MessageError {
  code: number | string | null;
  title: string | null;
  detail?: string | null;
}

export interface Message {
  id: number;
  /** internal: a note for agents ("Ada ended the chat"), never sent to WhatsApp. */
  direction: 'inbound' | 'outbound' | 'internal';
  sender: 'user' | 'bot' | 'agent' | 'system';
  agent_id: string | null;
  type: string;
  text: string | null;
  timestamp: string;
  status: DeliveryStatus;
  error: MessageError | null;
  chat_session_id: string | null;
}

export interface ChatInfo {
  id: string;
  started_at: string;
  started_by: string;
  first_response_at: string | null;
  assigned_agent_id: string | null;
  assigned_agent_name: string | null;
}

export interface ConversationDetail {
  conversation: Conversation;
  chat: ChatInfo | null;
  past_chats: number;
}

export interface MessagePage {
  messages: Message[];
  next_cursor: string | null;
}

/** Server-Sent Events of `GET /api/admin/events`. */
export interface InboxEvents {
  'message.created': { conversation_id: string; phone_number: string | null; message: Message };
  'message.status': { conversation_id: string; phone_number: string | null; message_id: number; status: DeliveryStatus; error: MessageError | null };
  'chat.started': { conversation_id: string; phone_number: string | null; chat_session_id: string; started_by: string };
  'chat.ended': { conversation_id: string; phone_number: string | null; chat_session_id: string; ended_by: string };
  'chat.assigned': { conversation_id: string; phone_number: string | null; chat_session_id: string; agent_id: string | null };
}
export type InboxEventName = keyof InboxEvents;
export type InboxEvent = { [K in InboxEventName]: { name: K; data: InboxEvents[K] } }[InboxEventName];

/** WhatsApp's 4096 characters minus the 17 of the "🎧 Support Team: " prefix the server adds. */
export const REPLY_LIMIT = 4079;
export const CLOSING_LIMIT = 1024;
export const DEFAULT_CLOSING = 'Thank you for contacting support!';

export const displayName = (c: { name: string | null; phone_number: string }) => c.name?.trim() || c.phone_number;
