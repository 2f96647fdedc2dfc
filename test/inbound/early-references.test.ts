import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { domainEvents, messages } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { graphApiAt, startHoldingGraphApi } from '../helpers/fakes.js';
import { useResource } from '../helpers/resource.js';
import { messagesFrom, outboundOf, postEvent, text, userMessage, waitFor } from '../helpers/webhooks.js';

const USER = '2348030000031';

/**
 * A phone can answer a message before wadesk has committed what the Graph API said about its send (the
 * dispatcher's commit was slow, or the user is quick): the quote or reaction names a wamid not stored yet.
 * It is kept with the wamid it waits for and applied when the send is recorded, as early statuses are.
 */
describe('a reaction or a reply that arrives before its message is recorded', () => {
  const graph = useResource('the holding Graph API', startHoldingGraphApi, (g) => g.close(), 'each');
  const t = useTestApp(() => ({ config: graphApiAt(graph.url) }), 'each');
  // Registered after the app: runs before it stops, so that no send is still held when it does.
  afterEach(() => graph.stopHolding());

  const stored = async (wamid: string) => (await t.database.db.select().from(messages).where(eq(messages.wamid, wamid)))[0];
  const updatesOf = async (messageId: number) => {
    const rows = await t.database.db.select().from(domainEvents).where(eq(domainEvents.name, 'message.updated'));
    return rows.map((row) => row.payload as { message: { id: number; reactions: unknown[]; reply_to: unknown } }).filter((p) => p.message.id === messageId);
  };
  const recorded = () => waitFor('the greeting to be recorded', async () => {
    const [row] = await outboundOf(t.database, USER);
    return row?.wamid ? row : undefined;
  });

  it('puts the reaction on the message once its wamid is stored, the last one the user sent winning', async () => {
    await postEvent(t.url, messagesFrom(USER, 'Ada', userMessage(USER, text('Hello'))));
    const send = await waitFor('the greeting to be in flight', () => graph.held[0]);
    const react = (emoji: string) => postEvent(t.url, messagesFrom(USER, 'Ada', userMessage(USER, { type: 'reaction', reaction: { message_id: send.wamid, emoji } })));
    expect((await react('👍')).status).toBe(200);
    expect((await react('❤️')).status).toBe(200);
    const early = await t.database.db.select().from(messages).where(and(eq(messages.type, 'reaction'), eq(messages.pendingRef, send.wamid)));
    expect(early).toHaveLength(2);
    expect(early.every((m) => m.replyTo === null)).toBe(true);

    send.release();
    const greeting = await recorded();
    expect(greeting.reactions).toEqual([{ emoji: '❤️', sender: 'user', timestamp: expect.any(String) }]);
    // The reactions now say what they were on, and wait for nothing.
    const reactions = await t.database.db.select().from(messages).where(eq(messages.type, 'reaction'));
    expect(reactions.map((m) => [m.pendingRef, m.replyTo?.id])).toEqual([[null, greeting.id], [null, greeting.id]]);
    // The inbox hears of it: the greeting with its reaction.
    const updates = await updatesOf(greeting.id);
    expect(updates.at(-1)?.message.reactions).toEqual([expect.objectContaining({ emoji: '❤️', sender: 'user' })]);
  });

  it('shows the quoted message above a reply that came first', async () => {
    await postEvent(t.url, messagesFrom(USER, 'Ada', userMessage(USER, text('Hello'))));
    const send = await waitFor('the greeting to be in flight', () => graph.held[0]);
    const reply = userMessage(USER, { type: 'text', text: { body: 'Yes, this one' }, context: { from: '15550000000', id: send.wamid } });
    expect((await postEvent(t.url, messagesFrom(USER, 'Ada', reply))).status).toBe(200);
    const before = await stored(reply.id as string);
    expect(before).toMatchObject({ replyTo: null, pendingRef: send.wamid });

    send.release();
    const greeting = await recorded();
    const after = await stored(reply.id as string);
    expect(after).toMatchObject({ pendingRef: null, replyTo: { id: greeting.id, sender: 'bot', text: greeting.text } });
    expect((await updatesOf(after!.id)).at(-1)?.message.reply_to).toMatchObject({ id: greeting.id });
  });

  it('leaves a reference to another conversation\'s message alone', async () => {
    const OTHER = '2348030000032';
    await postEvent(t.url, messagesFrom(OTHER, 'Bo', userMessage(OTHER, text('Hello'))));
    const send = await waitFor('the greeting to be in flight', () => graph.held[0]);
    // Another user names that wamid (a forged or mistaken payload): it is not theirs to react to.
    await postEvent(t.url, messagesFrom(USER, 'Ada', userMessage(USER, { type: 'reaction', reaction: { message_id: send.wamid, emoji: '👍' } })));
    graph.stopHolding();
    const greeting = await waitFor('the greeting to be recorded', async () => (await stored(send.wamid)) ?? undefined);
    expect(greeting.reactions).toEqual([]);
    const [reaction] = await t.database.db.select().from(messages).where(eq(messages.type, 'reaction'));
    expect(reaction).toMatchObject({ replyTo: null, pendingRef: send.wamid });
  });
});
