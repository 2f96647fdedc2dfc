import Type, { type Static } from 'typebox';
import { NullableString } from './common.js';

/** What agents share around a conversation: its status, labels, private notes, and mentions. */

/** `POST /conversations/{contact}/status`. `snoozed_until` only with `snoozed` (absent: until the user writes). */
export const StatusBody = Type.Object({
  status: Type.Union([Type.Literal('open'), Type.Literal('pending'), Type.Literal('snoozed'), Type.Literal('resolved')]),
  snoozed_until: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601; must be in the future' })),
}, { additionalProperties: false });
export type StatusBody = Static<typeof StatusBody>;

export const LabelName = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^,\\s][^,]*$', description: 'no commas; not starting with a space' });

export const LabelItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** `#rrggbb` */
  color: Type.String(),
  /** How many conversations carry it. */
  conversations: Type.Integer(),
});
export type LabelItem = Static<typeof LabelItem>;

export const LabelList = Type.Object({ labels: Type.Array(LabelItem) });
export type LabelList = Static<typeof LabelList>;

export const LabelBody = Type.Object({
  name: LabelName,
  color: Type.Optional(Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'default: one picked from the name' })),
}, { additionalProperties: false });
export type LabelBody = Static<typeof LabelBody>;

/** `PUT /conversations/{contact}/labels`: every label the conversation should carry, by name. */
export const ConversationLabelsBody = Type.Object({
  labels: Type.Array(LabelName, { maxItems: 20 }),
}, { additionalProperties: false });
export type ConversationLabelsBody = Static<typeof ConversationLabelsBody>;

export const ConversationLabels = Type.Object({ labels: Type.Array(Type.String()) });
export type ConversationLabels = Static<typeof ConversationLabels>;

/** `POST /conversations/{contact}/notes`: `@name` mentions notify those agents. */
export const NoteBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export type NoteBody = Static<typeof NoteBody>;

/** Something for one agent: a colleague mentioned them in a note. */
export const NotificationItem = Type.Object({
  id: Type.Integer(),
  /** Whom it is for. */
  agent_id: Type.String(),
  kind: Type.Literal('mention'),
  conversation_id: Type.String(),
  /** The conversation's contact, to open it (null for a username-only contact: use the id). */
  phone_number: NullableString,
  contact_name: NullableString,
  message_id: Type.Union([Type.Integer(), Type.Null()]),
  /** The note's words. */
  text: NullableString,
  actor_agent_id: NullableString,
  actor_name: NullableString,
  created_at: Type.String(),
  read_at: NullableString,
});
export type NotificationItem = Static<typeof NotificationItem>;

export const NotificationList = Type.Object({ notifications: Type.Array(NotificationItem), unread: Type.Integer() });
export type NotificationList = Static<typeof NotificationList>;

export const NotificationsReadBody = Type.Object({
  ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500, description: 'absent: all of mine' })),
}, { additionalProperties: false });
export type NotificationsReadBody = Static<typeof NotificationsReadBody>;

/** A saved reply: typed as `/shortcut` in the reply box; `{name}`, `{agent}` and `{phone}` are filled in when inserted. */
export const CannedResponseItem = Type.Object({
  id: Type.String(),
  shortcut: Type.String(),
  title: Type.String(),
  body: Type.String(),
  /** Shared with the whole team (admins manage those); else the agent's own. */
  shared: Type.Boolean(),
  owner_agent_id: NullableString,
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type CannedResponseItem = Static<typeof CannedResponseItem>;

export const CannedResponseList = Type.Object({ canned_responses: Type.Array(CannedResponseItem) });
export type CannedResponseList = Static<typeof CannedResponseList>;

const Shortcut = Type.String({ pattern: '^/?[A-Za-z0-9_-]{1,32}$', description: 'letters, digits, - and _ (a leading / is dropped)' });

export const CannedResponseBody = Type.Object({
  shortcut: Shortcut,
  title: Type.String({ minLength: 1, maxLength: 100 }),
  body: Type.String({ minLength: 1, maxLength: 4000 }),
  shared: Type.Optional(Type.Boolean({ default: false, description: 'shared ones need the admin role' })),
}, { additionalProperties: false });
export type CannedResponseBody = Static<typeof CannedResponseBody>;

// Spelled out rather than Partial<Body>: the body's `shared` default would fill an empty patch (useDefaults).
export const CannedResponsePatch = Type.Object({
  shortcut: Type.Optional(Shortcut),
  title: Type.Optional(CannedResponseBody.properties.title),
  body: Type.Optional(CannedResponseBody.properties.body),
  shared: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });
export type CannedResponsePatch = Static<typeof CannedResponsePatch>;

/** `GET|PUT /settings/assignment` (PUT: admin role; any subset of the fields). */
export const AssignmentSettings = Type.Object({
  /** New waiting chats go to available agents in turn (round-robin). */
  auto_assign: Type.Boolean(),
  /** An agent with this many active chats gets no more until one ends; chats wait in the queue meanwhile. */
  max_open_chats_per_agent: Type.Integer({ minimum: 1, maximum: 1000 }),
  /** An agent who sets themselves away loses their active chats back to the queue. */
  unassign_when_away: Type.Boolean(),
  /** The user is told which agent joined (the content's `chat.agentJoined`). */
  announce_agent: Type.Boolean(),
});
export type AssignmentSettings = Static<typeof AssignmentSettings>;

export const AssignmentSettingsPatch = Type.Object({
  auto_assign: Type.Optional(Type.Boolean()),
  max_open_chats_per_agent: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  unassign_when_away: Type.Optional(Type.Boolean()),
  announce_agent: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });
export type AssignmentSettingsPatch = Static<typeof AssignmentSettingsPatch>;

/** `POST /conversations/{contact}/presence`. */
export const PresenceBody = Type.Object({
  state: Type.Union([Type.Literal('viewing'), Type.Literal('typing'), Type.Literal('left')]),
}, { additionalProperties: false });
export type PresenceBody = Static<typeof PresenceBody>;

/** A colleague as every agent may see them: to mention them (`@` + `mention`), and to know who is in. */
export const TeamMember = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** What to type after `@` to notify them. */
  mention: Type.String(),
  availability: Type.Union([Type.Literal('available'), Type.Literal('away')]),
  /** Active chats assigned to them now. */
  open_chats: Type.Integer(),
});
export type TeamMember = Static<typeof TeamMember>;

export const TeamList = Type.Object({ members: Type.Array(TeamMember) });
export type TeamList = Static<typeof TeamList>;

/** `GET /conversations/counts`: how many conversations each view of the list holds. */
export const ViewCounts = Type.Object({
  status: Type.Object({ open: Type.Integer(), pending: Type.Integer(), snoozed: Type.Integer(), resolved: Type.Integer() }),
  /** Active chats assigned to me (0 for the bootstrap token), and to nobody. */
  mine: Type.Integer(),
  unassigned: Type.Integer(),
  /** Conversations per label name. */
  labels: Type.Record(Type.String(), Type.Integer()),
});
export type ViewCounts = Static<typeof ViewCounts>;
