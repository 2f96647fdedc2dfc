import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { chatSessions, conversations, messages } from '../../src/db/schema.js';
import { startFakeGraphApi, type FakeGraphApi } from '../../src/simulator/index.js';
import { LIMITS, whatsappLength } from '../../src/whatsapp/limits.js';
import { startTestApp, TEST_SECRETS, type TestApp, useTestApp } from '../helpers/app.js';
import {
  accepted, bearer, BOOTSTRAP, call, conv, createAgent, createToken, expectError, newUser, register, say, shown, startSupportChat, type Method,
} from './support.js';

/** Every error of the admin API: `{status: 'error', error: {code, message}}`, never a stack trace. */

const PREFIX = defaultContent.chat.agentPrefix;
const HOURS = 60 * 60 * 1000;

describe('admin API errors', () => {
  const t = useTestApp();

  /** Every admin route that takes {phone_number}, with a body that passes validation. */
  const phoneRoutes = () =>
    t.app.wadesk.routes
      .filter((r) => r.url.includes(':phone_number') && r.method !== 'HEAD')
      .map((r) => ({ method: r.method as Method, url: r.url, body: r.url.endsWith('/send') ? { message: 'hello' } : r.url.endsWith('/template') ? { name: 'hello_world', language: 'en_US' } : r.method === 'POST' ? {} : undefined }));

  it('answers 400 VALIDATION_ERROR for invalid bodies and queries', async () => {
    const { waId, phone } = newUser('80511');
    await startSupportChat(t, waId, 'Val');
    const send = conv(phone, '/chat-support/send');
    expectError(await call(t, 'POST', send, {}), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', send, { message: { text: 'hi' } }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', send, { message: ['one', 'two'] }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', send, { text: 'the wrong field' }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', send, { message: 'x'.repeat(8193) }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', send), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', conv(phone, '/chat-support/end'), { message: { text: 'bye' } }), 400, 'VALIDATION_ERROR');

    // Not JSON at all, or not JSON's content type.
    const broken = await t.app.inject({ method: 'POST', url: send, headers: { ...BOOTSTRAP, 'content-type': 'application/json' }, payload: '{"message": "unfinished' });
    expectError({ status: broken.statusCode, json: broken.json(), headers: broken.headers }, 400, /./);
    const plain = await t.app.inject({ method: 'POST', url: send, headers: { ...BOOTSTRAP, 'content-type': 'text/plain' }, payload: 'hello' });
    expectError({ status: plain.statusCode, json: plain.json(), headers: plain.headers }, 400, 'VALIDATION_ERROR');
    const xml = await t.app.inject({ method: 'POST', url: send, headers: { ...BOOTSTRAP, 'content-type': 'application/xml' }, payload: '<message>hi</message>' });
    expectError({ status: xml.statusCode, json: xml.json(), headers: xml.headers }, 415, /./);

    // None of them sent anything.
    await t.settle();
    expect(accepted(t, waId).map(shown)).not.toContainEqual(expect.stringContaining(PREFIX));
  });

  it('answers 400 INVALID_PHONE_NUMBER for a number that is not one, on every route that takes one', async () => {
    const routes = phoneRoutes();
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining([
      'GET /api/admin/conversations/:phone_number/messages',
      'POST /api/admin/conversations/:phone_number/chat-support/send',
      'POST /api/admin/conversations/:phone_number/chat-support/end',
      'POST /api/admin/conversations/:phone_number/chat-support/start',
    ]));
    for (const bad of ['abc', '+12', '12345', '%2B99912345678', '%2B0123456789', '+1-800-FLOWERS', '%25', '%25zz', '0']) {
      for (const route of routes) {
        const answer = await call(t, route.method, route.url.replace(':phone_number', bad), route.body);
        expect({ route: `${route.method} ${route.url}`, bad, status: answer.status, code: answer.json.error?.code })
          .toEqual({ route: `${route.method} ${route.url}`, bad, status: 400, code: 'INVALID_PHONE_NUMBER' });
        expectError(answer, 400, 'INVALID_PHONE_NUMBER');
      }
    }
    // Longer than any contact (a number, a conversation id, a user id of up to 131 characters): the path schema refuses it.
    expectError(await call(t, 'GET', conv('+2348012345678'.repeat(11), '/messages')), 400, 'VALIDATION_ERROR');
  });

  it('answers 404 NOT_FOUND for a well-formed number with no conversation, and for unknown routes', async () => {
    // A WhatsApp id (6–15 digits after a calling code) is the authority, not a library's number ranges:
    // +2341234 is short and +447700900123 is in a range the metadata calls invalid, yet both could be ids.
    for (const phone of [newUser('80511').phone, '+2341234', '+447700900124']) {
      for (const route of phoneRoutes()) {
        const answer = await call(t, route.method, route.url.replace(':phone_number', encodeURIComponent(phone)), route.body);
        expect({ route: `${route.method} ${route.url}`, phone, status: answer.status }).toEqual({ route: `${route.method} ${route.url}`, phone, status: 404 });
        expectError(answer, 404, 'NOT_FOUND');
      }
    }
    expectError(await call(t, 'GET', '/api/admin/no-such-thing'), 404, 'NOT_FOUND');
    expectError(await call(t, 'PATCH', '/api/admin/agents/00000000-0000-4000-8000-000000000000', { name: 'Nobody' }), 404, 'NOT_FOUND');
  });

  it('answers 400 for an empty message and for text longer than WhatsApp allows after the prefix', async () => {
    const { waId, phone } = newUser('80511');
    await startSupportChat(t, waId, 'Len');
    const send = conv(phone, '/chat-support/send');
    expectError(await call(t, 'POST', send, { message: '' }), 400, 'EMPTY_MESSAGE');
    expectError(await call(t, 'POST', send, { message: '  \n\t ' }), 400, 'EMPTY_MESSAGE');

    const room = LIMITS.textBody - whatsappLength(PREFIX);
    const tooLong = await call(t, 'POST', send, { message: 'y'.repeat(room + 1) });
    expectError(tooLong, 400, 'MESSAGE_TOO_LONG');
    expect(tooLong.json.error.message).toContain(String(room));

    const before = accepted(t, waId).length;
    const longest = await call(t, 'POST', send, { message: 'x'.repeat(room) });
    expect(longest.status).toBe(200);
    await t.settle();
    const delivered = accepted(t, waId).slice(before);
    expect(delivered.map(shown)).toEqual([PREFIX + 'x'.repeat(room)]);
    expect(shown(delivered[0])!.length).toBe(LIMITS.textBody);

    // The closing message goes out with a button: the interactive body's limit applies.
    const end = conv(phone, '/chat-support/end');
    expectError(await call(t, 'POST', end, { message: 'z'.repeat(LIMITS.interactiveBody + 1) }), 400, 'MESSAGE_TOO_LONG');
    expect((await call(t, 'GET', conv(phone, '/messages'))).json.data.chat_support_active).toBe(true);
    const ended = await call(t, 'POST', end, { message: 'z'.repeat(LIMITS.interactiveBody) });
    expect(ended.status).toBe(200);
    await t.settle();
    // The closing message, then the rating question (CSAT is on by default).
    expect(shown(accepted(t, waId).at(-2))).toBe('z'.repeat(LIMITS.interactiveBody));
    expect(shown(accepted(t, waId).at(-1))).toBe(defaultContent.csat.question);
  });

  it('answers 409 CHAT_NOT_ACTIVE without a chat, after the user ended it, and after an agent ended it', async () => {
    const neverChatted = newUser('80511');
    await register(t, neverChatted.waId, 'Registered');
    for (const action of ['send', 'end'] as const) {
      expectError(await call(t, 'POST', conv(neverChatted.phone, `/chat-support/${action}`), action === 'send' ? { message: 'hi' } : {}), 409, 'CHAT_NOT_ACTIVE');
    }

    const userEnded = newUser('80511');
    await startSupportChat(t, userEnded.waId, 'Quitter');
    await say(t, userEnded.waId, 'Quitter', { buttonId: 'end_chat' });
    const sentBefore = accepted(t, userEnded.waId).length;
    expectError(await call(t, 'POST', conv(userEnded.phone, '/chat-support/send'), { message: 'Are you still there?' }), 409, 'CHAT_NOT_ACTIVE');
    expectError(await call(t, 'POST', conv(userEnded.phone, '/chat-support/end'), { message: 'Bye' }), 409, 'CHAT_NOT_ACTIVE');

    const agentEnded = newUser('80511');
    await startSupportChat(t, agentEnded.waId, 'Ended');
    expect((await call(t, 'POST', conv(agentEnded.phone, '/chat-support/end'))).status).toBe(200);
    expectError(await call(t, 'POST', conv(agentEnded.phone, '/chat-support/end')), 409, 'CHAT_NOT_ACTIVE');
    expectError(await call(t, 'POST', conv(agentEnded.phone, '/chat-support/send'), { message: 'one more thing' }), 409, 'CHAT_NOT_ACTIVE');

    await t.settle();
    expect(accepted(t, userEnded.waId)).toHaveLength(sentBefore);
  });

  it('answers 401 without credentials and 403 for the wrong role', async () => {
    expectError(await call(t, 'GET', '/api/admin/conversations', undefined, {}), 401, 'UNAUTHORIZED');
    expectError(await call(t, 'GET', '/api/admin/conversations', undefined, bearer('wrong-token-wrong-token')), 401, 'UNAUTHORIZED');
    const agent = await createAgent(t, { name: 'Plain Agent', email: 'plain.agent@example.com', role: 'agent' });
    const { token } = await createToken(t, agent.id);
    expectError(await call(t, 'GET', '/api/admin/agents', undefined, bearer(token)), 403, 'FORBIDDEN');
    expectError(await call(t, 'POST', '/api/admin/agents', { name: 'Sneaky', email: 'sneaky@example.com', role: 'admin' }, bearer(token)), 403, 'FORBIDDEN');
    expectError(await call(t, 'PATCH', `/api/admin/agents/${agent.id}`, { role: 'admin' }, bearer(token)), 403, 'FORBIDDEN');
  });

  it('lets exactly one of two agents ending the same chat at once succeed; the other gets 409', async () => {
    const a1 = await createAgent(t, { name: 'Racer One', email: 'racer.one@example.com' });
    const a2 = await createAgent(t, { name: 'Racer Two', email: 'racer.two@example.com' });
    const tokens = [await createToken(t, a1.id), await createToken(t, a2.id)];
    for (let round = 0; round < 3; round++) {
      const { waId, phone } = newUser('80511');
      await startSupportChat(t, waId, 'Contested');
      await say(t, waId, 'Contested', { text: 'please help' });
      const before = accepted(t, waId).length;

      const answers = await Promise.all(tokens.map(({ token }, i) =>
        call(t, 'POST', conv(phone, '/chat-support/end'), { message: `closing from agent ${i + 1}` }, bearer(token))));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const loser = answers.find((a) => a.status === 409)!;
      expectError(loser, 409, 'CHAT_NOT_ACTIVE');
      const winner = answers.findIndex((a) => a.status === 200);

      await t.settle();
      // One closing message, the winner's, and one ended session recording who ended it.
      expect(accepted(t, waId).slice(before).map(shown)).toEqual([`closing from agent ${winner + 1}`, defaultContent.csat.question]);
      const [row] = await t.database.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.phoneNumber, phone));
      const sessions = await t.database.db.select().from(chatSessions).where(eq(chatSessions.conversationId, row!.id));
      expect(sessions).toHaveLength(1);
      expect(sessions[0]).toMatchObject({ endedBy: 'agent', endedByAgentId: [a1.id, a2.id][winner], closingMessage: `closing from agent ${winner + 1}` });
    }
  });
});

