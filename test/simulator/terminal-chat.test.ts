import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/simulator/index.js';
import { choicesOf, formatBusinessMessage } from '../../src/simulator/chat-display.js';
import { PhoneClient, PhoneClientError } from '../../src/simulator/phone-client.js';
import type { TranscriptEntry } from '../../src/simulator/types.js';
import { waitFor } from '../helpers/webhooks.js';
import { ACCESS_TOKEN, APP_SECRET, DISPLAY_PHONE_NUMBER, graphBody, PHONE_NUMBER_ID, startSimulation, USER, type Simulation } from './harness.js';

/** Waits for a condition of this file's tests (the helper's description is the condition's source). */
const until = (check: () => boolean, timeoutMs?: number) => waitFor(check.toString(), check, timeoutMs);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

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

describe('the phone client’s live feed', () => {
  it('gets the past after a seq, then each new message as it is sent', async () => {
    await phone.say('Hi');
    const received: TranscriptEntry[] = [];
    const feed = phone.follow(0, { entry: (entry) => received.push(entry) });
    try {
      await until(() => received.length === 1);
      expect(received[0]).toMatchObject({ direction: 'in', text: 'Hi' });
      await sim.post(graphBody({ kind: 'text', body: 'Hello John' }));
      await until(() => received.length === 2);
      expect(received[1]).toMatchObject({ direction: 'out', text: 'Hello John', seq: received[0]!.seq + 1 });
    } finally {
      feed.close();
    }
  });

  it('resumes after the server went away: what was sent meanwhile arrives once, in order', async () => {
    // One simulator (its state survives), served by one server, then by another on the same port.
    const simulator = createSimulator({
      accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: DISPLAY_PHONE_NUMBER,
      webhookUrl: () => sim.target.url, statusDelaysMs: { sent: 5, delivered: 20 },
    });
    const serve = async (port: number) => {
      const server = Fastify();
      await server.register(simulator.userApiPlugin, { prefix: '/simulator/api' });
      await server.listen({ host: '127.0.0.1', port });
      return server;
    };
    const business = (text: string) => simulator.handleGraphRequest({ authorization: `Bearer ${ACCESS_TOKEN}`, phoneNumberId: PHONE_NUMBER_ID, body: graphBody({ kind: 'text', body: text }) });
    let server: FastifyInstance = await serve(0);
    const port = (server.server.address() as { port: number }).port;
    const client = new PhoneClient(`http://127.0.0.1:${port}`, USER, 'John');
    const texts: string[] = [];
    const states: string[] = [];
    await client.say('Hi');
    const feed = client.follow(0, { entry: (entry) => texts.push(entry.text), online: () => states.push('online'), offline: () => states.push('offline') });
    try {
      business('one');
      await until(() => texts.length === 2);
      await server.close();
      await until(() => states.includes('offline'));
      business('two');
      business('three');
      server = await serve(port);
      business('four');
      await until(() => texts.length === 5, 5_000);
      expect(texts).toEqual(['Hi', 'one', 'two', 'three', 'four']);
      expect(states[0]).toBe('online');
      expect(states.at(-1)).toBe('online');
    } finally {
      feed.close();
      await server.close();
      await simulator.close();
    }
  });
});

describe('npm run chat (the real process)', () => {
  let child: ChildProcess | null = null;
  afterEach(() => {
    child?.kill();
    child = null;
  });

  /** Runs src/simulator/terminal-chat.ts with `env` (WADESK_URL cleared unless given); collects its output. */
  const run = (args: string[], env: Record<string, string>) => {
    const { WADESK_URL: _url, PORT: _port, HOST: _host, ...inherited } = process.env;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/terminal-chat.ts', ...args], { cwd: root, env: { ...inherited, ...env }, stdio: 'pipe' });
    child = proc;
    const output = { text: '' };
    proc.stdout.on('data', (chunk) => (output.text += chunk.toString()));
    proc.stderr.on('data', (chunk) => (output.text += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    return { proc, output, exited };
  };

  it('says in --help that it uses PORT and HOST, or --url', async () => {
    const { output, exited } = run(['--help'], { PORT: '4123', HOST: '0.0.0.0' });
    expect(await exited).toBe(0);
    expect(output.text).toContain('--url');
    expect(output.text).toMatch(/PORT and HOST/);
    expect(output.text).toContain('now http://127.0.0.1:4123');
  });

  it('finds the server from PORT and HOST and prints business messages as they arrive', async () => {
    const { port } = new URL(sim.api.userApiUrl);
    const { proc, output } = run(['--phone', USER, '--name', 'John'], { PORT: port, HOST: '127.0.0.1' });
    await until(() => output.text.includes('Chatting as John'), 10_000);
    expect(output.text).toContain(`with http://127.0.0.1:${port}`);
    proc.stdin!.write('Hello there\n');
    await until(() => sim.target.messages().some((m: { text?: { body: string } }) => m.text?.body === 'Hello there'), 5_000);
    await sim.post(graphBody({ kind: 'buttons', body: 'How can we help?', buttons: [{ id: 'chat_support', title: 'Chat Support' }] }));
    await until(() => output.text.includes('wadesk: How can we help?'), 5_000);
    expect(output.text).toContain('/1  Chat Support');
    proc.stdin!.write('/1\n');
    await until(() => sim.target.messages().some((m: { interactive?: { button_reply?: { id: string } } }) => m.interactive?.button_reply?.id === 'chat_support'), 5_000);
  });
});
