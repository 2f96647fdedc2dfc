import { api, segment } from '../shared/api';
import type { OneAgent } from '@contract/agents';
import type { WhoAmI } from '@contract/auth';
import type {
  ChatAssignment, ConversationDetail, ConversationPage, EndedChat, MarkedRead, MessageHistory, MessageMedia, Queue, ReactedMessage,
  SentMedia, SentMessage, StartedChat, TypingShown,
} from '@contract/conversations';
import type { TemplateList, TemplateSendBody } from '@contract/templates';
import type { CannedResponseList, ConversationLabels, LabelList, NotificationList, StatusBody, TeamList, ViewCounts } from '@contract/team';

/** What the list can be narrowed to besides the search text (empty: everything). */
export interface ListFilter {
  status?: string;
  assignee?: string;
  label?: string;
}
const filterQuery = (filter: ListFilter) =>
  (['status', 'assignee', 'label'] as const).map((key) => (filter[key] ? `&${key}=${encodeURIComponent(filter[key])}` : '')).join('');

const base = '/api/admin';
const conv = (phone: string) => `${base}/conversations/${segment(phone)}`;

/** Every admin API call the inbox makes, in one place. */
export const adminApi = {
  me: () => api<WhoAmI>('GET', `${base}/auth/me`),
  login: (email: string, password: string) => api<OneAgent>('POST', `${base}/auth/login`, { email, password }),
  logout: () => api<unknown>('POST', `${base}/auth/logout`),
  conversations: (q: string, filter: ListFilter = {}) =>
    api<ConversationPage>('GET', `${base}/conversations?limit=50${q ? `&q=${encodeURIComponent(q)}` : ''}${filterQuery(filter)}`),
  /** How many conversations each view holds (by status, mine, unassigned, per label), each on its own. */
  viewCounts: () => api<ViewCounts>('GET', `${base}/conversations/counts`),
  /** open, pending, snoozed (until a time, or absent: until the user writes), resolved (ends an active chat). */
  setStatus: (phone: string, body: StatusBody) => api<unknown>('POST', `${conv(phone)}/status`, body),
  labels: () => api<LabelList>('GET', `${base}/labels`),
  team: () => api<TeamList>('GET', `${base}/team`),
  setLabels: (phone: string, labels: string[]) => api<ConversationLabels>('PUT', `${conv(phone)}/labels`, { labels }),
  note: (phone: string, text: string) => api<unknown>('POST', `${conv(phone)}/notes`, { text }),
  cannedResponses: () => api<CannedResponseList>('GET', `${base}/canned-responses`),
  notifications: () => api<NotificationList>('GET', `${base}/notifications`),
  /** Absent ids: all of mine. */
  readNotifications: (ids?: number[]) => api<unknown>('POST', `${base}/notifications/read`, ids ? { ids } : {}),
  /** `keepalive`: sent as the page closes. */
  presence: (phone: string, state: 'viewing' | 'typing' | 'left', keepalive = false) => api<unknown>('POST', `${conv(phone)}/presence`, { state }, { keepalive }),
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
