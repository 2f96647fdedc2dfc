import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { outbox } from '../../src/db/schema.js';
import { testConfig } from '../helpers/app.js';
import { startHoldingGraphApi, type HoldingGraphApi } from '../helpers/fakes.js';
import { seedDataDir } from '../helpers/server-process.js';
import { messagesFrom, outboundOf, postEvent, text, userMessage, waitFor } from '../helpers/webhooks.js';

const USER = '2348030000041';

/**
 * SIGTERM during a deploy: `app.close()` stops taking requests, lets the send under way finish and
 * records its result before the database closes, so the reply is neither lost nor sent twice later.
 */
// The app opens a PGlite on disk, and the test opens it again afterwards: slower than in-memory tests.
describe('graceful shutdown', { timeout: 60_000 }, () => {
  let dataDir: string;
  let graph: HoldingGraphApi;
  let app: FastifyInstance;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wadesk-shutdown-'));
    await seedDataDir(dataDir);
    graph = await startHoldingGraphApi();
    // The app opens (and, on close, closes) its own database in dataDir, as in production (a copy of the
    // migrated template there saves the initdb).
    app = await buildApp({ config: testConfig(graph.url, dataDir), dispatcherPollMs: 20 });
    await app.listen({ port: 0, host: '127.0.0.1' });
  }, 60_000);
  afterEach(async () => {
    await app.close();
    await graph.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('waits for a send in flight and records it before closing the database', async () => {
    await postEvent(app.wadesk.selfUrl(), messagesFrom(USER, 'Ada', userMessage(USER, text('Hello'))));
    const send = await waitFor('the greeting to be in flight', () => graph.held[0]);

    let closed = false;
    const closing = app.close().then(() => {
      closed = true;
    });
    await waitFor('the server to stop listening', () => !app.server.listening);
    expect(closed).toBe(false);
    // WhatsApp answers only now, while the app is shutting down.
    send.release();
    await closing;

    const database = await openDatabase({ dataDir });
    try {
      expect((await outboundOf(database, USER))[0]).toMatchObject({ wamid: send.wamid, status: 'accepted' });
      const rows = await database.db.select().from(outbox);
      expect(rows.map((r) => [r.kind, r.status])).toEqual([
        ['read', 'sent'],
        ['message', 'sent'],
      ]);
    } finally {
      await database.close();
    }
  });
});
