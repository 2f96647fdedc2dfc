import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { followEventStream, type SseMessage } from '../../src/simulator/event-source.js';
import { PhoneClient } from '../../src/simulator/phone-client.js';
import type { TranscriptEntry } from '../../src/simulator/types.js';
import { useBrowserApp } from '../helpers/browser.js';
import { waitFor } from '../helpers/webhooks.js';

/**
 * The phone page and `npm run chat` used to poll the simulator twice a second, and the log got a
 * request line per poll. The whole server runs here in simulator mode, as `npm start` does, with its
 * log captured: the phone follows `GET /simulator/api/users/{waId}/events` instead.
 */
const WA_ID = '2348061112222';

describe('the live phone (simulator mode)', () => {
  const lines: Array<{ msg?: string; req?: { url: string }; level: number }> = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const server = useBrowserApp({ logStream });

  const until = (check: () => boolean) => waitFor(check.toString(), check, 10_000);

  it('streams what the phone shows as it happens: the bot answers without a poll', async () => {
    const phone = new PhoneClient(server.url, WA_ID, 'Ngozi');
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
    const transcript = (await (await fetch(`${server.url}/simulator/api/users/${WA_ID}/messages`)).json()).data as TranscriptEntry[];
    expect(transcript.length).toBeGreaterThanOrEqual(3);
    const resumeAt = transcript[1]!.seq;
    const response = await fetch(`${server.url}/simulator/api/users/${WA_ID}/events?after=0`, { headers: { 'last-event-id': String(resumeAt) } });
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
    for (let i = 0; i < 5; i++) await fetch(`${server.url}/simulator/api/users/${WA_ID}/messages?after=0`);
    const requestLines = lines.filter((l) => l.req?.url);
    expect(requestLines.filter((l) => l.req!.url.startsWith('/simulator/'))).toEqual([]);
    expect(requestLines.some((l) => l.req!.url === '/webhooks/whatsapp')).toBe(true);
  });

  it('ends open streams when the server stops, so shutdown does not wait for them', async () => {
    const messages: SseMessage[] = [];
    let broke = false;
    const feed = followEventStream(`${server.url}/simulator/api/users/${WA_ID}/events`, { message: (m) => messages.push(m), error: () => (broke = true) }, { retryMs: 60_000 });
    await until(() => messages.length > 0);
    await server.stop();
    await until(() => broke);
    feed.close();
  });
});
