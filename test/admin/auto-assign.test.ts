import { describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { useTestApp } from '../helpers/app.js';
import { accepted, bearer, call, conv, createAgent, createToken, expectError, newUser, shown, startSupportChat, until } from './support.js';

type QueueItem = { phone_number: string; assigned_agent_id: string | null };

describe('automatic assignment: round-robin among available agents, with a limit per agent', () => {
  const t = useTestApp({ assignmentCheckMs: 100 });
  const queue = async () => (await call(t, 'GET', '/api/admin/queue')).json.data.chats as QueueItem[];
  const assigneeOf = async (phone: string) => (await queue()).find((c) => c.phone_number === phone)?.assigned_agent_id ?? null;

  it('is off by default, and only admins change it', async () => {
    expect((await call(t, 'GET', '/api/admin/settings/assignment')).json.data).toEqual({
      auto_assign: false, max_open_chats_per_agent: 5, unassign_when_away: false, announce_agent: false,
    });
    const agent = await createAgent(t, { name: 'Kemi', email: 'kemi.assign@example.com', role: 'agent' });
    const asAgent = bearer((await createToken(t, agent.id)).token);
    expectError(await call(t, 'PUT', '/api/admin/settings/assignment', { auto_assign: true }, asAgent), 403, 'FORBIDDEN');
    expectError(await call(t, 'PUT', '/api/admin/settings/assignment', { max_open_chats_per_agent: 0 }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'PUT', '/api/admin/settings/assignment', {}), 400, 'VALIDATION_ERROR');
    // Kemi stays away from the rounds below.
    expect((await call(t, 'PATCH', '/api/admin/agents/me', { availability: 'away' }, asAgent)).status).toBe(200);
  });

  it('gives chats out in turn, keeps the rest waiting when all are full, and hands one out as soon as someone frees up', async () => {
    const agents = await Promise.all(['Ada', 'Bisi', 'Chidi'].map((name) => createAgent(t, { name: `${name} Agent`, email: `${name.toLowerCase()}.rr@example.com`, role: 'agent' })));
    const ids = agents.map((a) => a.id);
    expect((await call(t, 'PUT', '/api/admin/settings/assignment', { auto_assign: true, max_open_chats_per_agent: 2, announce_agent: true })).json.data)
      .toMatchObject({ auto_assign: true, max_open_chats_per_agent: 2, announce_agent: true });

    const users = Array.from({ length: 7 }, () => newUser('80901'));
    for (const [i, user] of users.entries()) {
      await startSupportChat(t, user.waId, `Student${i}`);
      if (i < 6) await until(`chat ${i} assigned`, async () => (await assigneeOf(user.phone)) !== null);
    }
    const given = await Promise.all(users.map((u) => assigneeOf(u.phone)));
    // Each agent once per turn, in the same order, two each; the seventh waits.
    expect(given.slice(0, 3).sort()).toEqual([...ids].sort());
    expect(given.slice(3, 6)).toEqual(given.slice(0, 3));
    expect(given[6]).toBeNull();
    // The user is told who joined.
    await t.settle();
    const joined = accepted(t, users[0]!.waId).map(shown).find((text) => text?.includes('has joined the chat'));
    const first = agents.find((a) => a.id === given[0])!;
    expect(joined).toBe(defaultContent.chat.agentJoined.replace('{agent}', first.name.split(' ')[0]!));

    // One chat ends: its agent has room, and the waiting chat goes to them.
    expect((await call(t, 'POST', conv(users[1]!.phone, '/chat-support/end'), {})).status).toBe(200);
    await until('the waiting chat given out', async () => (await assigneeOf(users[6]!.phone)) === given[1]);
  });

  it('with unassign_when_away, an agent who goes away hands their chats back, and they go to the others', async () => {
    const dayo = await createAgent(t, { name: 'Dayo', email: 'dayo.away@example.com', role: 'agent' });
    const asDayo = bearer((await createToken(t, dayo.id)).token);
    await call(t, 'PUT', '/api/admin/settings/assignment', { unassign_when_away: true, max_open_chats_per_agent: 10 });
    const user = newUser('80902');
    await startSupportChat(t, user.waId, 'Efe');
    await until('assigned', async () => (await assigneeOf(user.phone)) !== null);
    expect((await call(t, 'POST', conv(user.phone, '/chat-support/assign'), { agent_id: dayo.id })).status).toBe(200);
    expect((await call(t, 'PATCH', '/api/admin/agents/me', { availability: 'away' }, asDayo)).status).toBe(200);
    await until('handed to someone available', async () => {
      const now = await assigneeOf(user.phone);
      return now !== null && now !== dayo.id;
    });
  });
});
