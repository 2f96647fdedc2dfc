import { readdirSync } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { conversations, jobs, mediaFiles, messages, statusEvents } from '../../src/db/schema.js';
import { signPayload } from '../../src/whatsapp/signature.js';
import { startTestApp, TEST_SECRETS, type TestApp, useTestApp } from '../helpers/app.js';
import { fixturesDir, loadFixture } from '../helpers/fixtures.js';
import { messagesFrom, postWebhook, tableCounts, text, userMessage } from '../helpers/webhooks.js';

const INVALID_SIGNATURE = { status: 'error', error: { code: 'INVALID_SIGNATURE', message: expect.any(String) } };

/** What each recorded payload must leave in the database, beyond "every message and status it carries is stored". */
const STORED: Record<string, (t: TestApp) => Promise<void>> = {
  'inbound-text.json': async (t) => {
    expect(await inbound(t)).toEqual([expect.objectContaining({ type: 'text', text: 'Does it come in another color?', sender: 'user', status: 'received' })]);
    expect(await contacts(t)).toEqual([expect.objectContaining({ waId: '16505551234', phoneNumber: '+16505551234', profileName: 'Sheena Nelson' })]);
  },
  'inbound-button-reply.json': async (t) => {
    expect(await inbound(t)).toEqual([expect.objectContaining({ type: 'interactive', text: 'Change' })]);
    expect(await contacts(t)).toEqual([expect.objectContaining({ phoneNumber: '+16505551234', profileName: 'Pablo Morales' })]);
  },
  'inbound-list-reply.json': async (t) => {
    expect(await inbound(t)).toEqual([expect.objectContaining({ type: 'interactive', text: 'Priority Mail Express' })]);
  },
  'inbound-image.json': async (t) => {
    expect(await inbound(t)).toEqual([
      expect.objectContaining({ type: 'image', text: null, media: expect.objectContaining({ kind: 'image', mime_type: 'image/jpeg', filename: null }) }),
    ]);
    // The file itself is fetched later, by a job: the webhook stores WhatsApp's id for it.
    expect(await t.database.db.select().from(mediaFiles)).toEqual([expect.objectContaining({ whatsappId: '65463453', kind: 'image', direction: 'inbound' })]);
    expect(await t.database.db.select().from(jobs)).toEqual([expect.objectContaining({ kind: 'media.download' })]);
    expect(await contacts(t)).toEqual([expect.objectContaining({ waId: '972987654321', phoneNumber: '+972987654321', profileName: 'Test Name' })]);
  },
  'inbound-document-forwarded.json': async (t) => {
    expect(await inbound(t)).toEqual([
      expect.objectContaining({ type: 'document', text: 'caption', media: expect.objectContaining({ filename: 'filename.pdf', mime_type: 'application/pdf', caption: 'caption' }) }),
    ]);
  },
  'inbound-template-quick-reply.json': async (t) => {
    expect(await inbound(t)).toEqual([expect.objectContaining({ type: 'button', text: 'title', wamid: 'wamid.xsidjw' })]);
    expect(await contacts(t)).toEqual([expect.objectContaining({ waId: '972987654321', userId: 'US.13491208655302741918' })]);
  },
  'inbound-unsupported.json': async (t) => {
    expect(await inbound(t)).toEqual([expect.objectContaining({ type: 'unsupported', errorCode: 131051, errorTitle: 'Message type unknown' })]);
  },
  'status-delivered.json': async (t) => {
    expect(await statuses(t)).toEqual([expect.objectContaining({ wamid: 'wamid.xyzxyz', status: 'delivered', recipientId: '972987654321', errors: null })]);
    expect(await t.database.db.select().from(messages)).toEqual([]);
  },
  'status-failed.json': async (t) => {
    expect(await statuses(t)).toEqual([
      expect.objectContaining({ wamid: 'wamid.xyzxyz', status: 'failed', errors: [expect.objectContaining({ code: 130472, title: "User's number is part of an experiment" })] }),
    ]);
  },
};

const inbound = (t: TestApp) => t.database.db.select().from(messages).where(eq(messages.direction, 'inbound')).orderBy(asc(messages.id));
const contacts = (t: TestApp) => t.database.db.select().from(conversations);
const statuses = (t: TestApp) => t.database.db.select().from(statusEvents).orderBy(asc(statusEvents.id));

