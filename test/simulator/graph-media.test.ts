import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulation, type Simulation } from './harness.js';

/** A tiny but real PNG (1×1), and the hex SHA-256 Meta would give for it. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwAEAgH+0LDBXAAAAABJRU5ErkJggg==', 'base64');
const PNG_SHA256 = createHash('sha256').update(PNG).digest('hex');
const URL_TTL_MS = 200;

let sim: Simulation;
beforeEach(async () => {
  sim = await startSimulation({ mediaUrlTtlMs: URL_TTL_MS });
});
afterEach(async () => {
  await sim.close();
});

async function uploadPng(): Promise<string> {
  const answer = await sim.upload({ bytes: PNG, type: 'image/png', name: 'receipt.png' });
  expect(answer).toEqual({ status: 200, json: { id: expect.stringMatching(/^\d{15,16}$/) } });
  return answer.json.id;
}

describe('the fake Graph API’s media', () => {
  it('takes an upload and describes it as Meta does, with a hex sha256 and a URL that needs the token', async () => {
    const id = await uploadPng();
    const info = await sim.graphGet(id);
    expect(info.status).toBe(200);
    const body = await info.json();
    expect(body).toEqual({ messaging_product: 'whatsapp', url: expect.any(String), mime_type: 'image/png', sha256: PNG_SHA256, file_size: PNG.length, id });
    expect(new URL(body.url).searchParams.get('mid')).toBe(id);

    expect((await sim.graphGet(body.url, { token: null })).status).toBe(401);
    const download = await sim.graphGet(body.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
  });

  it('lets a download URL expire: a later try must ask for a fresh one', async () => {
    const id = await uploadPng();
    const { url } = await (await sim.graphGet(id)).json();
    await sleep(URL_TTL_MS + 50);
    expect((await sim.graphGet(url)).status).toBe(404);
    const fresh = (await (await sim.graphGet(id)).json()).url;
    expect(fresh).not.toBe(url);
    expect((await sim.graphGet(fresh)).status).toBe(200);
  });

  it('answers an unknown or forgotten media id with Graph’s code 100', async () => {
    const unknown = await sim.graphGet('1234567890123456');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatchObject({ code: 100, type: 'GraphMethodException', message: expect.stringMatching(/^Unsupported get request/) });

    const id = await uploadPng();
    const { url } = await (await sim.graphGet(id)).json();
    sim.api.simulator.forgetMedia(id);
    expect((await sim.graphGet(id)).status).toBe(400);
    expect((await sim.graphGet(url)).status).toBe(404);
  });

  it('fails a media id a set number of times with a server error, then serves it', async () => {
    const id = await uploadPng();
    sim.api.simulator.failMedia(id, 2);
    expect((await sim.graphGet(id)).status).toBe(500);
    expect((await sim.graphGet(id)).status).toBe(500);
    const { url } = await (await sim.graphGet(id)).json();
    sim.api.simulator.failMedia(id, 1);
    expect((await sim.graphGet(url)).status).toBe(500);
    expect((await sim.graphGet(url)).status).toBe(200);
  });

  it('refuses media calls without the token (401, code 190)', async () => {
    const id = await uploadPng();
    const answer = await sim.graphGet(id, { token: null });
    expect(answer.status).toBe(401);
    expect((await answer.json()).error.code).toBe(190);
    expect((await sim.upload({ bytes: PNG, type: 'image/png' }, { token: 'wrong' })).status).toBe(401);
  });

  it('refuses a type WhatsApp does not take (code 100) and a file over its limit (code 131053)', async () => {
    const gif = await sim.upload({ bytes: Buffer.from('GIF89a'), type: 'image/gif' });
    expect(gif.status).toBe(400);
    expect(gif.json.error.code).toBe(100);

    const big = await sim.upload({ bytes: Buffer.alloc(5 * 1024 * 1024 + 1), type: 'image/jpeg' });
    expect(big.status).toBe(400);
    expect(big.json.error).toMatchObject({ code: 131053, error_data: { details: expect.stringContaining('image files are limited to 5242880 bytes') } });

    const sticker = await sim.upload({ bytes: Buffer.alloc(100 * 1024 + 1), type: 'image/webp' });
    expect(sticker.json.error.code).toBe(131053);
  });

  it('deletes media', async () => {
    const id = await uploadPng();
    const response = await fetch(`${sim.api.url}/${id}`, { method: 'DELETE', headers: { authorization: 'Bearer test-access-token' } });
    expect(await response.json()).toEqual({ success: true });
    expect((await sim.graphGet(id)).status).toBe(400);
  });
});
