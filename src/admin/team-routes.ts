import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorResponses, PhoneParams, Success, success } from '../contract/common.js';
import { IdParams } from '../contract/agents.js';
import { SentMedia } from '../contract/conversations.js';
import {
  AssignmentSettings, AssignmentSettingsPatch, CannedResponseBody, PresenceBody, TeamList, ViewCounts, CannedResponseItem, CannedResponseList, CannedResponsePatch, ConversationLabels, ConversationLabelsBody, LabelBody, LabelItem, LabelList, NoteBody, NotificationList, NotificationsReadBody, StatusBody,
} from '../contract/team.js';
import type { Db } from '../db/client.js';
import type { EventBus } from '../events/bus.js';
import { AppError } from '../errors.js';
import { messageView } from '../events/message-view.js';
import { listLabels } from '../store/labels.js';
import { viewCounts } from './queries.js';
import { teamMembers } from '../use-cases/notes.js';
import { listNotifications, markNotificationsRead, unreadNotificationCount } from '../store/notifications.js';
import type { UseCases } from '../use-cases/index.js';
import { readAssignmentSettings, writeAssignmentSettings, type AssignmentSettings as Assignment } from '../use-cases/auto-assign.js';
import { cannedItem, changeCannedResponse, createCannedResponse, deleteCannedResponse, listCannedResponses } from '../use-cases/canned-responses.js';
import type { AdminAuth } from './auth.js';
import { findContact } from './contacts.js';
import type { ReadCache } from '../db/read-cache.js';

export interface TeamRoutesOptions {
  auth: AdminAuth;
  chat: UseCases;
  db: Db;
  /** Where the views' counts are kept while the database has not changed. */
  reads: ReadCache;
  bus: EventBus;
  /** The assignment settings changed: a round now rather than at the next tick. */
  onAssignmentChanged?: () => void;
}

const tags = ['team'];

type Principal = { agentId: string | null; name: string; role: 'admin' | 'agent' } | undefined;
const agentOf = (principal: Principal) => ({ id: principal?.agentId ?? null, name: principal?.name ?? null });
// Fail closed: without a principal (which `authenticate` always sets) nobody is an admin.
const actorOf = (principal: Principal) => ({ ...agentOf(principal), role: principal?.role ?? ('agent' as const) });

/** Agent-only routes (notifications) refuse the bootstrap token, which is no agent. */
function agentIdOf(principal: Principal): string {
  if (!principal?.agentId) throw new AppError(400, 'NOT_AN_AGENT', 'Notifications belong to agents: sign in as one, or use an agent\'s token.');
  return principal.agentId;
}

const assignmentView = (a: Assignment): AssignmentSettings => ({
  auto_assign: a.autoAssign, max_open_chats_per_agent: a.maxOpenChatsPerAgent, unassign_when_away: a.unassignWhenAway, announce_agent: a.announceAgent,
});

const labelItem = (row: { id: string; name: string; color: string; conversations?: number }): LabelItem => ({
  id: row.id, name: row.name, color: row.color, conversations: row.conversations ?? 0,
});

