import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type Database } from '../../src/db/client.js';
import { type TestApp, useTestApp } from '../helpers/app.js';
import { useScratchDatabase } from '../helpers/postgres.js';
import { missing } from '../helpers/requirements.js';
import { postEvent, status, statusesEvent, waitFor } from '../helpers/webhooks.js';

/** An inbox's live stream on one instance, read as text. */
async function openEventStream(app: TestApp) {
  const controller = new AbortController();
  const response = await fetch(`${app.url}/api/admin/events`, {
    headers: { authorization: 'Bearer test-admin-token-0123456789' },
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    text: () => text,
    close: () => controller.abort(),
    async readUntil(pattern: RegExp) {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${text}`);
        const { value } = await reader.read();
        text += decoder.decode(value, { stream: true });
      }
    },
  };
}

describe.skipIf(missing('postgres'))('on a PostgreSQL server', () => {
  const scratch = useScratchDatabase();

  it('migrates once when several instances start at the same time', async () => {
    const databases = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: scratch.url })));
    const [first] = databases as [Database];
    const applied = rowsOf<{ n: number }>(await first.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
    expect(applied[0]!.n).toBeGreaterThanOrEqual(2);
    await Promise.all(databases.map((d) => d.close()));
  });

  it('prepares each statement once per connection and runs it again by name', async () => {
    const database = await openDatabase({ databaseUrl: scratch.url });
    try {
      const count = (key: string) => database.db.execute(sql`select count(*)::int as n from conversations where contact_key = ${key}`);
      // Inside one transaction: one connection, so its prepared statements can be read back.
      const seen = await database.db.transaction(async (tx) => {
        for (const key of ['1', '2', '3']) await tx.execute(sql`select count(*)::int as n from conversations where contact_key = ${key}`);
        return rowsOf<{ name: string; statement: string }>(await tx.execute(sql`select name, statement from pg_prepared_statements`));
      });
      const names = seen.filter((s) => s.statement.includes('from conversations where contact_key')).map((s) => s.name);
      expect(names).toHaveLength(1);
      expect(names[0]).toMatch(/^wadesk_\d+$/);
      expect(rowsOf<{ n: number }>(await count('1'))[0]!.n).toBe(0);
    } finally {
      await database.close();
    }
  });

  describe('two instances sharing one database and one WhatsApp number', () => {
    const onScratch = async () => ({ database: await openDatabase({ databaseUrl: scratch.url }), closeDatabase: true });
    const a = useTestApp(onScratch);
    const b = useTestApp(async () => ({ ...(await onScratch()), fake: a.fake }));

    it('serves the seed journey with webhooks and agent calls spread over both, every reply sent once and in order', async () => {
      const user = '2348099990001';
      const say = async (text: string) => {
        await a.fake.simulator.sendUserMessage({ from: user, name: 'Tolu', text });
        await a.settle();
      };
      await say('chat support');
      await say('My exam result is missing');
      const sent = await b.admin('POST', `/api/admin/conversations/${user}/chat-support/send`, { message: 'Which course?' });
      expect(sent.status).toBe(200);
      await b.settle();
      await say('MTH 101');
      const ended = await a.admin('POST', `/api/admin/conversations/${user}/chat-support/end`, {});
      expect(ended.status).toBe(200);
      await a.settle();
      await b.settle();

      const texts = (a.fake.simulator.accepted(user) as Array<{ text?: { body: string }; interactive?: { body: { text: string } } }>)
        .map((m) => m.text?.body ?? m.interactive?.body.text);
      expect(texts).toEqual([
        expect.stringMatching(/^Hi Tolu! 💬\n📞 Live Chat Support/),
        expect.stringMatching(/^✓ Your message has been sent to support\./),
        '🎧 Support Team: Which course?',
        expect.stringMatching(/^✓ Your message has been sent to support\./),
        'Thank you for contacting support!',
        // CSAT is on by default: the rating question follows the closing text.
        'How was your chat with our support team? Please rate it.',
      ]);
      const history = await b.admin('GET', `/api/admin/conversations/${user}/messages`);
      expect(history.json.data.state).toBe('idle');
      expect(history.json.data.chat_messages.map((m: { sender: string }) => m.sender)).toEqual(['user', 'admin', 'user', 'admin']);
    });

    it('streams events committed on one instance to an inbox connected to the other, ids increasing', async () => {
      const stream = await openEventStream(b);
      await stream.readUntil(/event: ready/);
      // The webhook goes to instance a (the fake posts there); the inbox listens on b.
      await a.fake.simulator.sendUserMessage({ from: '2348099990077', name: 'Ngozi', text: 'chat support' });
      await stream.readUntil(/event: chat\.started[\s\S]*Ngozi|Ngozi[\s\S]*event: chat\.started/);
      stream.close();
      const ids = [...stream.text().matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
      expect(ids.length).toBeGreaterThan(2);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(new Set(ids).size).toBe(ids.length);
    });

    it("previews the user's words and finds a chat by what was written or by the number written locally (full text on PostgreSQL)", async () => {
      const user = '2348099990123';
      for (const text of ['chat support', 'My transcript was rejected']) {
        await a.fake.simulator.sendUserMessage({ from: user, name: 'Kemi', text });
        await a.settle();
      }
      const found = async (q: string) => {
        const answer = await b.admin('GET', `/api/admin/conversations?limit=200&q=${encodeURIComponent(q)}`);
        expect(answer.status).toBe(200);
        return answer.json.data.conversations as Array<{ phone_number: string; preview: unknown }>;
      };
      const [kemi, ...others] = await found('TRANSCR rejected');
      expect(others).toEqual([]);
      expect(kemi).toMatchObject({ phone_number: `+${user}`, preview: { text: 'My transcript was rejected', sender: 'user', agent: null } });
      expect((await found('0809 999 0123')).map((c) => c.phone_number)).toEqual([`+${user}`]);
      // The bot's welcome went to every user: its words find nobody.
      expect(await found('connected')).toEqual([]);
    });

    it('listens again when the LISTEN connection is cut, and publishes what was committed meanwhile', async () => {
      const stream = await openEventStream(b);
      await stream.readUntil(/event: ready/);
      // What a database restart or a proxy does to the long-lived LISTEN connections of both instances.
      const cut = rowsOf<{ n: number }>(await a.database.db.execute(sql`
        select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = current_database() and query ilike 'listen%'`));
      expect(cut[0]!.n).toBe(2);
      await a.fake.simulator.sendUserMessage({ from: '2348099990078', name: 'Chiamaka', text: 'chat support' });
      await stream.readUntil(/Chiamaka/);
      stream.close();
      const listening = async () => rowsOf<{ n: number }>(await a.database.db.execute(sql`
        select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen%'`))[0]!.n;
      await waitFor('both instances listening again', async () => (await listening()) === 2);
    });

    it('lets both dispatchers share the outbox without sending anything twice', async () => {
      const users = Array.from({ length: 12 }, (_, i) => `23480999910${String(i).padStart(2, '0')}`);
      await Promise.all(users.map((from) => a.fake.simulator.sendUserMessage({ from, name: 'Load', text: 'chat support' })));
      await a.settle();
      await b.settle();
      for (const user of users) expect(a.fake.simulator.accepted(user)).toHaveLength(1);
      // And the outbox agrees: every welcome is recorded as sent.
      const sent = rowsOf<{ n: number }>(await a.database.db.execute(sql`select count(*)::int as n from outbox where status = 'sent' and kind = 'message'`));
      expect(sent[0]!.n).toBeGreaterThanOrEqual(users.length);
    });

    it('writes status webhooks for the same messages on both instances at once: every one 200, none backwards, none dead-lettered', async () => {
      const users = Array.from({ length: 6 }, (_, i) => `23480999920${String(i).padStart(2, '0')}`);
      await Promise.all(users.map((from) => a.fake.simulator.sendUserMessage({ from, name: 'Ticks', text: 'hi' })));
      await a.settle();
      await b.settle();
      const greetings = rowsOf<{ wamid: string; to: string }>(await a.database.db.execute(sql`
        select m.wamid, c.contact_key as "to" from messages m join conversations c on c.id = m.conversation_id
        where m.direction = 'outbound' and m.wamid is not null and c.contact_key like '23480999920%'`));
      expect(greetings.length).toBeGreaterThanOrEqual(users.length);
      // Every message gets sent, delivered and read three times over, in batches that cross each other's
      // rows in opposite orders, half through each instance.
      const states = ['read', 'sent', 'delivered'] as const;
      const posts = Array.from({ length: 60 }, (_, i) => {
        const order = i % 2 ? greetings : [...greetings].reverse();
        const body = statusesEvent(...order.map((g) => status(g.wamid, states[i % 3]!, g.to)));
        return postEvent((i % 2 ? a : b).url, body);
      });
      const answers = await Promise.all(posts);
      expect(answers.map((r) => r.status).every((s) => s === 200)).toBe(true);
      const after = rowsOf<{ status: string }>(await a.database.db.execute(sql`
        select m.status from messages m join conversations c on c.id = m.conversation_id
        where m.direction = 'outbound' and m.wamid is not null and c.contact_key like '23480999920%'`));
      expect(new Set(after.map((r) => r.status))).toEqual(new Set(['read']));
      const dead = rowsOf<{ n: number }>(await a.database.db.execute(sql`select count(*)::int as n from dead_letters`));
      expect(dead[0]!.n).toBe(0);
    });
  });
});
