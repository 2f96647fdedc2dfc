import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN, startSimulation, USER, type Simulation } from './harness.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwAEAgH+0LDBXAAAAABJRU5ErkJggg==', 'base64');
const DAY_MS = 24 * 60 * 60 * 1000;
const USER_ID = 'US.13491208655302741918';
const to = { messaging_product: 'whatsapp', recipient_type: 'individual', to: USER } as const;
const ticketUpdate = (...texts: string[]) => ({
  ...to,
  type: 'template',
  template: { name: 'ticket_update', language: { code: 'en' }, components: [{ type: 'body', parameters: texts.map((text) => ({ type: 'text', text })) }] },
});

let sim: Simulation;
beforeEach(async () => {
  sim = await startSimulation();
});
afterEach(async () => {
  await sim.close();
});

/** The user writes (which opens the window) and the wamid of what they wrote. */
async function userWrites(text: string): Promise<string> {
  const answer = await sim.userPost('/messages', { from: USER, name: 'Sheena', text });
  return answer.json.data.wamid;
}
const phone = () => sim.api.simulator.transcript(USER);
const statusesOf = (wamid: string) => sim.target.statuses().filter((s: any) => s.id === wamid);

describe('media sent by the business', () => {
  it('sends an uploaded photo by id, with its caption, and the phone shows it', async () => {
    await userWrites('Can I see the receipt?');
    const { json } = await sim.upload({ bytes: PNG, type: 'image/png', name: 'receipt.png' });
    const sent = await sim.post({ ...to, type: 'image', image: { id: json.id, caption: 'Your receipt' } });
    expect(sent.status).toBe(200);
    expect(phone().at(-1)).toMatchObject({ direction: 'out', kind: 'image', text: 'Your receipt', media: { id: json.id, mimeType: 'image/png', size: PNG.length } });
    await sim.api.simulator.idle();
    expect(statusesOf(sent.json.messages[0].id).map((s: any) => s.status)).toEqual(['sent', 'delivered']);
  });

  it('refuses a media id it does not hold (131053), takes a link, and checks captions', async () => {
    await userWrites('Send me the form');
    const unknown = await sim.post({ ...to, type: 'image', image: { id: '1234567890123456' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe(131053);

    const link = await sim.post({ ...to, type: 'document', document: { link: 'https://example.com/form.pdf', filename: 'form.pdf', caption: 'The form' } });
    expect(link.status).toBe(200);
    expect(phone().at(-1)).toMatchObject({ kind: 'document', text: 'The form', media: { link: 'https://example.com/form.pdf', filename: 'form.pdf' } });

    const long = await sim.post({ ...to, type: 'image', image: { link: 'https://example.com/a.png', caption: 'x'.repeat(1025) } });
    expect(long.status).toBe(400);
    expect(long.json.error).toMatchObject({ code: 100, error_data: { details: 'image.caption is 1025 characters; the limit is 1024' } });
  });

  it('refuses free-form media outside the 24-hour window (131047)', async () => {
    const { json } = await sim.upload({ bytes: PNG, type: 'image/png' });
    const answer = await sim.post({ ...to, type: 'image', image: { id: json.id } });
    expect(answer.json.error.code).toBe(131047);
  });
});

describe('reactions and quotes from the business', () => {
  it('reacts to the user’s message and removes the reaction; only `sent` follows', async () => {
    const question = await userWrites('Is the shop open on Sunday?');
    const reaction = await sim.post({ ...to, type: 'reaction', reaction: { message_id: question, emoji: '👍' } });
    expect(reaction.status).toBe(200);
    expect(phone().at(-1)).toMatchObject({ kind: 'reaction', reaction: { messageId: question, emoji: '👍' } });
    await sim.post({ ...to, type: 'reaction', reaction: { message_id: question, emoji: '' } });
    expect(phone().at(-1)).toMatchObject({ kind: 'reaction', reaction: { messageId: question, emoji: '' } });
    await sim.api.simulator.idle();
    expect(statusesOf(reaction.json.messages[0].id).map((s: any) => s.status)).toEqual(['sent']);
  });

  it('accepts a reaction to an unknown or 30-day-old message, then reports it failed with 131009', async () => {
    const old = await userWrites('Hello');
    sim.clock.advance(31 * DAY_MS);
    await userWrites('Hello again');
    const entries = phone().length;
    const toUnknown = await sim.post({ ...to, type: 'reaction', reaction: { message_id: 'wamid.unknown', emoji: '👍' } });
    const toOld = await sim.post({ ...to, type: 'reaction', reaction: { message_id: old, emoji: '👍' } });
    expect([toUnknown.status, toOld.status]).toEqual([200, 200]);
    await sim.api.simulator.idle();
    for (const answer of [toUnknown, toOld]) {
      const [failed] = statusesOf(answer.json.messages[0].id);
      expect(failed).toMatchObject({ status: 'failed', recipient_id: USER, errors: [{ code: 131009, title: 'Parameter value is not valid' }] });
    }
    expect(phone()).toHaveLength(entries);
  });

  it('quotes the user’s message when a send carries context', async () => {
    const question = await userWrites('Where is my parcel?');
    await sim.post({ ...to, context: { message_id: question }, type: 'text', text: { body: 'On its way', preview_url: false } });
    expect(phone().at(-1)).toMatchObject({ kind: 'text', text: 'On its way', replyTo: question });
    await sim.post({ ...to, context: { message_id: 'wamid.gone' }, type: 'text', text: { body: 'No quote', preview_url: false } });
    expect(phone().at(-1)?.replyTo).toBeUndefined();
  });
});

const named = (name: string, text: string) => ({ type: 'text', text, parameter_name: name });
function appointment(options: { body?: object[]; header?: boolean; button?: boolean }) {
  const components = [
    ...(options.header === false ? [] : [{ type: 'header', parameters: [named('student', 'Sheena')] }]),
    { type: 'body', parameters: options.body ?? [named('student', 'Sheena'), named('teacher', 'Mr Obi'), named('day', 'Monday')] },
    ...(options.button === false ? [] : [{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'A-1' }] }]),
  ];
  return { ...to, type: 'template', template: { name: 'appointment_reminder', language: { code: 'en' }, components } };
}

describe('templates', () => {
  it('fills a named template with its header, and accepts the value of its link button', async () => {
    const sent = await sim.post(appointment({}));
    expect(sent.status).toBe(200);
    expect(phone().at(-1)).toMatchObject({
      kind: 'template', text: 'Appointment for Sheena\n\nHello Sheena, you meet Mr Obi on Monday. Tap below to see the details or to change the time.',
      footer: 'Reply STOP to opt out',
    });
  });

  it('sends an approved template outside the window, filled in, without reopening the window', async () => {
    const sent = await sim.post(ticketUpdate('Sheena', '#1042'));
    expect(sent.status).toBe(200);
    expect(phone().at(-1)).toMatchObject({
      kind: 'template',
      text: 'Hi Sheena, there is news about your support request #1042. Reply to continue the conversation.',
      template: { name: 'ticket_update', language: 'en' },
    });
    const text = await sim.post({ ...to, type: 'text', text: { body: 'Hello?', preview_url: false } });
    expect(text.json.error.code).toBe(131047);
  });

  it.each<[string, object, number]>([
    ['too few parameters', ticketUpdate('Sheena'), 132000],
    ['parameters a template does not have', { ...to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'x' }] }] } }, 132000],
    ['a language it is not in', { ...to, type: 'template', template: { name: 'ticket_update', language: { code: 'fr' } } }, 132001],
    ['a name it does not have', { ...to, type: 'template', template: { name: 'no_such_template', language: { code: 'en' } } }, 132001],
    ['a template still pending review', { ...to, type: 'template', template: { name: 'satisfaction_survey', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'x' }] }] } }, 132001],
    ['a paused template', { ...to, type: 'template', template: { name: 'spring_offer', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'x' }] }] } }, 132015],
    ['a named parameter under a name the template lacks', appointment({ body: [named('student', 'Sheena'), named('teacher', 'Mr Obi'), named('room', '4')] }), 132000],
    ['a named template sent without its button value', appointment({ button: false }), 132000],
    ['a named template sent without its header value', appointment({ header: false }), 132000],
    ['a document header sent as an image', { ...to, type: 'template', template: { name: 'document_ready', language: { code: 'en' }, components: [
      { type: 'header', parameters: [{ type: 'image', image: { link: 'https://x.example/a.png' } }] },
      { type: 'body', parameters: [{ type: 'text', text: 'Sheena' }, { type: 'text', text: 'report' }] },
    ] } }, 132012],
  ])('refuses %s as Meta does', async (_, body, code) => {
    const answer = await sim.post(body);
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe(code);
    expect(answer.json.error.error_data.details).toEqual(expect.any(String));
  });

  it('lists the templates in Meta’s shape, with the fields asked for, page by page', async () => {
    const list = (query: string, token = ACCESS_TOKEN) =>
      fetch(`${sim.api.url}/102290129340398/message_templates?${query}`, { headers: { authorization: `Bearer ${token}` } });
    const first = await (await list('fields=name,language,status,category,components&limit=2')).json();
    expect(first.data).toEqual([
      { name: 'hello_world', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: expect.any(Array), id: expect.any(String) },
      { name: 'ticket_update', language: 'en', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: expect.stringContaining('{{1}}') }], id: expect.any(String) },
    ]);
    const seen = [...first.data];
    let after: string | undefined = first.paging.next === undefined ? undefined : first.paging.cursors.after;
    while (after !== undefined) {
      const page = await (await list(`fields=name,status&limit=2&after=${after}`)).json();
      expect(Object.keys(page.data[0]).sort()).toEqual(['id', 'name', 'status']);
      seen.push(...page.data);
      after = page.paging.next === undefined ? undefined : page.paging.cursors.after;
    }
    expect(seen.map((t) => t.status)).toEqual(['APPROVED', 'APPROVED', 'APPROVED', 'APPROVED', 'APPROVED', 'APPROVED', 'APPROVED', 'PAUSED', 'PENDING']);
    expect((await list('fields=name', 'wrong')).status).toBe(401);
    const other = await fetch(`${sim.api.url}/999/message_templates`, { headers: { authorization: `Bearer ${ACCESS_TOKEN}` } });
    expect(other.status).toBe(400);
  });
});

