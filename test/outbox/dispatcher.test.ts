import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { messages, outbox } from '../../src/db/schema.js';
import { lockConversationForContact } from '../../src/store/conversations.js';
import { insertOutboundMessage } from '../../src/store/messages.js';
import { type TestApp, useTestApp } from '../helpers/app.js';
import { graphApiAt, startHoldingGraphApi } from '../helpers/fakes.js';
import { useResource } from '../helpers/resource.js';
import { messagesFrom, messagesOf, outboundOf, postEvent, shownText, text, userMessage, waitFor } from '../helpers/webhooks.js';

const ANA = '2348030000011';
const BEN = '2348030000012';
const agentText = (words: string) => defaultContent.chat.agentPrefix + words;

/** Starts a support chat the way a user does, and waits for the welcome to be delivered. */
async function inChat(t: TestApp, user: string): Promise<void> {
  await t.fake.simulator.sendUserMessage({ from: user, name: 'Ana', text: 'chat support' });
  await t.settle();
}

async function agentSays(t: TestApp, user: string, words: string): Promise<void> {
  const answer = await t.admin('POST', `/api/admin/conversations/${user}/chat-support/send`, { message: words });
  expect(answer.status).toBe(200);
}

/** The stored message whose text is `words` (agent messages are stored without the prefix). */
async function stored(t: TestApp, user: string, words: string) {
  return (await messagesOf(t.database, user)).find((m) => m.text === words);
}

async function outboxRowOf(t: TestApp, messageId: number) {
  return (await t.database.db.select().from(outbox).where(eq(outbox.messageId, messageId)))[0];
}