describe('POST /webhooks/whatsapp with every recorded payload', () => {
  const files = readdirSync(fixturesDir).filter((f) => f.endsWith('.json')).sort();

  it('has an expectation for every fixture', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(Object.keys(STORED).sort()).toEqual(files);
  });

  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it.each(files)('accepts %s byte for byte and stores what it carries', async (file) => {
    const { raw, json } = loadFixture(file);
    const value = json.entry[0].changes[0].value;
    t = await startTestApp({ phoneNumberId: value.metadata.phone_number_id });

    const answer = await postWebhook(t.url, raw);
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('success');

    for (const message of value.messages ?? []) {
      const [stored] = await t.database.db.select().from(messages).where(eq(messages.wamid, message.id));
      expect(stored).toMatchObject({ direction: 'inbound', payload: message, sentAt: new Date(Number(message.timestamp) * 1000) });
    }
    for (const s of value.statuses ?? []) {
      expect(await statuses(t)).toContainEqual(expect.objectContaining({ wamid: s.id, status: s.status }));
    }
    await STORED[file]!(t);
  });

  it('ignores a message to another business number of the account: 200, nothing stored', async () => {
    t = await startTestApp({ phoneNumberId: '999999999999999' });
    const answer = await postWebhook(t.url, loadFixture('inbound-text.json').raw);
    expect(answer).toEqual({ status: 200, json: { status: 'success', data: { processed: 0, duplicates: 0, ignored: 1, statuses: 0, deadLettered: 0 } } });
    const counts = await tableCounts(t.database);
    expect(counts).toEqual(Object.fromEntries(Object.keys(counts).map((table) => [table, 0])));
  });
});

describe('POST /webhooks/whatsapp refuses what it must not store', () => {
  const t = useTestApp();

  const body = () => JSON.stringify(messagesFrom('16505551234', 'Sheena', userMessage('16505551234', text('Hello'))));

  /** Posts and checks that not one row was written. */
  async function refused(raw: string | Buffer, options: Parameters<typeof postWebhook>[2]) {
    // Replies to what earlier tests stored may still be going out (and recording their outcome).
    await t.settle();
    const before = await tableCounts(t.database);
    const answer = await postWebhook(t.url, raw, options);
    expect(await tableCounts(t.database)).toEqual(before);
    return answer;
  }

  it('answers 401 INVALID_SIGNATURE to a POST without X-Hub-Signature-256', async () => {
    expect(await refused(body(), { signature: null })).toEqual({ status: 401, json: INVALID_SIGNATURE });
  });

  it('answers 401 to a signature made with another secret', async () => {
    const raw = body();
    expect(await refused(raw, { signature: signPayload(raw, 'not-the-app-secret') })).toEqual({ status: 401, json: INVALID_SIGNATURE });
  });

  it('answers 401 to the signature of other bytes, even the same JSON re-serialised', async () => {
    const raw = body();
    const reindented = JSON.stringify(JSON.parse(raw), null, 2);
    expect(await refused(raw, { signature: signPayload(reindented, TEST_SECRETS.appSecret) })).toEqual({ status: 401, json: INVALID_SIGNATURE });
  });

  it('answers 401 to a malformed signature header', async () => {
    const raw = body();
    const hex = signPayload(raw, TEST_SECRETS.appSecret).slice('sha256='.length);
    for (const signature of [hex, `sha1=${hex}`, `sha256=${hex.slice(0, 63)}`, `sha256=${hex}00`, 'sha256=']) {
      expect(await refused(raw, { signature })).toEqual({ status: 401, json: INVALID_SIGNATURE });
    }
  });

  it('checks the signature whatever the content type says (text/plain, none at all)', async () => {
    expect(await refused(body(), { signature: null, contentType: 'text/plain' })).toEqual({ status: 401, json: INVALID_SIGNATURE });
    expect(await refused(body(), { signature: null, contentType: null })).toEqual({ status: 401, json: INVALID_SIGNATURE });
    expect(await refused(body(), { signature: 'sha256=' + '0'.repeat(64), contentType: 'application/x-www-form-urlencoded' })).toEqual({ status: 401, json: INVALID_SIGNATURE });
  });

  it('handles a correctly signed body sent as text/plain like any other', async () => {
    const raw = JSON.stringify(messagesFrom('15550009991', 'Plain', userMessage('15550009991', text('Hi as text/plain'))));
    const answer = await postWebhook(t.url, raw, { contentType: 'text/plain' });
    expect(answer.status).toBe(200);
    expect((await inbound(t)).map((m) => m.text)).toContain('Hi as text/plain');
  });

  it('verifies the raw bytes, so Meta’s \\u-escaped non-ASCII is accepted and stored decoded', async () => {
    const raw = JSON.stringify(messagesFrom('15550009992', 'José', userMessage('15550009992', text('¿Qué tal? 👋')))).replace(
      /[\u007f-\uffff]/g,
      (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
    );
    // eslint-disable-next-line no-control-regex -- "only ASCII": the range starts at NUL on purpose
    expect(raw).not.toMatch(/[^\x00-\x7f]/);
    expect((await postWebhook(t.url, raw)).status).toBe(200);
    expect((await inbound(t)).map((m) => m.text)).toContain('¿Qué tal? 👋');
    expect(await contacts(t)).toContainEqual(expect.objectContaining({ waId: '15550009992', profileName: 'José' }));
  });

  it('answers 400 INVALID_JSON to a correctly signed body that is not JSON', async () => {
    const answer = await refused('{"object":"whatsapp_business_account",', {});
    expect(answer).toEqual({ status: 400, json: { status: 'error', error: { code: 'INVALID_JSON', message: expect.any(String) } } });
  });

  it('answers 400 to a correctly signed JSON array, string or null', async () => {
    for (const raw of ['[]', JSON.stringify([JSON.parse(body())]), '"whatsapp"', 'null']) {
      const answer = await refused(raw, {});
      expect(answer.status).toBe(400);
      expect(answer.json.status).toBe('error');
    }
  });

  it('answers 413 to a correctly signed body over 3 MB', async () => {
    const payload = messagesFrom('15550009993', 'Big', userMessage('15550009993', text('x'.repeat(3 * 1024 * 1024))));
    const answer = await refused(JSON.stringify(payload), {});
    expect(answer).toEqual({ status: 413, json: { status: 'error', error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } } });
  });

  it('accepts a body of nearly 3 MB (Meta’s maximum), far above the admin API’s limit', async () => {
    const big = 'y'.repeat(3 * 1024 * 1024 - 2_000);
    const raw = JSON.stringify(messagesFrom('15550009994', 'Big', userMessage('15550009994', text(big))));
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(3 * 1024 * 1024);
    expect((await postWebhook(t.url, raw)).status).toBe(200);
    expect((await inbound(t)).some((m) => m.text === big)).toBe(true);
  });

  it('answers 200 and stores nothing for another product’s webhook', async () => {
    const raw = JSON.stringify({ object: 'page', entry: [{ id: '1', changes: [{ field: 'feed', value: {} }] }] });
    expect((await refused(raw, {})).status).toBe(200);
  });
});

