import { describe, expect, it } from 'vitest';
import { markReadPayload, toGraphPayload } from '../../src/whatsapp/graph-payloads.js';
import { LIMITS, whatsappLength } from '../../src/whatsapp/limits.js';
import { validateGraphPayload, validateOutbound } from '../../src/whatsapp/payload-rules.js';
import type { ListSection, OutboundMessage } from '../../src/whatsapp/types.js';

const phone = { waId: '2348012345678', userId: null };
const x = (n: number): string => 'x'.repeat(n);

const menu: OutboundMessage = {
  kind: 'buttons',
  body: 'How can we help?',
  footer: 'wadesk',
  buttons: [
    { id: 'chat_support', title: '💬 Chat Support' },
    { id: 'help', title: 'Help' },
  ],
};

const plans: OutboundMessage = {
  kind: 'list',
  body: 'Choose a plan',
  button: 'Plans',
  sections: [
    { title: 'Monthly', rows: [{ id: 'basic_m', title: 'Basic', description: '5 € a month' }] },
    { title: 'Yearly', rows: [{ id: 'basic_y', title: 'Basic' }] },
  ],
};

describe('toGraphPayload', () => {
  it('builds a text message addressed to the wa_id', () => {
    expect(toGraphPayload(phone, { kind: 'text', body: 'Hello' })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '2348012345678',
      type: 'text',
      text: { body: 'Hello', preview_url: false },
    });
  });

  it('builds reply buttons with a footer', () => {
    expect(toGraphPayload(phone, menu)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '2348012345678',
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'How can we help?' },
        footer: { text: 'wadesk' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'chat_support', title: '💬 Chat Support' } },
            { type: 'reply', reply: { id: 'help', title: 'Help' } },
          ],
        },
      },
    });
  });

  it('builds a list, leaving out titles and descriptions that were not given', () => {
    const body = toGraphPayload(phone, {
      kind: 'list',
      body: 'Pick one',
      button: 'Options',
      sections: [{ rows: [{ id: 'a', title: 'A' }] }],
    });
    expect(body).toMatchObject({ type: 'interactive' });
    expect(body.type === 'interactive' && body.interactive).toEqual({
      type: 'list',
      body: { text: 'Pick one' },
      action: { button: 'Options', sections: [{ rows: [{ id: 'a', title: 'A' }] }] },
    });
  });

  it('addresses a username-only contact by recipient instead of to', () => {
    const body = toGraphPayload({ waId: null, userId: 'US.13491208655302741918' }, { kind: 'text', body: 'Hi' });
    expect(body.recipient).toBe('US.13491208655302741918');
    expect(body).not.toHaveProperty('to');
    expect(validateGraphPayload(body)).toEqual([]);
  });

  it('refuses a contact with neither a wa_id nor a user id', () => {
    expect(() => toGraphPayload({ waId: null, userId: null }, { kind: 'text', body: 'Hi' })).toThrow();
  });
});

