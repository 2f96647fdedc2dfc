import Type, { type Static } from 'typebox';
import { Nullable, NullableString } from './common.js';

/** The bot's state for a contact, as the API spells it (the database keeps it upper-case). */
export const ConversationState = Type.Union([
  Type.Literal('idle'), Type.Literal('awaiting_name'), Type.Literal('registered'), Type.Literal('chat_support_active'),
]);
export type ConversationState = Static<typeof ConversationState>;

/** The seed's `sender` vocabulary: agents appear as "admin". */
export const SeedSender = Type.Union([Type.Literal('user'), Type.Literal('bot'), Type.Literal('admin'), Type.Literal('system')]);
export type SeedSender = Static<typeof SeedSender>;

/** A message as the seed shows it; media without a caption reads as "[image]". */
export const SeedLine = Type.Object({ text: Type.String(), timestamp: Type.String(), sender: SeedSender });
export type SeedLine = Static<typeof SeedLine>;

export const LastMessage = Nullable(SeedLine);
export type LastMessage = Static<typeof LastMessage>;

/**
 * Where a conversation stands for the team: `pending` (the bot has it), `open` (a support chat, with an
 * agent or waiting for one), `snoozed` (put aside until a time, or until the user writes), `resolved`.
 */
export const ConversationStatus = Type.Union([Type.Literal('open'), Type.Literal('pending'), Type.Literal('snoozed'), Type.Literal('resolved')]);
export type ConversationStatus = Static<typeof ConversationStatus>;

/** What every conversation item (list, detail, queue) carries for the team. */
const TeamFields = {
  status: ConversationStatus,
  /** When a snoozed conversation comes back by itself; null when it waits for the user to write. */
  snoozed_until: NullableString,
  /** Label names, alphabetical. */
  labels: Type.Array(Type.String()),
  /** The agent of the active chat; null when there is none or nobody has it. */
  assigned_agent_id: NullableString,
};

/** The agent who wrote a message, by their name as it is now. */
export const MessageAgent = Type.Object({ id: Type.String(), name: Type.String() });
export type MessageAgent = Static<typeof MessageAgent>;

/**
 * What a row of the list shows: the user's last words or the agent's last reply — never a bot message, a
 * note or a reaction. An attachment reads as its caption, else as what it is ("📷 Photo", "📄 invoice.pdf").
 */
export const Preview = Nullable(Type.Object({
  text: Type.String(),
  sender: Type.Union([Type.Literal('user'), Type.Literal('agent')]),
  /** The agent who replied (null for the user, or a reply sent with the bootstrap token). */
  agent: Nullable(MessageAgent),
  timestamp: Type.String(),
}));
export type Preview = Static<typeof Preview>;

export const ConversationItem = Type.Object({
  id: Type.String(),
  /** null for a contact known only by username. */
  phone_number: NullableString,
  wa_id: NullableString,
  /** WhatsApp username and business-scoped user id, when WhatsApp gave them (a username-only contact has no number). */
  username: NullableString,
  user_id: NullableString,
  profile_name: NullableString,
  registered_name: NullableString,
  name: NullableString,
  state: ConversationState,
  chat_support_active: Type.Boolean(),
  last_message: LastMessage,
  preview: Preview,
  unread_count: Type.Integer(),
  last_inbound_at: NullableString,
  window_closes_at: NullableString,
  updated_at: Type.String(),
  ...TeamFields,
  /** The name of the agent of the active chat, as it is now. */
  assigned_agent_name: NullableString,
});
export type ConversationItem = Static<typeof ConversationItem>;

/** internal: a note for agents ("Ada ended the chat"), never sent to WhatsApp. */
export const MessageDirection = Type.Union([Type.Literal('inbound'), Type.Literal('outbound'), Type.Literal('internal')]);
export type MessageDirection = Static<typeof MessageDirection>;

export const MessageSender = Type.Union([Type.Literal('user'), Type.Literal('bot'), Type.Literal('agent'), Type.Literal('system')]);
export type MessageSender = Static<typeof MessageSender>;

/** An outbound message's delivery: pending (queued) → accepted (by the Graph API) → sent → delivered → read, or failed. */
export const DeliveryState = Type.Union([
  Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('sent'), Type.Literal('delivered'), Type.Literal('read'), Type.Literal('failed'),
]);
export type DeliveryState = Static<typeof DeliveryState>;

/** A message's status: its delivery when outbound; `received` for inbound, `noted` for internal notes. */
export const MessageStatus = Type.Union([Type.Literal('received'), Type.Literal('noted'), ...DeliveryState.anyOf]);
export type MessageStatus = Static<typeof MessageStatus>;

export const MessageError = Type.Object({ code: Nullable(Type.Integer()), title: NullableString, detail: NullableString });
export type MessageError = Static<typeof MessageError>;