describe('the outbox dispatcher, against the fake Graph API over HTTP', () => {
  const t = useTestApp({}, 'each');

  it('retries a 500 (131000) and then a 429 (130429), delivering every message once and in order', async () => {
    await inChat(t, ANA);
    const before = t.fake.simulator.requests.length;
    t.fake.simulator.injectFaults([{ httpStatus: 500, code: 131000 }, { httpStatus: 429, code: 130429 }]);

    for (const words of ['one', 'two', 'three']) await agentSays(t, ANA, words);
    await t.settle();

    expect(t.fake.simulator.accepted(ANA).slice(1).map(shownText)).toEqual([agentText('one'), agentText('two'), agentText('three')]);
    // The first message was tried three times; the others waited for it rather than overtaking it.
    expect(t.fake.simulator.requests.slice(before).map((r) => [r.status, shownText(r.body)])).toEqual([
      [500, agentText('one')],
      [429, agentText('one')],
      [200, agentText('one')],
      [200, agentText('two')],
      [200, agentText('three')],
    ]);
    const first = await stored(t, ANA, 'one');
    expect(await outboxRowOf(t, first!.id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(first).toMatchObject({ status: 'delivered', errorCode: null });
  });

  it('keeps the order of a bot answer of several messages through retries', async () => {
    await t.fake.simulator.sendUserMessage({ from: ANA, name: 'Ana', text: 'Hello' });
    await t.settle();
    t.fake.simulator.injectFaults([{ httpStatus: 503, code: 131000 }, { httpStatus: 429, code: 130429 }, { httpStatus: 500, code: 2 }]);

    await t.fake.simulator.sendUserMessage({ from: ANA, name: 'Ana', text: 'Ana' });
    await t.settle();

    expect(t.fake.simulator.accepted(ANA).slice(1).map(shownText)).toEqual(["Thanks, Ana! ✅ You're registered.", 'What would you like to do, Ana?']);
    expect(t.fake.simulator.requests.map((r) => r.status).filter((s) => s !== 200)).toEqual([503, 429, 500]);
  });

  it('marks a message failed on 131026 (undeliverable) without retrying, and still sends the next ones', async () => {
    await inChat(t, ANA);
    t.fake.simulator.injectFaults([{ httpStatus: 400, code: 131026 }]);

    await agentSays(t, ANA, 'lost');
    await agentSays(t, ANA, 'next');
    await t.settle();

    expect(await stored(t, ANA, 'lost')).toMatchObject({ status: 'failed', errorCode: 131026, errorTitle: 'Message undeliverable' });
    expect(await stored(t, ANA, 'next')).toMatchObject({ status: 'delivered' });
    expect(t.fake.simulator.requests.filter((r) => shownText(r.body) === agentText('lost'))).toHaveLength(1);
    expect(t.fake.simulator.accepted(ANA).map(shownText)).toContain(agentText('next'));
  });

  it('gives up after the last attempt the retry policy allows, and still sends the next message', async () => {
    await inChat(t, ANA);
    // startTestApp's policy allows 6 attempts.
    t.fake.simulator.injectFaults(Array.from({ length: 6 }, () => ({ httpStatus: 500, code: 131000 })));

    await agentSays(t, ANA, 'doomed');
    await agentSays(t, ANA, 'after');
    await t.settle();

    expect(await stored(t, ANA, 'doomed')).toMatchObject({ status: 'failed', errorCode: null, errorTitle: expect.stringMatching(/^Gave up after 6 attempts/) });
    expect(t.fake.simulator.requests.filter((r) => shownText(r.body) === agentText('doomed')).map((r) => r.status)).toEqual([500, 500, 500, 500, 500, 500]);
    expect(await stored(t, ANA, 'after')).toMatchObject({ status: 'delivered' });
  });

  it('marks a reply failed on 131047 (window closed), and answers the user again once they write', async () => {
    // WhatsApp has no record of this user writing within 24 hours: only templates may go to them.
    const hello = userMessage(BEN, text('Hello'));
    await postEvent(t.url, messagesFrom(BEN, 'Ben', hello));
    await t.settle();
    expect((await outboundOf(t.database, BEN))[0]).toMatchObject({ status: 'failed', errorCode: 131047 });
    // The read receipt is not a free-form message: it went through.
    expect(t.fake.simulator.requests.map((r) => r.body)).toContainEqual({ messaging_product: 'whatsapp', status: 'read', message_id: hello.id });

    t.fake.simulator.recordInbound(BEN, new Date());
    await postEvent(t.url, messagesFrom(BEN, 'Ben', userMessage(BEN, text('Hello?'))));
    await t.settle();
    const outbound = await outboundOf(t.database, BEN);
    expect(outbound.map((m) => m.status)).toEqual(['failed', 'delivered']);
    expect(t.fake.simulator.accepted(BEN)).toHaveLength(1);
  });

  it('sends a read receipt for each inbound message', async () => {
    const first = await t.fake.simulator.sendUserMessage({ from: ANA, name: 'Ana', text: 'Hello' });
    const second = await t.fake.simulator.sendUserMessage({ from: ANA, name: 'Ana', text: 'Ana' });
    await t.settle();

    const wamids = [first, second].map((r) => (r.status === 'success' ? r.data.wamid : ''));
    const receipts = t.fake.simulator.requests.map((r) => r.body as { status?: string; message_id?: string }).filter((b) => b.status === 'read');
    expect(receipts).toEqual(wamids.map((wamid) => ({ messaging_product: 'whatsapp', status: 'read', message_id: wamid })));
    expect(t.fake.simulator.transcript(ANA).filter((e) => e.direction === 'in').map((e) => e.status)).toEqual(['read', 'read']);
  });

  it('picks up again a send left half-done by a crashed instance once its lease has expired', async () => {
    t.fake.simulator.recordInbound(ANA, new Date());
    t.fake.simulator.recordInbound(BEN, new Date());
    const [crashed, leased] = await t.database.db.transaction(async (tx) => {
      const rows = [];
      for (const [user, words, lockedUntil] of [
        [ANA, 'sent before the crash?', sql`now() - interval '1 minute'`],
        [BEN, 'another instance is sending this', sql`now() + interval '10 minutes'`],
      ] as const) {
        const conversation = await lockConversationForContact(tx, { key: user, waId: user, userId: null, profileName: null, username: null });
        const message = await insertOutboundMessage(tx, { conversationId: conversation.id, chatSessionId: null, sender: 'agent', message: { kind: 'text', body: words } });
        await tx.update(outbox).set({ status: 'sending', attempts: 1, lockedUntil }).where(eq(outbox.messageId, message.id));
        rows.push(message);
      }
      return rows;
    });

    await waitFor('the expired send to be retried', async () => {
      const [row] = await t.database.db.select().from(messages).where(eq(messages.id, crashed!.id));
      return row!.wamid !== null;
    });
    expect(t.fake.simulator.accepted(ANA).map(shownText)).toEqual(['sent before the crash?']);
    expect(await outboxRowOf(t, crashed!.id)).toMatchObject({ status: 'sent', attempts: 2 });
    // A send still under its lease belongs to the instance holding it.
    expect(t.fake.simulator.accepted(BEN)).toEqual([]);
    expect(await outboxRowOf(t, leased!.id)).toMatchObject({ status: 'sending', attempts: 1 });
  });
});

describe('the outbox dispatcher with slow retries', () => {
  // A retry waits at least 5 minutes: far longer than this test runs, however loaded the machine.
  const t = useTestApp({ retry: { baseMs: 600_000, maxMs: 600_000, maxAttempts: 5 } }, 'each');

  it('does not hold up one user’s messages while another user’s message waits for a retry', async () => {
    await inChat(t, ANA);
    await inChat(t, BEN);
    t.fake.simulator.injectFaults([{ httpStatus: 500, code: 131000 }]);

    await agentSays(t, ANA, 'stuck');
    const stuck = await stored(t, ANA, 'stuck');
    await waitFor('the first attempt to fail', async () => (await outboxRowOf(t, stuck!.id))?.lastError != null);
    await agentSays(t, ANA, 'queued behind it');
    await agentSays(t, BEN, 'goes through');

    await waitFor('Ben’s message to be accepted', async () => (await stored(t, BEN, 'goes through'))?.wamid != null);
    expect(t.fake.simulator.accepted(BEN).map(shownText)).toContain(agentText('goes through'));
    // Ana's messages wait, in order, for the retry of the first one.
    expect(await outboxRowOf(t, stuck!.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await stored(t, ANA, 'queued behind it')).toMatchObject({ status: 'pending', wamid: null });
    expect(t.fake.simulator.accepted(ANA).map(shownText)).not.toContain(agentText('queued behind it'));
  });
});

describe('the outbox dispatcher, with sends that WhatsApp is slow to answer', () => {
  const graph = useResource('the holding Graph API', startHoldingGraphApi, (g) => g.close(), 'each');
  const t = useTestApp(() => ({ config: graphApiAt(graph.url) }), 'each');
  const heldTo = (user: string) => graph.held.filter((h) => h.body.to === user);
  const releaseNextTo = async (user: string) => {
    const send = await waitFor(`a send to ${user}`, () => heldTo(user)[0]);
    send.release();
    return send.body;
  };

  it('sends the next message to one user as soon as the last is answered, while a send to another still waits', async () => {
    await postEvent(t.url, messagesFrom(ANA, 'Ana', userMessage(ANA, text('Hello'))));
    await waitFor('the greeting to Ana in flight', () => heldTo(ANA)[0]);
    // Ana's greeting stays unanswered all along; Ben registers meanwhile, and gets every answer.
    await postEvent(t.url, messagesFrom(BEN, 'Ben', userMessage(BEN, text('Hello'))));
    await releaseNextTo(BEN);
    await postEvent(t.url, messagesFrom(BEN, 'Ben', userMessage(BEN, text('Ben'))));
    const thanks = await releaseNextTo(BEN);
    const menu = await releaseNextTo(BEN);
    expect([thanks.text?.body, menu.interactive?.body?.text]).toEqual(["Thanks, Ben! ✅ You're registered.", 'What would you like to do, Ben?']);
    expect(heldTo(ANA)).toHaveLength(1);
    graph.held[0]!.release();
    await waitFor('every send recorded', async () => (await outboundOf(t.database, ANA)).every((m) => m.wamid !== null) && true);
  });
});
