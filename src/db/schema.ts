import { sql } from 'drizzle-orm';
import {
  bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import type { ConversationState, StateData } from '../bot/types.js';
import type { ContactCard, Location, QuotedMessage, Reaction } from '../contract/conversations.js';
import type { EventName, EventPayload, MediaStatus, MessageStatus, StoredMedia } from '../events/catalog.js';
import type { DeliveryStatus, WhatsAppError } from '../whatsapp/types.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** One WhatsApp contact talking to the business number, with the bot's state for them. */
export const conversations = pgTable('conversations', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** `wa_id ?? user_id`: what WhatsApp identifies the contact by. */
  contactKey: text('contact_key').notNull(),
  waId: text('wa_id'),
  userId: text('user_id'),
  /** E.164 (`+2348012345678`); null for a username-only contact. */
  phoneNumber: text('phone_number'),
  profileName: text('profile_name'),
  username: text('username'),
  registeredName: text('registered_name'),
  state: text('state').$type<ConversationState>().notNull().default('IDLE'),
  stateData: jsonb('state_data').$type<StateData>().notNull().default({}),
  activeChatSessionId: uuid('active_chat_session_id'),
  lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
  lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
  /** User messages no agent has seen yet (reset when an agent opens or answers the conversation). */
  unreadCount: integer('unread_count').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('conversations_contact_key_uq').on(t.contactKey),
  uniqueIndex('conversations_phone_number_uq').on(t.phoneNumber),
  index('conversations_last_message_at_idx').on(t.lastMessageAt),
]);

/** A live-support chat: from the hand-off until the user or an agent ends it. */
export const chatSessions = pgTable('chat_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  /** Who started it: the user (menu/keyword) or an agent (from the API). */
  startedBy: text('started_by').$type<'user' | 'agent'>().notNull().default('user'),
  firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  endedBy: text('ended_by'),
  endedByAgentId: uuid('ended_by_agent_id'),
  closingMessage: text('closing_message'),
  /** The agent handling the chat: the first one to answer, unless assigned otherwise. */
  assignedAgentId: uuid('assigned_agent_id'),
}, (t) => [
  index('chat_sessions_conversation_idx').on(t.conversationId, t.startedAt),
  // At most one open chat per conversation, whatever races happen between instances.
  uniqueIndex('chat_sessions_one_open_uq').on(t.conversationId).where(sql`${t.endedAt} is null`),
]);

/** Every message in a conversation, both directions, kept after chats end. */
export const messages = pgTable('messages', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id),
  chatSessionId: uuid('chat_session_id').references(() => chatSessions.id),
  /** internal: a note for agents (chat started, chat ended), never sent to WhatsApp. */
  direction: text('direction').$type<'inbound' | 'outbound' | 'internal'>().notNull(),
  sender: text('sender').$type<'user' | 'bot' | 'agent' | 'system'>().notNull(),
  agentId: uuid('agent_id'),
  /** Inbound: WhatsApp's message type. Outbound: text | buttons | list. */
  type: text('type').notNull(),
  text: text('text'),
  /** Inbound: the raw message object. Outbound: the OutboundMessage that was (to be) sent. */
  payload: jsonb('payload'),
  /** The attachment as the API shows it (kept in step with its `media_files` row); null for none. */
  media: jsonb('media').$type<StoredMedia>(),
  /** The stored message this one quotes (WhatsApp's `context`), as shown above it. */
  replyTo: jsonb('reply_to').$type<QuotedMessage>(),
  /** Reactions on this message, one per sender. */
  reactions: jsonb('reactions').$type<Reaction[]>().notNull().default([]),
  location: jsonb('location').$type<Location>(),
  contacts: jsonb('contacts').$type<ContactCard[]>(),
  wamid: text('wamid'),
  /** Inbound: received. Outbound: pending → accepted → sent → delivered → read, or failed. Internal: noted. */
  status: text('status').$type<MessageStatus>().notNull(),
  errorCode: integer('error_code'),
  errorTitle: text('error_title'),
  errorDetail: text('error_detail'),
  /** When WhatsApp says the user sent it (inbound) — ours is created_at. */
  sentAt: timestamp('sent_at', { withTimezone: true }),
  statusAt: timestamp('status_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('messages_wamid_uq').on(t.wamid),
  index('messages_conversation_idx').on(t.conversationId, t.id),
  index('messages_chat_session_idx').on(t.chatSessionId),
  // The conversation search (admin/search.ts asks with this very expression and condition): the words the
  // user and the agents wrote. The bot's texts are left out: the same for everyone, they would match everyone.
  index('messages_text_search_idx').using('gin', sql`to_tsvector('simple', coalesce(${t.text}, ''))`).where(sql`${t.sender} in ('user', 'agent')`),
]);