describe('typing and username-only users', () => {
  it('marks the user’s message read and shows "typing…" for 25 s or until the next message', async () => {
    const question = await userWrites('Are you there?');
    const read = await sim.post({ messaging_product: 'whatsapp', status: 'read', message_id: question, typing_indicator: { type: 'text' } });
    expect(read.json).toEqual({ success: true });
    expect(phone().find((e) => e.wamid === question && e.direction === 'in')?.status).toBe('read');
    expect(sim.api.simulator.isTyping(USER)).toBe(true);
    sim.clock.advance(26_000);
    expect(sim.api.simulator.isTyping(USER)).toBe(false);

    await sim.post({ messaging_product: 'whatsapp', status: 'read', message_id: question, typing_indicator: { type: 'text' } });
    expect(sim.api.simulator.isTyping(USER)).toBe(true);
    await sim.post({ ...to, type: 'text', text: { body: 'Yes!', preview_url: false } });
    expect(sim.api.simulator.isTyping(USER)).toBe(false);
  });

  it('addresses a username-only user by `recipient`, reports statuses by user id, and refuses what a user id cannot get (131062)', async () => {
    sim.api.simulator.recordInbound(USER_ID, sim.clock.now());
    const address = { messaging_product: 'whatsapp', recipient_type: 'individual', recipient: USER_ID };
    const sent = await sim.post({ ...address, type: 'text', text: { body: 'Hi Kim', preview_url: false } });
    expect(sent.json.contacts).toEqual([{ input: USER_ID, user_id: USER_ID }]);
    await sim.api.simulator.idle();
    const [status] = statusesOf(sent.json.messages[0].id);
    expect(status).toMatchObject({ recipient_user_id: USER_ID });
    expect(status).not.toHaveProperty('recipient_id');

    const code = { type: 'template', template: { name: 'verification_code', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '123456' }] }] } };
    const refused = await sim.post({ ...address, ...code });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe(131062);
    expect((await sim.post({ ...to, ...code })).status).toBe(200);
  });
});
