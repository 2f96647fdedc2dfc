import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseWebhook, WebhookShapeError } from '../../src/whatsapp/webhook-parser.js';
import type { InboundMessage } from '../../src/whatsapp/types.js';
import { fixturesDir, loadFixture } from '../helpers/fixtures.js';

const at = (seconds: number): Date => new Date(seconds * 1000);
const noContent = { text: null, choice: null, media: null, location: null, reaction: null, contacts: null, context: null, errors: [] };
const pablo = { key: '16505551234', waId: '16505551234', userId: null, profileName: 'Pablo Morales', username: null };
const testName = { key: '972987654321', waId: '972987654321', userId: null, profileName: 'Test Name', username: null };

/** Wraps message/status objects in one change of a valid envelope. */
function webhook(value: Record<string, unknown>): unknown {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'PN' }, ...value } }] }],
  };
}

function onlyMessage(body: unknown): InboundMessage {
  const { messages } = parseWebhook(body);
  expect(messages).toHaveLength(1);
  return messages[0]!;
}

const fromAna = (message: Record<string, unknown>): unknown =>
  webhook({
    contacts: [{ profile: { name: 'Ana' }, wa_id: '491701234567' }],
    messages: [{ from: '491701234567', id: 'wamid.A', timestamp: '1700000000', ...message }],
  });

