import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../../src/db/client.js';
import { TEST_SECRETS, useTestApp } from '../helpers/app.js';
import { useScratchDatabase } from '../helpers/postgres.js';
import { missing } from '../helpers/requirements.js';
import { waitFor } from '../helpers/webhooks.js';
import { bearer, call, conv, createAgent, createToken, newUser, startSupportChat } from '../admin/support.js';

/** Two instances on one PostgreSQL: presence crosses between them; automatic assignment never gives a chat twice. */
describe.skipIf(missing('postgres'))('the team inbox with two instances on PostgreSQL', () => {
  const scratch = useScratchDatabase();
  const options = async () => ({ database: await openDatabase({ databaseUrl: scratch.url }), closeDatabase: true, assignmentCheckMs: 50 });
  const a = useTestApp(options);
  const b = useTestApp(async () => ({ ...(await options()), fake: a.fake }));

  it('an agent typing on instance A is seen by a stream on instance B', { timeout: 30_000 }, async () => {
    const grace = await createAgent(a, { name: 'Grace', email: 'grace.pg.presence@example.com', role: 'agent' });
    const asGrace = bearer((await createToken(a, grace.id)).token);
    const user = newUser('80931');
    await startSupportChat(a, user.waId, 'Halima');
    const controller = new AbortController();
    const stream = await fetch(`${b.url}/api/admin/events`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}` }, signal: controller.signal });
    const reader = stream.body!.getReader();
    let text = '';
    while (!text.includes('event: ready')) text += new TextDecoder().decode((await reader.read()).value);
    expect((await call(a, 'POST', conv(user.phone, '/presence'), { state: 'typing' }, asGrace)).json.data).toEqual({ shared: true });
    while (!text.includes('event: presence')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain(`"agent_id":"${grace.id}"`);
    // Out of the way of the assignment test below.
    expect((await call(a, 'POST', conv(user.phone, '/chat-support/end'), {})).status).toBe(200);
  });

  it('both instances run assignment rounds: each chat goes to exactly one agent, in turn, within the limit', { timeout: 60_000 }, async () => {
    // Agents of the other test (if any) stay out of the rounds.
    await a.database.db.execute(sql`update agents set availability = 'away'`);
    const agents = await Promise.all(['Ife', 'Jide'].map((name) => createAgent(a, { name, email: `${name.toLowerCase()}.pg.rr@example.com`, role: 'agent' })));
    await call(b, 'PUT', '/api/admin/settings/assignment', { auto_assign: true, max_open_chats_per_agent: 2 });
    const users = Array.from({ length: 5 }, () => newUser('80932'));
    await Promise.all(users.map((user, i) => startSupportChat(i % 2 ? a : b, user.waId, `Pupil ${i}`)));
    // Polled in the database: the admin API's rate limit would trip on a tight loop.
    const assigned = await waitFor('four chats given out', async () => {
      const chats = rowsOf<{ phone_number: string; assigned_agent_id: string | null }>(await a.database.db.execute(sql`
        select c.phone_number, s.assigned_agent_id from chat_sessions s join conversations c on c.id = s.conversation_id where s.ended_at is null`));
      const mine = chats.filter((c) => users.some((u) => u.phone === c.phone_number));
      return mine.length === 5 && mine.filter((c) => c.assigned_agent_id !== null).length === 4 && mine;
    }, 20_000);
    // Both instances keep running rounds: nothing more is given out than the limit allows.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const counts = new Map<string, number>();
    for (const chat of assigned) if (chat.assigned_agent_id) counts.set(chat.assigned_agent_id, (counts.get(chat.assigned_agent_id) ?? 0) + 1);
    expect([...counts.entries()].sort()).toEqual(agents.map((agent) => [agent.id, 2]).sort());
    expect(assigned.filter((c) => c.assigned_agent_id === null)).toHaveLength(1);
    // One chat.assigned event per chat given out, whichever instance gave it.
    const events = await a.database.db.execute(`select count(*)::int as n from domain_events where name = 'chat.assigned' and payload->>'agent_id' is not null`);
    expect((events as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(4);
  });
});
