import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { conversations, messages } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { accepted, bearer, call, createAgent, createToken, expectError, newUser, register, say, shown } from './support.js';

const WEEKDAYS_8_TO_4 = { mon: [['08:00', '16:00']], tue: [['08:00', '16:00']], wed: [['08:00', '16:00']], thu: [['08:00', '16:00']], fri: [['08:00', '16:00']] };
const SCHOOL = { timezone: 'Europe/Paris', weekly: WEEKDAYS_8_TO_4, closed_dates: ['2026-12-25'] };

describe('business hours: outside them the user is told when the team is back, and the chat waits', () => {
  let offset = 0;
  /** Puts the app's (and its fake WhatsApp's) clock at `iso`. */
  const setClock = (iso: string) => { offset = Date.parse(iso) - Date.now(); };
  const t = useTestApp({ now: () => new Date(Date.now() + offset) });

  it('are always open by default; an admin sets them, an agent may read them', async () => {
    setClock('2026-11-02T10:00:00Z');
    expect((await call(t, 'GET', '/api/admin/settings/business-hours')).json.data).toEqual({
      timezone: null, weekly: {}, closed_dates: [], open_now: true, next_opening_at: null,
    });
    const agent = await createAgent(t, { name: 'Ife', email: 'ife.hours@example.com' });
    const { token } = await createToken(t, agent.id);
    expectError(await call(t, 'PUT', '/api/admin/settings/business-hours', SCHOOL, bearer(token)), 403, 'FORBIDDEN');
    const saved = await call(t, 'PUT', '/api/admin/settings/business-hours', SCHOOL);
    expect(saved.json.data).toEqual({ ...SCHOOL, open_now: true, next_opening_at: null });
    expect((await call(t, 'GET', '/api/admin/settings/business-hours', undefined, bearer(token))).json.data.timezone).toBe('Europe/Paris');
  });

  it('refuses hours that make no sense, saying what is wrong', async () => {
    const put = (body: unknown) => call(t, 'PUT', '/api/admin/settings/business-hours', body);
    const wrongZone = await put({ ...SCHOOL, timezone: 'Paris' });
    expectError(wrongZone, 400, 'VALIDATION_ERROR');
    expect(wrongZone.json.error.message).toMatch(/"Paris" is not an IANA time zone/);
    const backwards = await put({ ...SCHOOL, weekly: { mon: [['16:00', '08:00']] } });
    expectError(backwards, 400, 'VALIDATION_ERROR');
    expect(backwards.json.error.message).toMatch(/weekly.mon\[0\]: it closes \(08:00\) before it opens \(16:00\)/);
    expectError(await put({ ...SCHOOL, weekly: { monday: [['08:00', '16:00']] } }), 400, 'VALIDATION_ERROR');
    expectError(await put({ ...SCHOOL, weekly: { mon: [['8am', '4pm']] } }), 400, 'VALIDATION_ERROR');
    expectError(await put({ ...SCHOOL, closed_dates: ['2026-02-30'] }), 400, 'VALIDATION_ERROR');
    expectError(await put({ timezone: null, weekly: WEEKDAYS_8_TO_4 }), 400, 'VALIDATION_ERROR');
    expect((await call(t, 'GET', '/api/admin/settings/business-hours')).json.data.weekly).toEqual(WEEKDAYS_8_TO_4);
  });

  it('on Saturday (before the change from summer time) the user hears "Monday at 8:00", once, and the chat waits in the queue', async () => {
    await call(t, 'PUT', '/api/admin/settings/business-hours', SCHOOL);
    setClock('2026-10-24T10:00:00Z');
    expect((await call(t, 'GET', '/api/admin/settings/business-hours')).json.data).toMatchObject({ open_now: false, next_opening_at: '2026-10-26T07:00:00.000Z' });
    const user = newUser('80911');
    await register(t, user.waId, 'Kemi');
    const before = accepted(t, user.waId).length;
    await say(t, user.waId, 'Kemi', { buttonId: 'chat_support' });

    // One reply to one message: the away text with the End Chat button, not the away text and the welcome.
    const replies = accepted(t, user.waId).slice(before);
    expect(replies.map(shown)).toEqual([
      'Hi Kemi! 🌙 Our support team is away right now and will be back on Monday at 8:00.\n\n' +
      "Your chat is in the queue: write your question below and an agent will answer as soon as they are back. You can select 'End Chat' at any time.",
    ]);
    expect(replies[0]!.interactive!.action.buttons).toEqual([{ type: 'reply', reply: { id: 'end_chat', title: defaultContent.chat.endChatButton.title } }]);
    // The chat is open and waiting; the agents read what the user was told.
    const queue = (await call(t, 'GET', '/api/admin/queue')).json.data.chats;
    expect(queue.map((c: { phone_number: string }) => c.phone_number)).toContain(user.phone);
    const [row] = await t.database.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.waId, user.waId));
    const notes = await t.database.db.select({ text: messages.text }).from(messages).where(eq(messages.conversationId, row!.id)).orderBy(asc(messages.id));
    expect(notes.map((n) => n.text)).toContain('Outside business hours: the user was told the team is back on Monday at 8:00.');
    // The user's question is acknowledged without promising an answer "shortly".
    await say(t, user.waId, 'Kemi', { text: 'My timetable is wrong' });
    expect(shown(accepted(t, user.waId).at(-1))).toBe(
      '✓ Your message has been sent to support.\n\n' +
      "Our team is away right now and will be back on Monday at 8:00; an agent will answer then. You can continue typing or select 'End Chat' to exit.",
    );
    // Once an agent has answered (working late), the usual acknowledgement again.
    expect((await call(t, 'POST', `/api/admin/conversations/${encodeURIComponent(user.phone)}/chat-support/send`, { message: 'I will fix it now' })).status).toBe(200);
    await t.settle();
    await say(t, user.waId, 'Kemi', { text: 'Thank you!' });
    expect(shown(accepted(t, user.waId).at(-1))).toBe(defaultContent.chat.acknowledgement);
  });

  it('skips a closed date: on Christmas Eve after hours, "on Monday at 8:00"; within hours, the welcome', async () => {
    await call(t, 'PUT', '/api/admin/settings/business-hours', SCHOOL);
    setClock('2026-12-24T16:30:00Z');
    const late = newUser('80911');
    await say(t, late.waId, 'Tunde', { text: 'chat support' });
    expect(shown(accepted(t, late.waId).at(-1))).toContain('will be back on Monday at 8:00');

    setClock('2026-12-28T09:00:00Z');
    const morning = newUser('80911');
    await say(t, morning.waId, 'Zainab', { text: 'chat support' });
    expect(shown(accepted(t, morning.waId).at(-1))).toContain('You are now connected to our support team');
    await call(t, 'PUT', '/api/admin/settings/business-hours', { timezone: null, weekly: {} });
  });
});
