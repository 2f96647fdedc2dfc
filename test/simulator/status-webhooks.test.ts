import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFixture } from '../helpers/fixtures.js';
import { graphBody, PHONE_NUMBER_ID, shapeOf, startSimulation, USER, type Simulation } from './harness.js';

let sim: Simulation;
beforeEach(async () => {
  sim = await startSimulation();
});
afterEach(async () => {
  await sim.close();
});

async function sendHello(): Promise<string> {
  const answer = await sim.post(graphBody({ kind: 'text', body: 'Hello' }));
  expect(answer.status).toBe(200);
  return answer.json.messages[0].id;
}

describe('status webhooks', () => {
  it('reports sent then delivered, signed, shaped like Meta’s delivered status', async () => {
    sim.api.simulator.recordInbound(USER, sim.clock.now());
    const wamid = await sendHello();
    await sim.api.simulator.idle();

    expect(sim.target.received.every((w) => w.signedCorrectly)).toBe(true);
    expect(sim.target.statuses().map((s) => [s.id, s.status])).toEqual([
      [wamid, 'sent'],
      [wamid, 'delivered'],
    ]);
    const delivered = sim.target.received[1]!.json;
    expect(shapeOf(delivered)).toBe(shapeOf(loadFixture('status-delivered.json').json));
    const value = delivered.entry[0].changes[0].value;
    expect(value.metadata).toEqual({ display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID });
    expect(value.statuses[0]).toMatchObject({ recipient_id: USER, timestamp: String(sim.clock.now().getTime() / 1000) });
    expect(sim.api.simulator.transcript(USER).at(-1)?.status).toBe('delivered');
  });

  it('reports read when the user next writes, before that message', async () => {
    sim.api.simulator.recordInbound(USER, sim.clock.now());
    const first = await sendHello();
    const second = await sendHello();
    await sim.api.simulator.idle();
    expect(sim.target.statuses().some((s) => s.status === 'read')).toBe(false);

    await sim.api.simulator.sendUserMessage({ from: USER, text: 'Thanks' });
    await sim.api.simulator.idle();
    const afterTheTicks = sim.target.received.slice(4).map((w) => w.json.entry[0].changes[0].value);
    expect(afterTheTicks.map((v) => v.statuses?.[0].id ?? v.messages[0].text.body)).toEqual([first, second, 'Thanks']);
    expect(afterTheTicks[0].statuses[0]).not.toHaveProperty('pricing');
    expect(sim.target.received.every((w) => w.signedCorrectly)).toBe(true);
  });

  it('reports read when the user opens the chat (markRead)', async () => {
    sim.api.simulator.recordInbound(USER, sim.clock.now());
    const wamid = await sendHello();
    await sim.api.simulator.idle();
    sim.api.simulator.markRead(USER);
    await sim.api.simulator.idle();
    expect(sim.target.statuses().map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(sim.target.statuses()[2].id).toBe(wamid);
    expect(sim.api.simulator.transcript(USER).at(-1)?.status).toBe('read');
  });

  it('retries a webhook the app did not take, as Meta does', async () => {
    sim.api.simulator.recordInbound(USER, sim.clock.now());
    sim.target.answers.push(500, 503);
    await sendHello();
    await sim.api.simulator.idle();
    expect(sim.target.statuses().map((s) => s.status)).toEqual(['sent', 'sent', 'sent', 'delivered']);
  });

  it('gives up on a webhook after a few retries, with a warning, and carries on with the next', async () => {
    await sim.close();
    const warnings: unknown[][] = [];
    sim = await startSimulation({ logger: { info() {}, error() {}, warn: (...args) => warnings.push(args) } });
    sim.api.simulator.recordInbound(USER, sim.clock.now());
    sim.target.answers.push(500, 500, 500, 500);
    await sendHello();
    await sim.api.simulator.idle();
    expect(sim.target.statuses().map((s) => s.status)).toEqual(['sent', 'sent', 'sent', 'delivered', 'delivered']);
    expect(warnings).toHaveLength(1);
  });
});