export type MessageRow = typeof messages.$inferSelect;

/** Replies (and read receipts) waiting to go to WhatsApp; written in the same transaction as the message. */
export const outbox = pgTable('outbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id),
  messageId: bigint('message_id', { mode: 'number' }).notNull().references(() => messages.id),
  /** message: a message to send; read: a read receipt; typing: a read receipt that also shows "typing…". */
  kind: text('kind').$type<'message' | 'read' | 'typing'>().notNull(),
  status: text('status').$type<'pending' | 'sending' | 'sent' | 'failed'>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  /** A claimed row is leased; a crashed sender's rows become claimable again when the lease runs out. */
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastError: text('last_error'),
  createdAt: createdAt(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [
  // Partial: the claim only ever looks at waiting rows, so its cost follows the backlog, not the history
  // (measured: 2.4 s per claim over 5,400 waiting rows with a full index and stale statistics, 3 ms with these).
  index('outbox_waiting_idx').on(t.nextAttemptAt, t.id).where(sql`${t.status} in ('pending', 'sending')`),
  index('outbox_waiting_messages_idx').on(t.conversationId, t.id).where(sql`${t.kind} = 'message' and ${t.status} in ('pending', 'sending')`),
]);

/**
 * Every status callback as received. Kept apart from `messages` because a status can arrive before the
 * send's wamid is stored (Meta answers the send, then calls the webhook, possibly before our commit).
 */
export const statusEvents = pgTable('status_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  wamid: text('wamid').notNull(),
  status: text('status').$type<DeliveryStatus>().notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  recipientId: text('recipient_id'),
  errors: jsonb('errors').$type<WhatsAppError[]>(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('status_events_wamid_status_uq').on(t.wamid, t.status)]);

/** People who answer chats in the inbox or through the API. */
export const agents = pgTable('agents', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** Lower-cased; the login name. */
  email: text('email').notNull(),
  /** scrypt, see admin/passwords.ts. */
  passwordHash: text('password_hash'),
  role: text('role').$type<'admin' | 'agent'>().notNull().default('agent'),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('agents_email_uq').on(t.email)]);

/** API tokens of agents, stored as SHA-256 digests (the token itself is shown once, at creation). */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  agentId: uuid('agent_id').notNull().references(() => agents.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull(),
  /** The first characters, to tell tokens apart in a list. */
  prefix: text('prefix').notNull(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)]);

/** Web inbox logins (the cookie holds the token; the table its digest). */
export const agentSessions = pgTable('agent_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  agentId: uuid('agent_id').notNull().references(() => agents.id),
  tokenHash: text('token_hash').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('agent_sessions_hash_uq').on(t.tokenHash)]);

/**
 * Domain events, written in the transaction that caused them. Their ids are the SSE event ids, so a
 * browser that reconnects (to this or another instance, or after a restart) resumes with Last-Event-ID.
 */
export const domainEvents = pgTable('domain_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').$type<EventName>().notNull(),
  payload: jsonb('payload').$type<EventPayload>().notNull(),
  createdAt: createdAt(),
}, (t) => [index('domain_events_created_at_idx').on(t.createdAt)]);

