import Fastify from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { messages, outbox } from '../../src/db/schema.js';
import { EventBus } from '../../src/events/bus.js';
import { claimDueRows } from '../../src/outbox/claim.js';
import { Dispatcher } from '../../src/outbox/dispatcher.js';
import { lockConversationForContact } from '../../src/store/conversations.js';
import { insertOutboundMessage } from '../../src/store/messages.js';
import { GraphClient } from '../../src/whatsapp/graph-client.js';
import { startTestApp, TEST_SECRETS, type TestApp } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';
import { startHoldingGraphApi, type HoldingGraphApi } from '../helpers/fakes.js';
import { shownText, waitFor } from '../helpers/webhooks.js';

const ANA = '2348030000051';

/** An agent's text to Ana, queued as the app would queue it. */
async function queueText(database: Database, body: string): Promise<number> {
  return database.db.transaction(async (tx) => {
    const conversation = await lockConversationForContact(tx, { key: ANA, waId: ANA, userId: null, profileName: null, username: null });
    return (await insertOutboundMessage(tx, { conversationId: conversation.id, chatSessionId: null, sender: 'agent', message: { kind: 'text', body } })).id;
  });
}

const outboxRow = async (database: Database, messageId: number) => (await database.db.select().from(outbox).where(eq(outbox.messageId, messageId)))[0]!;

describe('recovery of sends a killed process left half-done', () => {
  let t: TestApp | undefined;
  let held: HoldingGraphApi | undefined;
  let dispatcher: Dispatcher | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await dispatcher?.stop();
    await held?.close();
    await t?.close();
    await database?.close();
    t = held = dispatcher = database = undefined;
  });

  it('on PGlite, sends at once at start what the killed process had claimed, without waiting for its lease', async () => {
    database = await freshDatabase();
    const id = await queueText(database, 'claimed when the process was killed');
    // What kill -9 leaves: the row claimed, the lease still running for a long while.
    await database.db.update(outbox).set({ status: 'sending', attempts: 1, lockedUntil: sql`now() + interval '10 minutes'` }).where(eq(outbox.messageId, id));

    t = await startTestApp({ database });
    t.fake.simulator.recordInbound(ANA, new Date());
    await waitFor('the claimed send to go out', async () => (await outboxRow(database!, id)).status === 'sent');
    expect(t.fake.simulator.accepted(ANA).map(shownText)).toEqual(['claimed when the process was killed']);
    expect(await outboxRow(database, id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('renews the short lease while a send is under way, so no other instance takes the row', async () => {
    database = await freshDatabase();
    held = await startHoldingGraphApi();
    const LEASE_MS = 300;
    dispatcher = new Dispatcher({
      db: database.db,
      bus: new EventBus(),
      client: new GraphClient({ apiUrl: () => held!.url, phoneNumberId: TEST_SECRETS.phoneNumberId, accessToken: TEST_SECRETS.accessToken }),
      log: Fastify({ logger: false }).log,
      pollMs: 10,
      leaseMs: LEASE_MS,
    });
    const id = await queueText(database, 'a slow send');
    dispatcher.start();
    const send = await waitFor('the send to be in flight', () => held!.held[0]);

    // Several leases long: without renewal the row would be free for another instance to send again.
    for (let i = 0; i < 4; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, LEASE_MS));
      expect(await claimDueRows(database.db, 10, LEASE_MS)).toEqual([]);
      const row = await outboxRow(database, id);
      expect(row.status).toBe('sending');
      expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() - 50);
    }

    send.release();
    await waitFor('the send to be recorded', async () => (await outboxRow(database!, id)).status === 'sent');
    const [message] = await database.db.select().from(messages).where(eq(messages.id, id));
    expect(message).toMatchObject({ wamid: send.wamid, status: 'accepted' });
    expect(held.bodies.filter((b) => b.status !== 'read')).toHaveLength(1);
  });
});