/**
 * How far an attachment got: `pending` while it is fetched, `failed` with a reason, `deleted` once past the
 * retention setting (the message stays).
 */
export const MediaStatus = Type.Union([Type.Literal('pending'), Type.Literal('stored'), Type.Literal('failed'), Type.Literal('deleted')]);
export type MediaStatus = Static<typeof MediaStatus>;

export const MediaKind = Type.Union([
  Type.Literal('image'), Type.Literal('document'), Type.Literal('audio'), Type.Literal('video'), Type.Literal('sticker'),
]);
export type MediaKind = Static<typeof MediaKind>;

/** A message's attachment; `url` (agents only) serves the bytes once `status` is `stored`. */
export const MessageMedia = Type.Object({
  id: Type.String(),
  url: Type.String(),
  kind: MediaKind,
  mime_type: NullableString,
  filename: NullableString,
  size: Nullable(Type.Integer()),
  caption: NullableString,
  status: MediaStatus,
  /** Why it could not be fetched (`failed`) or is gone (`deleted`). */
  error: NullableString,
});
export type MessageMedia = Static<typeof MessageMedia>;

/** The message a reply quotes (WhatsApp's `context`), as far as the inbox shows it. */
export const QuotedMessage = Type.Object({ id: Type.Integer(), text: NullableString, sender: MessageSender, type: Type.String() });
export type QuotedMessage = Static<typeof QuotedMessage>;

/** A reaction on a message: one per person (a new one replaces theirs; removing it deletes it). */
export const Reaction = Type.Object({ emoji: Type.String(), sender: Type.Union([Type.Literal('user'), Type.Literal('agent')]), timestamp: Type.String() });
export type Reaction = Static<typeof Reaction>;

export const Location = Type.Object({ latitude: Type.Number(), longitude: Type.Number(), name: NullableString, address: NullableString });
export type Location = Static<typeof Location>;

export const ContactCard = Type.Object({ name: Type.String(), phones: Type.Array(Type.String()) });
export type ContactCard = Static<typeof ContactCard>;

/** The buttons or list rows a bot message offered (what the user could tap). */
export const OfferedChoices = Type.Object({
  /** The list's button label; null for reply buttons. */
  button: NullableString,
  items: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), description: NullableString })),
});
export type OfferedChoices = Static<typeof OfferedChoices>;

export const MessageItem = Type.Object({
  id: Type.Integer(),
  direction: MessageDirection,
  sender: MessageSender,
  agent_id: NullableString,
  /** The agent who sent it, with their name; null for other senders and for the bootstrap token. */
  agent: Nullable(MessageAgent),
  type: Type.String(),
  text: NullableString,
  media: Nullable(MessageMedia),
  timestamp: Type.String(),
  status: MessageStatus,
  error: Nullable(MessageError),
  chat_session_id: NullableString,
  /** The earlier message this one quotes; null when it quotes none (or one not stored here). */
  reply_to: Nullable(QuotedMessage),
  reactions: Type.Array(Reaction),
  location: Nullable(Location),
  contacts: Nullable(Type.Array(ContactCard)),
  choices: Nullable(OfferedChoices),
});
export type MessageItem = Static<typeof MessageItem>;

export const ChatStartedBy = Type.Union([Type.Literal('user'), Type.Literal('agent')]);
export type ChatStartedBy = Static<typeof ChatStartedBy>;

/** An active support chat in the queue. */
export const QueueChat = Type.Object({
  conversation_id: Type.String(),
  phone_number: NullableString,
  name: NullableString,
  chat_session_id: Type.String(),
  started_at: Type.String(),
  started_by: ChatStartedBy,
  waiting_since: NullableString,
  unanswered: Type.Boolean(),
  unread_count: Type.Integer(),
  assigned_agent_id: NullableString,
  assigned_agent_name: NullableString,
  last_message: LastMessage,
  status: ConversationStatus,
  snoozed_until: NullableString,
  labels: Type.Array(Type.String()),
  preview: Preview,
});
export type QueueChat = Static<typeof QueueChat>;

export const ChatInfo = Type.Object({
  id: Type.String(),
  started_at: Type.String(),
  started_by: ChatStartedBy,
  first_response_at: NullableString,
  assigned_agent_id: NullableString,
  assigned_agent_name: NullableString,
});
export type ChatInfo = Static<typeof ChatInfo>;

/**
 * How the user rated a chat (CSAT): `asked` (no answer yet), `rated` (`rating` 1–5, maybe a `comment`),
 * `skipped` (not asked, `skip_reason` says why: the window had closed…); null when it was not asked
 * (CSAT switched off).
 */
export const ChatRating = Type.Object({
  status: Type.Union([Type.Literal('asked'), Type.Literal('rated'), Type.Literal('skipped')]),
  rating: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
  comment: NullableString,
  rated_at: NullableString,
  skip_reason: NullableString,
});
export type ChatRating = Static<typeof ChatRating>;

