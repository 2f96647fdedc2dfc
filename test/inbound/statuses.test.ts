import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { messages, statusEvents } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { graphApiAt, startHoldingGraphApi, startPointableFake } from '../helpers/fakes.js';
import { useResource } from '../helpers/resource.js';
import { loadFixture } from '../helpers/fixtures.js';
import { messagesFrom, outboundOf, outboxDrained, postEvent, postWebhook, status, statusesEvent, text, userMessage, waitFor } from '../helpers/webhooks.js';

const USER = '2348030000002';

/** A recorded status fixture, its wamid (and recipient) replaced by ours: the real bytes Meta sends, otherwise. */
function fixtureFor(file: string, wamid: string): string {
  return loadFixture(file).raw.toString('utf8').replaceAll('wamid.xyzxyz', wamid).replaceAll('972987654321', USER);
}

describe('delivery statuses of outbound messages', () => {
  // A fake WhatsApp that never sends statuses of its own: this test sends them by hand.
  const quiet = useResource('the fake Graph API', () => startPointableFake({ statuses: 'never' }), (q) => q.fake.close(), 'each');
  const t = useTestApp(() => ({ fake: quiet.fake }), 'each');
  let wamid: string;
  beforeEach(async () => {
    quiet.pointAt(t.url);
    await quiet.fake.simulator.sendUserMessage({ from: USER, name: 'Ada', text: 'Hello' });
    await outboxDrained(t.database);
    const [greeting] = await outboundOf(t.database, USER);
    expect(greeting).toMatchObject({ status: 'accepted', wamid: expect.stringMatching(/^wamid\./) });
    wamid = greeting!.wamid!;
  });

  const stored = async () => (await t.database.db.select().from(messages).where(eq(messages.wamid, wamid)))[0]!;
  const post = (state: 'sent' | 'delivered' | 'read' | 'failed') => postEvent(t.url, statusesEvent(status(wamid, state, USER)));

  it('moves the message forward: accepted → sent → delivered → read', async () => {
    expect((await post('sent')).json.data).toMatchObject({ statuses: 1 });
    expect((await stored()).status).toBe('sent');
    expect((await postWebhook(t.url, fixtureFor('status-delivered.json', wamid))).status).toBe(200);
    expect((await stored()).status).toBe('delivered');
    await post('read');
    expect(await stored()).toMatchObject({ status: 'read', statusAt: expect.any(Date) });
  });

  it('never moves backwards: `read` before `delivered` and `sent` stays read', async () => {
    await post('read');
    const answers = [await post('delivered'), await post('sent')];
    expect(answers.map((a) => [a.status, a.json.data.statuses])).toEqual([[200, 0], [200, 0]]);
    expect((await stored()).status).toBe('read');
    // Every callback is still recorded as received.
    const events = await t.database.db.select().from(statusEvents).where(eq(statusEvents.wamid, wamid));
    expect(events.map((e) => e.status).sort()).toEqual(['delivered', 'read', 'sent']);
  });

  it('keeps the error code, title and details of `failed`, and nothing moves it afterwards', async () => {
    await post('sent');
    expect((await postWebhook(t.url, fixtureFor('status-failed.json', wamid))).status).toBe(200);
    expect(await stored()).toMatchObject({
      status: 'failed',
      errorCode: 130472,
      errorTitle: "User's number is part of an experiment",
      errorDetail: "Failed to send message because this user's phone number is part of an experiment",
    });
    await post('delivered');
    await post('read');
    expect(await stored()).toMatchObject({ status: 'failed', errorCode: 130472 });
  });

  it('treats a repeated status callback as harmless', async () => {
    await post('delivered');
    const again = await post('delivered');
    expect(again).toMatchObject({ status: 200, json: { data: { statuses: 0 } } });
    expect((await stored()).status).toBe('delivered');
    expect(await t.database.db.select().from(statusEvents).where(eq(statusEvents.wamid, wamid))).toHaveLength(1);
  });
});

describe('a status that arrives before its send is recorded', () => {
  const graph = useResource('the holding Graph API', startHoldingGraphApi, (g) => g.close(), 'each');
  const t = useTestApp(() => ({ config: graphApiAt(graph.url) }), 'each');

  it('is kept in status_events and applied once the wamid is stored', async () => {
    await postEvent(t.url, messagesFrom(USER, 'Ada', userMessage(USER, text('Hello'))));
    // Meta has the send and has already called back, but its answer has not reached us yet.
    const send = await waitFor('the greeting to be in flight', () => graph.held[0]);
    const early = await postEvent(t.url, statusesEvent(status(send.wamid, 'sent', USER), status(send.wamid, 'delivered', USER)));
    expect(early).toMatchObject({ status: 200, json: { data: { statuses: 0 } } });
    const events = await t.database.db.select().from(statusEvents).where(eq(statusEvents.wamid, send.wamid));
    expect(events.map((e) => e.status).sort()).toEqual(['delivered', 'sent']);
    expect((await outboundOf(t.database, USER))[0]).toMatchObject({ status: 'pending', wamid: null });

    send.release();
    const greeting = await waitFor('the send to be recorded', async () => {
      const [row] = await outboundOf(t.database, USER);
      return row?.wamid ? row : undefined;
    });
    expect(greeting).toMatchObject({ wamid: send.wamid, status: 'delivered' });
  });

  it('keeps the error of an early `failed` status when it is applied', async () => {
    await postEvent(t.url, messagesFrom(USER, 'Ada', userMessage(USER, text('Hello'))));
    const send = await waitFor('the greeting to be in flight', () => graph.held[0]);
    const failed = status(send.wamid, 'failed', USER, { errors: [{ code: 131026, title: 'Message undeliverable', error_data: { details: 'Unable to deliver' } }] });
    await postEvent(t.url, statusesEvent(status(send.wamid, 'sent', USER), failed));

    send.release();
    const greeting = await waitFor('the send to be recorded', async () => {
      const [row] = await outboundOf(t.database, USER);
      return row?.wamid ? row : undefined;
    });
    expect(greeting).toMatchObject({ status: 'failed', errorCode: 131026, errorTitle: 'Message undeliverable', errorDetail: 'Unable to deliver' });
  });
});
