import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatBusinessMessage } from '../../src/simulator/chat-display.js';
import { mimeTypeOf, parseChatLine } from '../../src/simulator/chat-commands.js';
import { PhoneClient } from '../../src/simulator/phone-client.js';
import type { TranscriptEntry } from '../../src/simulator/types.js';
import { startSimulation, USER, type Simulation } from './harness.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwAEAgH+0LDBXAAAAABJRU5ErkJggg==', 'base64');
const to = { messaging_product: 'whatsapp', recipient_type: 'individual', to: USER } as const;

describe('the terminal chat’s commands', () => {
  it.each([
    ['Hello there', { kind: 'text', text: 'Hello there' }],
    ['/2', { kind: 'tap', number: 2 }],
    ['/photo ./receipt.png My receipt', { kind: 'file', path: './receipt.png', caption: 'My receipt', voice: false }],
    ['/voice note.ogg', { kind: 'file', path: 'note.ogg', voice: true }],
    ['/location 6.4281,3.4219 Lekki Office', { kind: 'location', latitude: 6.4281, longitude: 3.4219, name: 'Lekki Office' }],
    ['/contact +2348023456789 Ada Obi', { kind: 'contact', phone: '+2348023456789', name: 'Ada Obi' }],
    ['/react 1 👍', { kind: 'react', back: 1, emoji: '👍' }],
    ['/react 2', { kind: 'react', back: 2, emoji: '' }],
    ['/reply 1 The blue one', { kind: 'reply', back: 1, text: 'The blue one' }],
    ['/location 95,3', { kind: 'invalid', message: expect.stringContaining('LAT,LNG') }],
    ['/dance', { kind: 'invalid', message: 'Unknown command /dance. Type /help for the commands.' }],
  ])('reads %s', (line, command) => {
    expect(parseChatLine(line)).toEqual(command);
  });

  it('knows a file’s type by its extension', () => {
    expect([mimeTypeOf('a.JPG'), mimeTypeOf('b.ogg'), mimeTypeOf('c.pdf'), mimeTypeOf('d.bin')]).toEqual(['image/jpeg', 'audio/ogg', 'application/pdf', 'application/octet-stream']);
  });
});

describe('the terminal chat’s display of WhatsApp-native messages', () => {
  const entry = (fields: Partial<TranscriptEntry>): TranscriptEntry => ({ seq: 1, direction: 'out', wamid: 'wamid.B', at: '2026-03-02T09:00:00Z', kind: 'text', text: '', ...fields });
  const question = entry({ direction: 'in', wamid: 'wamid.Q', text: 'Where is my parcel?' });
  const find = (wamid: string) => (wamid === question.wamid ? question : undefined);

  it('shows media, quotes, reactions and "typing…"', () => {
    expect(formatBusinessMessage(entry({ kind: 'document', text: 'Your invoice', media: { id: '1', filename: 'invoice.pdf' } }))).toBe('wadesk: [📄 file invoice.pdf] Your invoice');
    expect(formatBusinessMessage(entry({ text: 'On its way', replyTo: 'wamid.Q' }), find)).toBe('        ┃ Where is my parcel?\nwadesk: On its way');
    expect(formatBusinessMessage(entry({ kind: 'reaction', reaction: { messageId: 'wamid.Q', emoji: '👍' } }), find)).toBe('(wadesk reacted 👍 to "Where is my parcel?")');
    expect(formatBusinessMessage(entry({ kind: 'typing' }))).toBe('(wadesk is typing…)');
  });
});

describe('the phone client sends WhatsApp-native messages', () => {
  let sim: Simulation;
  beforeEach(async () => {
    sim = await startSimulation();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('uploads a photo and sends it, shares a place and reacts to a business message', async () => {
    const phone = new PhoneClient(sim.api.userApiUrl.replace('/simulator/api', ''), USER, 'John');
    const id = await phone.upload({ bytes: PNG, mimeType: 'image/png', filename: 'photo.png' });
    await phone.sendMessage({ media: { id, caption: 'Look' } });
    expect(sim.target.messages().at(-1)).toMatchObject({ type: 'image', image: { id, caption: 'Look' } });
    await phone.sendMessage({ location: { latitude: 1.5, longitude: 2.5 } });
    const business = (await sim.post({ ...to, type: 'text', text: { body: 'Got it', preview_url: false } })).json.messages[0].id;
    await phone.sendMessage({ reaction: { messageId: business, emoji: '🙏' } });
    expect(sim.target.messages().map((m: any) => m.type)).toEqual(['image', 'location', 'reaction']);
  });
});
