import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../db/client.js';
import { notFound } from '../errors.js';
import { findConversationByPhone } from '../store/conversations.js';
import type { ChatService } from '../support/chat-service.js';
import type { AdminAuth } from './auth.js';
import { normalizePhoneNumber } from './phone.js';
import { conversationHistory, listConversations, seedChatView } from './queries.js';

export interface AdminRoutesOptions {
  auth: AdminAuth;
  chat: ChatService;
  db: Db;
}

const PhoneParams = Type.Object({ phone_number: Type.String({ minLength: 1, maxLength: 32 }) });
const MessageBody = Type.Object({ message: Type.String({ maxLength: 8192 }) });
const OptionalMessageBody = Type.Union([Type.Object({ message: Type.Optional(Type.String({ maxLength: 8192 })) }), Type.Null()]);

/** `/api/admin/*`: the seed's endpoints, same paths and JSON shapes. Every route needs a token. */
export const adminRoutes: FastifyPluginAsyncTypebox<AdminRoutesOptions> = async (app, { auth, chat, db }) => {
  app.addHook('preHandler', auth.authenticate);

  app.get('/conversations', {
    schema: {
      querystring: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
        cursor: Type.Optional(Type.String({ maxLength: 200 })),
        state: Type.Optional(Type.Union([Type.Literal('idle'), Type.Literal('awaiting_name'), Type.Literal('registered'), Type.Literal('chat_support_active')])),
        active: Type.Optional(Type.Boolean()),
        q: Type.Optional(Type.String({ maxLength: 100 })),
      }),
    },
  }, async (request) => {
    const { limit, cursor, state, active, q } = request.query;
    const data = await listConversations(db, { limit, cursor, state: state?.toUpperCase(), active, search: q?.trim() || undefined });
    return { status: 'success', data };
  });

  app.get('/conversations/:phone_number/messages', {
    schema: {
      params: PhoneParams,
      querystring: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        before: Type.Optional(Type.String({ maxLength: 100 })),
      }),
    },
  }, async (request) => {
    const phoneNumber = normalizePhoneNumber(request.params.phone_number);
    const conversation = await findConversationByPhone(db, phoneNumber);
    if (!conversation) throw notFound(`No conversation with ${phoneNumber}.`);
    const [history, chatView] = await Promise.all([
      conversationHistory(db, conversation.id, request.query),
      seedChatView(db, conversation.id),
    ]);
    return {
      status: 'success',
      data: {
        phone_number: phoneNumber,
        state: conversation.state.toLowerCase(),
        chat_support_active: conversation.activeChatSessionId !== null,
        ...chatView,
        ...history,
      },
    };
  });

  app.post('/conversations/:phone_number/chat-support/send', { schema: { params: PhoneParams, body: MessageBody } }, async (request) => {
    const phoneNumber = normalizePhoneNumber(request.params.phone_number);
    const { sentAt } = await chat.sendAgentMessage(phoneNumber, request.body.message, { id: request.principal?.agentId ?? null });
    return {
      status: 'success',
      message: 'Message sent to user',
      data: { phone_number: phoneNumber, message_sent: request.body.message.trim(), timestamp: sentAt.toISOString() },
    };
  });

  app.post('/conversations/:phone_number/chat-support/end', { schema: { params: PhoneParams, body: OptionalMessageBody } }, async (request) => {
    const phoneNumber = normalizePhoneNumber(request.params.phone_number);
    const { endedAt } = await chat.endChat(phoneNumber, request.body?.message, { id: request.principal?.agentId ?? null });
    return { status: 'success', message: 'Chat support session ended', data: { phone_number: phoneNumber, session_ended: endedAt.toISOString() } };
  });
};
