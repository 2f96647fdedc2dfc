import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { conversationOf, messagesFrom, postEvent, postWebhook, text, userMessage } from '../helpers/webhooks.js';

type Json = Record<string, unknown>;

/** One message of every kind WhatsApp sends, with the type and text it must be stored with. */
const KINDS: Array<{ name: string; content: Json; type: string; text: string | null; answered: boolean }> = [
  { name: 'text', content: text('plain words'), type: 'text', text: 'plain words', answered: true },
  { name: 'image', content: { type: 'image', image: { id: 'm-img', mime_type: 'image/jpeg', sha256: 'aGFzaA==', caption: 'a photo' } }, type: 'image', text: 'a photo', answered: true },
  { name: 'video', content: { type: 'video', video: { id: 'm-vid', mime_type: 'video/mp4', sha256: 'aGFzaA==' } }, type: 'video', text: null, answered: true },
  { name: 'voice note', content: { type: 'audio', audio: { id: 'm-aud', mime_type: 'audio/ogg; codecs=opus', voice: true } }, type: 'audio', text: null, answered: true },
  { name: 'sticker', content: { type: 'sticker', sticker: { id: 'm-stk', mime_type: 'image/webp', animated: false } }, type: 'sticker', text: null, answered: true },
  { name: 'document', content: { type: 'document', document: { id: 'm-doc', mime_type: 'application/pdf', filename: 'invoice.pdf' } }, type: 'document', text: null, answered: true },
  { name: 'location', content: { type: 'location', location: { latitude: 6.4541, longitude: 3.3947, name: 'Office', address: '1 Marina, Lagos' } }, type: 'location', text: '📍 Office, 1 Marina, Lagos', answered: true },
  {
    name: 'contacts',
    content: { type: 'contacts', contacts: [{ name: { formatted_name: 'John Smith', first_name: 'John' }, phones: [{ phone: '+1 (650) 555-1234', type: 'CELL', wa_id: '16505551234' }] }] },
    type: 'contacts', text: '👤 John Smith (+1 (650) 555-1234)', answered: true,
  },
  { name: 'button reply', content: { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'not_offered', title: 'Maybe' } } }, type: 'interactive', text: 'Maybe', answered: true },
  { name: 'list reply', content: { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'row_1', title: 'Row one', description: 'first' } } }, type: 'interactive', text: 'Row one', answered: true },
  { name: 'template quick reply', content: { type: 'button', button: { payload: 'STOP', text: 'Stop promotions' } }, type: 'button', text: 'Stop promotions', answered: true },
  { name: 'reaction', content: { type: 'reaction', reaction: { message_id: 'wamid.someone-elses', emoji: '👍' } }, type: 'reaction', text: '👍', answered: false },
  { name: 'removed reaction', content: { type: 'reaction', reaction: { message_id: 'wamid.someone-elses', emoji: '' } }, type: 'reaction', text: null, answered: false },
  {
    name: 'order',
    content: { type: 'order', order: { catalog_id: 'cat-1', text: 'Gift wrap please', product_items: [{ product_retailer_id: 'sku-1', quantity: 2, item_price: 10, currency: 'USD' }] } },
    type: 'order', text: '🛒 Order: 2 items\nGift wrap please', answered: true,
  },
  { name: 'system notice', content: { type: 'system', system: { body: 'User A changed from 1 to 2', type: 'user_changed_number', new_wa_id: '2' } }, type: 'system', text: 'User A changed from 1 to 2', answered: false },
  {
    name: 'unsupported',
    content: { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }] },
    type: 'unsupported', text: null, answered: true,
  },
  { name: 'brand-new type', content: { type: 'poll_vote', poll_vote: { poll_id: 'p1', options: ['A'] } }, type: 'unsupported', text: null, answered: true },
  { name: 'known type with a malformed body', content: { type: 'image', image: 'not an object' }, type: 'unsupported', text: null, answered: true },
  { name: 'WhatsApp Flow answer', content: { type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"a":1}' } } }, type: 'interactive', text: 'Sent', answered: true },
];

