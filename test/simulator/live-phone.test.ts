import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { SIMULATOR_CREDENTIALS } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { followEventStream, type SseMessage } from '../../src/simulator/event-source.js';
import { PhoneClient } from '../../src/simulator/phone-client.js';
import type { TranscriptEntry } from '../../src/simulator/types.js';
import { testConfig } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';
import { waitFor } from '../helpers/webhooks.js';

/**
 * The phone page and `npm run chat` used to poll the simulator twice a second, and the log got a
 * request line per poll. The whole server runs here in simulator mode, as `npm start` does, with its
 * log captured: the phone follows `GET /simulator/api/users/{waId}/events` instead.
 */
const WA_ID = '2348061112222';

describe('the live phone (simulator mode)', () => {
  let app: FastifyInstance;
  let database: Database;
  let dataDir: string;
  let url: string;
  const lines: Array<{ msg?: string; req?: { url: string }; level: number }> = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wadesk-live-phone-'));
    database = await freshDatabase();
    const { accessToken, phoneNumberId, appSecret, verifyToken } = SIMULATOR_CREDENTIALS;
    const config = testConfig('', dataDir, { logLevel: 'info', whatsapp: { mode: 'simulator', accessToken, phoneNumberId, appSecret, verifyToken, apiUrl: null } });
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    app = await buildApp({ config, database, logStream, dispatcherPollMs: 20 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = app.wadesk.selfUrl();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const until = (check: () => boolean) => waitFor(check.toString(), check, 10_000);

  it('streams what the phone shows as it happens: the bot answers without a poll', async () => {
    const phone = new PhoneClient(url, WA_ID, 'Ngozi');
    const received: TranscriptEntry[] = [];
    const feed = phone.follow(0, { entry: (entry) => received.push(entry) });
    try {
      await phone.say('Hello');
      await until(() => received.some((e) => e.direction === 'out'));
      expect(received[0]).toMatchObject({ direction: 'in', text: 'Hello' });
      await phone.say('Ngozi');
      await until(() => received.some((e) => e.kind === 'buttons' || e.kind === 'list'));
      // In order, each once.
      const seqs = received.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
    } finally {
      feed.close();
    }
  });

  it('resumes from Last-Event-ID (what EventSource sends on reconnect): the rest, nothing twice', async () => {
    const transcript = (await (await fetch(`${url}/simulator/api/users/${WA_ID}/messages`)).json()).data as TranscriptEntry[];
    expect(transcript.length).toBeGreaterThanOrEqual(3);
    const resumeAt = transcript[1]!.seq;
    const response = await fetch(`${url}/simulator/api/users/${WA_ID}/events?after=0`, { headers: { 'last-event-id': String(resumeAt) } });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    const expected = transcript.slice(2).map((e) => `id: ${e.seq}\nevent: entry\n`);
    while (!expected.every((frame) => text.includes(frame))) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual(transcript.slice(2).map((e) => e.seq));
  });

  it('keeps the simulator out of the request log, and still logs the app’s own requests', async () => {
    // The page and `npm run chat` poll no more; even so, a burst of the old polling is not logged either.
    for (let i = 0; i < 5; i++) await fetch(`${url}/simulator/api/users/${WA_ID}/messages?after=0`);
    const requestLines = lines.filter((l) => l.req?.url);
    expect(requestLines.filter((l) => l.req!.url.startsWith('/simulator/'))).toEqual([]);
    expect(requestLines.some((l) => l.req!.url === '/webhooks/whatsapp')).toBe(true);
  });

  it('ends open streams when the server stops, so shutdown does not wait for them', async () => {
    const messages: SseMessage[] = [];
    let broke = false;
    const feed = followEventStream(`${url}/simulator/api/users/${WA_ID}/events`, { message: (m) => messages.push(m), error: () => (broke = true) }, { retryMs: 60_000 });
    await until(() => messages.length > 0);
    await app.close();
    await until(() => broke);
    feed.close();
  });
});
