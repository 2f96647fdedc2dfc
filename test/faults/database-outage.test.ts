import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { Dispatcher } from '../../src/outbox/dispatcher.js';
import { EventBus } from '../../src/events/bus.js';
import { GraphClient } from '../../src/whatsapp/graph-client.js';
import { startTestApp, TEST_SECRETS, type TestApp } from '../helpers/app.js';
import { postgresAvailable, scratchDatabase, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { messagesFrom, messagesOf, postEvent, shownText, text, userMessage, waitFor } from '../helpers/webhooks.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const available = await postgresAvailable();
const ADA = '2348030000061';

/**
 * The PostgreSQL server becomes unreachable under a running app (a restart, a failover, the network): the
 * app answers 503 (Meta retries webhooks), writes nothing half-way, pauses sending, and carries on by itself
 * once the server is back. A TCP proxy between the app and the server is cut and restored.
 */
describe.skipIf(!available)('a database outage in PostgreSQL mode', { timeout: 60_000 }, () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let proxy: TcpProxy;
  let database: Database;
  let t: TestApp;
  beforeAll(async () => {
    scratch = await scratchDatabase();
    const server = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
    const proxied = new URL(scratch.url);
    proxied.host = `127.0.0.1:${proxy.port}`;
    database = await openDatabase({ databaseUrl: proxied.toString() });
    t = await startTestApp({ database });
  });
  afterAll(async () => {
    await proxy?.restore();
    await t?.close();
    await database?.close();
    await proxy?.close();
    await scratch?.drop();
  });

  it('answers 503 while the server is unreachable, stores nothing half-way, and resumes by itself', async () => {
    t.fake.simulator.recordInbound(ADA, new Date());
    expect((await postEvent(t.url, messagesFrom(ADA, 'Ada', userMessage(ADA, text('Hello'))))).status).toBe(200);
    await t.settle();

    await proxy.cut();
    const during = messagesFrom(ADA, 'Ada', userMessage(ADA, text('Ada')));
    const refused = await postEvent(t.url, during);
    expect(refused).toEqual({ status: 503, json: { status: 'error', error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String) } } });
    const admin = await t.admin('GET', '/api/admin/conversations');
    expect(admin).toEqual({ status: 503, json: { status: 'error', error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String) } } });
    await waitFor('the dispatcher to notice', () => !t.app.wadesk.dispatcher.state().databaseReachable);

    await proxy.restore();
    // Meta delivers the refused webhook again: now it is stored, once, and answered.
    expect((await postEvent(t.url, during)).status).toBe(200);
    await waitFor('the dispatcher to resume', () => t.app.wadesk.dispatcher.state().databaseReachable);
    await t.settle();
    expect((await t.admin('GET', '/api/admin/conversations')).status).toBe(200);
    const inbound = (await messagesOf(database, ADA)).filter((m) => m.direction === 'inbound').map((m) => m.text);
    expect(inbound).toEqual(['Hello', 'Ada']);
    expect(t.fake.simulator.accepted(ADA).map(shownText).at(-1)).toMatch(/Ada/);
  });

  it('pauses the dispatcher with one log line for the whole outage, not one per poll, and one when it resumes', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const sink = new Writable({ write: (chunk, _enc, done) => void (lines.push(JSON.parse(String(chunk))), done()) });
    const dispatcher = new Dispatcher({
      db: database.db,
      bus: new EventBus(),
      client: new GraphClient({ apiUrl: () => t.fake.url, phoneNumberId: TEST_SECRETS.phoneNumberId, accessToken: TEST_SECRETS.accessToken }),
      log: pino({ level: 'info' }, sink),
      pollMs: 10,
    });
    dispatcher.start();
    try {
      await proxy.cut();
      await waitFor('the outage to be noticed', () => !dispatcher.state().databaseReachable);
      // Several polls' worth of time with the server unreachable.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await proxy.restore();
      await waitFor('the dispatcher to resume', () => dispatcher.state().databaseReachable);
    } finally {
      await proxy.restore();
      await dispatcher.stop();
    }
    expect(lines.map((l) => l.msg)).toEqual([
      'outbox: database unreachable; sending paused until it is back',
      'outbox: database reachable again; sending resumed',
    ]);
  });
});
