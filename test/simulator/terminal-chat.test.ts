import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { choicesOf, formatBusinessMessage } from '../../src/simulator/chat-display.js';
import { PhoneClient, PhoneClientError } from '../../src/simulator/phone-client.js';
import { graphBody, startSimulation, USER, type Simulation } from './harness.js';

let sim: Simulation;
let phone: PhoneClient;
beforeEach(async () => {
  sim = await startSimulation();
  phone = new PhoneClient(sim.api.userApiUrl.replace('/simulator/api', ''), USER, 'John');
});
afterEach(async () => {
  await sim.close();
});

describe('the terminal chat’s phone client', () => {
  it('writes, reads new business messages after a seq, and taps a numbered choice', async () => {
    await phone.check();
    await phone.say('Hi');
    await sim.post(
      graphBody({
        kind: 'list',
        body: 'Pick a plan',
        button: 'Plans',
        sections: [
          { title: 'Monthly', rows: [{ id: 'm', title: 'Basic', description: '5 € a month' }] },
          { title: 'Yearly', rows: [{ id: 'y', title: 'Pro' }] },
        ],
      }),
    );
    const [mine, menu] = await phone.messagesAfter(0);
    expect(mine?.text).toBe('Hi');
    expect(await phone.messagesAfter(menu!.seq)).toEqual([]);
    expect(formatBusinessMessage(menu!)).toBe(
      ['wadesk: Pick a plan', '        ☰ Plans', '        Monthly', '   /1  Basic — 5 € a month', '        Yearly', '   /2  Pro'].join('\n'),
    );

    await phone.tap(choicesOf(menu!)[1]!.id);
    expect(sim.target.messages().at(-1)?.interactive.list_reply).toEqual({ id: 'y', title: 'Pro' });
  });

  it('numbers reply buttons and shows the footer', async () => {
    await phone.say('Hi');
    await sim.post(graphBody({ kind: 'buttons', body: 'Menu', footer: 'wadesk', buttons: [{ id: 'a', title: 'Alpha' }, { id: 'b', title: 'Beta' }] }));
    const menu = (await phone.messagesAfter(0)).at(-1)!;
    expect(formatBusinessMessage(menu)).toBe(['wadesk: Menu', '        (wadesk)', '   /1  Alpha', '   /2  Beta'].join('\n'));
    expect(choicesOf(menu).map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('passes on the simulator’s reason when a tap is refused', async () => {
    await expect(phone.tap('nothing-offered')).rejects.toThrow(/was not offered/);
  });

  it('says clearly when the server cannot be reached', async () => {
    const nowhere = new PhoneClient('http://127.0.0.1:1', USER, 'John');
    await expect(nowhere.check()).rejects.toThrow(new PhoneClientError('Cannot reach wadesk at http://127.0.0.1:1. Is it running (npm start)? Use --url, WADESK_URL, or the PORT and HOST it uses to point elsewhere.'));
  });

  it('says clearly when the server runs without the simulator', async () => {
    const server = Fastify();
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      await expect(new PhoneClient(url, USER, 'John').check()).rejects.toThrow(/has no simulator: wadesk runs it only when WHATSAPP_ACCESS_TOKEN is unset/);
    } finally {
      await server.close();
    }
  });
});
