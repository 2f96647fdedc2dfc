import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { asc, eq, sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { ContentLibrary } from '../../src/content/library.js';
import { deadLetters, messages, outbox, statusEvents } from '../../src/db/schema.js';
import { EventBus } from '../../src/events/bus.js';
import { processWebhook } from '../../src/inbound/process.js';
import { parseStorableJson, TOO_DEEP } from '../../src/inbound/storable-json.js';
import { parseWebhook } from '../../src/whatsapp/webhook-parser.js';
import { TEST_SECRETS, type TestApp, useTestApp } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';
import { contact, messagesFrom, postEvent, postWebhook, tableCounts, text, uniqueWamid, userMessage } from '../helpers/webhooks.js';

/** A signed POST with good messages around values the database cannot hold (see test/fixtures/). */
const POISON_BATCH = readFileSync(new URL('../fixtures/poison-batch.json', import.meta.url));
const ANA = '2348011111111';
const BEN = '2348022222222';

/** A trigger on inserts into `messages` with `body` as its PL/pgSQL: a real database error on demand. */
async function installTrigger(t: TestApp, body: string): Promise<void> {
  await t.database.db.execute(sql.raw(`create or replace function test_fault() returns trigger language plpgsql as $$ begin ${body} end $$`));
  await t.database.db.execute(sql.raw('create trigger test_fault before insert on messages for each row execute function test_fault()'));
}

/** Messages and their read-receipt/reply outbox rows, by wamid. */
async function storedWithOutbox(t: TestApp) {
  const rows = await t.database.db
    .select({ wamid: messages.wamid, errorCode: messages.errorCode, sentAt: messages.sentAt, outboxRows: sql<number>`(select count(*)::int from outbox o where o.message_id = ${messages.id})` })
    .from(messages)
    .where(eq(messages.direction, 'inbound'))
    .orderBy(asc(messages.id));
  return rows;
}

describe('a poison webhook: one bad item never blocks the others', () => {
  const t = useTestApp({}, 'each');
  beforeEach(() => {
    for (const user of [ANA, BEN]) t.fake.simulator.recordInbound(user, new Date());
  });

  it('stores every good message of the POST, clamps what can be clamped, keeps the rest as dead letters and answers 200', async () => {
    const before = Date.now();
    const answer = await postWebhook(t.url, POISON_BATCH);
    expect(answer.status).toBe(200);
    // The status is recorded (none of ours has its wamid yet, so nothing moved: `statuses` counts moves).
    expect(answer.json.data).toEqual({ processed: 6, duplicates: 0, ignored: 0, statuses: 0, deadLettered: 3 });

    const stored = await storedWithOutbox(t);
    expect(stored.map((m) => m.wamid)).toEqual([
      'wamid.poison.good-first', 'wamid.poison.code-above-int32', 'wamid.poison.year-10000',
      'wamid.poison.before-year-1', 'wamid.poison.fractional-code', 'wamid.poison.good-last',
    ]);
    // Each one is whole: its read receipt was queued with it (and a bot reply where the bot answers).
    expect(stored.every((m) => m.outboxRows >= 1)).toBe(true);
    const byWamid = new Map(stored.map((m) => [m.wamid, m]));
    expect(byWamid.get('wamid.poison.code-above-int32')!.errorCode).toBeNull();
    expect(byWamid.get('wamid.poison.fractional-code')!.errorCode).toBeNull();
    for (const wamid of ['wamid.poison.year-10000', 'wamid.poison.before-year-1']) {
      expect(byWamid.get(wamid)!.sentAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(byWamid.get(wamid)!.sentAt!.getTime()).toBeLessThanOrEqual(Date.now());
    }
    const [failed] = await t.database.db.select().from(statusEvents).where(eq(statusEvents.wamid, 'wamid.poison.status-huge-code'));
    expect(failed!.errors).toEqual([expect.objectContaining({ code: null, rawCode: '1000000000000', title: 'Huge' })]);
    expect(failed!.occurredAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    // The raw payload keeps the values as they came.
    const [raw] = await t.database.db.select({ payload: messages.payload }).from(messages).where(eq(messages.wamid, 'wamid.poison.code-above-int32'));
    expect((raw!.payload as any).errors[0].code).toBe(2147483648);

    const kept = await t.database.db.select().from(deadLetters).orderBy(asc(deadLetters.id));
    expect(kept.map((d) => [d.kind, d.reason])).toEqual([
      ['message', 'message id longer than 256 characters'],
      ['message', 'sender id longer than 256 characters'],
      ['status', 'status id longer than 256 characters'],
    ]);
    expect((kept[1]!.raw as any).messages).toHaveLength(1);
    expect((kept[1]!.raw as any).messages[0].text.body).toBe('a sender of thousands of characters');
    expect(kept.every((d) => d.replayedAt === null && d.attempts === 0)).toBe(true);

    await t.settle();
    expect(t.fake.simulator.accepted(BEN)).toHaveLength(1);
  });

  it('answers a redelivery of the same POST with 200 again and keeps each dead letter once', async () => {
    expect((await postWebhook(t.url, POISON_BATCH)).status).toBe(200);
    await t.settle();
    const counts = await tableCounts(t.database);
    const redelivered = await postWebhook(t.url, POISON_BATCH);
    expect(redelivered.status).toBe(200);
    expect(redelivered.json.data).toMatchObject({ processed: 0, duplicates: 6 });
    await t.settle();
    expect(await tableCounts(t.database)).toEqual(counts);
    expect(await t.database.db.$count(deadLetters)).toBe(3);
  });

  it('rolls back only the message the database refuses, keeps it as a dead letter and goes on with the rest', async () => {
    // A real database error inside one message's transaction, after its conversation row was written.
    await installTrigger(t, `if new.text = 'poison' then raise exception 'refused by a test trigger'; end if; return new;`);
    const good = userMessage(ANA, text('Hello'));
    const poison = userMessage(BEN, text('poison'));
    const after = userMessage(ANA, text('Ana'));
    const answer = await postEvent(t.url, { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { phone_number_id: TEST_SECRETS.phoneNumberId }, contacts: [contact(ANA, 'Ana'), contact(BEN, 'Ben')], messages: [good, poison, after],
    } }] }] });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toMatchObject({ processed: 2, deadLettered: 1 });
    expect((await storedWithOutbox(t)).map((m) => m.wamid)).toEqual([good.id, after.id]);
    // Nothing of Ben's message is left: not his conversation, not an outbox row.
    const bens = await t.database.db.execute(sql`select count(*)::int as n from conversations where contact_key = ${BEN}`);
    expect((bens as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(0);
    const [kept] = await t.database.db.select().from(deadLetters);
    expect(kept!.kind).toBe('message');
    expect(kept!.reason).toBe('database error P0001: refused by a test trigger');
    expect((kept!.raw as any).messages[0].id).toBe(poison.id);
  });

  it('answers 5xx and keeps no dead letter when the database cannot be reached (Meta redelivers)', async () => {
    await installTrigger(t, `raise exception 'connection lost' using errcode = '08006';`);
    const answer = await postEvent(t.url, messagesFrom(ANA, 'Ana', userMessage(ANA, text('Hello'))));
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(await t.database.db.$count(deadLetters)).toBe(0);
    expect(await t.database.db.$count(outbox)).toBe(0);
  });

  it('stores a message with 10,000 levels of nesting without the deep part, and the good message beside it', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const good = userMessage(ANA, text('Hello'));
    const nestedId = uniqueWamid('deep');
    const body = JSON.stringify(messagesFrom(ANA, 'Ana', { ...userMessage(ANA, text('deep'), nestedId), extra: '@DEEP@' }, good)).replace('"@DEEP@"', deep);
    const answer = await postWebhook(t.url, body);
    expect(answer.status).toBe(200);
    expect(answer.json.data).toMatchObject({ processed: 2, deadLettered: 0 });
    const [stored] = await t.database.db.select({ payload: messages.payload }).from(messages).where(eq(messages.wamid, nestedId));
    expect(JSON.stringify(stored!.payload)).toContain(TOO_DEEP);
    expect((await storedWithOutbox(t)).map((m) => m.wamid)).toEqual([nestedId, good.id]);
  });
});

