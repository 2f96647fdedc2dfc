import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../db/client.js';
import { DomainError } from '../domain-error.js';
import { findConversationByPhone } from '../store/conversations.js';
import type { UseCases } from '../use-cases/index.js';
import { contactAddress, requireWhatsAppId } from './phone.js';
import { chatSummary, conversationHistory, listConversations, seedChatView, supportQueue } from './queries.js';
import { ConversationItem, errorResponses, LastMessage, MessageItem, PhoneParams, success } from './schemas.js';

export interface ConversationRoutesOptions {
  chat: UseCases;
  db: Db;
}

const tags = ['conversations'];
const NullableString = Type.Union([Type.String(), Type.Null()]);
const MessageBody = Type.Object({ message: Type.String({ maxLength: 8192 }) });
const OptionalMessageBody = Type.Union([Type.Object({ message: Type.Optional(Type.String({ maxLength: 8192 })) }), Type.Null()]);
const AssignBody = Type.Object({
  agent_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: "the agent's id, or null to unassign" }),
});
const StateFilter = Type.Union([Type.Literal('idle'), Type.Literal('awaiting_name'), Type.Literal('registered'), Type.Literal('chat_support_active')]);

/** Conversations and support chats: the seed's endpoints (same paths and shapes) and what an inbox needs. */
export const conversationRoutes: FastifyPluginAsyncTypebox<ConversationRoutesOptions> = async (app, { chat, db }) => {
  const agentOf = (request: { principal?: { agentId: string | null; name: string; role: 'admin' | 'agent' } }) => ({
    id: request.principal?.agentId ?? null,
    name: request.principal?.name ?? null,
    // Fail closed: without a principal (which `authenticate` always sets) nobody is an admin.
    role: request.principal?.role ?? ('agent' as const),
  });
  // A stored contact is found by the exact number it was stored under, whatever a phone library thinks
  // of it; only a number nobody has stored is checked, to tell a typo (400) from an unknown contact (404).
  const conversationFor = async (rawPhone: string) => {
    const address = contactAddress(rawPhone);
    const conversation = await findConversationByPhone(db, address);
    if (conversation) return { phoneNumber: address, conversation };
    requireWhatsAppId(rawPhone, address);
    throw new DomainError('CONVERSATION_NOT_FOUND', `No conversation with ${address}.`);
  };
  const phoneOf = async (rawPhone: string) => (await conversationFor(rawPhone)).phoneNumber;

  app.get('/conversations', {
    schema: {
      tags, summary: 'Conversations, most recent activity first',
      querystring: Type.Object({
        // Fix: Optional, so that the OpenAPI document does not list `limit` as required (the default applies).
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
        cursor: Type.Optional(Type.String({ maxLength: 200 })),
        state: Type.Optional(StateFilter),
        active: Type.Optional(Type.Boolean({ description: 'only conversations with an active support chat' })),
        q: Type.Optional(Type.String({ maxLength: 100, description: 'search in phone number and names' })),
      }),
      response: { 200: success(Type.Object({ conversations: Type.Array(ConversationItem), next_cursor: Type.Union([Type.String(), Type.Null()]) })), ...errorResponses },
    },
  }, async (request) => {
    const { limit = 20, cursor, state, active, q } = request.query;
    return { status: 'success' as const, data: await listConversations(db, { limit, cursor, state: state?.toUpperCase(), active, search: q?.trim() || undefined }) };
  });

  app.get('/queue', {
    schema: {
      tags, summary: 'Active support chats, longest waiting first',
      response: {
        200: success(Type.Object({
          chats: Type.Array(Type.Object({
            conversation_id: Type.String(), phone_number: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]),
            chat_session_id: Type.String(), started_at: Type.String(), started_by: Type.String(),
            waiting_since: Type.Union([Type.String(), Type.Null()]), unanswered: Type.Boolean(), unread_count: Type.Integer(),
            assigned_agent_id: Type.Union([Type.String(), Type.Null()]), assigned_agent_name: Type.Union([Type.String(), Type.Null()]),
            last_message: LastMessage,
          })),
        })),
        ...errorResponses,
      },
    },
  }, async () => ({ status: 'success' as const, data: { chats: await supportQueue(db) } }));

  app.get('/conversations/:phone_number', {
    schema: {
      tags, summary: 'One conversation with its open chat', params: PhoneParams,
      response: {
        200: success(Type.Object({
          conversation: ConversationItem,
          chat: Type.Union([Type.Object({
            id: Type.String(), started_at: Type.String(), started_by: Type.String(), first_response_at: NullableString,
            assigned_agent_id: NullableString, assigned_agent_name: NullableString,
          }), Type.Null()]),
          past_chats: Type.Integer(),
        })),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const { phoneNumber, conversation } = await conversationFor(request.params.phone_number);
    const [list, summary] = await Promise.all([listConversations(db, { limit: 1, phoneNumber }), chatSummary(db, conversation.id)]);
    return { status: 'success' as const, data: { conversation: list.conversations[0]!, ...summary } };
  });

  app.get('/conversations/:phone_number/messages', {
    schema: {
      tags, summary: 'Full history (user, bot, agent, system) and the seed view of the chat',
      params: PhoneParams,
      querystring: Type.Object({
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        before: Type.Optional(Type.String({ maxLength: 100 })),
      }),
      response: {
        200: success(Type.Object({
          phone_number: Type.String(),
          state: Type.String(),
          chat_support_active: Type.Boolean(),
          chat_last_message_time: Type.Union([Type.String(), Type.Null()]),
          chat_messages: Type.Array(Type.Object({ text: Type.String(), timestamp: Type.String(), sender: Type.String() })),
          messages: Type.Array(MessageItem),
          next_cursor: Type.Union([Type.String(), Type.Null()]),
        })),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const { phoneNumber, conversation } = await conversationFor(request.params.phone_number);
    const [history, chatView] = await Promise.all([conversationHistory(db, conversation.id, { limit: 100, ...request.query }), seedChatView(db, conversation.id)]);
    return {
      status: 'success' as const,
      data: { phone_number: phoneNumber, state: conversation.state.toLowerCase(), chat_support_active: conversation.activeChatSessionId !== null, ...chatView, ...history },
    };
  });

  app.post('/conversations/:phone_number/chat-support/send', {
    schema: {
      tags, summary: 'Send an agent message (the user receives "🎧 Support Team: …")',
      params: PhoneParams, body: MessageBody,
      response: {
        200: Type.Object({
          status: Type.Literal('success'), message: Type.String(),
          data: Type.Object({ phone_number: Type.String(), message_sent: Type.String(), timestamp: Type.String() }),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const phoneNumber = await phoneOf(request.params.phone_number);
    const { sentAt } = await chat.sendAgentMessage(phoneNumber, request.body.message, agentOf(request));
    return {
      status: 'success' as const,
      message: 'Message sent to user',
      data: { phone_number: phoneNumber, message_sent: request.body.message.trim(), timestamp: sentAt.toISOString() },
    };
  });

  app.post('/conversations/:phone_number/chat-support/end', {
    schema: {
      tags, summary: 'End the support chat (closing message optional)',
      params: PhoneParams, body: OptionalMessageBody,
      response: {
        200: Type.Object({
          status: Type.Literal('success'), message: Type.String(),
          data: Type.Object({ phone_number: Type.String(), session_ended: Type.String() }),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const phoneNumber = await phoneOf(request.params.phone_number);
    const { endedAt } = await chat.endChat(phoneNumber, request.body?.message, agentOf(request));
    return { status: 'success' as const, message: 'Chat support session ended', data: { phone_number: phoneNumber, session_ended: endedAt.toISOString() } };
  });

  app.post('/conversations/:phone_number/chat-support/start', {
    schema: {
      tags, summary: 'Start a support chat with a user who wrote within 24 hours', params: PhoneParams,
      response: {
        200: Type.Object({
          status: Type.Literal('success'), message: Type.String(),
          data: Type.Object({ phone_number: Type.String(), chat_session_id: Type.String() }),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const phoneNumber = await phoneOf(request.params.phone_number);
    const { chatSessionId } = await chat.startChat(phoneNumber, agentOf(request));
    return { status: 'success' as const, message: 'Chat support session started', data: { phone_number: phoneNumber, chat_session_id: chatSessionId } };
  });

  app.post('/conversations/:phone_number/chat-support/assign', {
    // The number is the resource: a bad or unknown one is reported (400 INVALID_PHONE_NUMBER, 404) before
    // the body is validated, as on the other routes of a conversation. The transaction checks again.
    preValidation: async (request) => void (await conversationFor(request.params.phone_number)),
    schema: {
      tags,
      summary: 'Assign the active chat to an agent, or unassign it (null)',
      description: 'An agent may assign an unassigned chat to themselves and unassign their own; anything else needs the admin role (403).',
      params: PhoneParams, body: AssignBody,
      response: {
        200: success(Type.Object({
          phone_number: Type.String(), chat_session_id: Type.String(),
          assigned_agent_id: Type.Union([Type.String(), Type.Null()]), assigned_agent_name: Type.Union([Type.String(), Type.Null()]),
        })),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const phoneNumber = await phoneOf(request.params.phone_number);
    const { chatSessionId, assignee } = await chat.assignChat(phoneNumber, request.body.agent_id, agentOf(request));
    return {
      status: 'success' as const,
      data: { phone_number: phoneNumber, chat_session_id: chatSessionId, assigned_agent_id: assignee?.id ?? null, assigned_agent_name: assignee?.name ?? null },
    };
  });

  app.post('/conversations/:phone_number/read', {
    schema: {
      tags, summary: 'Mark the conversation as seen by an agent (unread count to 0)', params: PhoneParams,
      response: { 200: success(Type.Object({ phone_number: Type.String() })), ...errorResponses },
    },
  }, async (request) => {
    const phoneNumber = await phoneOf(request.params.phone_number);
    await chat.markRead(phoneNumber);
    return { status: 'success' as const, data: { phone_number: phoneNumber } };
  });
};
