import Type, { type Static } from 'typebox';
import { Nullable, NullableString } from './common.js';
import { ChatStartedBy, MessageItem } from './conversations.js';

/**
 * What the export routes write: a conversation's whole history as one JSON document, CSV or a printable
 * page (`GET /conversations/{contact}/export`), and every conversation with activity in a date range as
 * JSON Lines (`GET /export`). The answers are streamed, so these schemas document them; nothing
 * serialises through them.
 */

export const EXPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const ConversationExportQuery = Type.Object({
  // Checked by the route (not an enum here), so that a wrong one is told which formats there are.
  format: Type.Optional(Type.String({ maxLength: 20, description: '`json` (the default: every field), `csv` (one row per message, for spreadsheets) or `html` (a printable transcript)' })),
});

export const RangeExportQuery = Type.Object({
  from: Type.String({ maxLength: 20, description: 'the first day, `YYYY-MM-DD` (inclusive)' }),
  to: Type.String({ maxLength: 20, description: 'the last day, `YYYY-MM-DD` (inclusive); the range covers at most 366 days' }),
  tz: Type.Optional(Type.String({ maxLength: 64, description: 'the IANA time zone the days are in (`Africa/Lagos`); default UTC' })),
});

/** The contact as the export names them. */
export const ExportedContact = Type.Object({
  id: Type.String({ description: "the conversation's id" }),
  name: NullableString,
  phone_number: NullableString,
  wa_id: NullableString,
  username: NullableString,
  user_id: NullableString,
  profile_name: NullableString,
  registered_name: NullableString,
  labels: Type.Array(Type.String()),
  created_at: Type.String(),
});
export type ExportedContact = Static<typeof ExportedContact>;

/** A support chat: who started and ended it, its agent, the first answer, and the user's rating (null until rated). */
export const ExportedChat = Type.Object({
  id: Type.String(),
  started_at: Type.String(),
  started_by: ChatStartedBy,
  ended_at: NullableString,
  ended_by: NullableString,
  ended_by_agent_name: NullableString,
  closing_message: NullableString,
  assigned_agent_id: NullableString,
  assigned_agent_name: NullableString,
  first_response_at: NullableString,
  csat_status: NullableString,
  csat_rating: Nullable(Type.Integer()),
  csat_comment: NullableString,
  csat_rated_at: NullableString,
});
export type ExportedChat = Static<typeof ExportedChat>;

/** `format=json`: the contact, their chats, and every message oldest first (as `…/messages` shows them). */
export const ConversationExport = Type.Object({
  exported_at: Type.String(),
  contact: ExportedContact,
  chats: Type.Array(ExportedChat),
  messages: Type.Array(MessageItem),
});
export type ConversationExport = Static<typeof ConversationExport>;

/** One line of `GET /export`: a conversation with its chats and messages in the range. */
export const RangeExportLine = Type.Object({
  contact: ExportedContact,
  chats: Type.Array(ExportedChat, { description: 'the chats open at some time in the range' }),
  messages: Type.Array(MessageItem, { description: 'the messages written in the range, oldest first' }),
});
export type RangeExportLine = Static<typeof RangeExportLine>;
