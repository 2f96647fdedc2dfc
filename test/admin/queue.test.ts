import { beforeAll, describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { useTestApp } from '../helpers/app.js';
import { accepted, bearer, call, conv, createAgent, createToken, expectError, ISO, newUser, register, say, startSupportChat } from './support.js';

/** The support queue, and support chats started by an agent from the API. */

const QUEUE_KEYS = [
  'conversation_id', 'phone_number', 'name', 'chat_session_id', 'started_at', 'started_by',
  'waiting_since', 'unanswered', 'unread_count', 'assigned_agent_id', 'assigned_agent_name', 'last_message',
  'status', 'snoozed_until', 'labels', 'preview',
];
const END_CHAT_BUTTON = [{ type: 'reply', reply: { id: 'end_chat', title: '❌ End Chat' } }];
const welcomeFor = (name: string) => defaultContent.chat.welcome.replace('{name}', name);

describe('GET /api/admin/queue', () => {
  const t = useTestApp();
  let x: { token: string; id: string };
  let y: { token: string; id: string };
  const a = newUser('80555');
  const b = newUser('80555');
  const c = newUser('80555');
  const d = newUser('80555');
  const ours = new Set([a.phone, b.phone, c.phone, d.phone]);

  type QueueItem = { phone_number: string; waiting_since: string | null; unanswered: boolean; assigned_agent_id: string | null; started_at: string; [key: string]: unknown };
  const queue = async (): Promise<QueueItem[]> => {
    const answer = await call(t, 'GET', '/api/admin/queue');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json)).toEqual(['status', 'data']);
    return answer.json.data.chats.filter((q: QueueItem) => ours.has(q.phone_number));
  };
  const item = (items: QueueItem[], phone: string) => items.find((q) => q.phone_number === phone)!;
  const reply = async (phone: string, message: string, headers?: Record<string, string>) => {
    const sent = await call(t, 'POST', conv(phone, '/chat-support/send'), { message }, headers);
    expect(sent.status).toBe(200);
    return sent.json.data.timestamp as string;
  };
  /** When the latest user message of the conversation was stored. */
  const lastUserMessageAt = async (phone: string) => {
    const history = (await call(t, 'GET', conv(phone, '/messages'))).json.data.messages as Array<{ sender: string; timestamp: string }>;
    return history.filter((m) => m.sender === 'user').at(-1)!.timestamp;
  };

  beforeAll(async () => {
    const agentX = await createAgent(t, { name: 'Xavier', email: 'xavier@example.com' });
    const agentY = await createAgent(t, { name: 'Yetunde', email: 'yetunde@example.com' });
    x = { id: agentX.id, token: (await createToken(t, agentX.id)).token };
    y = { id: agentY.id, token: (await createToken(t, agentY.id)).token };
    for (const [user, name] of [[a, 'Ada'], [b, 'Bisi'], [c, 'Chuka']] as const) await startSupportChat(t, user.waId, name);
  });
  it('lists active chats longest waiting first, unanswered, with who and what', async () => {
    const items = await queue();
    expect(items.map((q) => q.phone_number)).toEqual([a.phone, b.phone, c.phone]);
    for (const q of items) {
      expect(Object.keys(q)).toEqual(QUEUE_KEYS);
      expect(q).toMatchObject({ started_by: 'user', unanswered: true, assigned_agent_id: null, waiting_since: q.started_at });
      expect(q.started_at).toMatch(ISO);
      expect(Object.keys(q.last_message as object)).toEqual(['text', 'timestamp', 'sender']);
    }
    expect(item(items, a.phone)).toMatchObject({ name: 'Ada', unread_count: 1, last_message: { text: welcomeFor('Ada'), sender: 'bot' } });
  });

  it('flips `unanswered` when an agent replies, assigns the chat to the first agent who answers, and re-queues on the next user message', async () => {
    const answeredAt = await reply(a.phone, 'Hi Ada, Xavier here', bearer(x.token));
    let items = await queue();
    expect(items.map((q) => q.phone_number)).toEqual([b.phone, c.phone, a.phone]);
    expect(item(items, a.phone)).toMatchObject({
      unanswered: false, waiting_since: null, assigned_agent_id: x.id, unread_count: 0,
      last_message: { text: 'Hi Ada, Xavier here', timestamp: answeredAt, sender: 'admin' },
    });

    // A second agent answering does not take the chat over.
    await reply(a.phone, 'Yetunde here too', bearer(y.token));
    expect(item(await queue(), a.phone).assigned_agent_id).toBe(x.id);

    // The user writes again: waiting from that message, behind chats that have waited longer.
    await say(t, a.waId, 'Ada', { text: 'It still does not work' });
    items = await queue();
    expect(item(items, a.phone)).toMatchObject({ unanswered: true, waiting_since: await lastUserMessageAt(a.phone), assigned_agent_id: x.id, unread_count: 1 });
    expect(items.map((q) => q.phone_number)).toEqual([b.phone, c.phone, a.phone]);

    // The bootstrap token is no agent: its answer leaves the chat unassigned; the next agent's answer assigns it.
    await reply(b.phone, 'An admin answer');
    expect(item(await queue(), b.phone)).toMatchObject({ unanswered: false, assigned_agent_id: null });
    await reply(b.phone, 'Yetunde takes it', bearer(y.token));
    await say(t, b.waId, 'Bisi', { text: 'Thanks, one more question' });
    items = await queue();
    expect(item(items, b.phone)).toMatchObject({ unanswered: true, assigned_agent_id: y.id });
    // Chuka has waited since the start; Ada since her second message; Bisi since just now.
    expect(items.map((q) => q.phone_number)).toEqual([c.phone, a.phone, b.phone]);
    expect(Date.parse(item(items, a.phone).waiting_since!)).toBeLessThan(Date.parse(item(items, b.phone).waiting_since!));
  });

  it('drops ended chats, and shows a chat an agent started as answered until the user writes', async () => {
    expect((await call(t, 'POST', conv(c.phone, '/chat-support/end'), {}, bearer(x.token))).status).toBe(200);
    await t.settle();
    expect((await queue()).map((q) => q.phone_number)).toEqual([a.phone, b.phone]);

    await register(t, d.waId, 'Dapo');
    const started = await call(t, 'POST', conv(d.phone, '/chat-support/start'), undefined, bearer(y.token));
    expect(started.status).toBe(200);
    let items = await queue();
    expect(items.map((q) => q.phone_number)).toEqual([a.phone, b.phone, d.phone]);
    expect(item(items, d.phone)).toMatchObject({ started_by: 'agent', unanswered: false, waiting_since: null, chat_session_id: started.json.data.chat_session_id });

    await t.settle();
    await say(t, d.waId, 'Dapo', { text: 'Yes, I have a question' });
    items = await queue();
    expect(item(items, d.phone)).toMatchObject({ unanswered: true, waiting_since: await lastUserMessageAt(d.phone) });
  });
});