describe('markReadPayload', () => {
  it('is a valid read receipt', () => {
    const body = markReadPayload('wamid.ABC');
    expect(body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.ABC' });
    expect(validateGraphPayload(body)).toEqual([]);
  });
});

describe('whatsappLength', () => {
  it('counts an emoji as two characters, the stricter reading of Meta limits', () => {
    expect(whatsappLength('👍')).toBe(2);
    expect(validateOutbound({ kind: 'buttons', body: 'b', buttons: [{ id: 'a', title: x(19) + '👍' }] })).toEqual([
      'interactive.action.buttons[0].reply.title is 21 characters; the limit is 20',
    ]);
  });
});

describe('validateOutbound', () => {
  it('accepts valid messages at their limits', () => {
    expect(validateOutbound({ kind: 'text', body: x(LIMITS.textBody) })).toEqual([]);
    expect(validateOutbound(menu)).toEqual([]);
    expect(validateOutbound(plans)).toEqual([]);
    const tenRows = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, title: x(24), description: x(72) }));
    expect(
      validateOutbound({ kind: 'list', body: x(1024), footer: x(60), button: x(20), sections: [{ title: x(24), rows: tenRows }] }),
    ).toEqual([]);
  });

  const buttons = (list: Array<{ id: string; title: string }>, extra: Partial<OutboundMessage> = {}) =>
    ({ kind: 'buttons', body: 'b', buttons: list, ...extra }) as OutboundMessage;
  const list = (sections: ListSection[], button = 'Go'): OutboundMessage => ({ kind: 'list', body: 'b', button, sections });
  const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `T${prefix}${i}` }));

  it.each<[string, OutboundMessage, string]>([
    ['an empty text', { kind: 'text', body: '  ' }, 'text.body is empty'],
    ['a long text', { kind: 'text', body: x(4097) }, 'text.body is 4097 characters; the limit is 4096'],
    ['a long interactive body', buttons([{ id: 'a', title: 'A' }], { body: x(1025) }), 'interactive.body.text is 1025 characters; the limit is 1024'],
    ['an empty interactive body', buttons([{ id: 'a', title: 'A' }], { body: '' }), 'interactive.body.text is empty'],
    ['a long footer', buttons([{ id: 'a', title: 'A' }], { footer: x(61) }), 'interactive.footer.text is 61 characters; the limit is 60'],
    ['no buttons', buttons([]), 'interactive.action.buttons has 0 buttons; at least 1 is required'],
    ['four buttons', buttons(rows(4)), 'interactive.action.buttons has 4 buttons; the limit is 3'],
    ['a long button title', buttons([{ id: 'a', title: 'A' }, { id: 'b', title: x(23) }]), 'interactive.action.buttons[1].reply.title is 23 characters; the limit is 20'],
    ['a long button id', buttons([{ id: x(257), title: 'A' }]), 'interactive.action.buttons[0].reply.id is 257 characters; the limit is 256'],
    ['a duplicate button id', buttons([{ id: 'a', title: 'A' }, { id: 'a', title: 'B' }]), 'interactive.action.buttons[1].reply.id "a" is used more than once'],
    ['a duplicate button title', buttons([{ id: 'a', title: 'A' }, { id: 'b', title: 'A' }]), 'interactive.action.buttons[1].reply.title "A" is used more than once'],
    ['a long list button', list([{ rows: rows(1) }], x(21)), 'interactive.action.button is 21 characters; the limit is 20'],
    ['a long section title', list([{ title: x(25), rows: rows(1) }]), 'interactive.action.sections[0].title is 25 characters; the limit is 24'],
    ['a long row id', list([{ rows: [{ id: x(201), title: 'A' }] }]), 'interactive.action.sections[0].rows[0].id is 201 characters; the limit is 200'],
    ['a long row title', list([{ rows: [{ id: 'a', title: x(25) }] }]), 'interactive.action.sections[0].rows[0].title is 25 characters; the limit is 24'],
    ['a long row description', list([{ rows: [{ id: 'a', title: 'A', description: x(73) }] }]), 'interactive.action.sections[0].rows[0].description is 73 characters; the limit is 72'],
    ['eleven rows in all', list([{ title: 'S1', rows: rows(6, 'a') }, { title: 'S2', rows: rows(5, 'b') }]), 'interactive.action.sections has 11 rows in all; the limit is 10'],
    ['eleven sections', list(Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: rows(1, `s${i}`) }))), 'interactive.action.sections has 11 sections; the limit is 10'],
    ['no sections', list([]), 'interactive.action.sections has 0 sections; at least 1 is required'],
    ['a section without rows', list([{ rows: [] }]), 'interactive.action.sections[0].rows has 0 rows; at least 1 is required'],
    ['a duplicate row id', list([{ title: 'S1', rows: rows(1) }, { title: 'S2', rows: rows(1) }]), 'interactive.action.sections[1].rows[0].id "r0" is used more than once'],
    ['an untitled section among several', list([{ title: 'S1', rows: rows(1, 'a') }, { rows: rows(1, 'b') }]), 'interactive.action.sections[1].title is required when a list has more than one section'],
  ])('names the problem with %s', (_, msg, problem) => {
    expect(validateOutbound(msg)).toContain(problem);
  });
});

describe('validateGraphPayload', () => {
  const text = { messaging_product: 'whatsapp', to: '1', type: 'text', text: { body: 'hi' } };

  it('accepts a text and a template', () => {
    expect(validateGraphPayload(text)).toEqual([]);
    const template = { messaging_product: 'whatsapp', to: '1', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
    expect(validateGraphPayload(template)).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'hello', 'the request body must be a JSON object'],
    ['another messaging product', { ...text, messaging_product: 'sms' }, 'messaging_product must be "whatsapp"'],
    ['no recipient', { ...text, to: undefined }, 'to is missing (or recipient, for a username-only user)'],
    ['an unknown type', { ...text, type: 'fax' }, 'type must be one of text, interactive, template, image, video, audio, sticker, document, reaction, not "fax"'],
    ['a template without a name', { ...text, type: 'template', template: { language: { code: 'en' } } }, 'template.name is missing'],
    ['a template without a language', { ...text, type: 'template', template: { name: 'n' } }, 'template.language.code is missing'],
    ['a read receipt without a message id', { messaging_product: 'whatsapp', status: 'read' }, 'message_id is missing'],
    ['a status other than read', { messaging_product: 'whatsapp', status: 'seen', message_id: 'wamid.A' }, 'status must be "read"'],
    ['a long header', { ...text, type: 'interactive', interactive: { type: 'button', header: { type: 'text', text: x(61) }, body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } } }, 'interactive.header.text is 61 characters; the limit is 60'],
    ['a button that is not a reply', { ...text, type: 'interactive', interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [{ type: 'url', reply: { id: 'a', title: 'A' } }] } } }, 'interactive.action.buttons[0].type must be "reply"'],
  ])('names the problem with %s', (_, body, problem) => {
    expect(validateGraphPayload(body)).toContain(problem);
  });
});
