import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { useTestApp } from '../helpers/app.js';
import { accepted, call, conv, expectError, ISO, newUser, register, say, shown, startSupportChat } from './support.js';

/**
 * The seed's four endpoints (GET conversations, GET messages, POST chat-support/send and /end) with
 * exactly the seed's shapes, and the rest of the inbox API around them.
 */

const PREFIX = defaultContent.chat.agentPrefix;
const CLOSING = 'Thank you for contacting support!';
const ACK = defaultContent.chat.acknowledgement;
const MAIN_MENU_BUTTON = [{ type: 'reply', reply: { id: 'main_menu', title: '📝 Main Menu' } }];
/** After the closing message of an answered chat: the rating question (CSAT is on by default). */
const RATING_QUESTION = expect.objectContaining({ type: 'interactive', interactive: expect.objectContaining({ type: 'list', body: { text: defaultContent.csat.question } }) });

describe('the seed endpoints', () => {
  const t = useTestApp();

  it('takes +234…, 234… and %2B234… for {phone_number} and answers with E.164', async () => {
    const { waId, phone } = newUser();
    await startSupportChat(t, waId, 'Ngozi');
    await say(t, waId, 'Ngozi', { text: 'My receipt is wrong' });
    const forms = [`/api/admin/conversations/+${waId}`, `/api/admin/conversations/${waId}`, `/api/admin/conversations/%2B${waId}`];

    const views = await Promise.all(forms.map((base) => call(t, 'GET', `${base}/messages`)));
    for (const view of views) {
      expect(view.status).toBe(200);
      expect(view.json.data.phone_number).toBe(phone);
    }
    expect(views[1]!.json).toEqual(views[0]!.json);
    expect(views[2]!.json).toEqual(views[0]!.json);

    const before = accepted(t, waId).length;
    for (const [i, base] of forms.entries()) {
      const sent = await call(t, 'POST', `${base}/chat-support/send`, { message: `answer ${i}` });
      expect(sent.status).toBe(200);
      expect(sent.json.data).toMatchObject({ phone_number: phone, message_sent: `answer ${i}` });
    }
    await t.settle();
    expect(accepted(t, waId).slice(before).map((b) => [b.to, shown(b)])).toEqual([
      [waId, `${PREFIX}answer 0`],
      [waId, `${PREFIX}answer 1`],
      [waId, `${PREFIX}answer 2`],
    ]);

    for (const base of forms) {
      const one = await call(t, 'GET', base);
      expect(one.status).toBe(200);
      expect(one.json.data.conversation.phone_number).toBe(phone);
    }
    const ended = await call(t, 'POST', `${forms[2]}/chat-support/end`, {});
    expect(ended.json.data.phone_number).toBe(phone);
  });

  it('send answers exactly the seed shape, stores the message and WhatsApp gets "🎧 Support Team: …"', async () => {
    const { waId, phone } = newUser();
    await startSupportChat(t, waId, 'John');
    await say(t, waId, 'John', { text: "I can't upload my homework file" });
    const before = accepted(t, waId).length;

    const sent = await call(t, 'POST', conv(phone, '/chat-support/send'), { message: '  What file format are you trying to upload?  ' });
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({
      status: 'success',
      message: 'Message sent to user',
      data: { phone_number: phone, message_sent: 'What file format are you trying to upload?', timestamp: expect.stringMatching(ISO) },
    });
    expect(Object.keys(sent.json)).toEqual(['status', 'message', 'data']);
    expect(Object.keys(sent.json.data)).toEqual(['phone_number', 'message_sent', 'timestamp']);

    await t.settle();
    expect(accepted(t, waId).slice(before)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: waId,
        type: 'text',
        text: { body: '🎧 Support Team: What file format are you trying to upload?', preview_url: false },
      },
    ]);

    // Stored as the agent's words (without the prefix), delivered, and in the seed view as "admin".
    const view = (await call(t, 'GET', conv(phone, '/messages'))).json.data;
    const stored = view.messages.at(-1);
    expect(stored).toMatchObject({
      direction: 'outbound', sender: 'agent', agent_id: null, type: 'text',
      text: 'What file format are you trying to upload?', timestamp: sent.json.data.timestamp,
    });
    expect(['delivered', 'read']).toContain(stored.status);
    expect(view.chat_messages.at(-1)).toEqual({ text: 'What file format are you trying to upload?', timestamp: sent.json.data.timestamp, sender: 'admin' });
    expect(view.chat_last_message_time).toBe(sent.json.data.timestamp);
  });

  it('end answers exactly the seed shape and WhatsApp gets the closing text with the Main Menu button', async () => {
    // No body at all, an empty object, and a closing text of the agent's own.
    const cases: Array<[string, unknown, string]> = [
      ['no body', undefined, CLOSING],
      ['{}', {}, CLOSING],
      ['{message}', { message: 'Glad we could help, bye!' }, 'Glad we could help, bye!'],
    ];
    for (const [label, body, expected] of cases) {
      const { waId, phone } = newUser();
      await register(t, waId, 'Amaka');
      await say(t, waId, 'Amaka', { buttonId: 'chat_support' });
      await say(t, waId, 'Amaka', { text: `question (${label})` });
      const before = accepted(t, waId).length;

      const ended = await call(t, 'POST', conv(phone, '/chat-support/end'), body);
      expect({ label, status: ended.status }).toEqual({ label, status: 200 });
      expect(ended.json).toEqual({ status: 'success', message: 'Chat support session ended', data: { phone_number: phone, session_ended: expect.stringMatching(ISO) } });
      expect(Object.keys(ended.json)).toEqual(['status', 'message', 'data']);
      expect(Object.keys(ended.json.data)).toEqual(['phone_number', 'session_ended']);

      await t.settle();
      // Nobody answered the chat: only an agent's own closing words make it a chat worth rating.
      expect(accepted(t, waId).slice(before)).toEqual([
        expect.objectContaining({ to: waId, type: 'interactive', interactive: { type: 'button', body: { text: expected }, action: { buttons: MAIN_MENU_BUTTON } } }),
        ...((body as { message?: string } | undefined)?.message ? [RATING_QUESTION] : []),
      ]);
      const view = (await call(t, 'GET', conv(phone, '/messages'))).json.data;
      expect(view).toMatchObject({ state: 'registered', chat_support_active: false });
      expect(view.chat_messages.map((m: { sender: string; text: string }) => [m.sender, m.text])).toEqual([
        ['user', `question (${label})`],
        ['admin', expected],
      ]);
    }
  });

  it('messages: the full history with timestamps, senders and delivery statuses, and the seed view', async () => {
    const { waId, phone } = newUser();
    await startSupportChat(t, waId, 'Tunde');
    await say(t, waId, 'Tunde', { text: 'first question' });
    await call(t, 'POST', conv(phone, '/chat-support/send'), { message: 'an answer' });
    await t.settle();

    const answer = await call(t, 'GET', conv(phone, '/messages'));
    expect(answer.status).toBe(200);
    const data = answer.json.data;
    expect(Object.keys(answer.json)).toEqual(['status', 'data']);
    expect(Object.keys(data)).toEqual(['phone_number', 'state', 'chat_support_active', 'chat_last_message_time', 'chat_messages', 'messages', 'next_cursor']);
    expect(data).toMatchObject({ phone_number: phone, state: 'chat_support_active', chat_support_active: true, next_cursor: null });

    // The seed's chat_messages: exactly {text, timestamp, sender}, user and agent ("admin") only.
    expect(data.chat_messages).toEqual([
      { text: 'first question', timestamp: expect.stringMatching(ISO), sender: 'user' },
      { text: 'an answer', timestamp: expect.stringMatching(ISO), sender: 'admin' },
    ]);
    for (const m of data.chat_messages) expect(Object.keys(m)).toEqual(['text', 'timestamp', 'sender']);
    expect(data.chat_last_message_time).toBe(data.chat_messages[1].timestamp);

    // The full history: user, bot and agent, oldest first, each with its delivery status (internal
    // notes for agents, such as "chat started", may sit between them).
    expect(data.messages.filter((m: any) => m.direction !== 'internal').map((m: any) => [m.direction, m.sender, m.text])).toEqual([
      ['inbound', 'user', 'chat support'],
      ['outbound', 'bot', expect.stringContaining('Live Chat Support')],
      ['inbound', 'user', 'first question'],
      ['outbound', 'bot', ACK],
      ['outbound', 'agent', 'an answer'],
    ]);
    for (const m of data.messages) {
      expect(Object.keys(m).sort()).toEqual(['agent', 'agent_id', 'chat_session_id', 'choices', 'contacts', 'direction', 'error', 'id', 'location', 'media', 'reactions', 'reply_to', 'sender', 'status', 'text', 'timestamp', 'type']);
      expect(m.timestamp).toMatch(ISO);
      if (m.direction === 'inbound') expect(m.status).toBe('received');
      else if (m.direction === 'outbound') expect(['delivered', 'read']).toContain(m.status);
      else expect(m).toMatchObject({ direction: 'internal', sender: 'system' });
    }
    const ids = data.messages.map((m: { id: number }) => m.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it('pages the history backwards with `before`', async () => {
    const { waId, phone } = newUser();
    await startSupportChat(t, waId, 'Kemi');
    for (let i = 1; i <= 5; i++) await say(t, waId, 'Kemi', { text: `message ${i}` });
    const all = (await call(t, 'GET', conv(phone, '/messages?limit=500'))).json.data.messages;
    // chat support, welcome, message 1, ack, messages 2–5 (and any internal notes)
    expect(all.filter((m: { direction: string }) => m.direction !== 'internal')).toHaveLength(8);

    const pages: any[][] = [];
    let cursor: string | null = null;
    do {
      const url: string = conv(phone, `/messages?limit=3${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`);
      const page = await call(t, 'GET', url);
      expect(page.status).toBe(200);
      pages.push(page.json.data.messages);
      cursor = page.json.data.next_cursor;
    } while (cursor !== null && pages.length < 10);
    expect(pages.length).toBe(Math.ceil(all.length / 3));
    expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);
    expect(pages[0]!.map((m) => m.text)).toEqual(['message 3', 'message 4', 'message 5']);
    // Each page is oldest-first; the pages go back in time.
    expect(pages.reverse().flat()).toEqual(all);

    // The seed view is the same on every page.
    const paged = (await call(t, 'GET', conv(phone, '/messages?limit=1'))).json.data;
    expect(paged.chat_messages).toHaveLength(5);

    expectError(await call(t, 'GET', conv(phone, '/messages?before=not-a-cursor')), 400, 'INVALID_CURSOR');
    expectError(await call(t, 'GET', conv(phone, `/messages?before=${Buffer.from('abc').toString('base64url')}`)), 400, 'INVALID_CURSOR');
    expectError(await call(t, 'GET', conv(phone, `/messages?before=${Buffer.from('1.5').toString('base64url')}`)), 400, 'INVALID_CURSOR');
    expectError(await call(t, 'GET', conv(phone, '/messages?limit=0')), 400, 'VALIDATION_ERROR');
  });

  it('GET one conversation shows the open chat and past chats; POST read clears the unread count', async () => {
    const { waId, phone } = newUser();
    await startSupportChat(t, waId, 'Ife');
    await say(t, waId, 'Ife', { text: 'hello?' });
    await say(t, waId, 'Ife', { text: 'anyone?' });

    const one = await call(t, 'GET', conv(phone));
    expect(one.status).toBe(200);
    expect(one.json.data).toEqual({
      conversation: expect.objectContaining({ phone_number: phone, state: 'chat_support_active', chat_support_active: true, unread_count: 3 }),
      chat: { id: expect.any(String), started_at: expect.stringMatching(ISO), started_by: 'user', first_response_at: null, assigned_agent_id: null, assigned_agent_name: null },
      past_chats: 0,
      recent_chats: [],
    });
    const updatedAt = one.json.data.conversation.updated_at;

    const read = await call(t, 'POST', conv(phone, '/read'));
    expect(read.json).toEqual({ status: 'success', data: { phone_number: phone } });
    const after = (await call(t, 'GET', conv(phone))).json.data.conversation;
    // Reading is not activity: the conversation keeps its place in the list.
    expect(after).toMatchObject({ unread_count: 0, updated_at: updatedAt });

    await call(t, 'POST', conv(phone, '/chat-support/end'));
    const closed = (await call(t, 'GET', conv(phone))).json.data;
    expect(closed).toMatchObject({ chat: null, past_chats: 1 });
  });
});

