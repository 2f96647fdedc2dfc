import { api, segment } from '../shared/api';
import type { Agent, Conversation, ConversationDetail, MessagePage, QueueChat } from './types';

const base = '/api/admin';
const conv = (phone: string) => `${base}/conversations/${segment(phone)}`;

/** Every admin API call the inbox makes, in one place. */
export const adminApi = {
  me: () => api<{ agent: Agent }>('GET', `${base}/auth/me`),
  login: (email: string, password: string) => api<{ agent: Agent }>('POST', `${base}/auth/login`, { email, password }),
  logout: () => api<unknown>('POST', `${base}/auth/logout`),
  conversations: (q: string) =>
    api<{ conversations: Conversation[]; next_cursor: string | null }>('GET', `${base}/conversations?limit=50${q ? `&q=${encodeURIComponent(q)}` : ''}`),
  queue: () => api<{ chats: QueueChat[] }>('GET', `${base}/queue`),
  conversation: (phone: string) => api<ConversationDetail>('GET', conv(phone)),
  messages: (phone: string, before?: string) =>
    api<MessagePage>('GET', `${conv(phone)}/messages?limit=100${before ? `&before=${encodeURIComponent(before)}` : ''}`),
  send: (phone: string, message: string) => api<unknown>('POST', `${conv(phone)}/chat-support/send`, { message }),
  end: (phone: string, message: string) => api<unknown>('POST', `${conv(phone)}/chat-support/end`, { message }),
  start: (phone: string) => api<unknown>('POST', `${conv(phone)}/chat-support/start`),
  /** null unassigns. */
  assign: (phone: string, agentId: string | null) =>
    api<{ assigned_agent_id: string | null; assigned_agent_name: string | null }>('POST', `${conv(phone)}/chat-support/assign`, { agent_id: agentId }),
  markRead: (phone: string) => api<unknown>('POST', `${conv(phone)}/read`),
};