describe('GET /webhooks/whatsapp (Meta’s verification handshake)', () => {
  const t = useTestApp();

  const verify = (query: Record<string, string>) => fetch(`${t.url}/webhooks/whatsapp?${new URLSearchParams(query)}`);

  it('echoes hub.challenge as plain text when the verify token matches', async () => {
    const response = await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': TEST_SECRETS.verifyToken, 'hub.challenge': '123' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    // The challenge is echoed from the query: a browser must never sniff it into HTML.
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('123');
  });

  it('answers 403, not 500, when a hub.* key is given twice', async () => {
    const token = encodeURIComponent(TEST_SECRETS.verifyToken);
    for (const query of [
      `hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1&hub.challenge=2`,
      `hub.mode=subscribe&hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1`,
      `hub.mode=subscribe&hub.verify_token=${token}&hub.verify_token=${token}&hub.challenge=1`,
    ]) {
      const response = await fetch(`${t.url}/webhooks/whatsapp?${query}`);
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('VERIFICATION_FAILED');
    }
  });

  it('answers 403 to a wrong or missing verify token, or another mode', async () => {
    const refusals: Array<Record<string, string>> = [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong-token', 'hub.challenge': '123' },
      { 'hub.mode': 'subscribe', 'hub.verify_token': TEST_SECRETS.verifyToken.slice(0, -1), 'hub.challenge': '123' },
      { 'hub.mode': 'subscribe', 'hub.challenge': '123' },
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': TEST_SECRETS.verifyToken, 'hub.challenge': '123' },
    ];
    for (const query of refusals) {
      const response = await verify(query);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('123');
    }
  });
});
