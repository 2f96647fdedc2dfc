import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebhook } from '../../src/whatsapp/webhook-parser.js';
import type { InboundMessage } from '../../src/whatsapp/types.js';

/**
 * Payloads shaped like Meta's for the kinds the recorded fixtures (../shared/fixtures/whatsapp) do not
 * cover: a place, a contact card, a sticker, a voice note, a video, a reaction, a quoted reply and a
 * system notice. Each is kept byte for byte in test/fixtures/whatsapp/.
 */
const dir = path.resolve(import.meta.dirname, '../fixtures/whatsapp');
const parse = (name: string): InboundMessage => {
  const { messages, unprocessable } = parseWebhook(JSON.parse(readFileSync(path.join(dir, name), 'utf8')));
  expect(unprocessable).toEqual([]);
  expect(messages).toHaveLength(1);
  return messages[0]!;
};

describe('parseWebhook on payloads shaped like Meta\'s, for every native kind', () => {
  const expected: Record<string, (m: InboundMessage) => void> = {
    'inbound-location.json': (m) => expect(m).toMatchObject({
      type: 'location', location: { latitude: 6.5158, longitude: 3.3898, name: 'Yaba College of Technology', address: 'Herbert Macaulay Way, Yaba, Lagos' },
    }),
    'inbound-contacts.json': (m) => expect(m).toMatchObject({ type: 'contacts', contacts: [{ name: 'Tolu Ade', phones: ['+234 803 000 0003'] }] }),
    'inbound-sticker.json': (m) => expect(m).toMatchObject({ type: 'sticker', media: { id: '1019283746501928', mimeType: 'image/webp', animated: false } }),
    'inbound-voice.json': (m) => expect(m).toMatchObject({ type: 'audio', media: { id: '1029384756102938', mimeType: 'audio/ogg; codecs=opus', voice: true } }),
    'inbound-video.json': (m) => expect(m).toMatchObject({ type: 'video', text: 'the error when I upload', media: { id: '1039485761203948', caption: 'the error when I upload' } }),
    'inbound-reaction.json': (m) => expect(m).toMatchObject({
      type: 'reaction', reaction: { messageId: 'wamid.HBgNMjM0ODAzMTIzNDU2NxUCABEYEjQzRkFHRU5UUkVQTFkwMDAxAA==', emoji: '👍' },
    }),
    'inbound-reply-with-context.json': (m) => expect(m).toMatchObject({
      type: 'text', text: 'Yes, it is a PDF',
      context: { from: '15550783881', id: 'wamid.HBgNMjM0ODAzMTIzNDU2NxUCABEYEjQzRkFHRU5UUkVQTFkwMDAxAA==', forwarded: false },
    }),
    'inbound-system.json': (m) => expect(m).toMatchObject({ type: 'system', text: 'Ada Obi changed from 2348031234567 to 2348039876543' }),
  };

  it('has an expectation for every file', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.json')).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [name, check] of Object.entries(expected)) {
    it(`reads ${name}`, () => {
      const message = parse(name);
      expect(message.contact).toMatchObject({ waId: '2348031234567', profileName: 'Ada Obi' });
      check(message);
    });
  }
});
