import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { conversations, domainEvents, messages, notifications } from '../../src/db/schema.js';
import { mentionedHandles, mentionHandles } from '../../src/use-cases/notes.js';
import { TEST_SECRETS, useTestApp } from '../helpers/app.js';
import { accepted, bearer, call, conv, createAgent, createToken, expectError, newUser, register, say, startSupportChat, until } from './support.js';

const HOUR = 60 * 60 * 1000;

describe('the team inbox: statuses, labels, notes and mentions', () => {
  let offset = 0;
  const t = useTestApp({ now: () => new Date(Date.now() + offset), snoozeCheckMs: 50 });
  const statusOf = async (phone: string) => (await call(t, 'GET', conv(phone))).json.data.conversation.status as string;

  it('follows the chat: pending with the bot, open in a chat, resolved when it ends, back to pending or open when the user writes', async () => {
    const user = newUser('80801');
    await register(t, user.waId, 'Amaka');
    expect(await statusOf(user.phone)).toBe('pending');
    await startSupportChat(t, user.waId, 'Amaka');
    expect(await statusOf(user.phone)).toBe('open');
    const queue = (await call(t, 'GET', '/api/admin/queue')).json.data.chats.find((c: { phone_number: string }) => c.phone_number === user.phone);
    expect(queue).toMatchObject({ status: 'open', labels: [], snoozed_until: null });

    expect((await call(t, 'POST', conv(user.phone, '/chat-support/end'), {})).status).toBe(200);
    expect(await statusOf(user.phone)).toBe('resolved');
    // The user writes again: the bot has them (pending); asking for support opens it.
    await say(t, user.waId, 'Amaka', { text: 'hello again' });
    expect(await statusOf(user.phone)).toBe('pending');
    await startSupportChat(t, user.waId, 'Amaka');
    expect(await statusOf(user.phone)).toBe('open');

    // The status events, in order, as the inbox and webhooks receive them.
    const [row] = await t.database.db.select().from(conversations).where(eq(conversations.phoneNumber, user.phone));
    const events = (await t.database.db.execute(
      `select payload from domain_events where name = 'conversation.status_changed' and payload->>'conversation_id' = '${row!.id}' order by id`,
    )) as unknown as { rows: Array<{ payload: { status: string; previous_status: string } }> };
    expect(events.rows.map((e) => `${e.payload.previous_status}→${e.payload.status}`)).toEqual(['pending→open', 'open→resolved', 'resolved→pending', 'pending→open']);
  });

  it('snoozes until the user writes, and until a time (woken by itself into the right queue)', async () => {
    const user = newUser('80802');
    await startSupportChat(t, user.waId, 'Bola');
    const snooze = await call(t, 'POST', conv(user.phone, '/status'), { status: 'snoozed' });
    expect(snooze.json).toEqual({ status: 'success', data: { status: 'snoozed', snoozed_until: null } });
    expect(await statusOf(user.phone)).toBe('snoozed');
    const snoozedList = (await call(t, 'GET', '/api/admin/conversations?status=snoozed')).json.data.conversations;
    expect(snoozedList.map((c: { phone_number: string }) => c.phone_number)).toContain(user.phone);
    await say(t, user.waId, 'Bola', { text: 'Are you there?' });
    expect(await statusOf(user.phone)).toBe('open');

    const wakeAt = new Date(Date.now() + offset + 2 * HOUR).toISOString();
    const timed = await call(t, 'POST', conv(user.phone, '/status'), { status: 'snoozed', snoozed_until: wakeAt });
    expect(timed.json.data).toEqual({ status: 'snoozed', snoozed_until: wakeAt });
    expect((await call(t, 'GET', conv(user.phone))).json.data.conversation.snoozed_until).toBe(wakeAt);
    offset += 2 * HOUR + 1000;
    await until('the snooze woken', async () => (await statusOf(user.phone)) === 'open');
  });

  it('refuses what makes no sense, with a clear 4xx', async () => {
    const user = newUser('80803');
    await register(t, user.waId, 'Chi');
    expectError(await call(t, 'POST', conv(user.phone, '/status'), { status: 'open' }), 409, 'CHAT_NOT_ACTIVE');
    expectError(await call(t, 'POST', conv(user.phone, '/status'), { status: 'snoozed', snoozed_until: '2020-01-01T00:00:00Z' }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', conv(user.phone, '/status'), { status: 'pending', snoozed_until: '2099-01-01T00:00:00Z' }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', conv(user.phone, '/status'), { status: 'closed' }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', conv('+2348000000001', '/status'), { status: 'resolved' }), 404, 'NOT_FOUND');
    await startSupportChat(t, user.waId, 'Chi');
    expectError(await call(t, 'POST', conv(user.phone, '/status'), { status: 'pending' }), 409, 'CHAT_ALREADY_ACTIVE');
  });

  it('resolving an active chat ends it, with the closing message to the user', async () => {
    const user = newUser('80804');
    await startSupportChat(t, user.waId, 'Dayo');
    const efe = await createAgent(t, { name: 'Efe', email: 'efe.resolves@example.com' });
    const before = accepted(t, user.waId).length;
    expect((await call(t, 'POST', conv(user.phone, '/status'), { status: 'resolved' }, bearer((await createToken(t, efe.id)).token))).json.data.status).toBe('resolved');
    await t.settle();
    const detail = (await call(t, 'GET', conv(user.phone))).json.data;
    expect(detail.conversation).toMatchObject({ status: 'resolved', chat_support_active: false });
    expect(accepted(t, user.waId).length).toBeGreaterThan(before);
    // One change, named for who made it, recorded with the chat's end (one transaction).
    const [row] = await t.database.db.select().from(conversations).where(eq(conversations.phoneNumber, user.phone));
    const events = (await t.database.db.execute(
      `select name, payload from domain_events where payload->>'conversation_id' = '${row!.id}' and name in ('chat.ended', 'conversation.status_changed') order by id`,
    )) as unknown as { rows: Array<{ name: string; payload: Record<string, unknown> }> };
    expect(events.rows.map((e) => e.name)).toEqual(['conversation.status_changed', 'chat.ended', 'conversation.status_changed']);
    expect(events.rows.at(-1)!.payload).toMatchObject({ previous_status: 'open', status: 'resolved', agent_id: efe.id, agent_name: 'Efe' });
    expect(events.rows[0]!.payload).toMatchObject({ status: 'open', agent_id: null, agent_name: null });
  });

  it('labels: admins create them, agents put them on conversations; lists filter by label, status and assignee', async () => {
    const grace = await createAgent(t, { name: 'Grace Obi', email: 'grace.labels@example.com', role: 'agent' });
    const { token } = await createToken(t, grace.id);
    const asGrace = bearer(token);
    const created = await call(t, 'POST', '/api/admin/labels', { name: 'Exams', color: '#1E88E5' });
    expect(created.json.data).toMatchObject({ name: 'Exams', color: '#1e88e5', conversations: 0 });
    expect((await call(t, 'POST', '/api/admin/labels', { name: 'billing' })).json.data.color).toMatch(/^#[0-9a-f]{6}$/);
    expectError(await call(t, 'POST', '/api/admin/labels', { name: 'EXAMS' }), 409, 'LABEL_EXISTS');
    expectError(await call(t, 'POST', '/api/admin/labels', { name: 'urgent' }, asGrace), 403, 'FORBIDDEN');
    expectError(await call(t, 'POST', '/api/admin/labels', { name: 'a,b' }), 400, 'VALIDATION_ERROR');

    const user = newUser('80805');
    await startSupportChat(t, user.waId, 'Efe');
    const put = await call(t, 'PUT', conv(user.phone, '/labels'), { labels: ['exams', 'Billing'] }, asGrace);
    expect(put.json.data.labels).toEqual(['billing', 'Exams']);
    expectError(await call(t, 'PUT', conv(user.phone, '/labels'), { labels: ['nope'] }, asGrace), 404, 'NOT_FOUND');
    const byLabel = (await call(t, 'GET', '/api/admin/conversations?label=EXAMS')).json.data.conversations;
    expect(byLabel.map((c: { phone_number: string }) => c.phone_number)).toEqual([user.phone]);
    expect(byLabel[0]).toMatchObject({ labels: ['billing', 'Exams'], status: 'open', assigned_agent_id: null });
    expect((await call(t, 'GET', '/api/admin/labels')).json.data.labels.find((l: { name: string }) => l.name === 'Exams').conversations).toBe(1);

    // Assignee filters: nobody's, then Grace's (`me` with her token).
    const none = (await call(t, 'GET', '/api/admin/conversations?assignee=none&limit=200')).json.data.conversations;
    expect(none.map((c: { phone_number: string }) => c.phone_number)).toContain(user.phone);
    expect((await call(t, 'POST', conv(user.phone, '/chat-support/assign'), { agent_id: grace.id })).status).toBe(200);
    const mine = (await call(t, 'GET', '/api/admin/conversations?assignee=me', undefined, asGrace)).json.data.conversations;
    expect(mine.map((c: { phone_number: string; assigned_agent_id: string }) => [c.phone_number, c.assigned_agent_id])).toEqual([[user.phone, grace.id]]);
    expectError(await call(t, 'GET', '/api/admin/conversations?assignee=me'), 400, 'VALIDATION_ERROR');

    // The views' counts: this app's conversations by status, Grace's and nobody's active chats, per label.
    const counts = (await call(t, 'GET', '/api/admin/conversations/counts', undefined, asGrace)).json.data;
    const rows = await t.database.db.select().from(conversations);
    expect(counts.status).toEqual({
      open: rows.filter((r) => r.status === 'open').length, pending: rows.filter((r) => r.status === 'pending').length,
      snoozed: rows.filter((r) => r.status === 'snoozed').length, resolved: rows.filter((r) => r.status === 'resolved').length,
    });
    expect(counts.status.open).toBeGreaterThan(0);
    expect(counts.mine).toBe(1);
    expect(counts.labels).toEqual({ Exams: 1, billing: 1 });
    expect((await call(t, 'GET', '/api/admin/conversations/counts')).json.data.mine).toBe(0);

    // Deleting a label takes it off the conversations.
    const exams = created.json.data.id;
    expectError(await call(t, 'DELETE', `/api/admin/labels/${exams}`, undefined, asGrace), 403, 'FORBIDDEN');
    expect((await call(t, 'DELETE', `/api/admin/labels/${exams}`)).status).toBe(200);
    expect((await call(t, 'GET', conv(user.phone))).json.data.conversation.labels).toEqual(['billing']);
  });

  it('notes stay inside: in the history with their author, never at WhatsApp; a mention notifies the colleague', async () => {
    const ada = await createAgent(t, { name: 'Ada Lovelace', email: 'ada.notes@example.com', role: 'agent' });
    const tunde = await createAgent(t, { name: 'Tunde Bakare', email: 'tunde@example.com', role: 'agent' });
    const adaToken = bearer((await createToken(t, ada.id)).token);
    const tundeToken = bearer((await createToken(t, tunde.id)).token);
    const user = newUser('80806');
    await startSupportChat(t, user.waId, 'Femi');
    const before = accepted(t, user.waId).length;

    const note = await call(t, 'POST', conv(user.phone, '/notes'), { text: 'Parent called too. @tunde can you check the fees? cc @ada' }, adaToken);
    expect(note.status).toBe(200);
    expect(note.json.data.message).toMatchObject({ direction: 'internal', sender: 'agent', type: 'note', agent_id: ada.id, status: 'noted' });
    await t.settle();
    expect(accepted(t, user.waId)).toHaveLength(before);
    const history = (await call(t, 'GET', conv(user.phone, '/messages'))).json.data.messages;
    expect(history.at(-1)).toMatchObject({ type: 'note', text: 'Parent called too. @tunde can you check the fees? cc @ada' });
    // A note is not the conversation's last message, nor an agent's answer: the chat still waits.
    const queue = (await call(t, 'GET', '/api/admin/queue')).json.data.chats.find((c: { phone_number: string }) => c.phone_number === user.phone);
    expect(queue.unanswered).toBe(true);
    expect(queue.last_message.text).not.toContain('Parent called');

    // Tunde is notified (Ada mentioned herself: no notification for her).
    const tundes = (await call(t, 'GET', '/api/admin/notifications', undefined, tundeToken)).json.data;
    expect(tundes.unread).toBe(1);
    expect(tundes.notifications[0]).toMatchObject({
      kind: 'mention', agent_id: tunde.id, phone_number: user.phone, contact_name: 'Femi', actor_name: 'Ada Lovelace',
      text: 'Parent called too. @tunde can you check the fees? cc @ada', read_at: null,
    });
    expect((await call(t, 'GET', '/api/admin/notifications', undefined, adaToken)).json.data).toEqual({ notifications: [], unread: 0 });
    // Seeing the conversation reads his mentions in it; another mention elsewhere stays unread until "all read".
    const other = newUser('80806');
    await startSupportChat(t, other.waId, 'Kemi');
    expect((await call(t, 'POST', conv(other.phone, '/notes'), { text: '@tunde this one too' }, adaToken)).status).toBe(200);
    expect((await call(t, 'GET', '/api/admin/notifications', undefined, tundeToken)).json.data.unread).toBe(2);
    expect((await call(t, 'POST', conv(user.phone, '/read'), {}, tundeToken)).status).toBe(200);
    const left = (await call(t, 'GET', '/api/admin/notifications', undefined, tundeToken)).json.data;
    expect(left.unread).toBe(1);
    expect(left.notifications.filter((n: { read_at: string | null }) => n.read_at === null).map((n: { phone_number: string }) => n.phone_number)).toEqual([other.phone]);
    expect((await call(t, 'POST', '/api/admin/notifications/read', {}, tundeToken)).json.data).toEqual({ unread: 0 });
    expectError(await call(t, 'GET', '/api/admin/notifications'), 400, 'NOT_AN_AGENT');
    expect(await t.database.db.select().from(notifications).where(eq(notifications.agentId, tunde.id))).toHaveLength(2);
    expect((await t.database.db.select().from(messages).where(eq(messages.type, 'note'))).every((m) => m.wamid === null)).toBe(true);

    expectError(await call(t, 'POST', conv(user.phone, '/notes'), { text: '' }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', conv(user.phone, '/notes'), { text: '   ' }), 400, 'EMPTY_MESSAGE');
  });
});

describe('the team directory', () => {
  const t = useTestApp();

  it('any agent sees the active colleagues with the handle that mentions them (a shared first name needs the whole name)', async () => {
    const one = await createAgent(t, { name: 'Grace Obi', email: 'g1@example.com', role: 'agent' });
    const two = await createAgent(t, { name: 'Grace Eze', email: 'g2@example.com', role: 'agent' });
    await createAgent(t, { name: 'Musa', email: 'musa.team@example.com', role: 'agent' });
    const asOne = bearer((await createToken(t, one.id)).token);
    const members = (await call(t, 'GET', '/api/admin/team', undefined, asOne)).json.data.members;
    expect(members.map((m: { name: string; mention: string; availability: string; open_chats: number }) => [m.name, m.mention, m.availability, m.open_chats]))
      .toEqual([['Grace Eze', 'graceeze', 'available', 0], ['Grace Obi', 'graceobi', 'available', 0], ['Musa', 'musa', 'available', 0]]);
    const user = newUser('80808');
    await startSupportChat(t, user.waId, 'Ngozi');
    await call(t, 'POST', conv(user.phone, '/notes'), { text: 'For @graceeze only' }, asOne);
    expect(await t.database.db.select().from(notifications).where(eq(notifications.agentId, two.id))).toHaveLength(1);
    expect(await t.database.db.select().from(notifications).where(eq(notifications.agentId, one.id))).toHaveLength(0);
  });
});

describe('mention handles', () => {
  it('an agent is named by first name, whole name joined, or e-mail name; handles end before punctuation', () => {
    expect(mentionHandles({ name: 'Grace  Obi', email: 'g.obi@school.example' })).toEqual(['grace', 'graceobi', 'grace.obi', 'grace_obi', 'g.obi']);
    expect(mentionedHandles('Thanks @Grace. And @tunde_b, @ada-l! not an e-mail: x@y.com')).toEqual(['grace', 'tunde_b', 'ada-l']);
  });
});


describe('presence: who is viewing or typing, live and not stored', () => {
  const t = useTestApp();

  it('reaches the other agents’ event streams, without an id, and is not written to the event log', async () => {
    const grace = await createAgent(t, { name: 'Grace', email: 'grace.presence@example.com', role: 'agent' });
    const asGrace = bearer((await createToken(t, grace.id)).token);
    const user = newUser('80807');
    await startSupportChat(t, user.waId, 'Gbenga');
    const before = (await t.database.db.select().from(domainEvents)).length;

    const controller = new AbortController();
    const stream = await fetch(`${t.url}/api/admin/events`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}` }, signal: controller.signal });
    const reader = stream.body!.getReader();
    let text = '';
    const read = async (until: (s: string) => boolean) => {
      while (!until(text)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await read((s) => s.includes('event: ready'));
    expect((await call(t, 'POST', conv(user.phone, '/presence'), { state: 'typing' }, asGrace)).json.data).toEqual({ shared: true });
    await read((s) => s.includes('event: presence'));
    controller.abort();
    const frame = text.slice(text.indexOf('event: presence')).split('\n\n')[0]!;
    expect(frame).not.toMatch(/^id:/m);
    expect(JSON.parse(frame.split('data: ')[1]!)).toMatchObject({ phone_number: user.phone, agent_id: grace.id, agent_name: 'Grace', state: 'typing' });
    expect((await t.database.db.select().from(domainEvents)).length).toBe(before);
    expect((await call(t, 'POST', conv(user.phone, '/presence'), { state: 'viewing' })).json.data).toEqual({ shared: false });
    expectError(await call(t, 'POST', conv(user.phone, '/presence'), { state: 'dancing' }, asGrace), 400, 'VALIDATION_ERROR');
  });
});
