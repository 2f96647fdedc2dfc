import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { conversations, messages } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { messagesFrom, postEvent, text, uniqueWamid, userMessage } from '../helpers/webhooks.js';

const USER = '2348030000001';

/**
 * Meta delivers at least once: a webhook may come again (a retry after a slow answer, or the same event in
 * a later batch). The wamid makes every repeat harmless: stored once, answered once, read once.
 */
describe('de-duplication of inbound messages by wamid', () => {
  const t = useTestApp({}, 'each');
  beforeEach(() => {
    // The user "wrote" as far as the fake WhatsApp knows, so replies to them are inside the 24 h window.
    t.fake.simulator.recordInbound(USER, new Date());
  });

  const stored = async (wamid: string) => (await t.database.db.select().from(messages).where(eq(messages.wamid, wamid))).length;
  const readReceipts = (wamid: string) =>
    t.fake.simulator.requests.filter((r) => (r.body as { status?: string; message_id?: string }).status === 'read' && (r.body as { message_id?: string }).message_id === wamid);

  it('stores and answers a message POSTed twice only once', async () => {
    const hello = userMessage(USER, text('Hello'));
    const payload = messagesFrom(USER, 'Ada', hello);

    expect((await postEvent(t.url, payload)).json.data).toEqual({ processed: 1, duplicates: 0, ignored: 0, statuses: 0, deadLettered: 0 });
    expect((await postEvent(t.url, payload)).json.data).toEqual({ processed: 0, duplicates: 1, ignored: 0, statuses: 0, deadLettered: 0 });
    await t.settle();

    expect(await stored(hello.id as string)).toBe(1);
    expect(t.fake.simulator.accepted(USER)).toHaveLength(1);
    expect(readReceipts(hello.id as string)).toHaveLength(1);
  });

  it('stores a message once when it comes again inside a later, different POST', async () => {
    const hello = userMessage(USER, text('Hello'));
    const name = userMessage(USER, text('Ada'));

    await postEvent(t.url, messagesFrom(USER, 'Ada', hello));
    const second = await postEvent(t.url, messagesFrom(USER, 'Ada', hello, name));
    expect(second.json.data).toMatchObject({ processed: 1, duplicates: 1 });
    await t.settle();

    expect(await stored(hello.id as string)).toBe(1);
    expect(await stored(name.id as string)).toBe(1);
    // "Hello" was greeted once; "Ada" registered the name (a confirmation and the menu).
    const bodies = t.fake.simulator.accepted(USER) as Array<{ text?: { body: string }; interactive?: { body: { text: string } } }>;
    expect(bodies).toHaveLength(3);
    expect(bodies[1]!.text?.body).toContain('Ada');
  });

  it('leaves nothing behind for a known wamid arriving from another sender (no empty conversation)', async () => {
    const hello = userMessage(USER, text('Hello'));
    await postEvent(t.url, messagesFrom(USER, 'Ada', hello));
    const other = '2348030000002';
    const answer = await postEvent(t.url, messagesFrom(other, 'Eve', { ...hello, from: other }));
    expect(answer.json.data).toMatchObject({ processed: 0, duplicates: 1 });
    expect(await t.database.db.$count(conversations, eq(conversations.contactKey, other))).toBe(0);
  });

  it('stores a message once when one POST carries it twice', async () => {
    const hello = userMessage(USER, text('Hello'));
    const answer = await postEvent(t.url, messagesFrom(USER, 'Ada', hello, hello));
    expect(answer.json.data).toMatchObject({ processed: 1, duplicates: 1 });
    await t.settle();

    expect(await stored(hello.id as string)).toBe(1);
    expect(t.fake.simulator.accepted(USER)).toHaveLength(1);
  });

  it('stores a message once when the same POST arrives several times at once', async () => {
    const hello = userMessage(USER, text('Hello'), uniqueWamid('concurrent'));
    const payload = messagesFrom(USER, 'Ada', hello);

    const answers = await Promise.all(Array.from({ length: 5 }, () => postEvent(t.url, payload)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.reduce((sum, a) => sum + a.json.data.processed, 0)).toBe(1);
    await t.settle();

    expect(await stored(hello.id as string)).toBe(1);
    expect(t.fake.simulator.accepted(USER)).toHaveLength(1);
    expect(readReceipts(hello.id as string)).toHaveLength(1);
  });
});
