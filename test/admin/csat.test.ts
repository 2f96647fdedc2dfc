import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { chatSessions, conversations, domainEvents, outbox } from '../../src/db/schema.js';
import { useTestApp, type TestApp } from '../helpers/app.js';
import { accepted, bearer, call, conv, createAgent, createToken, expectError, newUser, register, say, shown, startSupportChat, until } from './support.js';

const HOURS = 60 * 60 * 1000;
const { csat } = defaultContent;

/** The chats of a contact, oldest first. */
async function chatsOf(t: TestApp, waId: string) {
  const [row] = await t.database.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.waId, waId));
  return t.database.db.select().from(chatSessions).where(eq(chatSessions.conversationId, row!.id)).orderBy(asc(chatSessions.startedAt));
}

type Body = ReturnType<typeof accepted>[number] & { interactive?: { type: string; action: { sections?: Array<{ rows: Array<{ id: string; title: string }> }> } }; template?: { name: string } };

describe('CSAT: the user rates the chat when it ends', () => {
  let offset = 0;
  // One clock for the app and its fake WhatsApp, moved forward to close the 24-hour window.
  const t = useTestApp({ now: () => new Date(Date.now() + offset) });
  const sent = (waId: string) => accepted(t, waId) as Body[];
  /** An agent answers the open chat (a chat nobody answered is not rated). */
  const answer = async (phone: string, message = 'Let me check that for you') => {
    expect((await call(t, 'POST', conv(phone, '/chat-support/send'), { message })).status).toBe(200);
    await t.settle();
  };

  beforeAll(async () => {
    await until('the templates synced at start', async () => (await call(t, 'GET', '/api/admin/templates')).json.data.templates.length > 0);
  });

  it('is on by default: after the closing message a list of five ratings, then a comment, then thanks and the menu', async () => {
    expect((await call(t, 'GET', '/api/admin/settings/csat')).json).toEqual({ status: 'success', data: { enabled: true, template: null } });
    const user = newUser('80811');
    const agent = await createAgent(t, { name: 'Grace', email: 'grace.csat@example.com' });
    const { token } = await createToken(t, agent.id);
    await register(t, user.waId, 'Ada');
    await startSupportChat(t, user.waId, 'Ada');
    await say(t, user.waId, 'Ada', { text: 'My exam result is missing' });
    expect((await call(t, 'POST', conv(user.phone, '/chat-support/send'), { message: 'Found it, it is online now' }, bearer(token))).status).toBe(200);
    await t.settle();
    const before = sent(user.waId).length;
    await say(t, user.waId, 'Ada', { buttonId: 'end_chat' });

    const [closing, question] = sent(user.waId).slice(before);
    expect(shown(closing)).toBe(defaultContent.chat.closing);
    expect(question).toMatchObject({ type: 'interactive', interactive: { type: 'list', body: { text: csat.question } } });
    expect(question!.interactive!.action.sections![0]!.rows.map((r) => r.id)).toEqual(['csat_5', 'csat_4', 'csat_3', 'csat_2', 'csat_1']);
    const [asked] = await chatsOf(t, user.waId);
    expect(asked).toMatchObject({ csatStatus: 'asked', csatRating: null, csatAskedAt: expect.any(Date) });

    await say(t, user.waId, 'Ada', { buttonId: 'csat_4' });
    expect(shown(sent(user.waId).at(-1))).toBe(csat.commentPrompt);
    await say(t, user.waId, 'Ada', { text: 'Quick and kind, thank you' });
    const [thanks, menu] = sent(user.waId).slice(-2);
    expect(shown(thanks)).toBe(csat.thanks);
    expect(shown(menu)).toBe('What would you like to do, Ada?');

    const [rated] = await chatsOf(t, user.waId);
    expect(rated).toMatchObject({ csatStatus: 'rated', csatRating: 4, csatComment: 'Quick and kind, thank you', csatRatedAt: expect.any(Date), assignedAgentId: agent.id });
    // The conversation's detail shows it with the chat, and the inbox heard of it (rating, then comment).
    const detail = (await call(t, 'GET', conv(user.phone))).json.data;
    expect(detail.recent_chats[0]).toMatchObject({
      id: rated!.id, assigned_agent_name: 'Grace', ended_by: 'user',
      rating: { status: 'rated', rating: 4, comment: 'Quick and kind, thank you', rated_at: expect.any(String), skip_reason: null },
    });
    const events = await t.database.db.select().from(domainEvents).where(eq(domainEvents.name, 'chat.rated')).orderBy(asc(domainEvents.id));
    expect(events.map((e) => e.payload).filter((p) => (p as { chat_session_id: string }).chat_session_id === rated!.id)).toEqual([
      expect.objectContaining({ rating: 4, comment: null, agent_id: agent.id, phone_number: user.phone }),
      expect.objectContaining({ rating: 4, comment: 'Quick and kind, thank you', agent_id: agent.id }),
    ]);
    // The comment was an answer, not something for the bot to answer with help, and no chat was opened.
    expect((await call(t, 'GET', conv(user.phone, '/messages'))).json.data).toMatchObject({ state: 'registered', chat_support_active: false });
  });

  it('takes a typed rating, a Skip for the comment, and an agent ending the chat', async () => {
    const user = newUser('80811');
    await register(t, user.waId, 'Bola');
    await startSupportChat(t, user.waId, 'Bola');
    expect((await call(t, 'POST', conv(user.phone, '/chat-support/end'), { message: 'Closing this, bye' })).status).toBe(200);
    await t.settle();
    expect(sent(user.waId).slice(-2).map(shown)).toEqual(['Closing this, bye', csat.question]);

    await say(t, user.waId, 'Bola', { text: '2' });
    expect(shown(sent(user.waId).at(-1))).toBe(csat.commentPrompt);
    await say(t, user.waId, 'Bola', { buttonId: 'csat_skip' });
    expect(sent(user.waId).slice(-2).map(shown)).toEqual([csat.thanks, 'What would you like to do, Bola?']);
    const [chat] = await chatsOf(t, user.waId);
    expect(chat).toMatchObject({ endedBy: 'agent', csatStatus: 'rated', csatRating: 2, csatComment: null });
    // Answering the survey is not a new request: the conversation stays in the team's Resolved list until
    // the user writes something else.
    const status = async () => (await call(t, 'GET', conv(user.phone))).json.data.conversation.status;
    expect(await status()).toBe('resolved');
    await say(t, user.waId, 'Bola', { text: 'hello again' });
    expect(await status()).toBe('pending');
  });

  it('does not ask about a chat nobody answered, and says why in the chat', async () => {
    const user = newUser('80811');
    await register(t, user.waId, 'Dayo');
    await startSupportChat(t, user.waId, 'Dayo');
    const before = sent(user.waId).length;
    await say(t, user.waId, 'Dayo', { buttonId: 'end_chat' });
    expect(sent(user.waId).slice(before).map(shown)).toEqual([defaultContent.chat.closing]);
    expect((await chatsOf(t, user.waId))[0]).toMatchObject({ csatStatus: 'skipped', csatSkipReason: 'not_answered', csatAskedAt: null });
    // A "5" typed now is not a rating of anything: the bot answers it as usual.
    await say(t, user.waId, 'Dayo', { text: '5' });
    expect((await chatsOf(t, user.waId))[0]).toMatchObject({ csatStatus: 'skipped', csatRating: null });
  });

  it('serves a request instead of reading it as a comment, and forgets an unanswered question when a new chat starts', async () => {
    const user = newUser('80811');
    await register(t, user.waId, 'Chidi');
    await startSupportChat(t, user.waId, 'Chidi');
    await answer(user.phone);
    await say(t, user.waId, 'Chidi', { buttonId: 'end_chat' });
    await say(t, user.waId, 'Chidi', { buttonId: 'csat_5' });
    // "chat support" at the comment step starts a chat; the rating stays, without a comment.
    await say(t, user.waId, 'Chidi', { text: 'chat support' });
    expect(shown(sent(user.waId).at(-1))).toContain('You are now connected to our support team');
    await answer(user.phone);
    await say(t, user.waId, 'Chidi', { buttonId: 'end_chat' });
    // This time the user ignores the question: "menu" shows the menu, and a "3" typed later still rates.
    await say(t, user.waId, 'Chidi', { text: 'menu' });
    expect(shown(sent(user.waId).at(-1))).toBe('What would you like to do, Chidi?');
    await say(t, user.waId, 'Chidi', { text: '3' });
    expect(shown(sent(user.waId).at(-1))).toBe(csat.commentPrompt);
    // A new chat forgets the question: "1" typed in it is a message for the agent, not a rating.
    await say(t, user.waId, 'Chidi', { text: 'chat support' });
    await say(t, user.waId, 'Chidi', { text: '1' });
    const chats = await chatsOf(t, user.waId);
    expect(chats.map((c) => [c.csatStatus, c.csatRating, c.csatComment])).toEqual([['rated', 5, null], ['rated', 3, null], [null, null, null]]);
    const history = (await call(t, 'GET', conv(user.phone, '/messages'))).json.data;
    expect(history.chat_support_active).toBe(true);
    expect(history.chat_messages.at(-1)).toMatchObject({ sender: 'user', text: '1' });
  });

  it('can be switched off (admin role); then nothing is asked and the chat says nothing of a rating', async () => {
    const agent = await createAgent(t, { name: 'Uche', email: 'uche.csat@example.com' });
    const { token } = await createToken(t, agent.id);
    expectError(await call(t, 'PUT', '/api/admin/settings/csat', { enabled: false }, bearer(token)), 403, 'FORBIDDEN');
    expectError(await call(t, 'PUT', '/api/admin/settings/csat', {}), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'PUT', '/api/admin/settings/csat', { enabled: 'no' }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'PUT', '/api/admin/settings/csat', { template: { name: 'chat_feedback' } }), 400, 'VALIDATION_ERROR');
    expect((await call(t, 'PUT', '/api/admin/settings/csat', { enabled: false })).json.data).toEqual({ enabled: false, template: null });
    // Any agent may read it.
    expect((await call(t, 'GET', '/api/admin/settings/csat', undefined, bearer(token))).json.data.enabled).toBe(false);

    const user = newUser('80811');
    await register(t, user.waId, 'Dayo');
    await startSupportChat(t, user.waId, 'Dayo');
    await say(t, user.waId, 'Dayo', { buttonId: 'end_chat' });
    expect(shown(sent(user.waId).at(-1))).toBe(defaultContent.chat.closing);
    // A "5" now is not a rating: the bot does not understand it.
    await say(t, user.waId, 'Dayo', { text: '5' });
    expect(shown(sent(user.waId).at(-2))).toBe(defaultContent.help);
    const [chat] = await chatsOf(t, user.waId);
    expect(chat).toMatchObject({ csatStatus: null, csatRating: null });
    expect((await call(t, 'GET', conv(user.phone))).json.data.recent_chats[0].rating).toBeNull();
    await call(t, 'PUT', '/api/admin/settings/csat', { enabled: true });
  });

  it('takes only an approved template that needs nothing but the name, and says why not', async () => {
    expectError(await call(t, 'PUT', '/api/admin/settings/csat', { template: { name: 'no_such_template', language: 'en' } }), 404, 'TEMPLATE_NOT_FOUND');
    const pending = await call(t, 'PUT', '/api/admin/settings/csat', { template: { name: 'satisfaction_survey', language: 'en' } });
    expectError(pending, 400, 'TEMPLATE_NOT_SUITABLE');
    expect(pending.json.error.message).toMatch(/pending/);
    const twoValues = await call(t, 'PUT', '/api/admin/settings/csat', { template: { name: 'ticket_update', language: 'en' } });
    expectError(twoValues, 400, 'TEMPLATE_NOT_SUITABLE');
    expect(twoValues.json.error.message).toMatch(/at most one/);
    const noButtons = await call(t, 'PUT', '/api/admin/settings/csat', { template: { name: 'hello_world', language: 'en_US' } });
    expectError(noButtons, 400, 'TEMPLATE_NOT_SUITABLE');
    expect(noButtons.json.error.message).toMatch(/quick-reply/);
    expect((await call(t, 'GET', '/api/admin/settings/csat')).json.data.template).toBeNull();
  });

  describe('after the 24-hour window', () => {
    it('without a template: nothing is sent (no free-form send WhatsApp would refuse) and the chat says why', async () => {
      const user = newUser('80812');
      await startSupportChat(t, user.waId, 'Efe');
      await answer(user.phone);
      offset += 25 * HOURS;
      const before = sent(user.waId).length;
      const ended = await call(t, 'POST', conv(user.phone, '/chat-support/end'));
      expect(ended.status).toBe(200);
      await t.settle();
      expect(sent(user.waId)).toHaveLength(before);
      const [chat] = await chatsOf(t, user.waId);
      expect(chat).toMatchObject({ csatStatus: 'skipped', csatSkipReason: 'window_closed', csatAskedAt: null });
      expect((await t.database.db.select().from(outbox).where(eq(outbox.status, 'failed')))).toEqual([]);
      expect((await call(t, 'GET', conv(user.phone))).json.data.recent_chats[0].rating).toMatchObject({ status: 'skipped', skip_reason: 'window_closed' });
    });

    it('with a template: it asks with the template, and a tap on its quick reply rates the chat', async () => {
      const saved = await call(t, 'PUT', '/api/admin/settings/csat', { template: { name: 'chat_feedback', language: 'en' } });
      expect(saved.json.data).toEqual({ enabled: true, template: { name: 'chat_feedback', language: 'en' } });
      const user = newUser('80812');
      await register(t, user.waId, 'Funmi');
      await startSupportChat(t, user.waId, 'Funmi');
      await answer(user.phone);
      offset += 25 * HOURS;
      const before = sent(user.waId).length;
      expect((await call(t, 'POST', conv(user.phone, '/chat-support/end'))).status).toBe(200);
      await t.settle();
      const delivered = sent(user.waId).slice(before);
      expect(delivered).toEqual([expect.objectContaining({ type: 'template', template: expect.objectContaining({ name: 'chat_feedback' }) })]);
      expect((await chatsOf(t, user.waId))[0]).toMatchObject({ csatStatus: 'asked' });
      const history = (await call(t, 'GET', conv(user.phone, '/messages'))).json.data.messages;
      expect(history.at(-1)).toMatchObject({ sender: 'bot', type: 'template', text: 'Hi Funmi, how was your chat with our support team? Tap a rating below.' });

      // The phone shows the template's quick replies; the tap reopens the window and the comment can be asked.
      await say(t, user.waId, 'Funmi', { buttonId: '⭐⭐⭐⭐' });
      expect(shown(sent(user.waId).at(-1))).toBe(csat.commentPrompt);
      await say(t, user.waId, 'Funmi', { text: 'Late but fine' });
      expect((await chatsOf(t, user.waId))[0]).toMatchObject({ csatStatus: 'rated', csatRating: 4, csatComment: 'Late but fine' });
      await call(t, 'PUT', '/api/admin/settings/csat', { template: null });
    });
  });
});
