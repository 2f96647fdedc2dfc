import { Type, type TSchema } from '@fastify/type-provider-typebox';

/** The error body every route can answer with. */
export const ErrorBody = Type.Object({
  status: Type.Literal('error'),
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});

export const errorResponses = {
  400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody,
};

export const success = <T extends TSchema>(data: T) => Type.Object({ status: Type.Literal('success'), data });

export const PhoneParams = Type.Object({
  phone_number: Type.String({ minLength: 1, maxLength: 32, description: 'E.164 (+2348012345678), digits only, or URL-encoded %2B…' }),
});

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const LastMessage = Nullable(Type.Object({ text: Type.String(), timestamp: Type.String(), sender: Type.String() }));

export const ConversationItem = Type.Object({
  id: Type.String(),
  phone_number: Nullable(Type.String()),
  wa_id: Nullable(Type.String()),
  profile_name: Nullable(Type.String()),
  registered_name: Nullable(Type.String()),
  name: Nullable(Type.String()),
  state: Type.String(),
  chat_support_active: Type.Boolean(),
  last_message: LastMessage,
  unread_count: Type.Integer(),
  last_inbound_at: Nullable(Type.String()),
  window_closes_at: Nullable(Type.String()),
  updated_at: Type.String(),
});

export const MessageItem = Type.Object({
  id: Type.Integer(),
  direction: Type.String(),
  sender: Type.String(),
  agent_id: Nullable(Type.String()),
  type: Type.String(),
  text: Nullable(Type.String()),
  media: Type.Unknown(),
  timestamp: Type.String(),
  status: Type.String(),
  error: Nullable(Type.Object({ code: Nullable(Type.Integer()), title: Nullable(Type.String()), detail: Nullable(Type.String()) })),
  chat_session_id: Nullable(Type.String()),
});

export const AgentItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: Type.String(),
  disabled: Type.Boolean(),
  last_login_at: Nullable(Type.String()),
  created_at: Type.String(),
});