describe('the 24-hour window (the app restarted with a clock 26 hours later, same database)', () => {
  let fake: FakeGraphApi;
  let target = 'http://127.0.0.1:9';
  let fakeOffset = 0;
  let first: TestApp;
  let later: TestApp;
  const inChat = newUser('80522');
  const registered = newUser('80522');
  const returning = newUser('80522');

  beforeAll(async () => {
    fake = await startFakeGraphApi({
      accessToken: TEST_SECRETS.accessToken,
      appSecret: TEST_SECRETS.appSecret,
      phoneNumberId: TEST_SECRETS.phoneNumberId,
      displayPhoneNumber: TEST_SECRETS.displayPhoneNumber,
      webhookUrl: () => `${target}/webhooks/whatsapp`,
      statusDelaysMs: { sent: 5, delivered: 20 },
      webhookRetryDelaysMs: [20, 50],
      now: () => new Date(Date.now() + fakeOffset),
    });
    first = await startTestApp({ fake });
    target = first.url;
    await startSupportChat(first, inChat.waId, 'Sleepy');
    await say(first, inChat.waId, 'Sleepy', { text: 'I will be back tomorrow' });
    await register(first, registered.waId, 'Idle');
    await startSupportChat(first, returning.waId, 'Returning');

    await first.stop();
    later = await startTestApp({ database: first.database, fake, now: () => new Date(Date.now() + 26 * HOURS) });
    target = later.url;
  });
  afterAll(async () => {
    await later?.close();
    await first?.close();
    await fake?.close();
  });

  it('refuses to send: 409 WINDOW_CLOSED, saying a template is needed; nothing reaches WhatsApp', async () => {
    const before = accepted(later, inChat.waId).length;
    const refused = await call(later, 'POST', conv(inChat.phone, '/chat-support/send'), { message: 'Sorry for the delay' });
    expectError(refused, 409, 'WINDOW_CLOSED');
    expect(refused.json.error.message).toMatch(/template/i);
    await later.settle();
    expect(accepted(later, inChat.waId)).toHaveLength(before);
    const view = (await call(later, 'GET', conv(inChat.phone, '/messages'))).json.data;
    expect(view.chat_support_active).toBe(true);
    expect(view.messages.map((m: { text: string }) => m.text)).not.toContain('Sorry for the delay');
  });

  it('refuses to start a chat: 409 WINDOW_CLOSED', async () => {
    const refused = await call(later, 'POST', conv(registered.phone, '/chat-support/start'));
    expectError(refused, 409, 'WINDOW_CLOSED');
    expect((await call(later, 'GET', conv(registered.phone, '/messages'))).json.data).toMatchObject({ state: 'registered', chat_support_active: false });
  });

  it('still ends a chat, without the closing message that could not be delivered', async () => {
    const history = async () => (await call(later, 'GET', conv(inChat.phone, '/messages?limit=500'))).json.data;
    const outbound = (data: { messages: Array<{ direction: string }> }) => data.messages.filter((m) => m.direction === 'outbound').length;
    const before = { sent: accepted(later, inChat.waId).length, stored: outbound(await history()) };

    const ended = await call(later, 'POST', conv(inChat.phone, '/chat-support/end'), { message: 'Closing this for now' });
    expect(ended.status).toBe(200);
    expect(ended.json).toEqual({ status: 'success', message: 'Chat support session ended', data: { phone_number: inChat.phone, session_ended: expect.any(String) } });
    // The app's own clock (26 h ahead) says when.
    expect(Date.parse(ended.json.data.session_ended)).toBeGreaterThan(Date.now() + 25 * HOURS);

    await later.settle();
    const after = await history();
    expect(after).toMatchObject({ state: 'idle', chat_support_active: false }); // never registered: back to IDLE
    expect(outbound(after)).toBe(before.stored);
    expect(accepted(later, inChat.waId)).toHaveLength(before.sent);
    const [row] = await later.database.db.select().from(messages).where(eq(messages.text, 'Closing this for now'));
    expect(row).toBeUndefined();
    expectError(await call(later, 'POST', conv(inChat.phone, '/chat-support/end')), 409, 'CHAT_NOT_ACTIVE');
  });

  it('opens again when the user writes again', async () => {
    fakeOffset = 26 * HOURS; // the user's phone lives in the same (later) day as the app
    await say(later, returning.waId, 'Returning', { text: 'I am back' });
    const before = accepted(later, returning.waId).length;
    const sent = await call(later, 'POST', conv(returning.phone, '/chat-support/send'), { message: 'Welcome back' });
    expect(sent.status).toBe(200);
    await later.settle();
    expect(accepted(later, returning.waId).slice(before).map(shown)).toEqual([`${PREFIX}Welcome back`]);
  });
});

describe('the admin API rate limit (requestsPerMinute: 5)', () => {
  const t = useTestApp({ requestsPerMinute: 5 });

  it('answers 429 RATE_LIMITED in the error shape once a caller has used up its minute; other callers go on', async () => {
    // Two requests to get an agent token, then three more: the sixth request of this caller is refused.
    const agent = await createAgent(t, { name: 'Limited', email: 'limited@example.com' });
    const { token } = await createToken(t, agent.id);
    for (let i = 0; i < 3; i++) expect((await call(t, 'GET', '/api/admin/conversations')).status).toBe(200);

    const limited = await call(t, 'GET', '/api/admin/conversations');
    expectError(limited, 429, 'RATE_LIMITED');
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expectError(await call(t, 'POST', '/api/admin/agents', { name: 'Too Many', email: 'too.many@example.com' }), 429, 'RATE_LIMITED');

    // The limit is per caller (token or session), so another agent is not held up by this one.
    expect((await call(t, 'GET', '/api/admin/conversations', undefined, bearer(token))).status).toBe(200);
  });
});
