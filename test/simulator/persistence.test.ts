import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { graphBody, startSimulation, USER, type Simulation } from './harness.js';

let dir: string;
let sim: Simulation | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wadesk-simulator-'));
});
afterEach(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the simulator’s data file', () => {
  it('keeps users, transcripts, the 24 h window and offered buttons across a restart', async () => {
    const dataFile = join(dir, 'nested', 'simulator.json');
    sim = await startSimulation({ dataFile });
    await sim.api.simulator.sendUserMessage({ from: USER, name: 'Pablo', text: 'Hi' });
    await sim.post(graphBody({ kind: 'buttons', body: 'Menu', buttons: [{ id: 'help', title: 'Help' }] }));
    await sim.api.simulator.idle();
    const before = sim.api.simulator.transcript(USER);
    await sim.close();
    expect(JSON.parse(await readFile(dataFile, 'utf8'))).toHaveProperty('users');

    sim = await startSimulation({ dataFile });
    const simulator = sim.api.simulator;
    expect(simulator.users()).toEqual([{ waId: USER, name: 'Pablo', lastInboundAt: expect.any(String) }]);
    expect(simulator.transcript(USER)).toEqual(before);
    // The window is still open and the button can still be tapped.
    expect((await sim.post(graphBody({ kind: 'text', body: 'Still here' }))).status).toBe(200);
    expect(await simulator.sendUserMessage({ from: USER, buttonId: 'help' })).toMatchObject({ status: 'success' });
    expect(simulator.transcript(USER).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('starts empty when the data file does not exist yet', async () => {
    sim = await startSimulation({ dataFile: join(dir, 'missing.json') });
    expect(sim.api.simulator.users()).toEqual([]);
  });
});
