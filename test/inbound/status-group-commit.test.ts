import { eq, inArray, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { deadLetters, domainEvents, messages, statusEvents } from '../../src/db/schema.js';
import { statusGroupCommit } from '../../src/inbound/status-commits.js';
import { parseWebhook } from '../../src/whatsapp/webhook-parser.js';
import { useTestApp, type TestApp } from '../helpers/app.js';
import { startPointableFake } from '../helpers/fakes.js';
import { useResource } from '../helpers/resource.js';
import { outboundOf, outboxDrained, postEvent, status, statusesEvent } from '../helpers/webhooks.js';

const USERS = ['2348030000101', '2348030000102', '2348030000103', '2348030000104'];

/** A trigger on status_events that raises `body` (PL/pgSQL) for the callback of `wamid`. */
async function refuseCallbacksOf(t: TestApp, wamid: string, raise: string): Promise<void> {
  await t.database.db.execute(sql.raw(
    `create or replace function test_fault() returns trigger language plpgsql as $$ begin if new.wamid = '${wamid}' then ${raise}; end if; return new; end $$`,
  ));
  await t.database.db.execute(sql.raw('create trigger test_fault before insert on status_events for each row execute function test_fault()'));
}

describe('status webhooks that arrive together are committed together', () => {
  const quiet = useResource('the fake Graph API', () => startPointableFake({ statuses: 'never' }), (q) => q.fake.close(), 'each');
  const t = useTestApp(() => ({ fake: quiet.fake }), 'each');
  /** The greeting each user got, by user. */
  let wamids: string[];
  beforeEach(async () => {
    quiet.pointAt(t.url);
    for (const user of USERS) await quiet.fake.simulator.sendUserMessage({ from: user, name: 'Ada', text: 'Hello' });
    await outboxDrained(t.database);
    wamids = await Promise.all(USERS.map(async (user) => (await outboundOf(t.database, user))[0]!.wamid!));
  });

  const statusOf = async (wamid: string) => (await t.database.db.select({ status: messages.status }).from(messages).where(eq(messages.wamid, wamid)))[0]!.status;

  it('writes the callbacks of concurrent requests in a couple of transactions, each request answered with its own count', async () => {
    const commits = statusGroupCommit({ db: countingTransactions(t), bus: t.app.wadesk.bus });
    const parsedOf = (state: 'sent' | 'delivered' | 'read', i: number) => parseWebhook(statusesEvent(status(wamids[i % 4]!, state, USERS[i % 4]!))).statuses;
    // 36 requests at once: read, sent and delivered of four messages, three times over, read first.
    const states = ['read', 'sent', 'delivered'] as const;
    const requests = Array.from({ length: 36 }, (_, i) => commits.write(parsedOf(states[Math.floor(i / 4) % 3]!, i)));
    const outcomes = (await Promise.all(requests)).flat();
    // All of them in one commit (two at most: a batch may start before the last request is in).
    expect(transactions).toBeLessThanOrEqual(2);
    for (const wamid of wamids) expect(await statusOf(wamid)).toBe('read');
    // Per message, one callback moved it: its first `read`; the others changed nothing.
    expect(outcomes.filter((o) => o === true)).toHaveLength(4);
    expect(outcomes.filter((o) => o === false)).toHaveLength(32);
    // Every callback is kept once, and one event per message says where it ended.
    expect(await t.database.db.$count(statusEvents, inArray(statusEvents.wamid, wamids))).toBe(12);
    const events = await t.database.db.select().from(domainEvents).where(eq(domainEvents.name, 'message.status'));
    const byMessage = new Map<number, string[]>();
    for (const e of events) {
      const p = e.payload as { message_id: number; status: string };
      byMessage.set(p.message_id, [...(byMessage.get(p.message_id) ?? []), p.status]);
    }
    const greetings = await t.database.db.select({ id: messages.id }).from(messages).where(inArray(messages.wamid, wamids));
    for (const { id } of greetings) expect(byMessage.get(id)!.at(-1)).toBe('read');
  });

  it('moves a message through several steps in one batch to the furthest, and keeps failed with its error', async () => {
    const [a, b] = wamids as [string, string];
    const failed = status(b, 'failed', USERS[1]!, { errors: [{ code: 131026, title: 'Message undeliverable', error_data: { details: 'Unable to deliver' } }] });
    const answers = await Promise.all([
      postEvent(t.url, statusesEvent(status(a, 'sent', USERS[0]!), status(b, 'sent', USERS[1]!))),
      postEvent(t.url, statusesEvent(status(a, 'delivered', USERS[0]!), failed)),
      postEvent(t.url, statusesEvent(status(a, 'read', USERS[0]!), status(b, 'read', USERS[1]!))),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await statusOf(a)).toBe('read');
    const [row] = await t.database.db.select().from(messages).where(eq(messages.wamid, b));
    expect(row).toMatchObject({ status: 'failed', errorCode: 131026, errorTitle: 'Message undeliverable', errorDetail: 'Unable to deliver' });
  });

  it('a callback the database refuses fails alone: kept as a dead letter, the others of its batch land', async () => {
    await refuseCallbacksOf(t, wamids[2]!, "raise exception 'refused by a test trigger'");
    const answers = await Promise.all(USERS.map((user, i) => postEvent(t.url, statusesEvent(status(wamids[i]!, 'delivered', user)))));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((r) => r.json.data.statuses)).toEqual([1, 1, 0, 1]);
    expect(answers[2]!.json.data.deadLettered).toBe(1);
    expect(await Promise.all(wamids.map(statusOf))).toEqual(['delivered', 'delivered', 'accepted', 'delivered']);
    const [kept] = await t.database.db.select().from(deadLetters);
    expect(kept).toMatchObject({ kind: 'status', reason: 'database error P0001: refused by a test trigger' });
  });

  it('answers every request of the batch 5xx when the database cannot be reached, and applies none', async () => {
    await refuseCallbacksOf(t, wamids[0]!, "raise exception 'connection lost' using errcode = '08006'");
    const answers = await Promise.all(USERS.map((user, i) => postEvent(t.url, statusesEvent(status(wamids[i]!, 'delivered', user)))));
    // The batch holding the refused callback fails whole (a request may have been written before it).
    expect(answers[0]!.status).toBeGreaterThanOrEqual(500);
    for (const [i, answer] of answers.entries()) {
      if (answer.status === 200) expect(await statusOf(wamids[i]!)).toBe('delivered');
      else expect(await statusOf(wamids[i]!)).toBe('accepted');
    }
    expect(await t.database.db.$count(deadLetters)).toBe(0);
  });

  let transactions = 0;
  /** The app's database, counting the transactions opened through it. */
  function countingTransactions(app: TestApp) {
    transactions = 0;
    const db = app.database.db;
    return new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'transaction') {
          return (...args: Parameters<typeof db.transaction>) => {
            transactions += 1;
            return target.transaction(...args);
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
  }
});
