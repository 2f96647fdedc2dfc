import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { Dispatcher } from '../../src/outbox/dispatcher.js';
import { EventBus } from '../../src/events/bus.js';
import { GraphClient } from '../../src/whatsapp/graph-client.js';
import { TEST_SECRETS, useTestApp } from '../helpers/app.js';
import { TEST_DATABASE_URL, useScratchDatabase } from '../helpers/postgres.js';
import { missing } from '../helpers/requirements.js';
import { messagesFrom, messagesOf, postEvent, shownText, text, userMessage, waitFor } from '../helpers/webhooks.js';
import { useResource } from '../helpers/resource.js';
import { startTcpProxy } from './tcp-proxy.js';

const ADA = '2348030000061';

/**
 * The PostgreSQL server becomes unreachable under a running app (a restart, a failover, the network): the
 * app answers 503 (Meta retries webhooks), writes nothing half-way, pauses sending, and carries on by itself
 * once the server is back. A TCP proxy between the app and the server is cut and restored.
 */
describe.skipIf(missing('postgres'))('a database outage in PostgreSQL mode', { timeout: 60_000 }, () => {
  const scratch = useScratchDatabase();
  const server = new URL(TEST_DATABASE_URL);
  const proxy = useResource('the TCP proxy', () => startTcpProxy(server.hostname, Number(server.port || 5432)), (p) => p.close());
  const t = useTestApp(async () => {
    const proxied = new URL(scratch.url);
    proxied.host = `127.0.0.1:${proxy.port}`;
    return { database: await openDatabase({ databaseUrl: proxied.toString() }), closeDatabase: true };
  });
  // Before the app closes: its pool must reach the server to end.
  afterAll(() => proxy.restore());

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
    const inbound = (await messagesOf(t.database, ADA)).filter((m) => m.direction === 'inbound').map((m) => m.text);
    expect(inbound).toEqual(['Hello', 'Ada']);
    expect(t.fake.simulator.accepted(ADA).map(shownText).at(-1)).toMatch(/Ada/);
  });

  it('pauses the dispatcher with one log line for the whole outage, not one per poll, and one when it resumes', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const sink = new Writable({ write: (chunk, _enc, done) => void (lines.push(JSON.parse(String(chunk))), done()) });
    const dispatcher = new Dispatcher({
      db: t.database.db,
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
