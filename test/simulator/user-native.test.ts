import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWebhook } from '../../src/whatsapp/webhook-parser.js';
import { loadFixture } from '../helpers/fixtures.js';
import { DISPLAY_PHONE_NUMBER, shapeOf, startSimulation, USER, type Simulation } from './harness.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwAEAgH+0LDBXAAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60)]);
const to = { messaging_product: 'whatsapp', recipient_type: 'individual', to: USER } as const;

let sim: Simulation;
beforeEach(async () => {
  sim = await startSimulation();
});
afterEach(async () => {
  await sim.close();
});

const lastMessage = () => sim.target.messages().at(-1);
async function send(input: object): Promise<{ status: number; json: any }> {
  return sim.userPost('/messages', { from: USER, name: 'Sheena', ...input });
}
async function upload(bytes: Buffer, type: string, name?: string): Promise<string> {
  const answer = await sim.userUpload({ bytes, type, name });
  expect(answer.status).toBe(200);
  return answer.json.data.id;
}

describe('simulated users send WhatsApp-native messages', () => {
  it('send a photo: the webhook is shaped like Meta’s, with the media id and a base64 sha256 the Graph API can serve', async () => {
    const id = await upload(PNG, 'image/png', 'photo.png');
    expect((await send({ media: { id } })).status).toBe(200);
    const webhook = sim.target.received.at(-1)!;
    expect(webhook.signedCorrectly).toBe(true);
    expect(shapeOf(webhook.json)).toBe(shapeOf(loadFixture('inbound-image.json').json));
    const image = lastMessage().image;
    expect(image).toEqual({ mime_type: 'image/png', sha256: createHash('sha256').update(PNG).digest('base64'), id });

    const info = await (await sim.graphGet(id)).json();
    expect(Buffer.from(info.sha256, 'hex').toString('base64')).toBe(image.sha256);
    const bytes = Buffer.from(await (await sim.graphGet(info.url)).arrayBuffer());
    expect(bytes).toEqual(PNG);
    const [parsed] = parseWebhook(webhook.json).messages;
    expect(parsed).toMatchObject({ type: 'image', media: { id, mimeType: 'image/png' } });
  });

  it('send a document with its file name and a caption, and a voice note', async () => {
    const pdf = await upload(PDF, 'application/pdf', 'invoice.pdf');
    await send({ media: { id: pdf, caption: 'My invoice' } });
    const fixture = loadFixture('inbound-document-forwarded.json').json.entry[0].changes[0].value.messages[0].document;
    expect(shapeOf(lastMessage().document)).toBe(shapeOf(fixture));
    expect(lastMessage().document).toMatchObject({ caption: 'My invoice', filename: 'invoice.pdf', mime_type: 'application/pdf', id: pdf });

    const voice = await upload(OGG, 'audio/ogg; codecs=opus');
    await send({ media: { id: voice, voice: true } });
    expect(lastMessage()).toMatchObject({ type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', id: voice, voice: true } });
    expect(sim.api.simulator.transcript(USER).at(-1)).toMatchObject({ kind: 'audio', media: { id: voice, voice: true } });
  });

  it('refuse files WhatsApp does not take, media ids they do not have, and a caption on a voice note', async () => {
    const gif = await sim.userUpload({ bytes: Buffer.from('GIF89a'), type: 'image/gif' });
    expect(gif.status).toBe(400);
    expect((await send({ media: { id: '999' } })).json.error.code).toBe('UNKNOWN_MEDIA');
    const voice = await upload(OGG, 'audio/ogg');
    expect((await send({ media: { id: voice, caption: 'hi' } })).json.error).toMatchObject({ code: 'VALIDATION_ERROR', message: 'audio messages have no caption' });
    expect((await send({ text: 'a', location: { latitude: 1, longitude: 2 } })).status).toBe(400);
  });

  it('share a location and a contact card', async () => {
    await send({ location: { latitude: 6.4281, longitude: 3.4219, name: 'Lekki Office', address: '1 Admiralty Way' } });
    expect(lastMessage()).toMatchObject({ type: 'location', location: { latitude: 6.4281, longitude: 3.4219, name: 'Lekki Office', address: '1 Admiralty Way' } });
    expect(parseWebhook(sim.target.received.at(-1)!.json).messages[0]).toMatchObject({ type: 'location', location: { name: 'Lekki Office' } });

    await send({ contacts: [{ name: 'Ada Obi', phones: ['+234 801 234 5678'] }] });
    expect(lastMessage().contacts).toEqual([{ name: { formatted_name: 'Ada Obi', first_name: 'Ada' }, phones: [{ phone: '+234 801 234 5678', type: 'CELL', wa_id: '2348012345678' }] }]);
  });

  it('react to a business message and take the reaction back (no emoji field), but not to their own', async () => {
    const mine = (await send({ text: 'Hi' })).json.data.wamid;
    const answer = await sim.post({ ...to, type: 'text', text: { body: 'Hello! How can we help?', preview_url: false } });
    const business = answer.json.messages[0].id;
    await send({ reaction: { messageId: business, emoji: '❤️' } });
    expect(lastMessage()).toMatchObject({ type: 'reaction', reaction: { message_id: business, emoji: '❤️' } });
    await send({ reaction: { messageId: business, emoji: '' } });
    expect(lastMessage().reaction).toEqual({ message_id: business });
    expect(parseWebhook(sim.target.received.at(-1)!.json).messages[0]?.reaction).toEqual({ messageId: business, emoji: null });
    expect((await send({ reaction: { messageId: mine, emoji: '👍' } })).json.error.code).toBe('UNKNOWN_MESSAGE');
    expect((await send({ reaction: { messageId: business, emoji: 'yes' } })).json.error.code).toBe('VALIDATION_ERROR');
  });

  it('reply quoting a business message: context names the business number and the message', async () => {
    await send({ text: 'Hi' });
    const business = (await sim.post({ ...to, type: 'text', text: { body: 'Which order?', preview_url: false } })).json.messages[0].id;
    await send({ text: 'The blue one', replyTo: business });
    expect(lastMessage()).toMatchObject({ context: { from: DISPLAY_PHONE_NUMBER, id: business }, type: 'text', text: { body: 'The blue one' } });
    expect(sim.api.simulator.transcript(USER).at(-1)).toMatchObject({ replyTo: business });
    expect((await send({ text: 'x', replyTo: 'wamid.nothing' })).json.error.code).toBe('UNKNOWN_MESSAGE');
  });

  it('serve a file to the phone page without a token', async () => {
    const id = await upload(PNG, 'image/png');
    const response = await fetch(`${sim.api.userApiUrl}/media/${id}`);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
    expect((await fetch(`${sim.api.userApiUrl}/media/123`)).status).toBe(404);
  });
});
