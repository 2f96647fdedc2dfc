import { sql } from 'drizzle-orm';
import {
  bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid,
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
  /** The language the user chose from the menu (a code of the content file: `en`, `fr`); null = guessed from the number, or the default. */
  language: text('language'),
  state: text('state').$type<ConversationState>().notNull().default('IDLE'),
  stateData: jsonb('state_data').$type<StateData>().notNull().default({}),
  activeChatSessionId: uuid('active_chat_session_id'),
  lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
  lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
  /** User messages no agent has seen yet (reset when an agent opens or answers the conversation). */
  unreadCount: integer('unread_count').notNull().default(0),
  /**
   * Where the conversation stands for the team: `pending` (the bot has it), `open` (a support chat: with an
   * agent or waiting for one), `snoozed` (put aside until `snoozed_until`, or until the user writes when
   * that is null), `resolved` (the chat ended). See use-cases/conversation-status.ts.
   */
  status: text('status').$type<ConversationStatus>().notNull().default('pending'),
  snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('conversations_contact_key_uq').on(t.contactKey),
  uniqueIndex('conversations_phone_number_uq').on(t.phoneNumber),
  index('conversations_last_message_at_idx').on(t.lastMessageAt),
  index('conversations_status_idx').on(t.status, t.lastMessageAt),
  index('conversations_snoozed_until_idx').on(t.snoozedUntil).where(sql`${t.status} = 'snoozed'`),
]);

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';

/** Labels admins create and agents put on conversations ("billing", "exams"). Names are unique, whatever their case. */
export const labels = pgTable('labels', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** `#rrggbb` */
  color: text('color').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('labels_name_uq').on(sql`lower(${t.name})`)]);

export const conversationLabels = pgTable('conversation_labels', {
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id),
  labelId: uuid('label_id').notNull().references(() => labels.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('conversation_labels_pk').on(t.conversationId, t.labelId),
  index('conversation_labels_label_idx').on(t.labelId),
]);

/**
 * Saved replies an agent inserts with `/shortcut`: shared ones (admins manage them) and each agent's own.
 * A shortcut is unique among the shared ones and among one agent's own; the use case keeps an agent's own
 * from shadowing a shared one.
 */
export const cannedResponses = pgTable('canned_responses', {
  id: uuid('id').primaryKey().defaultRandom(),
  shortcut: text('shortcut').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  shared: boolean('shared').notNull(),
  /** The agent whose own reply it is; null for a shared one. */
  ownerAgentId: uuid('owner_agent_id').references(() => agents.id),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('canned_responses_shared_uq').on(sql`lower(${t.shortcut})`).where(sql`${t.shared}`),
  uniqueIndex('canned_responses_own_uq').on(t.ownerAgentId, sql`lower(${t.shortcut})`).where(sql`not ${t.shared}`),
]);

/** Settings the admins change at run time (assignment…), one JSON value per key. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What an agent is told about: a colleague mentioned them (`@grace`) in a note. */
export const notifications = pgTable('notifications', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  agentId: uuid('agent_id').notNull().references(() => agents.id),
  kind: text('kind').$type<'mention'>().notNull(),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id),
  messageId: bigint('message_id', { mode: 'number' }).references(() => messages.id),
  /** Who caused it (the note's author). */
  actorAgentId: uuid('actor_agent_id'),
  createdAt: createdAt(),
  readAt: timestamp('read_at', { withTimezone: true }),
}, (t) => [index('notifications_agent_idx').on(t.agentId, t.id)]);

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
  /**
   * The user's rating of the chat (see use-cases/csat.ts): null = never asked (switched off, or the chat is
   * still open); `asked` = the question went out and no answer yet; `rated`; `skipped` with `csat_skip_reason`
   * (the window had closed and no template is configured…). The agent it rates is `assigned_agent_id`.
   */
  csatStatus: text('csat_status').$type<'asked' | 'rated' | 'skipped'>(),
  csatSkipReason: text('csat_skip_reason'),
  csatAskedAt: timestamp('csat_asked_at', { withTimezone: true }),
  /** 1–5. */
  csatRating: integer('csat_rating'),
  csatComment: text('csat_comment'),
  csatRatedAt: timestamp('csat_rated_at', { withTimezone: true }),
}, (t) => [
  index('chat_sessions_conversation_idx').on(t.conversationId, t.startedAt),
  // Analytics and the export select chats by when they started.
  index('chat_sessions_started_at_idx').on(t.startedAt),
  // At most one open chat per conversation, whatever races happen between instances.
  uniqueIndex('chat_sessions_one_open_uq').on(t.conversationId).where(sql`${t.endedAt} is null`),
]);

