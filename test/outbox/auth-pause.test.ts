import Fastify from 'fastify';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { messages, outbox } from '../../src/db/schema.js';
import { EventBus } from '../../src/events/bus.js';
import { Dispatcher } from '../../src/outbox/dispatcher.js';
import { startFakeGraphApi, type FakeGraphApi } from '../../src/simulator/index.js';
import { lockConversationForContact } from '../../src/store/conversations.js';
import { insertOutboundMessage } from '../../src/store/messages.js';
import { GraphClient } from '../../src/whatsapp/graph-client.js';
import { TEST_SECRETS } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';
import { shownText, waitFor } from '../helpers/webhooks.js';

const ANA = '2348030000021';
const BEN = '2348030000022';
const AUTH_PAUSE_MS = 300;

/**
 * An invalid or expired access token (190) is not the message's fault: sending stops for a while (the
 * operator is alerted in the log), then resumes; the message keeps its place and its attempts.
 */
describe('the dispatcher when WhatsApp rejects the access token', () => {
  let database: Database;
  let fake: FakeGraphApi;
  let dispatcher: Dispatcher;
  beforeEach(async () => {
    database = await freshDatabase();
    fake = await startFakeGraphApi({
      accessToken: TEST_SECRETS.accessToken,
      appSecret: TEST_SECRETS.appSecret,
      phoneNumberId: TEST_SECRETS.phoneNumberId,
      displayPhoneNumber: TEST_SECRETS.displayPhoneNumber,
      // No app listens here: the status webhooks the fake sends back are dropped.
      webhookUrl: () => 'http://127.0.0.1:9/webhooks/whatsapp',
      webhookRetryDelaysMs: [],
    });
    for (const user of [ANA, BEN]) fake.simulator.recordInbound(user, new Date());
    dispatcher = new Dispatcher({
      db: database.db,
      bus: new EventBus(),
      client: new GraphClient({ apiUrl: () => fake.url, phoneNumberId: TEST_SECRETS.phoneNumberId, accessToken: TEST_SECRETS.accessToken }),
      log: Fastify({ logger: false }).log,
      // One attempt only: were the auth failure counted as an attempt, the message would be failed for good.
      retry: { baseMs: 10, maxMs: 10, maxAttempts: 1 },
      pollMs: 10,
      authPauseMs: AUTH_PAUSE_MS,
    });
  });
  afterEach(async () => {
    await dispatcher.stop();
    await fake.close();
    await database.close();
  });

  async function queueText(user: string, body: string): Promise<number> {
    return database.db.transaction(async (tx) => {
      const conversation = await lockConversationForContact(tx, { key: user, waId: user, userId: null, profileName: null, username: null });
      const row = await insertOutboundMessage(tx, { conversationId: conversation.id, chatSessionId: null, sender: 'agent', message: { kind: 'text', body } });
      return row.id;
    });
  }

  const messageRow = async (id: number) => (await database.db.select().from(messages).where(eq(messages.id, id)))[0]!;
  const outboxRow = async (id: number) => (await database.db.select().from(outbox).where(eq(outbox.messageId, id)))[0]!;

  it('pauses all sending after a 190, then delivers without counting it as an attempt', async () => {
    fake.simulator.injectFaults([{ httpStatus: 401, code: 190 }]);
    const first = await queueText(ANA, 'before the token failed');
    dispatcher.start();
    await waitFor('the token to be rejected', async () => (await outboxRow(first)).lastError?.includes('190'));

    // Queued during the pause, for another user: it waits for the pause to end too.
    const second = await queueText(BEN, 'during the pause');
    dispatcher.wake();
    await waitFor('both messages to be accepted', async () => (await messageRow(first)).wamid !== null && (await messageRow(second)).wamid !== null);

    const [rejected, ...afterwards] = fake.simulator.requests;
    expect(rejected).toMatchObject({ status: 401, accepted: false });
    expect(shownText(rejected!.body)).toBe('before the token failed');
    expect(afterwards.map((r) => [r.status, shownText(r.body)]).sort()).toEqual([
      [200, 'before the token failed'],
      [200, 'during the pause'],
    ]);
    for (const request of afterwards) expect(request.at.getTime() - rejected!.at.getTime()).toBeGreaterThanOrEqual(AUTH_PAUSE_MS);

    expect(await messageRow(first)).toMatchObject({ status: 'accepted', errorCode: null });
    expect(await outboxRow(first)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