describe('GET /api/admin/conversations', () => {
  const t = useTestApp();
  const users = {
    alice: newUser('80499'),
    bola: newUser('80499'),
    chidi: newUser('80499'),
    dayo: newUser('80499'),
    efe: newUser('80499'),
  };
  const list = async (query = '') => {
    const answer = await call(t, 'GET', `/api/admin/conversations${query}`);
    expect(answer.status).toBe(200);
    return answer.json.data as { conversations: any[]; next_cursor: string | null };
  };
  const phones = (data: { conversations: Array<{ phone_number: string }> }) => data.conversations.map((c) => c.phone_number);

  beforeAll(async () => {
    // In this order, so the most recent activity is Efe's.
    await say(t, users.alice.waId, 'Alice Okafor', { text: 'Hello' }); // asked for a name
    await register(t, users.bola.waId, 'Bola'); // registered as "Bola"… then renamed below
    await say(t, users.bola.waId, 'Bola', { buttonId: 'change_name' });
    await say(t, users.bola.waId, 'Bola', { text: 'Bolanle' });
    await startSupportChat(t, users.chidi.waId, 'Chidi');
    await say(t, users.chidi.waId, 'Chidi', { text: 'my order is late' });
    await register(t, users.dayo.waId, 'Dayo');
    await say(t, users.efe.waId, 'Efe 100% Real', { text: 'Hello' });
  });

  it('lists conversations by most recent activity with names, state, chat flag, last message and unread count', async () => {
    const data = await list('?limit=20');
    expect(phones(data)).toEqual([users.efe.phone, users.dayo.phone, users.chidi.phone, users.bola.phone, users.alice.phone]);
    expect(data.next_cursor).toBeNull();
    for (const c of data.conversations) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['phone_number', 'profile_name', 'registered_name', 'name', 'state', 'chat_support_active', 'last_message', 'unread_count']));
      expect(Object.keys(c.last_message)).toEqual(['text', 'timestamp', 'sender']);
      expect(c.last_message.timestamp).toMatch(ISO);
    }
    const byPhone = Object.fromEntries(data.conversations.map((c) => [c.phone_number, c]));
    expect(byPhone[users.chidi.phone]).toMatchObject({
      name: 'Chidi', profile_name: 'Chidi', registered_name: null, state: 'chat_support_active', chat_support_active: true,
      last_message: { text: ACK, sender: 'bot' }, unread_count: 2,
    });
    expect(byPhone[users.bola.phone]).toMatchObject({
      name: 'Bolanle', profile_name: 'Bola', registered_name: 'Bolanle', state: 'registered', chat_support_active: false, unread_count: 0,
      last_message: { text: 'What would you like to do, Bolanle?', sender: 'bot' },
    });
    expect(byPhone[users.alice.phone]).toMatchObject({ name: 'Alice Okafor', state: 'awaiting_name', chat_support_active: false });
    expect(byPhone[users.alice.phone].last_message.text).toContain("What's your name?");
  });

  it('filters by state, by active chat, and searches phone numbers and names', async () => {
    expect(phones(await list('?state=registered'))).toEqual([users.dayo.phone, users.bola.phone]);
    expect(phones(await list('?state=awaiting_name'))).toEqual([users.efe.phone, users.alice.phone]);
    expect(phones(await list('?state=chat_support_active'))).toEqual([users.chidi.phone]);
    expect(phones(await list('?active=true'))).toEqual([users.chidi.phone]);
    expect(phones(await list('?active=false'))).toHaveLength(5);
    expect(phones(await list('?state=idle'))).toEqual([]);

    // By part of the number, the whole E.164 number, the profile name and the registered name, any case.
    expect(phones(await list(`?q=${users.bola.waId.slice(-7)}`))).toEqual([users.bola.phone]);
    expect(phones(await list(`?q=${encodeURIComponent(users.dayo.phone)}`))).toEqual([users.dayo.phone]);
    expect(phones(await list('?q=alice'))).toEqual([users.alice.phone]);
    expect(phones(await list('?q=BOLANLE'))).toEqual([users.bola.phone]);
    expect(phones(await list('?q=okafor&state=awaiting_name'))).toEqual([users.alice.phone]);
    expect(phones(await list('?q=okafor&state=registered'))).toEqual([]);
    // LIKE's wildcards are searched for literally.
    expect(phones(await list(`?q=${encodeURIComponent('100%')}`))).toEqual([users.efe.phone]);
    expect(phones(await list('?q=_'))).toEqual([]);
    expect(phones(await list('?q=%20%20'))).toHaveLength(5); // blank search = no search

    expectError(await call(t, 'GET', '/api/admin/conversations?state=closed'), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'GET', '/api/admin/conversations?limit=0'), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'GET', '/api/admin/conversations?limit=201'), 400, 'VALIDATION_ERROR');
  });

  it('pages with the cursor, with and without filters', async () => {
    const everything = phones(await list());
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...phones(page));
      sizes.push(page.conversations.length);
      cursor = page.next_cursor;
    } while (cursor !== null && sizes.length < 10);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(everything);

    const first = await list('?state=registered&limit=1');
    expect(phones(first)).toEqual([users.dayo.phone]);
    const second = await list(`?state=registered&limit=1&cursor=${encodeURIComponent(first.next_cursor!)}`);
    expect(phones(second)).toEqual([users.bola.phone]);
    expect(second.next_cursor).toBeNull();

    expectError(await call(t, 'GET', '/api/admin/conversations?cursor=garbage'), 400, 'INVALID_CURSOR');
    expectError(await call(t, 'GET', `/api/admin/conversations?cursor=${Buffer.from('yesterday|someone').toString('base64url')}`), 400, 'INVALID_CURSOR');
  });

  it('does not lose conversations whose activity falls within one millisecond of a page boundary', async () => {
    // Activity times are stored with microseconds; a cursor cut to milliseconds would skip the rest of that millisecond.
    const stamps: Array<[string, string]> = [
      [users.alice.phone, '2030-01-09 12:30:45.123300+00'],
      [users.bola.phone, '2030-01-09 12:30:45.123200+00'],
      [users.chidi.phone, '2030-01-09 12:30:45.123100+00'],
    ];
    for (const [phone, at] of stamps) {
      await t.database.db.execute(sql`update conversations set last_message_at = ${at}::timestamptz where phone_number = ${phone}`);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page = await list(`?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...phones(page));
      cursor = page.next_cursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual([users.alice.phone, users.bola.phone, users.chidi.phone, users.efe.phone, users.dayo.phone]);
  });
});
