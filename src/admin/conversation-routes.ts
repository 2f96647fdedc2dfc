import { AppError } from '../errors.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CountryCode } from 'libphonenumber-js/max';
import type { Db } from '../db/client.js';
import type { ReadCache } from '../db/read-cache.js';
import type { UseCases } from '../use-cases/index.js';
import { messageView } from '../events/message-view.js';
import { agentMediaRoute } from './agent-media-route.js';
import { findContact } from './contacts.js';
import { agentNameOf } from '../store/messages.js';
import { errorResponses, PhoneParams, Success, success } from '../contract/common.js';
import {
  AssignBody, ChatAssignment, ConversationDetail, ConversationListQuery, ConversationPage, EndedChat, MarkedRead, MessageBody,
  MessageHistory, MessageHistoryQuery, OptionalMessageBody, Queue, ReactedMessage, ReactionBody, SentMessage, StartedChat, TypingShown,
} from '../contract/conversations.js';
import { chatSummary, conversationPage, listConversations, stateName, supportQueue } from './queries.js';

export interface ConversationRoutesOptions {
  chat: UseCases;
  db: Db;
  /** Where the list and the queue are kept while the database has not changed. */
  reads: ReadCache;
  /** How the list's search reads a number written locally (DEFAULT_COUNTRY_CODE). */
  defaultCountry?: CountryCode | null;
}

const tags = ['conversations'];

