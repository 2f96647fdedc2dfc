import { beforeAll, describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { useTestApp } from '../helpers/app.js';
import { accepted, call, conv, createAgent, createToken, bearer, expectError, register, say, shown, startSupportChat } from './support.js';

/**
 * Fault 2 of issue 7: contacts WhatsApp delivered and wadesk stored, in ranges that phone-number metadata
 * calls invalid, could not be opened — every admin route answered INVALID_PHONE_NUMBER and their chat
 * waited forever. Each one here goes through the seed's journey and then every admin route.
 */
const STORED = [
  { waId: '447700900123', name: 'Sim User', why: "the simulator's own built-in user" },
  { waId: '551199998888', name: 'Joao', why: 'an older Brazilian number without the ninth digit' },
  { waId: '5215512345678', name: 'Lupita', why: 'a Mexican id with the 521 prefix' },
];

describe('stored contacts are addressable by the number they were stored under', () => {
  const t = useTestApp();
  let agent: { id: string; headers: Record<string, string> };
  beforeAll(async () => {
    const grace = await createAgent(t, { name: 'Grace', email: 'grace.stored@example.com' });
    agent = { id: grace.id, headers: bearer((await createToken(t, grace.id)).token) };
  });

  it.each(STORED)('$waId ($why): detail, messages, assign, read, send, end and start all work', async ({ waId, name }) => {
    const phone = `+${waId}`;
    await register(t, waId, name);
    await startSupportChat(t, waId, name);
    await say(t, waId, name, { text: 'My upload keeps failing' });

    // The three forms of the number the seed documents: +X, X and %2BX.
    const detail = await call(t, 'GET', `/api/admin/conversations/${phone}`);
    expect(detail.status).toBe(200);
    expect(detail.json.data.conversation).toMatchObject({ phone_number: phone, wa_id: waId, chat_support_active: true });

    const history = await call(t, 'GET', `/api/admin/conversations/${waId}/messages`);
    expect(history.status).toBe(200);
    expect(history.json.data.phone_number).toBe(phone);
    expect(history.json.data.chat_messages.map((m: { text: string }) => m.text)).toEqual(['My upload keeps failing']);

    const assigned = await call(t, 'POST', conv(phone, '/chat-support/assign'), { agent_id: agent.id }, agent.headers);
    expect({ status: assigned.status, data: assigned.json.data }).toMatchObject({ status: 200, data: { phone_number: phone, assigned_agent_id: agent.id } });

    const read = await call(t, 'POST', conv(phone, '/read'), undefined, agent.headers);
    expect({ status: read.status, data: read.json.data }).toEqual({ status: 200, data: { phone_number: phone } });

    const sent = await call(t, 'POST', conv(phone, '/chat-support/send'), { message: 'Which file format?' }, agent.headers);
    expect({ status: sent.status, phone: sent.json.data?.phone_number }).toEqual({ status: 200, phone });
    await t.settle();
    expect(accepted(t, waId).map(shown)).toContain(`${defaultContent.chat.agentPrefix}Which file format?`);

    const ended = await call(t, 'POST', conv(phone, '/chat-support/end'), { message: 'Thank you!' }, agent.headers);
    expect({ status: ended.status, phone: ended.json.data?.phone_number }).toEqual({ status: 200, phone });
    await t.settle();
    expect(accepted(t, waId).map(shown)).toContain('Thank you!');

    const started = await call(t, 'POST', `/api/admin/conversations/${waId}/chat-support/start`, undefined, agent.headers);
    expect({ status: started.status, phone: started.json.data?.phone_number }).toEqual({ status: 200, phone });
    const after = await call(t, 'GET', conv(phone));
    expect(after.json.data.conversation.chat_support_active).toBe(true);
  });

  it('still answers 400 for what is not a number and 404 for a well-formed number nobody stored', async () => {
    for (const bad of ['abc', '+12', '%2B12', '+99912345678']) {
      expectError(await call(t, 'GET', `/api/admin/conversations/${encodeURIComponent(bad)}`), 400, 'INVALID_PHONE_NUMBER');
      expectError(await call(t, 'POST', conv(bad, '/chat-support/send'), { message: 'hi' }), 400, 'INVALID_PHONE_NUMBER');
    }
    for (const unknown of ['+447700900999', '551199990000', '+2348011112222']) {
      expectError(await call(t, 'GET', conv(unknown, '/messages')), 404, 'NOT_FOUND');
      expectError(await call(t, 'POST', conv(unknown, '/chat-support/start')), 404, 'NOT_FOUND');
    }
  });
});
