import Type, { type Static } from 'typebox';
import { Nullable, NullableString } from './common.js';
import { ChatStartedBy, ConversationStatus, DeliveryState, MessageItem } from './conversations.js';
import { NotificationItem } from './team.js';

/**
 * What `GET /api/admin/events` pushes to the inbox (Server-Sent Events): the event name, and its data
 * as JSON. Every event says which conversation it is about, by id and by number (null for a contact
 * known only by username).
 */

const About = { conversation_id: Type.String(), phone_number: NullableString };

export const MessageCreated = Type.Object({ ...About, message: MessageItem });
export type MessageCreated = Static<typeof MessageCreated>;

/** A message changed after it was created (its attachment was fetched, or could not be). */
export const MessageUpdated = Type.Object({ ...About, message: MessageItem });
export type MessageUpdated = Static<typeof MessageUpdated>;

export const MessageStatusChanged = Type.Object({
  ...About,
  message_id: Type.Integer(),
  status: DeliveryState,
  error: Nullable(Type.Object({ code: Nullable(Type.Integer()), title: NullableString })),
});
export type MessageStatusChanged = Static<typeof MessageStatusChanged>;

export const ChatStarted = Type.Object({ ...About, chat_session_id: Type.String(), started_by: ChatStartedBy });
export type ChatStarted = Static<typeof ChatStarted>;

export const ChatEnded = Type.Object({ ...About, chat_session_id: Type.String(), ended_by: Type.Union([Type.Literal('user'), Type.Literal('agent')]) });
export type ChatEnded = Static<typeof ChatEnded>;

/** The user rated an ended chat (1–5), or added a comment to their rating; `agent_id`: the chat's agent, null if nobody answered it. */
export const ChatRated = Type.Object({
  ...About, chat_session_id: Type.String(), rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: NullableString, agent_id: NullableString,
});
export type ChatRated = Static<typeof ChatRated>;

/** The chat was given to an agent (`agent_id`, `agent_name`), or to nobody (both null). */
export const ChatAssigned = Type.Object({ ...About, chat_session_id: Type.String(), agent_id: NullableString, agent_name: NullableString });
export type ChatAssigned = Static<typeof ChatAssigned>;

/** Where a conversation stands for the team changed (see `ConversationStatus`); `agent_id`, `agent_name`: who changed it, null for the user or the clock. */
export const ConversationStatusChanged = Type.Object({
  ...About,
  status: ConversationStatus,
  previous_status: ConversationStatus,
  snoozed_until: NullableString,
  agent_id: NullableString,
  agent_name: NullableString,
});
export type ConversationStatusChanged = Static<typeof ConversationStatusChanged>;

/** The labels on a conversation changed: all of them now, by name. */
export const ConversationLabelsChanged = Type.Object({ ...About, labels: Type.Array(Type.String()), agent_id: NullableString, agent_name: NullableString });
export type ConversationLabelsChanged = Static<typeof ConversationLabelsChanged>;

/** An agent wrote a private note in a conversation (a message of type `note`; never sent to WhatsApp). */
export const NoteCreated = Type.Object({ ...About, message: MessageItem, mentioned_agent_ids: Type.Array(Type.String()) });
export type NoteCreated = Static<typeof NoteCreated>;

/** Something for one agent (a mention); the stream sends it to that agent only. */
export const NotificationCreated = Type.Object({ ...About, notification: NotificationItem });
export type NotificationCreated = Static<typeof NotificationCreated>;

/**
 * Who is looking at or typing in a conversation (ephemeral: not in the event log, no SSE id). `viewing`
 * comes again every 20 s while the chat is open; `typing` every few seconds while typing; `left` when
 * the agent closes it. A client forgets a `viewing` after 45 s and a `typing` after 8 s without news.
 */
export const Presence = Type.Object({
  ...About,
  agent_id: Type.String(),
  agent_name: Type.String(),
  state: Type.Union([Type.Literal('viewing'), Type.Literal('typing'), Type.Literal('left')]),
  at: Type.String(),
});
export type Presence = Static<typeof Presence>;

/** Sent first to a fresh client: its id is where the event log stands, for a later `Last-Event-ID`. */
export const Ready = Type.Object({});
export type Ready = Static<typeof Ready>;

/** More was missed than the server replays: the client reloads its views instead. */
export const Resync = Type.Object({});
export type Resync = Static<typeof Resync>;

/** The domain events, by name, as the server records them and the inbox receives them. */
export const DomainEventPayloads = {
  'message.created': MessageCreated,
  'message.updated': MessageUpdated,
  'message.status': MessageStatusChanged,
  'chat.started': ChatStarted,
  'chat.ended': ChatEnded,
  'chat.assigned': ChatAssigned,
  'chat.rated': ChatRated,
  'conversation.status_changed': ConversationStatusChanged,
  'conversation.labels_changed': ConversationLabelsChanged,
  'note.created': NoteCreated,
  'notification.created': NotificationCreated,
};

/** Everything the stream sends, by event name: the domain events and the stream's own `ready` and `resync`. */
export const ClientEventPayloads = { ...DomainEventPayloads, ready: Ready, resync: Resync, presence: Presence };

export type ClientEvents = { [K in keyof typeof ClientEventPayloads]: Static<(typeof ClientEventPayloads)[K]> };
export type ClientEventName = keyof ClientEvents;
export type DomainEventName = keyof typeof DomainEventPayloads;