describe('inbound messages of every type', () => {
  const t = useTestApp();

  const byWamid = async (wamid: string) => (await t.database.db.select().from(messages).where(eq(messages.wamid, wamid)))[0];

  it.each(KINDS.map((kind, i) => ({ ...kind, user: String(4470000000100 + i) })))(
    'stores a $name from a new contact (answered: $answered)',
    async ({ content, type, text: shown, answered, user }) => {
      t.fake.simulator.recordInbound(user, new Date());
      const message = userMessage(user, content);
      const answer = await postEvent(t.url, messagesFrom(user, 'New Contact', message));
      expect(answer).toMatchObject({ status: 200, json: { status: 'success', data: { processed: 1 } } });
      await t.settle();

      expect(await byWamid(message.id as string)).toMatchObject({ direction: 'inbound', type, text: shown, payload: message });
      // Reactions and system notices are kept in the history but never answered.
      expect(t.fake.simulator.accepted(user).length > 0).toBe(answered);
    },
  );

  it.each([
    { state: 'AWAITING_NAME', setup: ['Hello'], user: '4470000000901' },
    { state: 'REGISTERED', setup: ['Hello', 'Grace'], user: '4470000000902' },
    { state: 'CHAT_SUPPORT_ACTIVE', setup: ['chat support'], user: '4470000000903' },
  ])('stores every type without an error from a contact in $state', async ({ state, setup, user }) => {
    t.fake.simulator.recordInbound(user, new Date());
    for (const words of setup) await postEvent(t.url, messagesFrom(user, 'Grace', userMessage(user, text(words))));
    await t.settle();
    expect((await conversationOf(t.database, user))?.state).toBe(state);

    const sent = KINDS.filter((k) => k.type !== 'text').map((kind) => ({ kind, message: userMessage(user, kind.content) }));
    for (const { message } of sent) {
      const answer = await postEvent(t.url, messagesFrom(user, 'Grace', message));
      expect(answer.status).toBe(200);
    }
    await t.settle();

    const conversation = await conversationOf(t.database, user);
    for (const { kind, message } of sent) {
      const stored = await byWamid(message.id as string);
      expect(stored).toMatchObject({ type: kind.type, text: kind.text });
      // Inside a chat every message, whatever its type, belongs to the chat the agent sees.
      if (state === 'CHAT_SUPPORT_ACTIVE') expect(stored!.chatSessionId).toBe(conversation!.activeChatSessionId);
    }
    // None of these is a name or a command: the contact stays where they were.
    expect(conversation!.state).toBe(state);
  });
});

describe('inbound text that PostgreSQL cannot store as sent', () => {
  const t = useTestApp();

  it('drops U+0000 and replaces lone surrogates instead of failing (and being redelivered) forever', async () => {
    const user = '4470000000950';
    const poisoned = userMessage(user, { type: 'image', image: { id: 'm-1', caption: 'lone \ud800 surrogate', 'odd\u0000key': { 'x\udc00': 1 } } });
    const after = userMessage(user, text('a\u0000b'));
    // JSON.stringify writes the NUL as \u0000 and the lone surrogates as \ud800 / \udc00, as Meta would.
    const raw = JSON.stringify(messagesFrom(user, 'Nul\u0000Name', poisoned, after));
    expect(raw).toContain('\\u0000');
    expect(raw).toContain('\\ud800');

    expect(await postWebhook(t.url, raw)).toMatchObject({ status: 200, json: { data: { processed: 2 } } });
    expect(await byWamid(poisoned.id as string)).toMatchObject({ text: 'lone \ufffd surrogate', payload: expect.objectContaining({ image: expect.objectContaining({ oddkey: { 'x\ufffd': 1 } }) }) });
    expect((await byWamid(after.id as string))!.text).toBe('ab');
    expect(await conversationOf(t.database, user)).toMatchObject({ profileName: 'NulName' });
  });

  const byWamid = async (wamid: string) => (await t.database.db.select().from(messages).where(eq(messages.wamid, wamid)))[0];
});