describe('the log of a dead letter', () => {
  it('is one line per dead letter, with its id, kind and reason and nothing of the user', async () => {
    const database = await freshDatabase();
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(...String(chunk).trim().split('\n')); done(); } });
    const logger = Fastify({ logger: { level: 'trace', stream: sink } });
    try {
      const deps = { db: database.db, bus: new EventBus(), content: ContentLibrary.builtIn(defaultContent), phoneNumberId: '106540352242922', log: logger.log };
      const parsed = parseWebhook(parseStorableJson(POISON_BATCH.toString('utf8')));
      const result = await processWebhook(deps, parsed);
      expect(result.deadLettered).toBe(3);
      const deadLetterLines = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'webhook item kept as a dead letter');
      expect(deadLetterLines.map((l) => [l.kind, l.reason, typeof l.deadLetterId])).toEqual([
        ['message', 'message id longer than 256 characters', 'number'],
        ['message', 'sender id longer than 256 characters', 'number'],
        ['status', 'status id longer than 256 characters', 'number'],
      ]);
      const everything = lines.join('\n');
      for (const personal of [ANA, '2348888', 'thousands of characters', 'Hello', 'Hi there']) expect(everything).not.toContain(personal);
    } finally {
      await logger.close();
      await database.close();
    }
  });
});
