import Fastify from 'fastify';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { messages, outbox } from '../../src/db/schema.js';
import { EventBus } from '../../src/events/bus.js';
import { Dispatcher, type DispatcherOptions } from '../../src/outbox/dispatcher.js';
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
/** A dispatcher alone (no app) on a fresh database, sending to the fake Graph API; Ana and Ben wrote recently. */
function withDispatcher(options: Partial<DispatcherOptions>) {
  const ref = {} as { database: Database; fake: FakeGraphApi; dispatcher: Dispatcher };
  beforeEach(async () => {
    ref.database = await freshDatabase();
    ref.fake = await startFakeGraphApi({
      accessToken: TEST_SECRETS.accessToken,
      appSecret: TEST_SECRETS.appSecret,
      phoneNumberId: TEST_SECRETS.phoneNumberId,
      displayPhoneNumber: TEST_SECRETS.displayPhoneNumber,
      // No app listens here: the status webhooks the fake sends back are dropped.
      webhookUrl: () => 'http://127.0.0.1:9/webhooks/whatsapp',
      webhookRetryDelaysMs: [],
    });
    for (const user of [ANA, BEN]) ref.fake.simulator.recordInbound(user, new Date());
    ref.dispatcher = new Dispatcher({
      db: ref.database.db,
      bus: new EventBus(),
      client: new GraphClient({ apiUrl: () => ref.fake.url, phoneNumberId: TEST_SECRETS.phoneNumberId, accessToken: TEST_SECRETS.accessToken }),
      log: Fastify({ logger: false }).log,
      pollMs: 10,
      ...options,
    });
  });
  afterEach(async () => {
    await ref.dispatcher.stop();
    await ref.fake.close();
    await ref.database.close();
  });

  const queueText = (user: string, body: string): Promise<number> =>
    ref.database.db.transaction(async (tx) => {
      const conversation = await lockConversationForContact(tx, { key: user, waId: user, userId: null, profileName: null, username: null });
      const row = await insertOutboundMessage(tx, { conversationId: conversation.id, chatSessionId: null, sender: 'agent', message: { kind: 'text', body } });
      return row.id;
    });
  const messageRow = async (id: number) => (await ref.database.db.select().from(messages).where(eq(messages.id, id)))[0]!;
  const outboxRow = async (id: number) => (await ref.database.db.select().from(outbox).where(eq(outbox.messageId, id)))[0]!;
  return { ref, queueText, messageRow, outboxRow };
}

describe('the dispatcher when WhatsApp rejects the access token', () => {
  // One attempt only: were the auth failure counted as an attempt, the message would be failed for good.
  const { ref, queueText, messageRow, outboxRow } = withDispatcher({ retry: { baseMs: 10, maxMs: 10, maxAttempts: 1 }, authPauseMs: AUTH_PAUSE_MS });

  it('pauses all sending after a 190, then delivers without counting it as an attempt', async () => {
    ref.fake.simulator.injectFaults([{ httpStatus: 401, code: 190 }]);
    const first = await queueText(ANA, 'before the token failed');
    ref.dispatcher.start();
    await waitFor('the token to be rejected', async () => (await outboxRow(first)).lastError?.includes('190'));

    // Queued during the pause, for another user: it waits for the pause to end too.
    const second = await queueText(BEN, 'during the pause');
    ref.dispatcher.wake();
    await waitFor('both messages to be accepted', async () => (await messageRow(first)).wamid !== null && (await messageRow(second)).wamid !== null);

    const [rejected, ...afterwards] = ref.fake.simulator.requests;
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

/**
 * Throughput errors (130429, 80007, 4) are about the business number, not the message: the whole
 * dispatcher slows down. 131056 is about one recipient: the others go on.
 */
describe('the dispatcher when WhatsApp throttles', () => {
  // A pause of 300 to 600 ms (equal jitter on 4 × the base): long enough to see, short for a test.
  const RETRY = { baseMs: 150, maxMs: 600, maxAttempts: 5 };
  const PAUSE_AT_LEAST_MS = 300;
  const { ref, queueText, messageRow } = withDispatcher({ retry: RETRY });

  const sent = (id: number) => async () => (await messageRow(id)).wamid !== null;

  it.each([130429, 80007, 4])('pauses all sending after a %i, for every recipient', async (code) => {
    ref.fake.simulator.injectFaults([{ httpStatus: code === 130429 ? 429 : 400, code }]);
    const first = await queueText(ANA, 'hit the limit');
    ref.dispatcher.start();
    // Once the limit is known (the answer handled): sends already under way could not know of it.
    await waitFor('the limit to be hit', () => ref.dispatcher.state().pausedUntil !== null);
    const second = await queueText(BEN, 'during the pause');
    ref.dispatcher.wake();
    await waitFor('both messages to be accepted', async () => (await sent(first)()) && (await sent(second)()));

    const [limited, ...afterwards] = ref.fake.simulator.requests;
    expect(limited).toMatchObject({ accepted: false });
    expect(afterwards.map((r) => shownText(r.body)).sort()).toEqual(['during the pause', 'hit the limit']);
    // Ben's message waited for the number's pause although Ben himself was never throttled.
    for (const request of afterwards) expect(request.at.getTime() - limited!.at.getTime()).toBeGreaterThanOrEqual(PAUSE_AT_LEAST_MS);
  });

  it('after a 131056 (one recipient throttled) slows only that recipient', async () => {
    ref.fake.simulator.injectFaults([{ httpStatus: 400, code: 131056 }]);
    const first = await queueText(ANA, 'too many to Ana');
    ref.dispatcher.start();
    await waitFor('Ana to be throttled', () => ref.fake.simulator.requests[0]);
    const second = await queueText(BEN, 'Ben is not throttled');
    ref.dispatcher.wake();
    await waitFor('both messages to be accepted', async () => (await sent(first)()) && (await sent(second)()));

    expect(ref.fake.simulator.requests.map((r) => [r.accepted, shownText(r.body)])).toEqual([
      [false, 'too many to Ana'],
      [true, 'Ben is not throttled'],
      [true, 'too many to Ana'],
    ]);
  });
});
