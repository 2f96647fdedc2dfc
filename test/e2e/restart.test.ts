import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { chatSessions, jobs as jobsTable, outbox } from '../../src/db/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startPointableFake, type PointableFake } from '../helpers/fakes.js';
import { seedDataDir } from '../helpers/server-process.js';
import { conversationOf, messagesOf, shownText, waitFor } from '../helpers/webhooks.js';

const USER = '2348030000031';
const agentText = (words: string) => defaultContent.chat.agentPrefix + words;

/**
 * The process stops in the middle of a support chat (a deploy, a crash) and starts again on the same
 * database files: the chat, its history and its unsent replies are all still there.
 */
// Two real PGlite start-ups on disk (the second one a recovery) make these tests slower than the others; the
// folder starts as a copy of the migrated template, so the first one skips initdb.
describe('a restart in the middle of a support chat', { timeout: 60_000 }, () => {
  let dataDir: string;
  let shared: PointableFake;
  let database: Database | undefined;
  let t: TestApp | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wadesk-restart-'));
    await seedDataDir(dataDir);
    shared = await startPointableFake();
  });
  afterEach(async () => {
    await t?.close();
    await database?.close();
    await shared.fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(options: Partial<Parameters<typeof startTestApp>[0]> = {}): Promise<TestApp> {
    database = await openDatabase({ dataDir });
    t = await startTestApp({ database, fake: shared.fake, ...options });
    shared.pointAt(t.url);
    return t;
  }

  async function stop(): Promise<void> {
    await t!.close();
    await database!.close();
    t = undefined;
    database = undefined;
  }

  const say = async (app: TestApp, input: { text?: string; buttonId?: string }) => {
    const result = await shared.fake.simulator.sendUserMessage({ from: USER, name: 'Ada', ...input });
    expect(result).toMatchObject({ status: 'success', data: { webhookStatus: 200 } });
    await app.settle();
  };
  const agent = (app: TestApp, action: 'send' | 'end', message: string) =>
    app.admin('POST', `/api/admin/conversations/${USER}/chat-support/${action}`, { message });

  it('keeps the chat, its history and the agent’s ability to answer and end it', async () => {
    const before = await start();
    await say(before, { text: 'Hello' });
    await say(before, { text: 'Ada' });
    await say(before, { buttonId: 'chat_support' });
    await say(before, { text: 'My card was charged twice' });
    expect((await agent(before, 'send', 'Let me check that for you')).status).toBe(200);
    await before.settle();
    const historyBefore = (await messagesOf(before.database, USER)).map((m) => [m.direction, m.text, m.status]);
    await stop();

    const after = await start();
    const conversation = await conversationOf(after.database, USER);
    expect(conversation).toMatchObject({ state: 'CHAT_SUPPORT_ACTIVE', registeredName: 'Ada' });
    expect((await messagesOf(after.database, USER)).map((m) => [m.direction, m.text, m.status])).toEqual(historyBefore);

    // The user goes on writing into the same chat; the agent answers and ends it.
    await say(after, { text: 'Any news?' });
    const latest = (await messagesOf(after.database, USER)).at(-2)!;
    expect(latest).toMatchObject({ text: 'Any news?', chatSessionId: conversation!.activeChatSessionId });
    expect((await agent(after, 'send', 'Refunded, sorry about that')).status).toBe(200);
    expect((await agent(after, 'end', 'Glad we could help!')).status).toBe(200);
    await after.settle();

    expect(shared.fake.simulator.accepted(USER).slice(-4).map(shownText)).toEqual([
      defaultContent.chat.acknowledgement,
      agentText('Refunded, sorry about that'),
      'Glad we could help!',
      defaultContent.csat.question,
    ]);
    expect(await conversationOf(after.database, USER)).toMatchObject({ state: 'REGISTERED', activeChatSessionId: null });
    const [session] = await after.database.db.select().from(chatSessions).where(eq(chatSessions.id, conversation!.activeChatSessionId!));
    expect(session).toMatchObject({ endedBy: 'agent', closingMessage: 'Glad we could help!', endedAt: expect.any(Date) });
  });

  it('sends after the restart a reply that was still in the outbox when the app stopped', async () => {
    const before = await start();
    await say(before, { text: 'chat support' });
    // Shutting down: sending has stopped when the agent's reply is committed.
    await before.app.wadesk.dispatcher.stop();
    expect((await agent(before, 'send', 'Are you still there?')).status).toBe(200);
    const waiting = await before.database.db.select().from(outbox).where(eq(outbox.status, 'pending'));
    expect(waiting).toHaveLength(1);
    await stop();
    expect(shared.fake.simulator.accepted(USER).map(shownText)).not.toContain(agentText('Are you still there?'));

    const after = await start();
    await after.settle();
    expect(shared.fake.simulator.accepted(USER).map(shownText)).toEqual([
      expect.stringContaining('You are now connected to our support team'),
      agentText('Are you still there?'),
    ]);
    expect((await messagesOf(after.database, USER)).at(-1)).toMatchObject({ text: 'Are you still there?', status: 'delivered' });
  });

  it('fetches after the restart a photo whose first download failed before the app stopped', async () => {
    // Retries a second or two apart: the stop comes between the failed attempt and the next one.
    const jobs = { jobPolicy: { baseMs: 2_000, maxMs: 2_000, maxAttempts: 5 }, jobPollMs: 50 };
    const before = await start(jobs);
    const uploaded = shared.fake.simulator.storeUserMedia({ bytes: Buffer.from('a photo of the homework'), mimeType: 'image/jpeg' });
    if (!('id' in uploaded)) throw new Error('upload refused');
    shared.fake.simulator.failMedia(uploaded.id, 1);
    await shared.fake.simulator.sendUserMessage({ from: USER, name: 'Ada', media: { id: uploaded.id } });
    const failedOnce = async () => (await before.database.db.select().from(jobsTable))[0];
    await waitFor('the first download to fail', async () => {
      const job = await failedOnce();
      return job?.status === 'pending' && job.attempts === 1 ? job : undefined;
    });
    await stop();

    const after = await start(jobs);
    const photo = await waitFor('the photo to be stored after the restart', async () => {
      const row = (await messagesOf(after.database, USER)).find((m) => m.type === 'image');
      return row?.media?.status === 'stored' ? row : undefined;
    });
    expect(photo.media).toMatchObject({ kind: 'image', mime_type: 'image/jpeg', size: 23 });
    const job = await waitFor('the job to be done', async () => {
      const [row] = await after.database.db.select().from(jobsTable);
      return row?.status === 'done' ? row : undefined;
    });
    expect(job.attempts).toBe(2);
  });
});
