import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { conversations, deadLetters, domainEvents, messages } from '../../src/db/schema.js';
import { defaultContent } from '../../src/bot/content.js';
import { ContentLibrary } from '../../src/content/library.js';
import { messageGroupCommit } from '../../src/inbound/message-commits.js';
import { parseWebhook } from '../../src/whatsapp/webhook-parser.js';
import { useTestApp, type TestApp } from '../helpers/app.js';
import { messagesFrom, messagesOf, outboundOf, outboxDrained, postEvent, text, userMessage } from '../helpers/webhooks.js';

const USERS = ['2348031000101', '2348031000102', '2348031000103', '2348031000104', '2348031000105', '2348031000106'];

/** The app's database, counting the transactions opened through it. */
function countingTransactions(app: TestApp) {
  const counted = { transactions: 0 };
  const db = app.database.db;
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'transaction') {
        return (...args: Parameters<typeof db.transaction>) => {
          counted.transactions += 1;
          return target.transaction(...args);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db: proxy, counted };
}

/** A trigger on messages that raises `raise` (PL/pgSQL) when a user's message with text `word` is stored. */
async function refuseText(t: TestApp, word: string, raise: string): Promise<void> {
  await t.database.db.execute(sql.raw(
    `create or replace function test_fault() returns trigger language plpgsql as $$ begin if new.text = '${word}' and new.direction = 'inbound' then ${raise}; end if; return new; end $$`,
  ));
  await t.database.db.execute(sql.raw('create trigger test_fault before insert on messages for each row execute function test_fault()'));
}

describe('messages of webhooks that arrive together are committed together', () => {
  const t = useTestApp(undefined, 'each');

  it('writes the messages of concurrent webhooks in one transaction, each answered by the bot, in order per user', async () => {
    const { db, counted } = countingTransactions(t);
    const commits = messageGroupCommit({ db, bus: t.app.wadesk.bus, content: ContentLibrary.builtIn(defaultContent) });
    // Twelve webhooks at once: each user says hello, then gives a name (the registration's two steps).
    const writes = [
      ...USERS.map((user) => commits.write(parseWebhook(messagesFrom(user, 'Ada', userMessage(user, text('Hello')))).messages)),
      ...USERS.map((user, i) => commits.write(parseWebhook(messagesFrom(user, 'Ada', userMessage(user, text(`Student ${i}`)))).messages)),
    ];
    const outcomes = (await Promise.all(writes)).flat();
    expect(outcomes).toEqual(new Array(12).fill(true));
    expect(counted.transactions).toBeLessThanOrEqual(2);
    for (const [i, user] of USERS.entries()) {
      const [conversation] = await t.database.db.select().from(conversations).where(eq(conversations.contactKey, user));
      // "Hello" came first for every user: it started the registration, the second message is the name.
      expect(conversation).toMatchObject({ state: 'REGISTERED', registeredName: `Student ${i}` });
      expect((await messagesOf(t.database, user)).filter((m) => m.direction === 'inbound').map((m) => m.text)).toEqual(['Hello', `Student ${i}`]);
    }
    await outboxDrained(t.database);
    // Every user got the welcome and the menu, from the live inbox's point of view too (one event each).
    for (const user of USERS) expect((await outboundOf(t.database, user)).length).toBeGreaterThanOrEqual(2);
    const created = await t.database.db.select().from(domainEvents).where(eq(domainEvents.name, 'message.created')).orderBy(asc(domainEvents.id));
    expect(created.filter((e) => (e.payload as { message: { direction: string } }).message.direction === 'inbound')).toHaveLength(12);
  });

  it('a redelivery in a batch writes nothing and does not stop the others', async () => {
    const again = userMessage(USERS[0]!, text('Hello'));
    const first = await postEvent(t.url, messagesFrom(USERS[0]!, 'Ada', again));
    expect(first.json.data).toMatchObject({ processed: 1 });
    const answers = await Promise.all([
      postEvent(t.url, messagesFrom(USERS[0]!, 'Ada', again)),
      postEvent(t.url, messagesFrom(USERS[1]!, 'Grace', userMessage(USERS[1]!, text('Hello')))),
    ]);
    expect(answers.map((a) => [a.status, a.json.data.processed, a.json.data.duplicates])).toEqual([[200, 0, 1], [200, 1, 0]]);
    expect(await messagesOf(t.database, USERS[0]!).then((rows) => rows.filter((m) => m.direction === 'inbound'))).toHaveLength(1);
  });

  it('a message the database refuses fails alone: kept as a dead letter, the others of its batch answered', async () => {
    await refuseText(t, 'poison', "raise exception 'refused by a test trigger'");
    const answers = await Promise.all(USERS.slice(0, 4).map((user, i) => postEvent(t.url, messagesFrom(user, 'Ada', userMessage(user, text(i === 2 ? 'poison' : 'Hello'))))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => a.json.data.processed)).toEqual([1, 1, 0, 1]);
    expect(answers[2]!.json.data.deadLettered).toBe(1);
    const [kept] = await t.database.db.select().from(deadLetters);
    expect(kept).toMatchObject({ kind: 'message', reason: 'database error P0001: refused by a test trigger' });
    // Nothing of the refused one is left half-way: no conversation row for that user.
    expect(await t.database.db.$count(conversations, eq(conversations.contactKey, USERS[2]!))).toBe(0);
    expect(await t.database.db.$count(messages, eq(messages.text, 'Hello'))).toBe(3);
    for (const user of [USERS[0]!, USERS[1]!, USERS[3]!]) expect(await conversationsOf(t, user)).toBe(1);
  });

  it('answers 5xx when the database cannot be reached, and keeps nothing of the batch', async () => {
    await refuseText(t, 'cut', "raise exception 'connection lost' using errcode = '08006'");
    const answers = await Promise.all(USERS.slice(0, 3).map((user, i) => postEvent(t.url, messagesFrom(user, 'Ada', userMessage(user, text(i === 0 ? 'cut' : 'Hello'))))));
    expect(answers[0]!.status).toBeGreaterThanOrEqual(500);
    for (const [i, answer] of answers.entries()) {
      const stored = await messagesOf(t.database, USERS[i]!);
      expect(stored.length > 0).toBe(answer.status === 200);
    }
    expect(await t.database.db.$count(deadLetters)).toBe(0);
  });
});

async function conversationsOf(t: TestApp, user: string): Promise<number> {
  return t.database.db.$count(conversations, eq(conversations.contactKey, user));
}