/** An ended chat, as the conversation's detail lists the latest ones. */
export const PastChat = Type.Object({
  id: Type.String(),
  started_at: Type.String(),
  ended_at: Type.String(),
  ended_by: NullableString,
  first_response_at: NullableString,
  assigned_agent_id: NullableString,
  assigned_agent_name: NullableString,
  rating: Nullable(ChatRating),
});
export type PastChat = Static<typeof PastChat>;

// Queries and bodies.

export const ConversationListQuery = Type.Object({
  // Optional, so that the OpenAPI document does not list `limit` as required (the default applies).
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  state: Type.Optional(ConversationState),
  active: Type.Optional(Type.Boolean({ description: 'only conversations with an active support chat' })),
  q: Type.Optional(Type.String({
    maxLength: 100,
    description: "search in names, username, user id, phone number (also in local form, e.g. 0801 234 5678) and what the user and agents wrote (full-text, word prefixes)",
  })),
  status: Type.Optional(ConversationStatus),
  label: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'only conversations with this label (by name)' })),
  assignee: Type.Optional(Type.String({
    pattern: '^(me|none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
    description: '`me`, `none` (active chats nobody has), or an agent id',
  })),
});

export const MessageHistoryQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  before: Type.Optional(Type.String({ maxLength: 100 })),
});

export const MessageBody = Type.Object({
  message: Type.String({ maxLength: 8192 }),
  reply_to: Type.Optional(Type.Integer({ minimum: 1, description: 'the id of a message of this conversation to quote' })),
});
export type MessageBody = Static<typeof MessageBody>;

/** An agent's reaction on a message; an empty emoji removes theirs. */
export const ReactionBody = Type.Object({
  message_id: Type.Integer({ minimum: 1, description: 'the id of a message of this conversation' }),
  emoji: Type.String({ maxLength: 32, description: "one emoji, or '' to remove the reaction" }),
});
export type ReactionBody = Static<typeof ReactionBody>;

/** What `POST …/reactions` answers: the message with its reactions as they are now. */
export const ReactedMessage = Type.Object({ message: MessageItem });
export type ReactedMessage = Static<typeof ReactedMessage>;

/** What `POST …/media` answers: the new message (its attachment `pending` until WhatsApp has it). */
export const SentMedia = Type.Object({ message: MessageItem });
export type SentMedia = Static<typeof SentMedia>;

/** What `POST …/typing` answers: whether the user was shown "typing…" (not more than once every 20 s). */
export const TypingShown = Type.Object({ shown: Type.Boolean() });
export type TypingShown = Static<typeof TypingShown>;
export const OptionalMessageBody = Type.Union([Type.Object({ message: Type.Optional(Type.String({ maxLength: 8192 })) }), Type.Null()]);
export const AssignBody = Type.Object({
  agent_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: "the agent's id, or null to unassign" }),
});

// What the routes answer (the `data` of the success envelope).

export const ConversationPage = Type.Object({ conversations: Type.Array(ConversationItem), next_cursor: NullableString });
export type ConversationPage = Static<typeof ConversationPage>;

export const Queue = Type.Object({ chats: Type.Array(QueueChat) });
export type Queue = Static<typeof Queue>;

export const ConversationDetail = Type.Object({
  conversation: ConversationItem,
  chat: Nullable(ChatInfo),
  past_chats: Type.Integer(),
  /** The latest ended chats (up to 10), newest first, with their ratings. */
  recent_chats: Type.Array(PastChat),
});
export type ConversationDetail = Static<typeof ConversationDetail>;

/** The full history (user, bot, agent, system), paged backwards, and the seed's view of the chat. */
export const MessageHistory = Type.Object({
  phone_number: Type.String(),
  state: ConversationState,
  chat_support_active: Type.Boolean(),
  chat_last_message_time: NullableString,
  chat_messages: Type.Array(SeedLine),
  messages: Type.Array(MessageItem),
  next_cursor: NullableString,
});
export type MessageHistory = Static<typeof MessageHistory>;

export const SentMessage = Type.Object({ phone_number: Type.String(), message_sent: Type.String(), timestamp: Type.String() });
export type SentMessage = Static<typeof SentMessage>;

export const EndedChat = Type.Object({ phone_number: Type.String(), session_ended: Type.String() });
export type EndedChat = Static<typeof EndedChat>;

export const StartedChat = Type.Object({ phone_number: Type.String(), chat_session_id: Type.String() });
export type StartedChat = Static<typeof StartedChat>;

export const ChatAssignment = Type.Object({
  phone_number: Type.String(), chat_session_id: Type.String(), assigned_agent_id: NullableString, assigned_agent_name: NullableString,
});
export type ChatAssignment = Static<typeof ChatAssignment>;

export const MarkedRead = Type.Object({ phone_number: Type.String() });
export type MarkedRead = Static<typeof MarkedRead>;