describe('parseWebhook on the recorded fixtures', () => {
  const expected: Record<string, (parsed: ReturnType<typeof parseWebhook>, json: any) => void> = {
    'inbound-text.json': (p, json) => {
      expect(p.messages).toEqual([
        {
          ...noContent,
          wamid: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
          contact: { ...pablo, profileName: 'Sheena Nelson' },
          phoneNumberId: '106540352242922',
          timestamp: at(1749416383),
          type: 'text',
          text: 'Does it come in another color?',
          raw: json.entry[0].changes[0].value.messages[0],
          source: json.entry[0].changes[0].value,
        },
      ]);
    },
    'inbound-button-reply.json': (p) => {
      const m = p.messages[0]!;
      expect(m).toMatchObject({
        wamid: 'wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQThBREYwNzc2RDc2QjA1QTIwMgA=',
        contact: pablo,
        phoneNumberId: '106540352242922',
        timestamp: at(1714510003),
        type: 'interactive',
        text: 'Change',
        choice: { kind: 'button_reply', id: 'change-button', title: 'Change', description: null },
        media: null,
        context: { from: '15550783881', id: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBJBM0Y4RUU0RUNFQkFDMjYzQUMA', forwarded: false, frequentlyForwarded: false },
      });
    },
    'inbound-list-reply.json': (p) => {
      expect(p.messages[0]).toMatchObject({
        contact: pablo,
        timestamp: at(1712595443),
        type: 'interactive',
        text: 'Priority Mail Express',
        choice: { kind: 'list_reply', id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' },
        context: { from: '15550783881', id: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBIwMjg0RkMxOEMyMkNEQUFFRDgA' },
      });
    },
    'inbound-image.json': (p) => {
      expect(p.messages[0]).toMatchObject({
        wamid: 'wamid.xyzxyz',
        contact: testName,
        phoneNumberId: '1122334455667',
        timestamp: at(1697043379),
        type: 'image',
        text: null,
        media: { id: '65463453', mimeType: 'image/jpeg', sha256: '4654+8g=', caption: null, filename: null },
        context: null,
      });
    },
    'inbound-document-forwarded.json': (p) => {
      expect(p.messages[0]).toMatchObject({
        timestamp: at(1697043666),
        type: 'document',
        text: 'caption',
        media: {
          id: '1234567890987654321',
          mimeType: 'application/pdf',
          sha256: 'grwfwe/ZPx0wAbdfbdeFUNItPZ0RylL8gGUvdt3YFqc18SY=',
          caption: 'caption',
          filename: 'filename.pdf',
        },
        context: { from: null, id: null, forwarded: true, frequentlyForwarded: false },
      });
    },
    'inbound-template-quick-reply.json': (p) => {
      expect(p.messages[0]).toMatchObject({
        wamid: 'wamid.xsidjw',
        contact: { ...testName, userId: 'US.13491208655302741918' },
        timestamp: at(1698269027),
        type: 'button',
        text: 'title',
        choice: { kind: 'quick_reply', id: 'callback_data', title: 'title', description: null },
        context: { from: '972123456789', id: 'wamid.xyzxyz==', forwarded: false, frequentlyForwarded: false },
      });
    },
    'inbound-unsupported.json': (p, json) => {
      expect(p.messages[0]).toMatchObject({
        contact: testName,
        timestamp: at(1697044706),
        type: 'unsupported',
        text: null,
        errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', details: 'Message type is currently not supported.' }],
        raw: json.entry[0].changes[0].value.messages[0],
      });
    },
    'status-delivered.json': (p, json) => {
      expect(p.messages).toEqual([]);
      expect(p.statuses).toEqual([
        {
          wamid: 'wamid.xyzxyz',
          status: 'delivered',
          timestamp: at(1698266945),
          recipientId: '972987654321',
          errors: [],
          raw: json.entry[0].changes[0].value.statuses[0],
          source: json.entry[0].changes[0].value,
        },
      ]);
    },
    'status-failed.json': (p) => {
      expect(p.statuses).toMatchObject([
        {
          wamid: 'wamid.xyzxyz',
          status: 'failed',
          timestamp: at(1689380458),
          recipientId: '972987654321',
          errors: [
            {
              code: 130472,
              title: "User's number is part of an experiment",
              message: "User's number is part of an experiment",
              details: "Failed to send message because this user's phone number is part of an experiment",
            },
          ],
        },
      ]);
    },
  };

  it('has an expectation for every fixture file', () => {
    const files = readdirSync(fixturesDir).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [name, check] of Object.entries(expected)) {
    it(`parses ${name}`, () => {
      const { json } = loadFixture(name);
      const parsed = parseWebhook(json);
      if (name.startsWith('inbound-')) {
        expect(parsed.messages).toHaveLength(1);
        expect(parsed.statuses).toEqual([]);
      }
      expect(parsed.errors).toEqual([]);
      check(parsed, json);
    });
  }
});

describe('parseWebhook on one POST carrying many events', () => {
  it('reads every entry, change, message and status in order', () => {
    const text = loadFixture('inbound-text.json').json;
    const image = loadFixture('inbound-image.json').json;
    const delivered = loadFixture('status-delivered.json').json;
    const failed = loadFixture('status-failed.json').json;
    const textValue = text.entry[0].changes[0].value;
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'A',
          changes: [
            { field: 'messages', value: { ...textValue, messages: [textValue.messages[0], { ...textValue.messages[0], id: 'wamid.second' }] } },
            delivered.entry[0].changes[0],
          ],
        },
        { id: 'B', changes: [image.entry[0].changes[0], failed.entry[0].changes[0]] },
      ],
    };
    const parsed = parseWebhook(body);
    expect(parsed.messages.map((m) => [m.wamid, m.type, m.contact.key])).toEqual([
      ['wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', 'text', '16505551234'],
      ['wamid.second', 'text', '16505551234'],
      ['wamid.xyzxyz', 'image', '972987654321'],
    ]);
    expect(parsed.statuses.map((s) => s.status)).toEqual(['delivered', 'failed']);
  });

  it('matches each message to its own contact', () => {
    const parsed = parseWebhook(
      webhook({
        contacts: [
          { profile: { name: 'Ana' }, wa_id: '111' },
          { profile: { name: 'Ben' }, wa_id: '222' },
        ],
        messages: [
          { from: '222', id: 'wamid.1', timestamp: '1700000000', type: 'text', text: { body: 'hi from Ben' } },
          { from: '111', id: 'wamid.2', timestamp: '1700000001', type: 'text', text: { body: 'hi from Ana' } },
        ],
      }),
    );
    expect(parsed.messages.map((m) => [m.contact.profileName, m.text])).toEqual([
      ['Ben', 'hi from Ben'],
      ['Ana', 'hi from Ana'],
    ]);
  });

  it('collects value-level errors that come without messages', () => {
    const parsed = parseWebhook(webhook({ errors: [{ code: 131000, title: 'Something went wrong', error_data: { details: 'x' } }] }));
    expect(parsed.errors).toEqual([{ code: 131000, title: 'Something went wrong', message: null, details: 'x' }]);
  });
});

describe('parseWebhook contacts', () => {
  it('keys a username-only user (no wa_id, no from) on the business-scoped user id', () => {
    const m = onlyMessage(
      webhook({
        contacts: [{ profile: { name: 'Ana', username: '@ana' }, user_id: 'US.123' }],
        messages: [{ from_user_id: 'US.123', id: 'wamid.U', timestamp: '1700000000', type: 'text', text: { body: 'hola' } }],
      }),
    );
    expect(m.contact).toEqual({ key: 'US.123', waId: null, userId: 'US.123', profileName: 'Ana', username: '@ana' });
  });

  it('matches a contact by user id and still keys it on the phone number when the contact has one', () => {
    const m = onlyMessage(
      webhook({
        contacts: [
          { profile: { name: 'Ben' }, wa_id: '222' },
          { profile: { name: 'Ana' }, wa_id: '111', user_id: 'US.1' },
        ],
        messages: [{ from_user_id: 'US.1', id: 'wamid.1', timestamp: '1', type: 'text', text: { body: 'x' } }],
      }),
    );
    expect(m.contact).toEqual({ key: '111', waId: '111', userId: 'US.1', profileName: 'Ana', username: null });
  });

  it('falls back to the only contact when the ids do not line up', () => {
    const lonely = onlyMessage(
      webhook({ contacts: [{ profile: { name: 'Ana' }, user_id: 'US.1' }], messages: [{ from: '111', id: 'wamid.2', type: 'text', text: { body: 'x' } }] }),
    );
    expect(lonely.contact).toEqual({ key: '111', waId: '111', userId: 'US.1', profileName: 'Ana', username: null });
  });

  it('does not borrow the profile of the only contact when it names someone else', () => {
    const m = onlyMessage(
      webhook({ contacts: [{ profile: { name: 'Ana' }, wa_id: '111' }], messages: [{ from: '222', id: 'wamid.1', type: 'text', text: { body: 'x' } }] }),
    );
    expect(m.contact).toEqual({ key: '222', waId: '222', userId: null, profileName: null, username: null });
  });

  it('skips a message that names no sender at all, since it cannot be put in any conversation', () => {
    const parsed = parseWebhook(webhook({ messages: [{ id: 'wamid.1', timestamp: '1', type: 'text', text: { body: 'who am I' } }] }));
    expect(parsed.messages).toEqual([]);
  });

  it('skips a message without an id, since it could not be de-duplicated', () => {
    expect(parseWebhook(fromAna({ id: undefined, type: 'text', text: { body: 'x' } })).messages).toEqual([]);
  });
});

describe('parseWebhook message types', () => {
  it('keeps a brand-new message type as unsupported with its raw object', () => {
    const raw = { from: '491701234567', id: 'wamid.A', timestamp: '1700000000', type: 'hologram', hologram: { id: 'H1' } };
    const m = onlyMessage(fromAna(raw));
    expect(m).toMatchObject({ ...noContent, type: 'unsupported', raw });
  });

  it('keeps a known type with a malformed payload as unsupported', () => {
    expect(onlyMessage(fromAna({ type: 'image', image: { mime_type: 'image/png' } })).type).toBe('unsupported');
    expect(onlyMessage(fromAna({ type: 'interactive', interactive: { type: 'carousel_reply' } })).type).toBe('unsupported');
  });

  it('reads voice notes and animated stickers', () => {
    expect(onlyMessage(fromAna({ type: 'audio', audio: { id: 'M1', mime_type: 'audio/ogg; codecs=opus', voice: true } })).media).toEqual({
      id: 'M1',
      mimeType: 'audio/ogg; codecs=opus',
      sha256: null,
      caption: null,
      filename: null,
      voice: true,
    });
    expect(onlyMessage(fromAna({ type: 'sticker', sticker: { id: 'S1', animated: true } })).media).toMatchObject({ id: 'S1', animated: true });
    expect(onlyMessage(fromAna({ type: 'video', video: { id: 'V1', caption: 'look' } }))).toMatchObject({ type: 'video', text: 'look' });
  });

  it('describes a location by name and address, or by coordinates', () => {
    const named = onlyMessage(fromAna({ type: 'location', location: { latitude: 52.52, longitude: 13.405, name: 'Shop', address: 'Main St 1' } }));
    expect(named).toMatchObject({ type: 'location', text: '📍 Shop, Main St 1', location: { latitude: 52.52, longitude: 13.405, name: 'Shop', address: 'Main St 1' } });
    const bare = onlyMessage(fromAna({ type: 'location', location: { latitude: 52.52, longitude: 13.405 } }));
    expect(bare.text).toBe('📍 52.52, 13.405');
  });

  it('describes shared contact cards', () => {
    const m = onlyMessage(
      fromAna({
        type: 'contacts',
        contacts: [
          { name: { formatted_name: 'John Smith', first_name: 'John' }, phones: [{ phone: '+1 (940) 555-1234', wa_id: '19405551234' }] },
          { name: { first_name: 'Jane', last_name: 'Doe' }, phones: [{ phone: '4915112345' }] },
          { name: { formatted_name: 'No Phone' } },
        ],
      }),
    );
    expect(m).toMatchObject({ type: 'contacts', text: '👤 John Smith (+1 (940) 555-1234)\n👤 Jane Doe (+4915112345)\n👤 No Phone' });
    expect(m.contacts).toEqual([
      { name: 'John Smith', phones: ['+1 (940) 555-1234'] },
      { name: 'Jane Doe', phones: ['+4915112345'] },
      { name: 'No Phone', phones: [] },
    ]);
  });

  it('reads a reaction, and an empty emoji as a removed reaction', () => {
    expect(onlyMessage(fromAna({ type: 'reaction', reaction: { message_id: 'wamid.OUT', emoji: '👍' } }))).toMatchObject({
      type: 'reaction',
      text: '👍',
      reaction: { messageId: 'wamid.OUT', emoji: '👍' },
    });
    expect(onlyMessage(fromAna({ type: 'reaction', reaction: { message_id: 'wamid.OUT', emoji: '' } }))).toMatchObject({
      text: null,
      reaction: { messageId: 'wamid.OUT', emoji: null },
    });
  });

  it('summarises an order', () => {
    const order = { catalog_id: 'C', text: 'please gift-wrap', product_items: [{ product_retailer_id: 'p1', quantity: 2 }, { product_retailer_id: 'p2', quantity: 1 }] };
    expect(onlyMessage(fromAna({ type: 'order', order })).text).toBe('🛒 Order: 3 items\nplease gift-wrap');
    expect(onlyMessage(fromAna({ type: 'order', order: { product_items: [{ quantity: 1 }] } })).text).toBe('🛒 Order: 1 item');
  });

  it('reads a system message and a flow (nfm) reply', () => {
    expect(onlyMessage(fromAna({ type: 'system', system: { body: 'Ana changed her number', type: 'user_changed_number' } }))).toMatchObject({
      type: 'system',
      text: 'Ana changed her number',
    });
    const flow = onlyMessage(fromAna({ type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"a":1}' } } }));
    expect(flow).toMatchObject({ type: 'interactive', choice: null, text: 'Sent' });
    const bodyless = onlyMessage(fromAna({ type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{"a":1}' } } }));
    expect(bodyless.text).toBe('{"a":1}');
  });

  it('reads frequently forwarded context', () => {
    expect(onlyMessage(fromAna({ type: 'text', text: { body: 'x' }, context: { forwarded: true, frequently_forwarded: true } })).context).toEqual({
      from: null,
      id: null,
      forwarded: true,
      frequentlyForwarded: true,
    });
  });
});

describe('parseWebhook timestamps', () => {
  afterEach(() => vi.useRealTimers());

  it('uses the time of receipt when the timestamp is missing or garbled', () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    expect(onlyMessage(fromAna({ timestamp: 'soon', type: 'text', text: { body: 'x' } })).timestamp).toEqual(new Date('2026-03-01T10:00:00Z'));
    expect(onlyMessage(fromAna({ timestamp: '1e300', type: 'text', text: { body: 'x' } })).timestamp).toEqual(new Date('2026-03-01T10:00:00Z'));
  });
});

describe('parseWebhook statuses', () => {
  it('skips statuses it does not model, such as deleted and warning', () => {
    const parsed = parseWebhook(
      webhook({
        statuses: [
          { id: 'wamid.1', status: 'deleted', timestamp: '1' },
          { id: 'wamid.2', status: 'warning', timestamp: '1' },
          { id: 'wamid.3', status: 'read', timestamp: '1700000000' },
          { status: 'sent', timestamp: '1' },
        ],
      }),
    );
    const read = { id: 'wamid.3', status: 'read', timestamp: '1700000000' };
    expect(parsed.statuses).toEqual([
      { wamid: 'wamid.3', status: 'read', timestamp: at(1700000000), recipientId: null, errors: [], raw: read, source: expect.objectContaining({ statuses: [read] }) },
    ]);
    // One without an id can never be applied: it is kept as a dead letter rather than silently dropped.
    expect(parsed.unprocessable.map((u) => [u.kind, u.reason])).toEqual([['status', 'status has no id']]);
  });
});

describe('parseWebhook tolerance and shape errors', () => {
  it('does not throw on garbage inside entry', () => {
    const valid = loadFixture('inbound-text.json').json.entry[0].changes[0];
    const body = {
      object: 'whatsapp_business_account',
      entry: [null, 7, { id: 'x' }, { changes: null }, { changes: [null, {}, { field: 'messages' }, { field: 'messages', value: null }, { field: 'messages', value: { messages: [null, 'x', {}], statuses: [null], errors: 'bad' } }, valid] }],
    };
    expect(parseWebhook(body).messages.map((m) => m.text)).toEqual(['Does it come in another color?']);
  });

  it('ignores other objects and fields', () => {
    const valid = loadFixture('inbound-text.json').json;
    expect(parseWebhook({ ...valid, object: 'page' })).toEqual({ messages: [], statuses: [], unprocessable: [], errors: [] });
    const otherField = { ...valid, entry: [{ id: 'x', changes: [{ ...valid.entry[0].changes[0], field: 'account_update' }] }] };
    expect(parseWebhook(otherField).messages).toEqual([]);
    expect(parseWebhook({}).messages).toEqual([]);
  });

  it.each([
    ['a JSON array', []],
    ['a number', 42],
    ['null', null],
    ['a string', 'hello'],
    ['an entry that is an object', { object: 'whatsapp_business_account', entry: {} }],
    ['an entry that is null', { object: 'whatsapp_business_account', entry: null }],
  ])('throws WebhookShapeError for %s', (_, body) => {
    expect(() => parseWebhook(body)).toThrow(WebhookShapeError);
  });
});

describe('parseWebhook on values the database cannot hold (poison webhooks)', () => {
  afterEach(() => vi.useRealTimers());
  const receipt = new Date('2026-03-01T10:00:00Z');
  const textFromAna = (extra: Record<string, unknown>) => fromAna({ type: 'text', text: { body: 'x' }, ...extra });

  it('takes the time of receipt for a timestamp before 1970, in the year 10000 or more than a week ahead', () => {
    vi.useFakeTimers({ now: receipt });
    const year10000 = String(Date.UTC(10000, 0, 1) / 1000);
    const beforeYear1 = String(Date.UTC(-1, 0, 1) / 1000);
    for (const timestamp of [year10000, beforeYear1, '-1', String(receipt.getTime() / 1000 + 8 * 86400), '8.64e15']) {
      expect(onlyMessage(textFromAna({ timestamp })).timestamp).toEqual(receipt);
    }
    const tomorrow = receipt.getTime() / 1000 + 86400;
    expect(onlyMessage(textFromAna({ timestamp: String(tomorrow) })).timestamp).toEqual(at(tomorrow));
  });

  it('keeps an error whose code is not a 32-bit integer with a null code and the code as given', () => {
    const errors = (code: unknown) => onlyMessage(fromAna({ type: 'unsupported', errors: [{ code, title: 'T' }] })).errors;
    expect(errors(2 ** 31)).toEqual([{ code: null, rawCode: '2147483648', title: 'T', message: null, details: null }]);
    expect(errors(-(2 ** 31) - 1)).toEqual([expect.objectContaining({ code: null, rawCode: '-2147483649' })]);
    expect(errors(1.5)).toEqual([expect.objectContaining({ code: null, rawCode: '1.5' })]);
    expect(errors('1e300')).toEqual([expect.objectContaining({ code: null, rawCode: '1e300' })]);
    expect(errors(131051)).toEqual([{ code: 131051, title: 'T', message: null, details: null }]);
    const status = parseWebhook(webhook({ statuses: [{ id: 'wamid.S', status: 'failed', timestamp: '1700000000', errors: [{ code: 99999999999 }] }] }));
    expect(status.statuses[0]!.errors).toEqual([expect.objectContaining({ code: null, rawCode: '99999999999' })]);
  });

  it('cannot process a message or status whose id or sender is too long to index, or that has none', () => {
    const long = 'x'.repeat(5000);
    const reasons = (value: Record<string, unknown>) => parseWebhook(webhook(value)).unprocessable.map((u) => [u.kind, u.reason]);
    expect(reasons({ messages: [{ from: '491701234567', id: long, type: 'text', text: { body: 'x' } }] })).toEqual([['message', 'message id longer than 256 characters']]);
    expect(reasons({ messages: [{ from: long, id: 'wamid.L', type: 'text', text: { body: 'x' } }] })).toEqual([['message', 'sender id longer than 256 characters']]);
    expect(reasons({ messages: [{ from_user_id: long, id: 'wamid.L' }] })).toEqual([['message', 'sender id longer than 256 characters']]);
    expect(reasons({ messages: [{ from: '491701234567', type: 'text' }, 7, { id: 'wamid.N' }] })).toEqual([
      ['message', 'message has no id'],
      ['message', 'message is not a JSON object'],
      ['message', 'message has no sender (from, wa_id or user_id)'],
    ]);
    expect(reasons({ statuses: [{ id: long, status: 'read' }, { id: 'wamid.S', status: 7 }, 'x'] })).toEqual([
      ['status', 'status id longer than 256 characters'],
      ['status', 'status has no status value'],
      ['status', 'status is not a JSON object'],
    ]);
  });

  it('cuts a profile name of thousands of characters, without splitting an emoji', () => {
    const name = 'a'.repeat(255) + '😀'.repeat(3000);
    const body = webhook({ contacts: [{ profile: { name }, wa_id: '491701234567' }], messages: [{ from: '491701234567', id: 'wamid.P', type: 'text', text: { body: 'x' } }] });
    expect(onlyMessage(body).contact.profileName).toBe('a'.repeat(255));
  });

  it('gives each item the change value narrowed to it, which parses back to the same item alone', () => {
    const body = webhook({
      contacts: [{ profile: { name: 'Ana' }, wa_id: '491701234567' }],
      messages: [
        { from: '491701234567', id: 'wamid.1', timestamp: '1700000000', type: 'text', text: { body: 'one' } },
        { from: '491701234567', timestamp: '1700000000', type: 'text', text: { body: 'no id' } },
      ],
      statuses: [{ id: 'wamid.S', status: 'read', timestamp: '1700000000' }],
    });
    const parsed = parseWebhook(body);
    const again = (source: unknown) => parseWebhook({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: source }] }] });
    const first = parsed.messages[0]!;
    expect(again(first.source).messages).toEqual([first]);
    expect(again(first.source).statuses).toEqual([]);
    expect(again(parsed.statuses[0]!.source).statuses).toEqual(parsed.statuses);
    const [noId] = parsed.unprocessable;
    expect(noId!.source).toEqual({
      messaging_product: 'whatsapp', metadata: { phone_number_id: 'PN' }, contacts: [{ profile: { name: 'Ana' }, wa_id: '491701234567' }],
      messages: [{ from: '491701234567', timestamp: '1700000000', type: 'text', text: { body: 'no id' } }],
    });
  });
});
