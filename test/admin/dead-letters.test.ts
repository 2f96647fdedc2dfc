import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { messages } from '../../src/db/schema.js';
import { TEST_SECRETS, type TestApp, useTestApp } from '../helpers/app.js';
import { changeValue, contact, envelope, postEvent, shownText, text, uniqueWamid, userMessage } from '../helpers/webhooks.js';
import { bearer, call, createAgent, createToken, expectError, ISO, newUser } from './support.js';

const LIST = '/api/admin/dead-letters';
const replay = (id: number | string) => `/api/admin/dead-letters/${id}/replay`;

/** Makes the database refuse inbound messages whose text is `text` (a real error, raised by a trigger). */
async function refuseText(t: TestApp, refused: string, message = 'refused by a test trigger'): Promise<void> {
  await t.database.db.execute(sql.raw(`create or replace function test_fault() returns trigger language plpgsql as $$
    begin if new.direction = 'inbound' and new.text = '${refused}' then raise exception '${message}'; end if; return new; end $$`));
  await t.database.db.execute(sql.raw('create or replace trigger test_fault before insert on messages for each row execute function test_fault()'));
}

const fixed = (t: TestApp) => t.database.db.execute(sql.raw('drop trigger test_fault on messages'));

describe('dead letters in the admin API', () => {
  const t = useTestApp({}, 'each');
  const user = newUser('80577');
  /** The message the database refuses, and one without an id (which can never be processed). */
  let refused: Record<string, unknown>;
  let ids: { refused: number; noId: number };

  beforeEach(async () => {
    t.fake.simulator.recordInbound(user.waId, new Date());
    await refuseText(t, 'Hello');
    refused = userMessage(user.waId, text('Hello'));
    const noId = { from: user.waId, timestamp: '1764496800', type: 'text', text: { body: 'no id' } };
    const answer = await postEvent(t.url, envelope([changeValue({ contacts: [contact(user.waId, 'Ada')], messages: [noId, refused] })]));
    expect(answer.json.data).toMatchObject({ processed: 0, deadLettered: 2 });
    const listed = (await call(t, 'GET', LIST)).json.data.dead_letters;
    ids = { refused: listed.find((d: any) => d.raw.messages[0].id === refused.id).id, noId: listed.find((d: any) => d.reason === 'message has no id').id };
  });

  it('lists them newest first, with kind, reason, times, attempts and the raw JSON, a page at a time', async () => {
    const all = await call(t, 'GET', LIST);
    expect(all.status).toBe(200);
    expect(all.json.data.next_cursor).toBeNull();
    // Items are handled in order, those that cannot be parsed last: the one without an id is the newest.
    const [newest, oldest] = all.json.data.dead_letters;
    expect(newest).toMatchObject({ id: ids.noId, kind: 'message', reason: 'message has no id' });
    expect(oldest).toEqual({
      id: ids.refused,
      kind: 'message',
      reason: 'database error P0001: refused by a test trigger',
      received_at: expect.stringMatching(ISO),
      replayed_at: null,
      attempts: 0,
      raw: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: TEST_SECRETS.displayPhoneNumber, phone_number_id: TEST_SECRETS.phoneNumberId },
        contacts: [contact(user.waId, 'Ada')],
        messages: [refused],
      },
    });
    expect(oldest.id).toBeLessThan(newest.id);

    const first = await call(t, 'GET', `${LIST}?limit=1`);
    expect(first.json.data.dead_letters.map((d: any) => d.id)).toEqual([ids.noId]);
    const second = await call(t, 'GET', `${LIST}?limit=1&cursor=${first.json.data.next_cursor}`);
    expect(second.json.data.dead_letters.map((d: any) => d.id)).toEqual([ids.refused]);
    expect(second.json.data.next_cursor).toBeNull();
  });

  it('replays one after the fix: the message is stored and answered, and the dead letter is marked replayed', async () => {
    await fixed(t);
    const answer = await call(t, 'POST', replay(ids.refused));
    expect(answer.status).toBe(200);
    expect(answer.json.data.result).toEqual({ processed: 1, duplicates: 0, ignored: 0, statuses: 0 });
    expect(answer.json.data.dead_letter).toMatchObject({ id: ids.refused, replayed_at: expect.stringMatching(ISO), attempts: 1 });
    await t.settle();
    const stored = await t.database.db.select().from(messages).where(sql`${messages.wamid} = ${refused.id as string}`);
    expect(stored).toHaveLength(1);
    expect(t.fake.simulator.accepted(user.waId).map(shownText)).toHaveLength(1);

    const listed = (await call(t, 'GET', LIST)).json.data.dead_letters;
    expect(listed.find((d: any) => d.id === ids.refused).replayed_at).toEqual(answer.json.data.dead_letter.replayed_at);
    expectError(await call(t, 'POST', replay(ids.refused)), 409, 'ALREADY_REPLAYED');
  });

  it('answers 422 REPLAY_FAILED when it fails again, and keeps it with the new reason', async () => {
    await refuseText(t, 'Hello', 'still refused');
    const answer = await call(t, 'POST', replay(ids.refused));
    expectError(answer, 422, 'REPLAY_FAILED');
    expect(answer.json.error.message).toContain('still refused');
    const kept = (await call(t, 'GET', LIST)).json.data.dead_letters.find((d: any) => d.id === ids.refused);
    expect(kept).toMatchObject({ reason: 'database error P0001: still refused', replayed_at: null, attempts: 1 });
    expect(await t.database.db.$count(messages)).toBe(0);

    const noId = await call(t, 'POST', replay(ids.noId));
    expectError(noId, 422, 'REPLAY_FAILED');
    expect(noId.json.error.message).toContain('message has no id');
    // Neither failed replay kept a second dead letter.
    expect((await call(t, 'GET', LIST)).json.data.dead_letters).toHaveLength(2);
  });

  it('answers 404 for an unknown id and 400 for a malformed id, cursor or limit', async () => {
    expectError(await call(t, 'POST', replay(999999)), 404, 'NOT_FOUND');
    for (const id of ['abc', '0', '-1', '1.5', '12345678901234567']) expectError(await call(t, 'POST', replay(id)), 400, 'VALIDATION_ERROR');
    for (const cursor of ['abc', '0', '-1', '1e3']) expectError(await call(t, 'GET', `${LIST}?cursor=${cursor}`), 400, 'INVALID_CURSOR');
    for (const limit of ['0', '101', 'x']) expectError(await call(t, 'GET', `${LIST}?limit=${limit}`), 400, 'VALIDATION_ERROR');
  });

  it('is for admins only: 401 without credentials, 403 for the agent role', async () => {
    expectError(await call(t, 'GET', LIST, undefined, {}), 401, /UNAUTHORIZED/);
    expectError(await call(t, 'POST', replay(ids.refused), undefined, {}), 401, /UNAUTHORIZED/);
    const agent = await createAgent(t, { name: 'Chioma', email: `chioma-${uniqueWamid()}@example.com`, role: 'agent' });
    const { token } = await createToken(t, agent.id);
    expectError(await call(t, 'GET', LIST, undefined, bearer(token)), 403, 'FORBIDDEN');
    expectError(await call(t, 'POST', replay(ids.refused), undefined, bearer(token)), 403, 'FORBIDDEN');
  });

  it('documents both routes in /docs, with the 422 of a failed replay', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(spec.paths['/api/admin/dead-letters'])).toEqual(['get']);
    expect(Object.keys(spec.paths['/api/admin/dead-letters/{id}/replay'].post.responses)).toEqual(expect.arrayContaining(['200', '404', '409', '422']));
  });
});