/** What a team shares around conversations: status, labels, private notes and mentions. */
export const teamRoutes: FastifyPluginAsyncTypebox<TeamRoutesOptions> = async (app, { auth, chat, db, reads, bus, onAssignmentChanged }) => {
  const deps = { db };
  app.post('/conversations/:phone_number/status', {
    preValidation: async (request) => void (await findContact(db, request.params.phone_number)),
    schema: {
      tags, summary: 'Set the status: open, pending, snoozed (until a time, or until the user writes), resolved (ends the chat)',
      params: PhoneParams, body: StatusBody,
      response: { 200: Success(Type.Object({ status: StatusBody.properties.status, snoozed_until: Type.Union([Type.String(), Type.Null()]) })), ...errorResponses },
    },
  }, async (request) => {
    const { conversation } = await findContact(db, request.params.phone_number);
    const until = request.body.snoozed_until === undefined ? undefined : new Date(request.body.snoozed_until);
    const result = await chat.setConversationStatus(conversation.id, { status: request.body.status, snoozedUntil: until }, agentOf(request.principal));
    return success({ status: result.status, snoozed_until: result.snoozedUntil?.toISOString() ?? null });
  });

  app.post('/conversations/:phone_number/notes', {
    preValidation: async (request) => void (await findContact(db, request.params.phone_number)),
    schema: {
      tags, summary: 'Write a private note (never sent to WhatsApp); @name mentions notify those agents',
      params: PhoneParams, body: NoteBody, response: { 200: Success(SentMedia), ...errorResponses },
    },
  }, async (request) => {
    const { conversation } = await findContact(db, request.params.phone_number);
    const agent = agentOf(request.principal);
    const note = await chat.addNote(conversation.id, request.body.text, agent);
    return success({ message: messageView(note, agent.name) });
  });

  app.get('/labels', {
    schema: { tags, summary: 'The labels, alphabetical, with how many conversations carry each', response: { 200: Success(LabelList), ...errorResponses } },
  }, async () => success({ labels: (await listLabels(db)).map(labelItem) }));

  app.post('/labels', {
    onRequest: auth.requireAdmin,
    schema: { tags, summary: 'Create a label (admin role)', body: LabelBody, response: { 200: Success(LabelItem), ...errorResponses } },
  }, async (request) => success(labelItem(await chat.createLabel(request.body))));

  app.patch('/labels/:id', {
    onRequest: auth.requireAdmin,
    schema: {
      tags, summary: 'Rename or recolour a label (admin role)', params: IdParams,
      body: Type.Partial(LabelBody, { additionalProperties: false, minProperties: 1 }), response: { 200: Success(LabelItem), ...errorResponses },
    },
  }, async (request) => success(labelItem(await chat.changeLabel(request.params.id, request.body))));

  app.delete('/labels/:id', {
    onRequest: auth.requireAdmin,
    schema: { tags, summary: 'Delete a label; conversations lose it (admin role)', params: IdParams, response: { 200: Success(Type.Object({ deleted: Type.Boolean() })), ...errorResponses } },
  }, async (request) => {
    await chat.removeLabel(request.params.id);
    return success({ deleted: true });
  });

  app.put('/conversations/:phone_number/labels', {
    preValidation: async (request) => void (await findContact(db, request.params.phone_number)),
    schema: {
      tags, summary: 'Set the labels of a conversation (all of them, by name)', params: PhoneParams, body: ConversationLabelsBody,
      response: { 200: Success(ConversationLabels), ...errorResponses },
    },
  }, async (request) => {
    const { conversation } = await findContact(db, request.params.phone_number);
    return success({ labels: await chat.setConversationLabels(conversation.id, request.body.labels, agentOf(request.principal)) });
  });

  app.get('/notifications', {
    schema: {
      tags, summary: 'My notifications (mentions), newest first, and how many are unread',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }),
      response: { 200: Success(NotificationList), ...errorResponses },
    },
  }, async (request) => {
    const me = agentIdOf(request.principal);
    const [notifications, unread] = await Promise.all([listNotifications(db, me, { limit: request.query.limit ?? 50 }), unreadNotificationCount(db, me)]);
    return success({ notifications, unread });
  });

  app.post('/notifications/read', {
    schema: {
      tags, summary: 'Mark my notifications read (these ids, or all)', body: NotificationsReadBody,
      response: { 200: Success(Type.Object({ unread: Type.Integer() })), ...errorResponses },
    },
  }, async (request) => {
    const me = agentIdOf(request.principal);
    await markNotificationsRead(db, me, { ids: request.body.ids });
    return success({ unread: await unreadNotificationCount(db, me) });
  });

  app.get('/canned-responses', {
    schema: { tags, summary: 'Saved replies: the shared ones and mine, by shortcut', response: { 200: Success(CannedResponseList), ...errorResponses } },
  }, async (request) => success({ canned_responses: (await listCannedResponses(db, actorOf(request.principal))).map(cannedItem) }));

  app.post('/canned-responses', {
    schema: {
      tags, summary: 'Save a reply: mine, or shared with the team (admin role)', body: CannedResponseBody,
      response: { 200: Success(CannedResponseItem), ...errorResponses },
    },
  }, async (request) => success(cannedItem(await createCannedResponse(deps, request.body, actorOf(request.principal)))));

  app.patch('/canned-responses/:id', {
    schema: {
      tags, summary: 'Change a saved reply (shared ones: admin role)', params: IdParams, body: CannedResponsePatch,
      response: { 200: Success(CannedResponseItem), ...errorResponses },
    },
  }, async (request) => success(cannedItem(await changeCannedResponse(deps, request.params.id, request.body, actorOf(request.principal)))));

  app.delete('/canned-responses/:id', {
    schema: {
      tags, summary: 'Delete a saved reply (shared ones: admin role)', params: IdParams,
      response: { 200: Success(Type.Object({ deleted: Type.Boolean() })), ...errorResponses },
    },
  }, async (request) => {
    await deleteCannedResponse(deps, request.params.id, actorOf(request.principal));
    return success({ deleted: true });
  });

  app.get('/settings/assignment', {
    schema: { tags, summary: 'How chats are given out', response: { 200: Success(AssignmentSettings), ...errorResponses } },
  }, async () => success(assignmentView(await readAssignmentSettings(db))));

  app.put('/settings/assignment', {
    onRequest: auth.requireAdmin,
    schema: {
      tags, summary: 'Change how chats are given out (admin role)', body: AssignmentSettingsPatch,
      response: { 200: Success(AssignmentSettings), ...errorResponses },
    },
  }, async (request) => {
    const { auto_assign: autoAssign, max_open_chats_per_agent: maxOpenChatsPerAgent, unassign_when_away: unassignWhenAway, announce_agent: announceAgent } = request.body;
    const change = Object.fromEntries(Object.entries({ autoAssign, maxOpenChatsPerAgent, unassignWhenAway, announceAgent }).filter(([, v]) => v !== undefined));
    const saved = await writeAssignmentSettings(db, change);
    onAssignmentChanged?.();
    return success(assignmentView(saved));
  });

  app.post('/conversations/:phone_number/presence', {
    preValidation: async (request) => void (await findContact(db, request.params.phone_number)),
    schema: {
      tags, summary: 'Tell the other agents you are viewing or typing in this conversation, or left it (not stored)',
      params: PhoneParams, body: PresenceBody, response: { 200: Success(Type.Object({ shared: Type.Boolean() })), ...errorResponses },
    },
  }, async (request) => {
    const { conversation } = await findContact(db, request.params.phone_number);
    const principal = request.principal;
    // The bootstrap token is no agent: nobody to show.
    if (!principal?.agentId) return success({ shared: false });
    bus.announcePresence({
      conversation_id: conversation.id, phone_number: conversation.phoneNumber, agent_id: principal.agentId, agent_name: principal.name,
      state: request.body.state, at: new Date().toISOString(),
    });
    return success({ shared: true });
  });

  app.get('/team', {
    schema: {
      tags, summary: 'The active agents, as any agent may see them: name, @mention, availability, open chats',
      response: { 200: Success(TeamList), ...errorResponses },
    },
  }, async () => success({ members: await teamMembers(db) }));

  app.get('/conversations/counts', {
    schema: { tags, summary: 'How many conversations each view holds: by status, mine, unassigned, per label', response: { 200: Success(ViewCounts), ...errorResponses } },
  }, async (request) => {
    const me = request.principal?.agentId ?? null;
    return success(await reads.get(`counts ${me}`, () => viewCounts(db, me)));
  });
};
