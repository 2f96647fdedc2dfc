import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { readJson, tableRowReader } from '../../src/db/json-rows.js';
import { conversations, messages } from '../../src/db/schema.js';
import { freshDatabase } from '../helpers/database.js';
import { useScratchDatabase } from '../helpers/postgres.js';
import { missing } from '../helpers/requirements.js';

/**
 * Rows read as one JSON value must be the rows drizzle reads: the history page goes through
 * `tableRowReader`, the live events through drizzle's own mapping, and the inbox shows both.
 */
function sameRows(open: () => Promise<Database>) {
  let database: Database;
  let conversationId: string;
  beforeAll(async () => {
    database = await open();
    const [conversation] = await database.db.insert(conversations).values({
      contactKey: '2348010000001', waId: '2348010000001', phoneNumber: '+2348010000001', profileName: 'Adé "Q" O\'Neil',
      state: 'REGISTERED', stateData: { greeted: true, answered: true, csat: { chat: 'c1', step: 'rating' } }, lastInboundAt: new Date('2026-12-01T10:00:00.123Z'),
    }).returning();
    conversationId = conversation!.id;
    await database.db.insert(messages).values([
      {
        conversationId, direction: 'inbound', sender: 'user', type: 'image', text: 'caption with \\ "quotes" and ünïcödé 👋',
        payload: { id: 'wamid.1', image: { id: 'm1', mime_type: 'image/jpeg' }, nested: [1, 'two', null] },
        media: { id: 'f0b3a8f2-4d59-4c36-9f3e-5f1b4c1d2e3f', kind: 'image', mime_type: 'image/jpeg', size: 12345, filename: null, status: 'stored' } as never,
        replyTo: { wamid: 'wamid.0', text: 'earlier', sender: 'bot' } as never,
        reactions: [{ emoji: '👍', by: 'user', at: '2026-12-01T10:00:00.000Z' }] as never,
        location: { latitude: 6.5244, longitude: 3.3792, name: 'Lagos' } as never,
        wamid: 'wamid.json.1', status: 'received', errorCode: 131047, errorTitle: 'Re-engagement', errorDetail: 'more than 24 hours',
        sentAt: new Date('2026-12-01T10:00:00.999Z'), statusAt: new Date('2026-12-01T10:00:01.5Z'),
      },
      { conversationId, direction: 'outbound', sender: 'bot', type: 'text', text: null, status: 'pending' },
    ]);
  });
  afterAll(() => database?.close());

  it('gives every column the value and type drizzle gives it', async () => {
    const byDrizzle = await database.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(messages.id);
    const json = await readJson<Array<Record<string, unknown>>>(database.db, sql`select json_agg(m order by m.id) from messages m where m.conversation_id = ${conversationId}`);
    const read = tableRowReader(messages);
    expect(json.map(read)).toEqual(byDrizzle);
    expect(json.map(read)[0]!.createdAt).toBeInstanceOf(Date);

    const [conversation] = await database.db.select().from(conversations).where(eq(conversations.id, conversationId));
    const conversationJson = await readJson<Record<string, unknown>>(database.db, sql`select row_to_json(c) from conversations c where c.id = ${conversationId}`);
    expect(tableRowReader(conversations)(conversationJson)).toEqual(conversation);
  });

  it('says so when the statement gives no value', async () => {
    await expect(readJson(database.db, sql`select null::json`)).rejects.toThrow(/no value/);
  });
}

describe('rows read as one JSON value (PGlite)', () => {
  sameRows(freshDatabase);
});

describe.skipIf(missing('postgres'))('rows read as one JSON value (PostgreSQL)', () => {
  const scratch = useScratchDatabase();
  sameRows(() => openDatabase({ databaseUrl: scratch.url }));
});
