import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../helpers/app.js';
import { messagesFrom, postEvent, userMessage } from '../helpers/webhooks.js';
import { bearer, call, conv, createAgent, createToken, newUser, say } from './support.js';

/**
 * What a row of the list shows to triage by: the user's last words or the agent's last reply — never the
 * bot's acknowledgement, a note or a reaction — and agents' messages carry their names.
 */

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(500, 0x41), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const listed = async (t: TestApp, phone: string) => {
  const answer = await call(t, 'GET', '/api/admin/conversations?limit=200');
  expect(answer.status).toBe(200);
  return answer.json.data.conversations.find((c: { phone_number: string }) => c.phone_number === phone);
};
const queued = async (t: TestApp, phone: string) =>
  (await call(t, 'GET', '/api/admin/queue')).json.data.chats.find((c: { phone_number: string }) => c.phone_number === phone);

describe('the preview of a row', () => {
  const t = useTestApp();

  it("is the user's words, not the bot's acknowledgement after them; last_message stays the last message", async () => {
    const { waId, phone } = newUser('80601');
    await say(t, waId, 'Ada', { text: 'chat support' });
    await say(t, waId, 'Ada', { text: "I can't upload my homework file" });
    const row = await listed(t, phone);
    expect(row.last_message).toMatchObject({ sender: 'bot', text: expect.stringContaining('Your message has been sent to support') });
    expect(row.preview).toEqual({ text: "I can't upload my homework file", sender: 'user', agent: null, timestamp: expect.any(String) });
    expect(Date.parse(row.preview.timestamp)).toBeLessThanOrEqual(Date.parse(row.last_message.timestamp));
    expect((await queued(t, phone)).preview).toEqual(row.preview);
  });

  it("is the agent's reply when it came last, with the agent's name; a reaction never replaces it", async () => {
    const { waId, phone } = newUser('80601');
    const grace = await createAgent(t, { name: 'Grace', email: `grace-${waId}@example.com` });
    const { token } = await createToken(t, grace.id);
    await say(t, waId, 'Ada', { text: 'chat support' });
    await say(t, waId, 'Ada', { text: 'My payment failed twice' });
    expect((await call(t, 'POST', conv(phone, '/chat-support/send'), { message: 'Checking it now' }, bearer(token))).status).toBe(200);
    await t.settle();
    const reply = { text: 'Checking it now', sender: 'agent', agent: { id: grace.id, name: 'Grace' }, timestamp: expect.any(String) };
    expect((await listed(t, phone)).preview).toEqual(reply);
    expect((await queued(t, phone)).preview).toEqual(reply);

    // The user reacts 👍 to the reply: the row still shows the reply.
    const replyWamid = t.fake.simulator.transcript(waId).filter((e) => e.direction === 'out').at(-1)!.wamid!;
    await say(t, waId, 'Ada', { reaction: { messageId: replyWamid, emoji: '👍' } });
    const row = await listed(t, phone);
    expect(row.last_message).toMatchObject({ sender: 'user', text: '👍' });
    expect(row.preview).toEqual(reply);

    // Their next words replace it; a reaction to them afterwards does not.
    await say(t, waId, 'Ada', { text: 'Thank you!' });
    const agentMessage = (await call(t, 'GET', conv(phone, '/messages'))).json.data.messages.find((m: { text: string }) => m.text === 'Thank you!');
    expect((await call(t, 'POST', conv(phone, '/reactions'), { message_id: agentMessage.id, emoji: '❤️' }, bearer(token))).status).toBe(200);
    await t.settle();
    expect((await listed(t, phone)).preview).toMatchObject({ text: 'Thank you!', sender: 'user', agent: null });
  });

  it('says what an attachment is: its caption, else "📷 Photo", a document by its file name', async () => {
    const { waId, phone } = newUser('80601');
    await say(t, waId, 'Ada', { text: 'Hello' });
    const upload = (bytes: Buffer, mimeType: string, filename?: string) => {
      const stored = t.fake.simulator.storeUserMedia({ bytes, mimeType, filename });
      if (!('id' in stored)) throw new Error('upload refused');
      return stored.id;
    };
    await say(t, waId, 'Ada', { media: { id: upload(PDF, 'application/pdf', 'invoice.pdf') } });
    expect((await listed(t, phone)).preview.text).toBe('📄 invoice.pdf');
    await say(t, waId, 'Ada', { media: { id: upload(PNG, 'image/png') } });
    expect((await listed(t, phone)).preview.text).toBe('📷 Photo');
    await say(t, waId, 'Ada', { media: { id: upload(PNG, 'image/png'), caption: 'the error on my screen' } });
    expect((await listed(t, phone)).preview.text).toBe('📷 the error on my screen');
  });

  it('is null before the user or an agent wrote anything that is not a reaction', async () => {
    const { waId, phone } = newUser('80601');
    // A reaction to a message this desk never stored (the phone's simulator would not send it).
    expect((await postEvent(t.url, messagesFrom(waId, 'Ada', userMessage(waId, { type: 'reaction', reaction: { message_id: 'wamid.not-here', emoji: '😂' } })))).status).toBe(200);
    await t.settle();
    const row = await listed(t, phone);
    expect(row.last_message).toMatchObject({ text: expect.any(String) });
    expect(row.preview).toBeNull();
  });

  it('names the agent on each of their messages in the history', async () => {
    const { waId, phone } = newUser('80601');
    const tolu = await createAgent(t, { name: 'Tolu', email: `tolu-${waId}@example.com` });
    const { token } = await createToken(t, tolu.id);
    await say(t, waId, 'Ada', { text: 'chat support' });
    expect((await call(t, 'POST', conv(phone, '/chat-support/send'), { message: 'Hi, Tolu here' }, bearer(token))).status).toBe(200);
    expect((await call(t, 'POST', conv(phone, '/chat-support/send'), { message: 'From the admin token' })).status).toBe(200);
    const messages = (await call(t, 'GET', conv(phone, '/messages'))).json.data.messages as Array<{ text: string; sender: string; agent_id: string | null; agent: unknown }>;
    expect(messages.find((m) => m.text === 'Hi, Tolu here')).toMatchObject({ sender: 'agent', agent_id: tolu.id, agent: { id: tolu.id, name: 'Tolu' } });
    // The bootstrap token is no agent: nobody to name.
    expect(messages.find((m) => m.text === 'From the admin token')).toMatchObject({ sender: 'agent', agent_id: null, agent: null });
    for (const m of messages.filter((m) => m.sender !== 'agent')) expect(m.agent).toBeNull();
  });
});
