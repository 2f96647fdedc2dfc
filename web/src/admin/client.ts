import { api, segment } from '../shared/api';
import type { OneAgent } from '@contract/agents';
import type { WhoAmI } from '@contract/auth';
import type {
  ChatAssignment, ConversationDetail, ConversationPage, EndedChat, MarkedRead, MessageHistory, MessageMedia, Queue, ReactedMessage,
  SentMedia, SentMessage, StartedChat, TypingShown,
} from '@contract/conversations';
import type { TemplateList, TemplateSendBody } from '@contract/templates';

const base = '/api/admin';
const conv = (phone: string) => `${base}/conversations/${segment(phone)}`;

/** Every admin API call the inbox makes, in one place. */
export const adminApi = {
  me: () => api<WhoAmI>('GET', `${base}/auth/me`),
  login: (email: string, password: string) => api<OneAgent>('POST', `${base}/auth/login`, { email, password }),
  logout: () => api<unknown>('POST', `${base}/auth/logout`),
  conversations: (q: string) => api<ConversationPage>('GET', `${base}/conversations?limit=50${q ? `&q=${encodeURIComponent(q)}` : ''}`),
  queue: () => api<Queue>('GET', `${base}/queue`),
  conversation: (phone: string) => api<ConversationDetail>('GET', conv(phone)),
  messages: (phone: string, before?: string) =>
    api<MessageHistory>('GET', `${conv(phone)}/messages?limit=100${before ? `&before=${encodeURIComponent(before)}` : ''}`),
  /** `replyTo`: the id of a message of this conversation to quote. */
  send: (phone: string, message: string, replyTo?: number) =>
    api<SentMessage>('POST', `${conv(phone)}/chat-support/send`, replyTo === undefined ? { message } : { message, reply_to: replyTo }),
  /** `''` removes the agent's reaction. */
  react: (phone: string, messageId: number, emoji: string) => api<ReactedMessage>('POST', `${conv(phone)}/reactions`, { message_id: messageId, emoji }),
  typing: (phone: string) => api<TypingShown>('POST', `${conv(phone)}/typing`),
  /** Fetches a failed attachment again (pending until it arrives or fails again). */
  retryMedia: (id: string) => api<{ media: MessageMedia }>('POST', `${base}/media/${segment(id)}/retry`),
  /** Where `upload.ts` posts an attachment (multipart, with progress). */
  mediaUploadUrl: (phone: string) => `${conv(phone)}/media`,
  end: (phone: string, message: string) => api<EndedChat>('POST', `${conv(phone)}/chat-support/end`, { message }),
  start: (phone: string) => api<StartedChat>('POST', `${conv(phone)}/chat-support/start`),
  /** null unassigns. */
  assign: (phone: string, agentId: string | null) => api<ChatAssignment>('POST', `${conv(phone)}/chat-support/assign`, { agent_id: agentId }),
  /** The message templates as last synced, approved ones first. */
  templates: () => api<TemplateList>('GET', `${base}/templates`),
  /** An approved template, also after the 24-hour window. */
  sendTemplate: (phone: string, template: TemplateSendBody) => api<SentMedia>('POST', `${conv(phone)}/template`, template),
  markRead: (phone: string) => api<MarkedRead>('POST', `${conv(phone)}/read`),
};