/** Every message in a conversation, both directions, kept after chats end. */
export const messages = pgTable('messages', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id),
  chatSessionId: uuid('chat_session_id').references(() => chatSessions.id),
  /** internal: for agents only, never sent to WhatsApp — events (chat started, chat ended) and agents' notes (`type: note`). */
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
  /**
   * Inbound: the wamid this message quotes or reacts to while that message is not stored (WhatsApp can
   * deliver a reaction before the send that made the wamid is recorded); `markAccepted` resolves it.
   */
  pendingRef: text('pending_ref'),
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
  // Only the few messages whose quote or reaction waits for its target are in it.
  index('messages_pending_ref_idx').on(t.pendingRef).where(sql`${t.pendingRef} is not null`),
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
  /** Set by the agent (available / away); what automatic assignment goes by. */
  availability: text('availability').$type<'available' | 'away'>().notNull().default('available'),
  /** When automatic assignment last gave this agent a chat: the next goes to whoever waited longest. */
  lastAssignedAt: timestamp('last_assigned_at', { withTimezone: true }),
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

/** media.download: fetch an inbound attachment; webhook.deliver: POST one webhook delivery (subject: its id). */
export type JobKind = 'media.download' | 'webhook.deliver';

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

/**
 * Outgoing webhooks: an integration's URL and the events it wants. The secret signs every delivery; it is
 * kept as such (signing needs it) and shown to people once, when the webhook is created.
 */
export const webhooks = pgTable('webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  events: jsonb('events').$type<string[]>().notNull(),
  secret: text('secret').notNull(),
  /** Set when it was disabled (after a delivery used up its attempts), with the reason people read. */
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  disabledReason: text('disabled_reason'),
  /** Failed attempts since the last delivered one (any delivery of this webhook). */
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
});

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/**
 * One event for one webhook: the body as it is sent (the same bytes on every attempt) and how its attempts
 * went. Scheduled and retried by a `webhook.deliver` job; this row is what the delivery log shows.
 */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  webhookId: uuid('webhook_id').notNull().references(() => webhooks.id, { onDelete: 'cascade' }),
  /** The domain event delivered; null for a test event. */
  eventId: bigint('event_id', { mode: 'number' }),
  event: text('event').notNull(),
  body: text('body').notNull(),
  status: text('status').$type<WebhookDeliveryStatus>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  /** The receiver's HTTP status on the last attempt (null: no answer). */
  responseStatus: integer('response_status'),
  lastError: text('last_error'),
  createdAt: createdAt(),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
}, (t) => [
  // One delivery per event and webhook, however often the fan-out runs.
  uniqueIndex('webhook_deliveries_event_uq').on(t.webhookId, t.eventId),
  index('webhook_deliveries_log_idx').on(t.webhookId, t.createdAt),
]);

/**
 * Where the fan-out stands in the event log: the last id it read, and the ids below it not seen yet (a
 * transaction that took an id commits after one that took a later id). One row, locked while fanning out.
 */
export const webhookFanOut = pgTable('webhook_fan_out', {
  id: integer('id').primaryKey(),
  position: bigint('position', { mode: 'number' }).notNull(),
  /** Missing ids below `position` and when each was first missed (epoch ms). */
  gaps: jsonb('gaps').$type<Array<{ id: number; since: number }>>().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const schema = {
  conversations, chatSessions, messages, outbox, statusEvents, agents, apiTokens, agentSessions, domainEvents, deadLetters, mediaFiles, jobs, templates,
  webhooks, webhookDeliveries, webhookFanOut,
};
