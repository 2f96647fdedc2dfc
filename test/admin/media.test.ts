import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { jobs, mediaFiles } from '../../src/db/schema.js';
import { deleteExpiredMedia } from '../../src/media/retention.js';
import { startFakeGraphApi } from '../../src/simulator/index.js';
import { startTestApp, TEST_SECRETS, type TestApp } from '../helpers/app.js';
import { startLocalS3, type LocalS3 } from '../helpers/s3.js';
import { waitFor } from '../helpers/webhooks.js';

const ADA = '2348032000001';
// A 1×1 PNG, and a small PDF-like file.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 0x41), Buffer.from('\n%%EOF\n')]);

const FAST_JOBS = { jobPolicy: { baseMs: 30, maxMs: 60, maxAttempts: 3 }, jobPollMs: 20 };

describe('inbound media: fetched by a job, served to agents', () => {
  let t: TestApp | null = null;
  let s3: LocalS3 | null = null;
  afterEach(async () => {
    await t?.close();
    await s3?.close();
    t = s3 = null;
  });

  async function appWith(options: { mediaUrlTtlMs?: number; s3?: LocalS3 } = {}): Promise<TestApp> {
    let appUrl = '';
    const fake = await startFakeGraphApi({
      accessToken: TEST_SECRETS.accessToken, appSecret: TEST_SECRETS.appSecret, phoneNumberId: TEST_SECRETS.phoneNumberId,
      displayPhoneNumber: TEST_SECRETS.displayPhoneNumber, webhookUrl: () => `${appUrl}/webhooks/whatsapp`,
      statusDelaysMs: { sent: 5, delivered: 20 }, webhookRetryDelaysMs: [20, 50], mediaUrlTtlMs: options.mediaUrlTtlMs,
    });
    const app = await startTestApp({ fake, ...FAST_JOBS, config: options.s3 ? { media: { s3: options.s3.config, retentionDays: null } } : {} });
    appUrl = app.url;
    const close = app.close;
    return { ...app, close: async () => { await close(); await fake.close(); } };
  }

  /** Ada sends a file from her phone: the fake keeps it and posts the webhook with its media id. */
  async function adaSends(app: TestApp, bytes: Buffer, mimeType: string, extra: { filename?: string; caption?: string } = {}) {
    const uploaded = app.fake.simulator.storeUserMedia({ bytes, mimeType, filename: extra.filename });
    if (!('id' in uploaded)) throw new Error(`upload refused: ${JSON.stringify(uploaded)}`);
    await app.fake.simulator.sendUserMessage({ from: ADA, name: 'Ada', media: { id: uploaded.id, ...(extra.caption ? { caption: extra.caption } : {}) } });
    return uploaded.id;
  }
  /** The attachment as the API shows it (the first message with one). */
  const mediaOf = async (app: TestApp) => {
    const { status, json } = await app.admin('GET', `/api/admin/conversations/%2B${ADA}/messages`);
    if (status !== 200) throw new Error(`the history answered ${status}: ${JSON.stringify(json)}`);
    return json.data.messages.find((m: { media: unknown }) => m.media !== null)?.media;
  };
  /**
   * Waits on the database, then reads the API once: polling the API itself would run into its rate limit
   * (600 requests a minute) on a slow machine.
   */
  const mediaIn = async (app: TestApp, status: 'stored' | 'failed', what: string) => {
    await waitFor(what, async () => (await app.database.db.select().from(mediaFiles)).some((row) => row.status === status));
    return mediaOf(app);
  };
  const stored = (app: TestApp) => mediaIn(app, 'stored', 'the attachment to be stored');
  const get = (app: TestApp, url: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${url}`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}`, ...headers } });

  it('a photo is stored without holding up the webhook, then served inline, never sniffed, with Range', async () => {
    t = await appWith();
    await adaSends(t, PNG, 'image/png', { caption: 'my homework' });
    const media = await stored(t);
    expect(media).toMatchObject({ kind: 'image', mime_type: 'image/png', size: PNG.length, caption: 'my homework', error: null, url: `/api/admin/media/${media.id}` });

    const whole = await get(t, media.url);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(PNG);
    expect(whole.headers.get('content-type')).toBe('image/png');
    expect(whole.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(whole.headers.get('x-content-type-options')).toBe('nosniff');
    expect(whole.headers.get('content-security-policy')).toContain('sandbox');

    const part = await get(t, media.url, { range: 'bytes=1-3' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1-3/${PNG.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(PNG.subarray(1, 4));
    const beyond = await get(t, media.url, { range: `bytes=${PNG.length + 10}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${PNG.length}`);
    expect((await beyond.json()).error.code).toBe('RANGE_NOT_SATISFIABLE');

    // Agents only.
    const anonymous = await fetch(`${t.url}${media.url}`);
    expect(anonymous.status).toBe(401);
    await anonymous.arrayBuffer();
  });

  it('a document is a download with its file name', async () => {
    t = await appWith();
    await adaSends(t, PDF, 'application/pdf', { filename: 'Homework 3.pdf' });
    const media = await stored(t);
    const answer = await get(t, media.url);
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="Homework 3.pdf"; filename*=UTF-8''Homework%203.pdf`);
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(PDF);
  });

  it('a fetch that fails is tried again until it works', async () => {
    t = await appWith();
    const id = t.fake.simulator.storeUserMedia({ bytes: PNG, mimeType: 'image/png' });
    if (!('id' in id)) throw new Error('upload refused');
    t.fake.simulator.failMedia(id.id, 2);
    await t.fake.simulator.sendUserMessage({ from: ADA, name: 'Ada', media: { id: id.id } });
    await stored(t);
    const job = await waitFor('the job to be done', async () => {
      const [row] = await t!.database.db.select().from(jobs);
      return row?.status === 'done' ? row : undefined;
    });
    expect(job.attempts).toBe(3);
  });

  it('an expired download URL is never reused: with URLs that expire at once every attempt fails, and the agent reads why', async () => {
    t = await appWith({ mediaUrlTtlMs: 1 });
    await adaSends(t, PNG, 'image/png');
    const media = await mediaIn(t, 'failed', 'the attachment to fail');
    expect(media.error).toMatch(/^Downloading the file failed .* \(gave up after 3 attempts\)$/);
    expect((await get(t, media.url)).status).toBe(409);
  });

  it('a file WhatsApp no longer has fails at once with a reason; the agent can retry a failed one', async () => {
    t = await appWith();
    const uploaded = t.fake.simulator.storeUserMedia({ bytes: PNG, mimeType: 'image/png' });
    if (!('id' in uploaded)) throw new Error('upload refused');
    t.fake.simulator.failMedia(uploaded.id, 3);
    await t.fake.simulator.sendUserMessage({ from: ADA, name: 'Ada', media: { id: uploaded.id } });
    const failed = await mediaIn(t, 'failed', 'the attachment to fail');
    // The fake's failures are used up: a retry now works.
    const retried = await t.admin('POST', `/api/admin/media/${failed.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.json.data.media).toMatchObject({ id: failed.id, status: 'pending', error: null });
    await stored(t);
    expect((await t.admin('POST', `/api/admin/media/${failed.id}/retry`)).json.error.code).toBe('MEDIA_NOT_FAILED');

    const gone = await adaSends(t, PNG, 'image/png');
    t.fake.simulator.forgetMedia(gone);
    await waitFor('the second attachment to fail', async () => {
      const [row] = await t!.database.db.select().from(mediaFiles).where(eq(mediaFiles.whatsappId, gone));
      return row?.status === 'failed' ? row : undefined;
    }).then((row) => expect(row.error).toBe('WhatsApp no longer has this file (media is kept for 7 days).'));
    const goneJob = await waitFor('its job to be failed', async () => {
      const [row] = await t!.database.db.select().from(jobs).where(eq(jobs.status, 'failed'));
      return row;
    });
    expect(goneJob.attempts).toBe(1);
  });

  it('MEDIA_RETENTION_DAYS: an attachment older than that is deleted from the store; its message stays and says so', async () => {
    t = await appWith();
    await adaSends(t, PNG, 'image/png');
    const media = await stored(t);
    const [row] = await t.database.db.select().from(mediaFiles);
    await t.database.db.update(mediaFiles).set({ storedAt: new Date(Date.now() - 3 * 24 * 3_600_000) });
    const { db } = t.database;
    expect(await deleteExpiredMedia({ db, bus: t.app.wadesk.bus, store: t.app.wadesk.media, log: t.app.log }, 7)).toBe(0);
    expect(await deleteExpiredMedia({ db, bus: t.app.wadesk.bus, store: t.app.wadesk.media, log: t.app.log }, 2)).toBe(1);
    expect(await mediaOf(t)).toMatchObject({ id: media.id, status: 'deleted', error: expect.stringContaining('Removed after 2 days') });
    expect((await get(t, media.url)).status).toBe(409);
    await expect(t.app.wadesk.media.get(row!.storageKey!)).rejects.toThrow();
  });

  it('with MEDIA_S3_BUCKET the bytes live in the bucket and are served from it', async () => {
    s3 = await startLocalS3();
    t = await appWith({ s3 });
    await adaSends(t, PNG, 'image/png');
    const media = await stored(t);
    expect(t.app.wadesk.media.kind).toBe('s3');
    const [row] = await t.database.db.select().from(mediaFiles);
    expect(row?.storageKey).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
    expect(Buffer.from(await (await get(t, media.url)).arrayBuffer())).toEqual(PNG);
  });
});
