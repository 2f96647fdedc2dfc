import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markReadPayload } from '../../src/whatsapp/graph-payloads.js';
import { graphBody, startSimulation, USER, type Simulation } from './harness.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const hello = graphBody({ kind: 'text', body: 'Hello' });

let sim: Simulation;
beforeEach(async () => {
  sim = await startSimulation();
});
afterEach(async () => {
  await sim.close();
});

describe('the fake Graph API', () => {
  it('refuses a request without the access token as Meta does (401, code 190)', async () => {
    const answer = await sim.post(hello, { token: null });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: expect.any(String) },
    });
    expect((await sim.post(hello, { token: 'wrong' })).status).toBe(401);
  });

  it('refuses an unknown phone number id (400, code 100)', async () => {
    const answer = await sim.post(hello, { phoneNumberId: '999' });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe(100);
    expect(answer.json.error.message).toMatch(/^Unsupported post request/);
  });

  it('refuses an invalid payload with the problems in error_data.details', async () => {
    sim.api.simulator.recordInbound(USER, sim.clock.now());
    const answer = await sim.post(graphBody({ kind: 'buttons', body: 'Pick', buttons: [{ id: 'a', title: 'x'.repeat(23) }] }));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({
      message: '(#100) Invalid parameter',
      code: 100,
      error_data: { messaging_product: 'whatsapp', details: 'interactive.action.buttons[0].reply.title is 23 characters; the limit is 20' },
    });
  });

  it('refuses a message to a user who never wrote (131047, the 24 h window is closed)', async () => {
    const answer = await sim.post(hello);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: {
        message: '(#131047) Re-engagement message',
        type: 'OAuthException',
        code: 131047,
        error_data: {
          messaging_product: 'whatsapp',
          details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        },
        fbtrace_id: expect.any(String),
      },
    });
  });

  it('accepts a message once the user has written, answering with a new wamid', async () => {
    sim.api.simulator.recordInbound(USER, sim.clock.now());
    const answer = await sim.post(hello);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: USER, wa_id: USER }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
    const second = await sim.post(hello);
    expect(second.json.messages[0].id).not.toBe(answer.json.messages[0].id);
    expect(sim.api.simulator.accepted(USER)).toEqual([hello, hello]);
  });

  it('accepts a message after a simulated user wrote through the user API', async () => {
    await sim.api.simulator.sendUserMessage({ from: USER, text: 'Hi' });
    expect((await sim.post(hello)).status).toBe(200);
  });

  it('refuses again once 24 h have passed since the user last wrote, but still accepts a template', async () => {
    sim.api.simulator.recordInbound(USER, sim.clock.now());
    sim.clock.advance(DAY_MS - 1000);
    expect((await sim.post(hello)).status).toBe(200);
    sim.clock.advance(2000);
    expect((await sim.post(hello)).json.error.code).toBe(131047);
    const template = { messaging_product: 'whatsapp', to: USER, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
    expect((await sim.post(template)).status).toBe(200);
  });

  it('answers injected faults in order, in Meta error JSON, then works again', async () => {
    sim.api.simulator.recordInbound(USER, sim.clock.now());
    sim.api.simulator.injectFaults([
      { httpStatus: 500, code: 131000 },
      { httpStatus: 429, code: 130429 },
    ]);
    const first = await sim.post(hello);
    const second = await sim.post(hello);
    const third = await sim.post(hello);
    expect(first.status).toBe(500);
    expect(first.json.error).toMatchObject({ code: 131000, type: 'OAuthException', message: expect.any(String), fbtrace_id: expect.any(String) });
    expect(second.status).toBe(429);
    expect(second.json.error).toMatchObject({ code: 130429, message: '(#130429) Rate limit hit' });
    expect(third.status).toBe(200);
    expect(sim.api.simulator.requests.map((r) => [r.status, r.accepted])).toEqual([
      [500, false],
      [429, false],
      [200, true],
    ]);
    expect(sim.api.simulator.requests[2]?.wamid).toBe(third.json.messages[0].id);
  });

  it('takes a read receipt for a message the user sent and shows it read on the phone', async () => {
    const sent = await sim.api.simulator.sendUserMessage({ from: USER, text: 'Hi' });
    if (sent.status !== 'success') throw new Error('the user message was refused');
    const answer = await sim.post(markReadPayload(sent.data.wamid));
    expect(answer).toEqual({ status: 200, json: { success: true } });
    const transcript = sim.api.simulator.transcript(USER);
    expect(transcript.map((e) => [e.direction, e.kind, e.status])).toEqual([
      ['in', 'text', 'read'],
      ['out', 'read', undefined],
    ]);
    expect(sim.api.simulator.accepted()).toEqual([]);
  });

  it('serves the Graph API under the version in its URL', () => {
    expect(sim.api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v23\.0$/);
  });
});
