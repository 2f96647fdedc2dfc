import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFixture } from '../helpers/fixtures.js';
import { DISPLAY_PHONE_NUMBER, graphBody, shapeOf, startSimulation, USER, type Simulation } from './harness.js';

let sim: Simulation;
beforeEach(async () => {
  sim = await startSimulation();
});
afterEach(async () => {
  await sim.close();
});

const menu = graphBody({
  kind: 'buttons',
  body: 'How can we help?',
  buttons: [
    { id: 'chat_support', title: '💬 Chat Support' },
    { id: 'help', title: 'Help' },
  ],
});
const plans = graphBody({
  kind: 'list',
  body: 'Choose a delivery',
  button: 'Options',
  sections: [{ rows: [{ id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' }] }],
});

async function offer(body: unknown): Promise<string> {
  const answer = await sim.post(body);
  expect(answer.status).toBe(200);
  return answer.json.messages[0].id;
}

describe('simulated users', () => {
  it('turn a text into a signed webhook shaped like Meta’s text message', async () => {
    const answer = await sim.userPost('/messages', { from: USER, name: 'Sheena Nelson', text: 'Does it come in another color?' });
    expect(answer).toEqual({ status: 200, json: { status: 'success', data: { wamid: expect.stringMatching(/^wamid\./), webhookStatus: 200 } } });

    const [webhook] = sim.target.received;
    expect(webhook?.signedCorrectly).toBe(true);
    expect(shapeOf(webhook?.json)).toBe(shapeOf(loadFixture('inbound-text.json').json));
    const value = webhook?.json.entry[0].changes[0].value;
    expect(value.contacts).toEqual([{ profile: { name: 'Sheena Nelson' }, wa_id: USER }]);
    expect(value.messages[0]).toMatchObject({ from: USER, id: answer.json.data.wamid, type: 'text', text: { body: 'Does it come in another color?' } });
  });

  it('remember a user’s name and default it to "Simulated User"', async () => {
    await sim.userPost('/messages', { from: '2348012345678', text: 'Hi' });
    await sim.userPost('/messages', { from: USER, name: 'Pablo', text: 'Hi' });
    await sim.userPost('/messages', { from: USER, text: 'Again' });
    const names = sim.target.received.map((w) => w.json.entry[0].changes[0].value.contacts[0].profile.name);
    expect(names).toEqual(['Simulated User', 'Pablo', 'Pablo']);
    const users = await sim.userGet('/users');
    expect(users.json.data).toEqual([
      { waId: '2348012345678', name: 'Simulated User', lastInboundAt: sim.clock.now().toISOString() },
      { waId: USER, name: 'Pablo', lastInboundAt: sim.clock.now().toISOString() },
    ]);
  });

  it('tap a reply button: a button_reply in reply to the message that offered it', async () => {
    await sim.api.simulator.sendUserMessage({ from: USER, text: 'Hi' });
    const offeredBy = await offer(menu);
    const answer = await sim.userPost('/messages', { from: USER, buttonId: 'chat_support' });
    expect(answer.status).toBe(200);

    const tap = sim.target.received.at(-1)!;
    expect(tap.signedCorrectly).toBe(true);
    expect(shapeOf(tap.json)).toBe(shapeOf(loadFixture('inbound-button-reply.json').json));
    expect(tap.json.entry[0].changes[0].value.messages[0]).toMatchObject({
      context: { from: DISPLAY_PHONE_NUMBER, id: offeredBy },
      interactive: { type: 'button_reply', button_reply: { id: 'chat_support', title: '💬 Chat Support' } },
    });
    // Meta escapes non-ASCII before signing, so the raw bytes differ from re-serialised JSON.
    expect(tap.raw.toString()).toContain('\\ud83d\\udcac Chat Support');
  });

  it('choose a list row: a list_reply shaped like Meta’s', async () => {
    await sim.api.simulator.sendUserMessage({ from: USER, text: 'Hi' });
    const offeredBy = await offer(plans);
    expect((await sim.userPost('/messages', { from: USER, buttonId: 'priority_express' })).status).toBe(200);
    const choice = sim.target.received.at(-1)!.json;
    expect(shapeOf(choice)).toBe(shapeOf(loadFixture('inbound-list-reply.json').json));
    expect(choice.entry[0].changes[0].value.messages[0].context.id).toBe(offeredBy);
  });

  it('cannot tap a button that the latest interactive message did not offer', async () => {
    await sim.api.simulator.sendUserMessage({ from: USER, text: 'Hi' });
    await offer(menu);
    await offer(plans);
    const answer = await sim.userPost('/messages', { from: USER, buttonId: 'help' });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ status: 'error', error: { code: 'UNKNOWN_BUTTON', message: expect.stringContaining('help') } });
    expect((await sim.userPost('/messages', { from: '2348000000000', buttonId: 'help' })).json.error.code).toBe('UNKNOWN_BUTTON');
  });

  it.each([
    ['no text and no button', { from: USER }],
    ['both text and a button', { from: USER, text: 'Hi', buttonId: 'help' }],
    ['a phone number with letters', { from: '1650555abcd', text: 'Hi' }],
    ['a phone number too short', { from: '1234567', text: 'Hi' }],
    ['an empty text', { from: USER, text: '' }],
    ['an unknown field', { from: USER, text: 'Hi', image: 'x' }],
  ])('refuse a body with %s', async (_, body) => {
    const answer = await sim.userPost('/messages', body);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ status: 'error', error: { code: 'VALIDATION_ERROR', message: expect.any(String) } });
    expect(sim.target.received).toEqual([]);
  });

  it('see their phone’s transcript in order, and only what is new after a seq', async () => {
    await sim.userPost('/messages', { from: USER, text: 'Hi' });
    await offer(menu);
    await sim.api.simulator.idle();
    const all = await sim.userGet(`/users/${USER}/messages`);
    expect(all.json.data).toEqual([
      { seq: expect.any(Number), direction: 'in', wamid: expect.any(String), at: sim.clock.now().toISOString(), kind: 'text', text: 'Hi' },
      {
        seq: expect.any(Number),
        direction: 'out',
        wamid: expect.any(String),
        at: sim.clock.now().toISOString(),
        kind: 'buttons',
        text: 'How can we help?',
        buttons: [
          { id: 'chat_support', title: '💬 Chat Support' },
          { id: 'help', title: 'Help' },
        ],
        status: 'delivered',
      },
    ]);
    const newer = await sim.userGet(`/users/${USER}/messages?after=${all.json.data[0].seq}`);
    expect(newer.json.data.map((e: { kind: string }) => e.kind)).toEqual(['buttons']);
    expect((await sim.userGet('/users/2340000000000/messages')).json).toEqual({ status: 'success', data: [] });
  });
});
