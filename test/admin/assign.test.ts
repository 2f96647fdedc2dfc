import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { domainEvents } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { bearer, call, conv, createAgent, createToken, expectError, newUser, register, startSupportChat } from './support.js';

/** `POST …/chat-support/assign`: who may give a chat to whom, and what it leaves behind. */

type Caller = { id: string; name: string; headers: Record<string, string> };
const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('POST /api/admin/conversations/{phone_number}/chat-support/assign', () => {
  const t = useTestApp();
  let grace: Caller;
  let tolu: Caller;
  let boss: Caller;
  let disabledId: string;

  const caller = async (name: string, role: 'admin' | 'agent'): Promise<Caller> => {
    const agent = await createAgent(t, { name, email: `${name.toLowerCase()}@assign.example.com`, role });
    return { id: agent.id, name, headers: bearer((await createToken(t, agent.id)).token) };
  };
  const assign = (phone: string, agentId: string | null, who?: Caller) =>
    call(t, 'POST', conv(phone, '/chat-support/assign'), { agent_id: agentId }, who?.headers);
  /** A user who asked for support: an active, unassigned chat. */
  const activeChat = async (name = 'Ada') => {
    const user = newUser('80599');
    await startSupportChat(t, user.waId, name);
    return user.phone;
  };
  const queueItem = async (phone: string) =>
    (await call(t, 'GET', '/api/admin/queue')).json.data.chats.find((c: { phone_number: string }) => c.phone_number === phone);
  const notes = async (phone: string) =>
    ((await call(t, 'GET', conv(phone, '/messages'))).json.data.messages as Array<{ direction: string; sender: string; text: string }>)
      .filter((m) => m.direction === 'internal')
      .map((m) => m.text);
  /** The `chat.assigned` rows of the event log (what SSE sends and replays) for this number. */
  const assignedEvents = async (phone: string) =>
    (await t.database.db.select().from(domainEvents).where(eq(domainEvents.name, 'chat.assigned')).orderBy(asc(domainEvents.id)))
      .map((row) => row.payload as { phone_number: string; agent_id: string | null; chat_session_id: string })
      .filter((payload) => payload.phone_number === phone);

  beforeAll(async () => {
    grace = await caller('Grace', 'agent');
    tolu = await caller('Tolu', 'agent');
    boss = await caller('Bisi', 'admin');
    disabledId = (await createAgent(t, { name: 'Gone', email: 'gone@assign.example.com' })).id;
    expect((await call(t, 'PATCH', `/api/admin/agents/${disabledId}`, { disabled: true })).status).toBe(200);
  });
  it('lets an agent take an unassigned chat: the answer, queue, detail, history note and chat.assigned event all say so', async () => {
    const phone = await activeChat();
    const taken = await assign(phone, grace.id, grace);
    expect(taken.status).toBe(200);
    const chatSessionId = (await queueItem(phone)).chat_session_id;
    expect(taken.json).toEqual({
      status: 'success',
      data: { phone_number: phone, chat_session_id: chatSessionId, assigned_agent_id: grace.id, assigned_agent_name: 'Grace' },
    });
    expect(await queueItem(phone)).toMatchObject({ assigned_agent_id: grace.id, assigned_agent_name: 'Grace' });
    expect((await call(t, 'GET', conv(phone))).json.data.chat).toMatchObject({ id: chatSessionId, assigned_agent_id: grace.id, assigned_agent_name: 'Grace' });
    expect(await notes(phone)).toEqual(['Ada asked for support', 'Grace took the chat']);
    expect(await assignedEvents(phone)).toEqual([expect.objectContaining({ agent_id: grace.id, chat_session_id: chatSessionId })]);

    // Again: nothing changes, so no second note or event.
    expect((await assign(phone, grace.id, grace)).status).toBe(200);
    expect(await notes(phone)).toHaveLength(2);
    expect(await assignedEvents(phone)).toHaveLength(1);

    // Unassigning oneself: a note, and an event with agent_id null.
    const released = await assign(phone, null, grace);
    expect(released.json.data).toMatchObject({ assigned_agent_id: null, assigned_agent_name: null });
    expect(await queueItem(phone)).toMatchObject({ assigned_agent_id: null, assigned_agent_name: null });
    expect((await call(t, 'GET', conv(phone))).json.data.chat).toMatchObject({ assigned_agent_id: null, assigned_agent_name: null });
    expect((await notes(phone)).at(-1)).toBe('Grace unassigned the chat');
    expect((await assignedEvents(phone)).map((e) => e.agent_id)).toEqual([grace.id, null]);
  });

  it('refuses (403) an agent who assigns someone else, takes over or unassigns a colleague\'s chat', async () => {
    const phone = await activeChat('Chidi');
    expectError(await assign(phone, tolu.id, grace), 403, 'FORBIDDEN');
    expect((await assign(phone, tolu.id, tolu)).status).toBe(200);
    expectError(await assign(phone, grace.id, grace), 403, 'FORBIDDEN');
    expectError(await assign(phone, null, grace), 403, 'FORBIDDEN');
    // Refused attempts change nothing and leave no trace.
    expect((await queueItem(phone)).assigned_agent_id).toBe(tolu.id);
    expect(await notes(phone)).toEqual(['Chidi asked for support', 'Tolu took the chat']);
    expect(await assignedEvents(phone)).toHaveLength(1);
  });

  it('lets an admin (agent or bootstrap token) assign to anyone, take over and unassign', async () => {
    const phone = await activeChat('Dayo');
    expect((await assign(phone, tolu.id, boss)).json.data).toMatchObject({ assigned_agent_id: tolu.id, assigned_agent_name: 'Tolu' });
    expect((await assign(phone, boss.id, boss)).status).toBe(200);
    expect((await assign(phone, grace.id)).status).toBe(200);
    expect((await assign(phone, null, boss)).status).toBe(200);
    expect(await notes(phone)).toEqual([
      'Dayo asked for support', 'Bisi assigned the chat to Tolu', 'Bisi took the chat', 'Admin assigned the chat to Grace', 'Bisi unassigned the chat',
    ]);
    expect((await assignedEvents(phone)).map((e) => e.agent_id)).toEqual([tolu.id, boss.id, grace.id, null]);
  });

  it('serialises two agents pressing "Assign to me" at once: one gets the chat, the other a 403', async () => {
    const phone = await activeChat('Emeka');
    const answers = await Promise.all([assign(phone, grace.id, grace), assign(phone, tolu.id, tolu)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 403]);
    const winner = answers[0]!.status === 200 ? grace : tolu;
    expect((await queueItem(phone)).assigned_agent_id).toBe(winner.id);
    expect(await assignedEvents(phone)).toHaveLength(1);
  });

  it('answers 404 for an unknown agent or number, 409 for a disabled agent or no active chat, 400 for a bad body', async () => {
    const phone = await activeChat('Femi');
    expectError(await assign(phone, NOBODY, boss), 404, 'NOT_FOUND');
    expectError(await assign(phone, disabledId, boss), 409, 'AGENT_DISABLED');
    expectError(await assign(newUser('80599').phone, grace.id, grace), 404, 'NOT_FOUND');
    // The number is checked before the body, as on the other routes of a conversation.
    expectError(await call(t, 'POST', conv('12345', '/chat-support/assign'), {}, grace.headers), 400, 'INVALID_PHONE_NUMBER');
    expectError(await assign(phone, 'grace', grace), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', conv(phone, '/chat-support/assign'), {}, grace.headers), 400, 'VALIDATION_ERROR');

    // A registered user without a chat, and a chat that has ended.
    const idle = newUser('80599');
    await register(t, idle.waId, 'Gbenga');
    expectError(await assign(idle.phone, grace.id, grace), 409, 'CHAT_NOT_ACTIVE');
    expect((await call(t, 'POST', conv(phone, '/chat-support/end'))).status).toBe(200);
    expectError(await assign(phone, grace.id, grace), 409, 'CHAT_NOT_ACTIVE');
    expect(await assignedEvents(phone)).toHaveLength(0);
  });

  it('is documented with its body and answer', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const op = doc.paths['/api/admin/conversations/{phone_number}/chat-support/assign'].post;
    expect(op.tags).toEqual(['conversations']);
    expect(op.summary).toEqual(expect.any(String));
    expect(op.requestBody.content['application/json'].schema.required).toEqual(['agent_id']);
    const answer = op.responses['200'].content['application/json'].schema.properties.data;
    expect(Object.keys(answer.properties)).toEqual(['phone_number', 'chat_session_id', 'assigned_agent_id', 'assigned_agent_name']);
    for (const status of ['400', '403', '404', '409']) expect(op.responses[status]).toBeDefined();
  });
});