describe('POST /api/admin/conversations/{phone_number}/chat-support/start', () => {
  const t = useTestApp();

  it('starts a chat with a user who wrote within 24 hours: the user gets the welcome and can answer', async () => {
    const { waId, phone } = newUser('80566');
    await register(t, waId, 'Ebuka');
    const agent = await createAgent(t, { name: 'Starter', email: 'starter@example.com' });
    const { token } = await createToken(t, agent.id);
    const before = accepted(t, waId).length;

    const started = await call(t, 'POST', `/api/admin/conversations/${waId}/chat-support/start`, undefined, bearer(token));
    expect(started.status).toBe(200);
    expect(started.json).toEqual({ status: 'success', message: 'Chat support session started', data: { phone_number: phone, chat_session_id: expect.any(String) } });
    expect(Object.keys(started.json.data)).toEqual(['phone_number', 'chat_session_id']);

    await t.settle();
    expect(accepted(t, waId).slice(before)).toEqual([
      expect.objectContaining({ to: waId, type: 'interactive', interactive: { type: 'button', body: { text: welcomeFor('Ebuka') }, action: { buttons: END_CHAT_BUTTON } } }),
    ]);
    const view = (await call(t, 'GET', conv(phone, '/messages'))).json.data;
    expect(view).toMatchObject({ state: 'chat_support_active', chat_support_active: true });
    const one = (await call(t, 'GET', conv(phone))).json.data;
    expect(one.chat).toMatchObject({ id: started.json.data.chat_session_id, started_by: 'agent' });

    // Already active: 409, and nothing more is sent.
    expectError(await call(t, 'POST', conv(phone, '/chat-support/start'), undefined, bearer(token)), 409, 'CHAT_ALREADY_ACTIVE');

    // The user answers inside the chat and is acknowledged; the agent's reply reaches them.
    await say(t, waId, 'Ebuka', { text: 'Hello, yes?' });
    const sent = await call(t, 'POST', conv(phone, '/chat-support/send'), { message: 'We noticed a failed payment' }, bearer(token));
    expect(sent.status).toBe(200);
    await t.settle();
    const texts = accepted(t, waId).slice(before).map((m) => m.text?.body ?? m.interactive?.body.text);
    expect(texts).toEqual([welcomeFor('Ebuka'), defaultContent.chat.acknowledgement, '🎧 Support Team: We noticed a failed payment']);
    const chat = (await call(t, 'GET', conv(phone, '/messages'))).json.data.chat_messages;
    expect(chat.map((m: { sender: string; text: string }) => [m.sender, m.text])).toEqual([['user', 'Hello, yes?'], ['admin', 'We noticed a failed payment']]);
  });
});