/**
 * Webhook items (a message or a status) that could not be processed: kept with what is needed to replay
 * them alone (the change value narrowed to the item), so that one poison item never blocks the rest of a
 * POST and an admin can replay it after a fix.
 */
export const deadLetters = pgTable('dead_letters', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  kind: text('kind').$type<'message' | 'status'>().notNull(),
  raw: jsonb('raw').notNull(),
  reason: text('reason').notNull(),
  /** SHA-256 of kind + raw: a redelivered poison item is kept once. */
  fingerprint: text('fingerprint').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  replayedAt: timestamp('replayed_at', { withTimezone: true }),
  /** Replays tried so far. */
  attempts: integer('attempts').notNull().default(0),
}, (t) => [uniqueIndex('dead_letters_fingerprint_uq').on(t.fingerprint)]);

/**
 * A message's attachment: where its bytes are (`storage_key` in the media store) and how far they got.
 * Inbound: WhatsApp's media id, fetched by a `media.download` job. One row per message.
 */
export const mediaFiles = pgTable('media_files', {
  id: uuid('id').primaryKey().defaultRandom(),
  messageId: bigint('message_id', { mode: 'number' }).notNull().references(() => messages.id),
  direction: text('direction').$type<'inbound' | 'outbound'>().notNull(),
  /** WhatsApp's media id (inbound: from the webhook; lives 7 days). */
  whatsappId: text('whatsapp_id'),
  /** image | document | audio | video | sticker */
  kind: text('kind').notNull(),
  mimeType: text('mime_type'),
  filename: text('filename'),
  caption: text('caption'),
  size: bigint('size', { mode: 'number' }),
  /** Hex SHA-256 of the stored bytes. */
  sha256: text('sha256'),
  storageKey: text('storage_key'),
  status: text('status').$type<MediaStatus>().notNull().default('pending'),
  /** Why it could not be fetched, in words an agent understands. */
  error: text('error'),
  createdAt: createdAt(),
  storedAt: timestamp('stored_at', { withTimezone: true }),
  /** Outbound: when it was uploaded to WhatsApp as `whatsapp_id` (an upload lives 30 days). */
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }),
}, (t) => [uniqueIndex('media_files_message_uq').on(t.messageId)]);

/**
 * Background work that must survive restarts and failures (fetching media), worked like the outbox:
 * claimed with SKIP LOCKED under a lease, retried with back-off, one row per kind and subject.
 */
export const jobs = pgTable('jobs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  kind: text('kind').$type<JobKind>().notNull(),
  subjectId: text('subject_id').notNull(),
  status: text('status').$type<'pending' | 'running' | 'done' | 'failed'>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastError: text('last_error'),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('jobs_kind_subject_uq').on(t.kind, t.subjectId),
  index('jobs_waiting_idx').on(t.nextAttemptAt, t.id).where(sql`${t.status} in ('pending', 'running')`),
]);

export type JobKind = 'media.download';

/** A part of a message template as Meta lists it (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`…). */
export interface TemplateComponent {
  type: string;
  format?: string;
  text?: string;
  [key: string]: unknown;
}

/**
 * The business's message templates as last listed from WhatsApp (what may be sent after the 24-hour
 * window). The whole table is replaced on every sync.
 */
export const templates = pgTable('templates', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  language: text('language').notNull(),
  category: text('category').notNull(),
  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED…: only APPROVED ones can be sent. */
  status: text('status').notNull(),
  components: jsonb('components').$type<TemplateComponent[]>().notNull(),
  /** The body's text with its {{n}} placeholders. */
  body: text('body').notNull(),
  parameterCount: integer('parameter_count').notNull(),
  syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('templates_name_language_uq').on(t.name, t.language)]);

export type TemplateRow = typeof templates.$inferSelect;

export const schema = {
  conversations, chatSessions, messages, outbox, statusEvents, agents, apiTokens, agentSessions, domainEvents, deadLetters, mediaFiles, jobs, templates,
};
