import { describe, expect, it } from 'vitest';
import { TEST_SECRETS, useTestApp } from '../helpers/app.js';
import { waitFor } from '../helpers/webhooks.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('an agent answers as WhatsApp allows: quotes, reactions, files, typing', () => {
  const t = useTestApp({ jobPolicy: { baseMs: 30, maxMs: 60, maxAttempts: 3 }, jobPollMs: 20 });
  let counter = 0;

  /** A new user in a live chat who then writes `words`; returns their number and the message they wrote. */
  async function userInChat(words = 'I cannot upload my homework') {
    counter += 1;
    const waId = `23480330000${String(counter).padStart(2, '0')}`;
    await t.fake.simulator.sendUserMessage({ from: waId, name: 'Ada', text: 'hi' });
    await t.settle();
    await t.fake.simulator.sendUserMessage({ from: waId, name: 'Ada', text: 'Ada' });
    await t.settle();
    await t.fake.simulator.sendUserMessage({ from: waId, name: 'Ada', buttonId: 'chat_support' });
    await t.settle();
    const sent = await t.fake.simulator.sendUserMessage({ from: waId, name: 'Ada', text: words });
    if (sent.status !== 'success') throw new Error(`the simulator refused the message: ${sent.error.message}`);
    await t.settle();
    const { json } = await t.admin('GET', `/api/admin/conversations/%2B${waId}/messages`);
    const mine = json.data.messages.find((m: { text: string | null }) => m.text === words);
    return { waId, phone: `%2B${waId}`, messageId: mine.id as number, wamid: sent.data.wamid };
  }
  const toUser = (waId: string) => t.fake.simulator.accepted(waId) as Array<Record<string, any>>;

  it('a text with half an emoji (a lone UTF-16 surrogate, as a buggy client sends) is stored and sent with U+FFFD in its place', async () => {
    const { waId, phone } = await userInChat();
    const answer = await t.admin('POST', `/api/admin/conversations/${phone}/chat-support/send`, { message: 'See you \ud83d soon' });
    expect(answer.status).toBe(200);
    await t.settle();
    const { json } = await t.admin('GET', `/api/admin/conversations/${phone}/messages`);
    expect(json.data.messages.at(-1)).toMatchObject({ sender: 'agent', text: 'See you \ufffd soon' });
    expect(toUser(waId).at(-1)).toMatchObject({ type: 'text', text: { body: expect.stringContaining('See you \ufffd soon') } });
  });

  it('a reply can quote the user\'s message: WhatsApp gets its context, the history shows the quote', async () => {
    const { waId, phone, messageId, wamid } = await userInChat();
    const answer = await t.admin('POST', `/api/admin/conversations/${phone}/chat-support/send`, { message: 'Try a smaller file', reply_to: messageId });
    expect(answer.status).toBe(200);
    await t.settle();
    expect(toUser(waId).at(-1)).toMatchObject({ type: 'text', context: { message_id: wamid } });
    const { json } = await t.admin('GET', `/api/admin/conversations/${phone}/messages`);
    expect(json.data.messages.at(-1)).toMatchObject({ sender: 'agent', reply_to: { id: messageId, text: 'I cannot upload my homework', sender: 'user' } });
    const missing = await t.admin('POST', `/api/admin/conversations/${phone}/chat-support/send`, { message: 'x', reply_to: 999999 });
    expect(missing).toMatchObject({ status: 404, json: { error: { code: 'MESSAGE_NOT_FOUND' } } });
  });

  it('an agent reacts to a message, replaces the reaction and removes it', async () => {
    const { waId, phone, messageId, wamid } = await userInChat();
    const reacted = await t.admin('POST', `/api/admin/conversations/${phone}/reactions`, { message_id: messageId, emoji: '👍' });
    expect(reacted.status).toBe(200);
    expect(reacted.json.data.message.reactions).toEqual([{ emoji: '👍', sender: 'agent', timestamp: expect.any(String) }]);
    await t.settle();
    expect(toUser(waId).at(-1)).toMatchObject({ type: 'reaction', reaction: { message_id: wamid, emoji: '👍' } });
    await t.admin('POST', `/api/admin/conversations/${phone}/reactions`, { message_id: messageId, emoji: '' });
    const { json } = await t.admin('GET', `/api/admin/conversations/${phone}/messages`);
    expect(json.data.messages.find((m: { id: number }) => m.id === messageId).reactions).toEqual([]);
    expect((await t.admin('POST', `/api/admin/conversations/${phone}/reactions`, { message_id: messageId, emoji: 'ok' })).json.error.code).toBe('INVALID_EMOJI');
  });

  async function upload(phone: string, file: { bytes: Buffer; type: string; name: string }, fields: Record<string, string> = {}) {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    form.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    const response = await fetch(`${t.url}/api/admin/conversations/${phone}/media`, {
      method: 'POST', headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}` }, body: form,
    });
    return { status: response.status, json: await response.json() };
  }

  it('an agent sends a picture: checked, stored, uploaded to WhatsApp and sent by id, with its caption and quote', async () => {
    const { waId, phone, messageId, wamid } = await userInChat();
    const sent = await upload(phone, { bytes: PNG, type: 'image/png', name: 'steps.png' }, { caption: 'Follow these steps', reply_to: String(messageId) });
    expect(sent.status).toBe(200);
    expect(sent.json.data.message).toMatchObject({ type: 'image', sender: 'agent', text: 'Follow these steps', media: { kind: 'image', status: 'stored', size: PNG.length } });
    await t.settle();
    const body = toUser(waId).at(-1)!;
    expect(body).toMatchObject({ type: 'image', image: { caption: 'Follow these steps' }, context: { message_id: wamid } });
    // Sent by the id of an upload, never by a link Meta would have to fetch.
    expect(body.image.link).toBeUndefined();
    expect(t.fake.simulator.mediaFile(body.image.id)?.bytes).toEqual(PNG);
    // The agent's own file is served back like any attachment.
    const served = await fetch(`${t.url}${sent.json.data.message.media.url}`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}` } });
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
  });

  it('refuses a file WhatsApp would refuse before anything is kept or sent', async () => {
    const { waId, phone } = await userInChat();
    const before = toUser(waId).length;
    const html = await upload(phone, { bytes: Buffer.from('<script>alert(1)</script>'), type: 'text/html', name: 'x.html' });
    expect(html).toMatchObject({ status: 400, json: { error: { code: 'MEDIA_TYPE_NOT_ALLOWED' } } });
    const big = await upload(phone, { bytes: Buffer.alloc(5 * 1024 * 1024 + 1, 1), type: 'image/jpeg', name: 'big.jpg' });
    expect(big).toMatchObject({ status: 413, json: { error: { code: 'MEDIA_TOO_LARGE' } } });
    const empty = await fetch(`${t.url}/api/admin/conversations/${phone}/media`, {
      method: 'POST', headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}`, 'content-type': 'application/json' }, body: '{}',
    });
    expect(empty.status).toBe(400);
    await t.settle();
    expect(toUser(waId).length).toBe(before);
  });

  it('typing shows "typing…" on the phone at most once every 20 seconds', async () => {
    const { waId, phone } = await userInChat();
    expect((await t.admin('POST', `/api/admin/conversations/${phone}/typing`)).json.data).toEqual({ shown: true });
    await waitFor('the phone to show typing', () => t.fake.simulator.isTyping(waId));
    expect((await t.admin('POST', `/api/admin/conversations/${phone}/typing`)).json.data).toEqual({ shown: false });
  });

  it('in a live chat the user\'s messages get their blue ticks when an agent opens the chat, not on arrival', async () => {
    const { waId, phone } = await userInChat('Are you there?');
    const readReceipts = () => t.fake.simulator.requests.filter((r) => (r.body as { status?: string }).status === 'read').length;
    const before = readReceipts();
    await t.fake.simulator.sendUserMessage({ from: waId, name: 'Ada', text: 'Hello?' });
    await t.settle();
    expect(readReceipts()).toBe(before);
    await t.admin('POST', `/api/admin/conversations/${phone}/read`);
    await t.settle();
    expect(readReceipts()).toBe(before + 1);
  });

  it('a send WhatsApp refuses for good says why in words an agent understands; a media hiccup is retried', async () => {
    const { phone } = await userInChat();
    t.fake.simulator.injectFaults([{ httpStatus: 400, code: 131062, message: '(#131062) Business-scoped user id not supported' }]);
    await t.admin('POST', `/api/admin/conversations/${phone}/chat-support/send`, { message: 'Hello' });
    await t.settle();
    const { json } = await t.admin('GET', `/api/admin/conversations/${phone}/messages`);
    expect(json.data.messages.at(-1)).toMatchObject({
      status: 'failed',
      error: { code: 131062, title: 'This kind of message cannot be sent to a contact known only by username.', detail: expect.stringContaining('(#131062)') },
    });

    t.fake.simulator.injectFaults([{ httpStatus: 400, code: 131053, message: 'Media upload error' }]);
    await t.admin('POST', `/api/admin/conversations/${phone}/chat-support/send`, { message: 'Second try' });
    await t.settle();
    const after = await t.admin('GET', `/api/admin/conversations/${phone}/messages`);
    expect(after.json.data.messages.at(-1)).toMatchObject({ text: 'Second try', error: null });
    expect(after.json.data.messages.at(-1).status).not.toBe('failed');
  });
});