/** Conversations and support chats: the seed's endpoints (same paths and shapes) and what an inbox needs. */
export const conversationRoutes: FastifyPluginAsyncTypebox<ConversationRoutesOptions> = async (app, { chat, db, reads, defaultCountry = null }) => {
  const agentOf = (request: { principal?: { agentId: string | null; name: string; role: 'admin' | 'agent' } }) => ({
    id: request.principal?.agentId ?? null,
    name: request.principal?.name ?? null,
    // Fail closed: without a principal (which `authenticate` always sets) nobody is an admin.
    role: request.principal?.role ?? ('agent' as const),
  });
  const conversationFor = (raw: string) => findContact(db, raw);
  /** The contact's conversation id (what the use cases take) and the address the answer names it by. */
  const contactOf = async (raw: string) => {
    const { phoneNumber, conversation } = await conversationFor(raw);
    return { phoneNumber, id: conversation.id };
  };

  app.get('/conversations', {
    schema: {
      tags, summary: 'Conversations, most recent activity first', querystring: ConversationListQuery,
      response: { 200: Success(ConversationPage), ...errorResponses },
    },
  }, async (request) => {
    const { limit = 20, cursor, state, active, q, status, label, assignee: who } = request.query;
    const me = request.principal?.agentId ?? null;
    if (who === 'me' && me === null) throw new AppError(400, 'VALIDATION_ERROR', 'assignee=me needs an agent: the bootstrap token is no agent.');
    const assignee = who === 'me' ? me! : who?.toLowerCase();
    const filter = { limit, cursor, state: state?.toUpperCase(), active, search: q?.trim() || undefined, country: defaultCountry, status, label, assignee };
    return success(await reads.get(`conversations ${JSON.stringify(filter)}`, () => listConversations(db, filter)));
  });

  app.get('/queue', {
    schema: { tags, summary: 'Active support chats, longest waiting first', response: { 200: Success(Queue), ...errorResponses } },
  }, async () => success({ chats: await reads.get('queue', () => supportQueue(db)) }));

  app.get('/conversations/:phone_number', {
    schema: {
      tags, summary: 'One conversation with its open chat', params: PhoneParams,
      response: { 200: Success(ConversationDetail), ...errorResponses },
    },
  }, async (request) => {
    const { conversation } = await conversationFor(request.params.phone_number);
    const [list, summary] = await Promise.all([listConversations(db, { limit: 1, conversationId: conversation.id }), chatSummary(db, conversation.id)]);
    return success({ conversation: list.conversations[0]!, ...summary });
  });

  app.get('/conversations/:phone_number/messages', {
    schema: {
      tags, summary: 'Full history (user, bot, agent, system) and the seed view of the chat',
      params: PhoneParams, querystring: MessageHistoryQuery,
      response: { 200: Success(MessageHistory), ...errorResponses },
    },
  }, async (request) => {
    const { phoneNumber, conversation } = await conversationFor(request.params.phone_number);
    const history = await conversationPage(db, conversation.id, { limit: 100, ...request.query });
    return success({
      phone_number: phoneNumber, state: stateName(conversation.state), chat_support_active: conversation.activeChatSessionId !== null, ...history,
    });
  });

  app.post('/conversations/:phone_number/chat-support/send', {
    schema: {
      tags, summary: 'Send an agent message (the user receives "🎧 Support Team: …")',
      params: PhoneParams, body: MessageBody,
      response: { 200: Success(SentMessage, { message: true }), ...errorResponses },
    },
  }, async (request) => {
    const { phoneNumber, id } = await contactOf(request.params.phone_number);
    const { sentAt } = await chat.sendAgentMessage(id, request.body.message, agentOf(request), request.body.reply_to);
    return success({ phone_number: phoneNumber, message_sent: request.body.message.trim(), timestamp: sentAt.toISOString() }, 'Message sent to user');
  });

  app.post('/conversations/:phone_number/chat-support/end', {
    schema: {
      tags, summary: 'End the support chat (closing message optional)',
      params: PhoneParams, body: OptionalMessageBody,
      response: { 200: Success(EndedChat, { message: true }), ...errorResponses },
    },
  }, async (request) => {
    const { phoneNumber, id } = await contactOf(request.params.phone_number);
    const { endedAt } = await chat.endChat(id, request.body?.message, agentOf(request));
    return success({ phone_number: phoneNumber, session_ended: endedAt.toISOString() }, 'Chat support session ended');
  });

  app.post('/conversations/:phone_number/chat-support/start', {
    schema: {
      tags, summary: 'Start a support chat with a user who wrote within 24 hours', params: PhoneParams,
      response: { 200: Success(StartedChat, { message: true }), ...errorResponses },
    },
  }, async (request) => {
    const { phoneNumber, id } = await contactOf(request.params.phone_number);
    const { chatSessionId } = await chat.startChat(id, agentOf(request));
    return success({ phone_number: phoneNumber, chat_session_id: chatSessionId }, 'Chat support session started');
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
      response: { 200: Success(ChatAssignment), ...errorResponses },
    },
  }, async (request) => {
    const { phoneNumber, id } = await contactOf(request.params.phone_number);
    const { chatSessionId, assignee } = await chat.assignChat(id, request.body.agent_id, agentOf(request));
    return success({ phone_number: phoneNumber, chat_session_id: chatSessionId, assigned_agent_id: assignee?.id ?? null, assigned_agent_name: assignee?.name ?? null });
  });

  app.post('/conversations/:phone_number/reactions', {
    // As for assign: a bad or unknown contact is reported before the body is validated.
    preValidation: async (request) => void (await conversationFor(request.params.phone_number)),
    schema: {
      tags, summary: "React to a message of the open chat ('' removes your reaction)", params: PhoneParams, body: ReactionBody,
      response: { 200: Success(ReactedMessage), ...errorResponses },
    },
  }, async (request) => {
    const { id } = await contactOf(request.params.phone_number);
    const message = await chat.reactToMessage(id, request.body.message_id, request.body.emoji, agentOf(request));
    return success({ message: messageView(message, await agentNameOf(db, message)) });
  });

  app.post('/conversations/:phone_number/typing', {
    schema: {
      tags, summary: 'Show the user "typing…" (open chat, inside the 24-hour window, at most once every 20 s)', params: PhoneParams,
      response: { 200: Success(TypingShown), ...errorResponses },
    },
  }, async (request) => {
    const { id } = await contactOf(request.params.phone_number);
    return success(await chat.showTyping(id));
  });

  await app.register(agentMediaRoute, { chat, contactOf, agentOf });

  app.post('/conversations/:phone_number/read', {
    schema: {
      tags, summary: 'Mark the conversation as seen by an agent (unread count to 0, and their mentions in it read)', params: PhoneParams,
      response: { 200: Success(MarkedRead), ...errorResponses },
    },
  }, async (request) => {
    const { phoneNumber, id } = await contactOf(request.params.phone_number);
    await chat.markRead(id, agentOf(request));
    return success({ phone_number: phoneNumber });
  });
};
